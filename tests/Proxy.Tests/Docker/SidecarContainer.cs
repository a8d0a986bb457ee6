using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Docker;

/// <summary>
/// A sidecar container started with the production limits (<c>ServerResources.SidecarSpec</c>: 64 MiB, one CPU in 10 ms
/// periods at ten times a game's CPU weight, 64 pids, restart unless-stopped) on its own test network, its ports published on 127.0.0.1 only, and the cgroup
/// figures the flood tests watch. Removes everything it made.
/// </summary>
internal sealed class SidecarContainer : IAsyncDisposable
{
    public const long MemoryLimitBytes = 64L * 1024 * 1024;
    public const int PidsLimit = 64;
    private const string Token = "flood-test-token";

    private readonly string id = Guid.NewGuid().ToString("N")[..10];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private string? fullId;

    private SidecarContainer()
    {
    }

    /// <summary>The image under test: <c>GSP_TEST_PROXY_IMAGE</c>, default <c>gsp/proxy:dev</c> (built by deploy/test).</summary>
    public static string Image => Environment.GetEnvironmentVariable("GSP_TEST_PROXY_IMAGE") ?? "gsp/proxy:dev";

    public string Network => $"gsp-test-net-{id}";

    public string Name => $"gsp-test-proxy-{id}";

    public string GameName => $"gsp-test-game-{id}";

    public int AdminPort { get; private set; }

    public static async Task<SidecarContainer> StartAsync(string ports, string? gamePorts, params string[] environment)
    {
        Assert.True(DockerCli.ImageExists(Image), $"{Image} is missing: run deploy/docker/proxy/stage.sh OUTDIR && docker build -t {Image} OUTDIR");
        var sidecar = new SidecarContainer();
        try
        {
            await DockerCli.CheckedAsync("network", "create", "--label", "gsp.test=true", sidecar.Network);
            if (gamePorts is not null)
            {
                await DockerCli.CheckedAsync(
                    "run", "-d", "--name", sidecar.GameName, "--label", "gsp.test=true", "--network", sidecar.Network, "--network-alias", "game",
                    "-e", $"DEMO_PORTS={gamePorts}", DemoGameImageFactAttribute.GameImage);
            }

            List<string> args =
            [
                "run", "-d", "--name", sidecar.Name, "--label", "gsp.test=true", "--network", sidecar.Network,
                "--memory", MemoryLimitBytes.ToString(CultureInfo.InvariantCulture), "--memory-swap", MemoryLimitBytes.ToString(CultureInfo.InvariantCulture),
                "--cpu-period", "10000", "--cpu-quota", "10000", "--cpu-shares", "10240", "--pids-limit", PidsLimit.ToString(CultureInfo.InvariantCulture), "--restart", "unless-stopped",
                "-p", "127.0.0.1::8081/tcp",
                "-e", $"GSP_PROXY_PORTS={ports}",
                "-e", "GSP_PROXY_UPSTREAM_HOST=game",
                // Nothing listens there: a wake is retried for the whole hold, so held clients stay held.
                "-e", "GSP_PROXY_WAKE_URL=http://127.0.0.1:9/unused",
                "-e", "GSP_PROXY_SERVER_ID=flood-test",
                "-e", $"GSP_PROXY_TOKEN={Token}",
            ];
            foreach (var port in ports.Split(','))
            {
                var (number, protocol) = (port.Split('/')[0], port.Split('/')[1]);
                args.AddRange(protocol == "both" ? ["-p", $"127.0.0.1::{number}/tcp", "-p", $"127.0.0.1::{number}/udp"] : ["-p", $"127.0.0.1::{number}/{protocol}"]);
            }

            foreach (var variable in environment)
            {
                args.AddRange(["-e", variable]);
            }

            args.Add(Image);
            sidecar.fullId = await DockerCli.CheckedAsync([.. args]);
            sidecar.AdminPort = await sidecar.PublishedPortAsync("8081/tcp");
            return sidecar;
        }
        catch
        {
            await sidecar.DisposeAsync();
            throw;
        }
    }

    /// <summary>The sidecar's address on its test network. Reached from the host through the kernel's bridge, the way
    /// public traffic reaches it through Docker's DNAT: Docker's userland proxy, which serves the 127.0.0.1 publications,
    /// relays a few thousand datagrams a second at most and would be what a flood measures.</summary>
    public async Task<IPAddress> AddressAsync() =>
        IPAddress.Parse(await DockerCli.CheckedAsync("inspect", "-f", $"{{{{(index .NetworkSettings.Networks \"{Network}\").IPAddress}}}}", Name));

    public async Task<int> PublishedPortAsync(string port) =>
        int.Parse((await DockerCli.CheckedAsync("port", Name, port)).Split('\n')[0].Split(':')[^1], CultureInfo.InvariantCulture);

    public async Task<JsonElement> ActivityAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{AdminPort}/activity");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Waits until the admin endpoint answers: the sidecar has bound its ports.</summary>
    public async Task WaitReadyAsync()
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await ActivityAsync();
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && DateTime.UtcNow < limit)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task<int> RestartCountAsync() =>
        int.Parse(await DockerCli.CheckedAsync("inspect", "-f", "{{.RestartCount}}", Name), CultureInfo.InvariantCulture);

    public async Task<bool> OomKilledAsync() =>
        bool.Parse(await DockerCli.CheckedAsync("inspect", "-f", "{{.State.OOMKilled}}", Name));

    /// <summary>The container's memory high-water mark (cgroup v1 or v2), in bytes.</summary>
    public long PeakMemoryBytes() => ReadCgroup("memory", "memory.max_usage_in_bytes", "memory.peak");

    public long MemoryBytes() => ReadCgroup("memory", "memory.usage_in_bytes", "memory.current");

    public long Pids() => ReadCgroup("pids", "pids.current", "pids.current");

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await DockerCli.RunAsync("rm", "-f", "-v", Name, GameName);
        await DockerCli.RunAsync("network", "rm", Network);
    }

    private long ReadCgroup(string controller, string v1File, string v2File)
    {
        string[] candidates =
        [
            $"/sys/fs/cgroup/{controller}/docker/{fullId}/{v1File}",
            $"/sys/fs/cgroup/system.slice/docker-{fullId}.scope/{v2File}",
            $"/sys/fs/cgroup/docker/{fullId}/{v2File}",
        ];
        var path = candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException($"no cgroup file for {Name}: tried {string.Join(", ", candidates)}");
        return long.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
    }
}
