namespace Gsp.Proxy.Tcp;

/// <summary>Why the proxy stopped reading a held client.</summary>
internal enum HoldReadEnd
{
    /// <summary>The game became reachable (or the hold ended) and reading was cancelled on purpose.</summary>
    Stopped,

    /// <summary>The hold buffer is full; the client now waits on TCP flow control.</summary>
    BufferFull,

    /// <summary>The client half-closed; its bytes still go to the game once it is up.</summary>
    ClientFinished,

    /// <summary>The client reset or vanished; nothing left to hold.</summary>
    ClientFailed,
}
