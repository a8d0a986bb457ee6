using System.Net.Sockets;

namespace Gsp.Proxy.Udp;

/// <summary>What a <see cref="UdpRelayLoop"/> tells the owner of one registered socket (a session's game socket, or
/// the port's client-facing socket). Called on the loop's thread: implementations must not block.</summary>
internal interface IDatagramSink
{
    /// <summary>The first <paramref name="count"/> slots of <paramref name="batch"/> hold the datagrams read; the owner
    /// may send from them (and overwrite their addresses) but not keep them past the call.</summary>
    void OnDatagrams(DatagramBatch batch, int count);

    /// <summary>The socket reported an error (ConnectionRefused: the game's port is closed); the loop stops
    /// reading it until it is registered again.</summary>
    void OnError(SocketError error);
}
