using System.Net;
using Gsp.DemoGame.Configuration;
using Gsp.DemoGame.Net;
using Gsp.DemoGame.Valve;
using Gsp.DemoGame.World;

namespace Gsp.DemoGame;

/// <summary>
/// The whole demo game: world, simulated load and listeners. Tests host it in-process on port 0 and read
/// <see cref="Endpoints"/>; the program hosts it until a shutdown signal.
/// </summary>
public sealed class DemoServer : IAsyncDisposable
{
    private readonly DemoOptions _options;
    private readonly GameLog _log;
    private readonly TimeProvider _time;
    private readonly WorldLoop _world;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpGameListener> _tcp = [];
    private readonly List<UdpGameListener> _udp = [];
    private Task _worldLoop = Task.CompletedTask;
    private bool _loaded;
    private int _stopped;

    public DemoServer(DemoOptions options, GameLog log, TimeProvider time)
    {
        _options = options;
        _log = log;
        _time = time;
        _world = new WorldLoop(options, new WorldStore(options.DataDirectory, time), Players, log, time);
    }

    public PlayerRegistry Players { get; } = new();

    public IReadOnlyList<ListenerEndpoint> Endpoints =>
        [.. _tcp.Select(listener => listener.EndPoint), .. _udp.Select(listener => listener.EndPoint)];

    /// <summary>Loads the world, waits out the simulated startup delay, then opens every listener.</summary>
    /// <exception cref="IOException">The data folder cannot be written.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">A port is already taken.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _log.Write($"starting, ready in {_options.StartupDelaySeconds} s");
        _world.Load();
        _loaded = true;
        _log.Write($"world loaded from {_options.DataDirectory} at tick {_world.Tick}");
        new CpuBurner(_options.CpuPercent).Start(_stopping.Token);
        _worldLoop = _world.RunAsync(_stopping.Token);

        await Task.Delay(TimeSpan.FromSeconds(_options.StartupDelaySeconds), _time, cancellationToken);

        var a2s = new A2sResponder(_options, Players);
        foreach (var binding in _options.Ports)
        {
            var bindTo = new IPEndPoint(_options.BindAddress, binding.Port);
            if (binding.Protocol == TransportProtocol.Tcp)
            {
                var listener = new TcpGameListener(bindTo, _options, Players, _log);
                _tcp.Add(listener);
                listener.Start();
                _log.Write($"listening on {listener.EndPoint}");
            }
            else
            {
                var listener = new UdpGameListener(bindTo, a2s, _log);
                _udp.Add(listener);
                listener.Start();
                _log.Write($"listening on {listener.EndPoint}");
            }
        }

        _log.Write("ready");
    }

    /// <summary>Closes listeners and connections, then saves the world. Safe to call more than once.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _log.Write("stopping");
        await _stopping.CancelAsync();
        foreach (var listener in _tcp)
        {
            await listener.DisposeAsync();
        }

        foreach (var listener in _udp)
        {
            await listener.DisposeAsync();
        }

        await _worldLoop;
        if (_loaded)
        {
            _world.Save();
        }

        _log.Write("stopped");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }
}
