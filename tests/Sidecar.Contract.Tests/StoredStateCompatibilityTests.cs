using Gsp.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Gsp.Sidecar.Contract.Tests;

/// <summary>
/// The port and game protocols moved into the contract assembly; grain state stored before the move (Orleans' binary
/// format in PostgreSQL) must read back unchanged. The bytes below were written by the build before the move
/// (<c>Gsp.Containers.PortProtocol</c>, <c>Gsp.Catalog.PlayerQueryProtocol</c>).
/// </summary>
public sealed class StoredStateCompatibilityTests
{
    private readonly Serializer serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(GamePort).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void Game_port_stored_before_the_move_reads_back_with_its_protocol()
    {
        // new GamePort(7777, PortProtocol.Both, "game")
        var stored = Convert.FromBase64String("IOgACvMBCUEJZ2FtZeA=");

        Assert.Equal(new GamePort(7777, PortProtocol.Both, "game"), serializer.Deserialize<GamePort>(stored));
    }

    [Fact]
    public void Game_protocols_stored_before_the_move_read_back_unchanged()
    {
        // new[] { PlayerQueryProtocol.Satisfactory, PlayerQueryProtocol.ValveA2S }
        var stored = Convert.FromBase64String("IAAFAQ0ACeA=");

        Assert.Equal([GameProtocol.Satisfactory, GameProtocol.ValveA2S], serializer.Deserialize<GameProtocol[]>(stored));
    }

    [Fact]
    public void Contract_types_round_trip_through_the_Orleans_serializer()
    {
        var port = new GamePort(2457, PortProtocol.Udp, "query");

        Assert.Equal(port, serializer.Deserialize<GamePort>(serializer.SerializeToArray(port)));
        Assert.Equal(GameProtocol.MinecraftJava, serializer.Deserialize<GameProtocol>(serializer.SerializeToArray(GameProtocol.MinecraftJava)));
    }
}
