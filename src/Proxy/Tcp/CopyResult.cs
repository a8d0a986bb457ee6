namespace Gsp.Proxy.Tcp;

/// <summary>How one direction of a relay ended; a value rather than an exception because every ending is expected.</summary>
internal enum CopyResult
{
    /// <summary>The source sent FIN and the destination was half-closed in turn.</summary>
    Completed,

    /// <summary>Reading the source failed (reset, aborted).</summary>
    SourceFailed,

    /// <summary>Writing the destination failed.</summary>
    DestinationFailed,

    /// <summary>The proxy is shutting down and the grace period ran out.</summary>
    Canceled,
}
