namespace Gsp.Proxy.Limits;

/// <summary>Whether a new client got a place, and which cap refused it.</summary>
internal enum QuotaVerdict
{
    Admitted,

    /// <summary>The listener (or the proxy) already serves as many clients as it may.</summary>
    OverTotal,

    /// <summary>This client's source address already has as many clients as one address may.</summary>
    OverAddress,
}
