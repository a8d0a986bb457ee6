using System.Net.Sockets;

namespace Gsp.Proxy.Udp;

/// <summary>What a <see cref="UdpReplyLoop"/> tells the owner of one registered game socket. Called on the loop's
/// thread: implementations must not block.</summary>
internal interface IGameReplies
{
    /// <summary>The first <paramref name="count"/> slots of <paramref name="batch"/> hold the game's replies; the owner
    /// may send from them (and overwrite their addresses) but not keep them past the call.</summary>
    void OnReplies(DatagramBatch batch, int count);

    /// <summary>The socket reported an error (ConnectionRefused: the game's port is closed); the loop stops
    /// reading it until it is registered again.</summary>
    void OnError(SocketError error);
}
