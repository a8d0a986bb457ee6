namespace Gsp.Proxy.Wake;

/// <summary>Why a wake episode is over.</summary>
internal enum WakeEpisodeEnd
{
    /// <summary>Some client reached the game: the wake worked.</summary>
    UpstreamReachable,

    /// <summary>The backend said no (out of credits, bad token, unknown server): release held clients.</summary>
    Refused,

    /// <summary>The hold time passed without the game answering.</summary>
    Expired,

    /// <summary>The proxy is stopping.</summary>
    ShuttingDown,
}
