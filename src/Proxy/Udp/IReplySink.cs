using System.Net.Sockets;

namespace Gsp.Proxy.Udp;

/// <summary>
/// A session's game socket as its <see cref="UdpRelayLoop"/> sees it: the replies read from it are addressed to the
/// session's client here, gathered with the replies of every other session that was ready in the same round, and sent
/// by the loop through the port's client-facing socket in one system call. Called on the loop's thread: must not block.
/// </summary>
internal interface IReplySink
{
    /// <summary>Slots <paramref name="start"/>.. of <paramref name="batch"/> hold this session's replies: address them
    /// to its client (<see cref="DatagramBatch.Address"/>); they are sent after the call.</summary>
    void OnReplies(DatagramBatch batch, int start, int count);

    /// <summary>The socket reported an error (ConnectionRefused: the game's port is closed); the loop stops reading it
    /// until it is registered again.</summary>
    void OnError(SocketError error);
}
