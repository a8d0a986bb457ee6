namespace Gsp.Proxy.Udp;

/// <summary>Where a UDP session stands; datagram handling depends only on this.</summary>
internal enum UdpSessionState
{
    /// <summary>Looking for the game (or waking it); client datagrams are buffered, oldest dropped first.</summary>
    Waking,

    /// <summary>Datagrams go straight to the game and replies straight back.</summary>
    Relaying,

    /// <summary>The wake was refused: datagrams are dropped until the session idles out, so a chatty
    /// client does not turn into one webhook call per datagram.</summary>
    Refused,

    Closed,
}
