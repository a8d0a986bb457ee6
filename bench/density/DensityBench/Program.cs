using System.Diagnostics;
using System.Globalization;
using Gsp.Bench.Density;
using Gsp.ClusterSecurity;
using Gsp.GameServers;
using Gsp.Wallets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;

// The client half of bench/density/run.sh: the script starts a real silo (on the real engine), the real
// dashboard (for the wake webhook) and PostgreSQL; this joins the cluster as an Orleans client, creates N demo
// servers, measures what they cost the host while asleep, then wakes S of them at once with a player each.
var servers = Setting("BENCH_SERVERS", 100);
var concurrency = Setting("BENCH_CONCURRENCY", 8);
var settleSeconds = Setting("BENCH_SETTLE_SECONDS", 30);
var restSeconds = Setting("BENCH_REST_SECONDS", 180);
var stormSize = Setting("BENCH_STORM", 50);
// Stop creating after this long (0: never) and measure the servers made by then: a bound for a loaded box.
var createDeadline = TimeSpan.FromSeconds(Setting("BENCH_CREATE_DEADLINE_SECONDS", 0));
var hostName = Required("BENCH_HOST_NAME");
var runLabel = Required("BENCH_RUN_LABEL");
var siloPid = Setting("BENCH_SILO_PID", 0);
var dashboardPid = Setting("BENCH_DASHBOARD_PID", 0);
var dockerdPid = Setting("BENCH_DOCKERD_PID", 0);
var containerdPid = Setting("BENCH_CONTAINERD_PID", 0);
var clusterId = Required("Gsp__Cluster__ClusterId");
var tls = new ClusterTlsSettings
{
    CertificatePath = Required("Gsp__Cluster__Tls__CertificatePath"),
    KeyPath = Required("Gsp__Cluster__Tls__KeyPath"),
    CaPath = Required("Gsp__Cluster__Tls__CaPath"),
};
var certificates = ClusterCertificates.Load(tls);

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleansClient(client =>
{
    client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
    client.UseAdoNetClustering(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = Required("ConnectionStrings__Gsp");
    });
    client.UseTls(certificates.Own, o =>
    {
        o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        o.RemoteCertificateValidation = certificates.ValidatePeer;
    });
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IClusterClient>();

var processes = new (string Name, int Pid)[] { ("silo", siloPid), ("dashboard", dashboardPid), ("dockerd", dockerdPid), ("containerd", containerdPid) }
    .Where(p => p.Pid > 0).ToArray();
Console.WriteLine($"density bench: {servers} demo servers on host '{hostName}', {concurrency} creates at a time, storm of {stormSize}; " +
                  $"docker-proxy processes on this machine before: {DockerProxyCount()}");

// 1. Before: the kernel's and the platform's processes' memory.
var before = HostMemory.MemInfo();
var processesBefore = processes.ToDictionary(p => p.Name, p => HostMemory.PssKib(p.Pid));

// 2. Create N servers (one funded user each) through the grain API, C at a time: a worker creates a server and
// waits until it sleeps (or failed) before the next, so at most C deployments reach the engine at once.
// (A create returns as soon as the server is recorded and deploys in the background: unbounded, a burst of
// creates is a burst of engine calls.)
var ids = Enumerable.Range(0, servers).Select(_ => GameServerIds.New(hostName)).ToArray();
var failed = new List<string>();
var asleep = new List<string>();
var clock = Stopwatch.StartNew();
await ForEachAsync(servers, concurrency, async i =>
{
    if (createDeadline > TimeSpan.Zero && clock.Elapsed > createDeadline)
    {
        return;
    }

    var user = $"density-user-{i}";
    await grains.GetGrain<IWalletGrain>(user).DepositAsync(new Deposit(1000m, $"density-{i}"));
    var server = grains.GetGrain<IGameServerGrain>(ids[i]);
    var result = await server.CreateAsync(
        new CreateGameServer(user, $"density {i}", "demo", new Dictionary<string, string>(), AutoSleep: true));
    if (!result.Succeeded)
    {
        throw new InvalidOperationException($"create {i} refused: {result.Message}");
    }

    while (true)
    {
        var info = await server.GetInfoAsync();
        if (info?.Status == GameServerStatus.Sleeping)
        {
            lock (asleep)
            {
                asleep.Add(ids[i]);
            }

            return;
        }

        if (info?.Status == GameServerStatus.Failed)
        {
            lock (failed)
            {
                failed.Add($"{ids[i]}: {info.Detail}");
            }

            return;
        }

        await Task.Delay(100);
    }
});
var created = clock.Elapsed;
var made = asleep.Count + failed.Count;
Console.WriteLine($"created: {made} of {servers} settled in {created.TotalSeconds:F1} s " +
                  $"({made / created.TotalSeconds:F2} servers/s); asleep: {asleep.Count}, failed: {failed.Count}");
servers = asleep.Count;
stormSize = Math.Min(stormSize, servers);
foreach (var failure in failed.Take(5))
{
    Console.WriteLine("  failed " + failure);
}

// 3. At rest: what exists for each sleeping server, after the engine and the grains have settled.
Console.WriteLine($"settling {settleSeconds} s");
await Task.Delay(TimeSpan.FromSeconds(settleSeconds));
var sidecars = await Docker.SidecarsAsync(runLabel);
var footprint = Footprint.Measure(sidecars);
var after = HostMemory.MemInfo();
var processesAfter = processes.ToDictionary(p => p.Name, p => HostMemory.PssKib(p.Pid));

// 4. CPU at rest with N sleeping servers.
Console.WriteLine($"resting {restSeconds} s");
var cpuBefore = processes.ToDictionary(p => p.Name, p => HostMemory.CpuTime(p.Pid));
var sidecarCpuBefore = sidecars.Sum(s => HostMemory.CpuTime(s.Pid).TotalSeconds);
var restClock = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(restSeconds));
var rest = restClock.Elapsed;
var cpuAfter = processes.ToDictionary(p => p.Name, p => HostMemory.CpuTime(p.Pid));
var sidecarCpu = sidecars.Sum(s => HostMemory.CpuTime(s.Pid).TotalSeconds) - sidecarCpuBefore;

// 5. Wake storm: one player per server, all at once.
var storm = asleep.Take(stormSize).ToArray();
var ports = new int[stormSize];
for (var i = 0; i < stormSize; i++)
{
    var info = await grains.GetGrain<IGameServerGrain>(storm[i]).GetInfoAsync();
    ports[i] = info!.PublicPort;
}

Console.WriteLine($"wake storm: {stormSize} players at once (load {File.ReadAllText("/proc/loadavg").Trim()})");
var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var joins = Enumerable.Range(0, stormSize).Select(async i =>
{
    await go.Task;
    return await Player.JoinAsync(ports[i], $"density{i}", TimeSpan.FromMinutes(5));
}).ToArray();
var stormStart = DateTime.UtcNow;
go.SetResult();
var outcomes = await Task.WhenAll(joins);
var stormEnd = outcomes.Max(o => o.FirstByteAt ?? DateTime.UtcNow);

var acceptToByte = new List<double>();
var connectToByte = new List<double>();
var startToListen = new List<double>();
var listenToAccept = new List<double>();
for (var i = 0; i < stormSize; i++)
{
    var outcome = outcomes[i];
    if (!outcome.ReachedGame)
    {
        Console.WriteLine($"  player {i} did not reach its game: {outcome.Answer}");
        continue;
    }

    connectToByte.Add(outcome.Wait!.Value.TotalMilliseconds);
    var log = await GameLog.ReadAsync($"gsp-{storm[i]}-game");
    if (log.FirstAcceptAt is { } accept)
    {
        acceptToByte.Add((outcome.FirstByteAt!.Value - accept).TotalMilliseconds);
    }

    if (log.StartedAt is { } started && log.ListeningAt is { } listening)
    {
        startToListen.Add((listening - started).TotalMilliseconds);
        if (log.FirstAcceptAt is { } first)
        {
            listenToAccept.Add((first - listening).TotalMilliseconds);
        }
    }
}

// 6. Report.
double PerServer(long kib) => kib / (double)Math.Max(1, sidecars.Count);
string Mib(double kib) => (kib / 1024).ToString("F2", CultureInfo.InvariantCulture) + " MiB";
var kernel = HostMemory.KernelFields.Where(f => f != "MemAvailable").Sum(f => after[f] - before[f]);
Console.WriteLine();
Console.WriteLine($"| measure (N = {servers}, {sidecars.Count} sidecars found) | value |");
Console.WriteLine("| --- | --- |");
Console.WriteLine($"| create rate (request → server asleep, {concurrency} at a time) | {made / created.TotalSeconds:F2} servers/s ({made} in {created.TotalSeconds:F0} s, {failed.Count} failed) |");
Console.WriteLine($"| per sleeping server: sidecar process PSS | {Mib(PerServer(footprint.SidecarKib))} |");
Console.WriteLine($"| per sleeping server: containerd shim PSS ({footprint.Shims} shims) | {Mib(PerServer(footprint.ShimKib))} |");
Console.WriteLine($"| per sleeping server: docker-proxy PSS ({footprint.DockerProxies} processes) | {Mib(PerServer(footprint.DockerProxyKib))} |");
Console.WriteLine($"| **per sleeping server: processes, total** | **{Mib(PerServer(footprint.TotalKib))}** |");
foreach (var field in HostMemory.KernelFields)
{
    Console.WriteLine($"| per server: /proc/meminfo {field} delta | {Mib((after[field] - before[field]) / (double)servers)} |");
}

Console.WriteLine($"| per server: kernel (Slab + KernelStack + PageTables + Percpu) delta | {Mib((kernel - (after["SUnreclaim"] - before["SUnreclaim"])) / (double)servers)} |");
foreach (var (name, _) in processes)
{
    Console.WriteLine($"| per server: {name} PSS growth ({Mib(processesBefore[name])} → {Mib(processesAfter[name])}) | {Mib((processesAfter[name] - processesBefore[name]) / (double)servers)} |");
}

foreach (var (name, _) in processes)
{
    var cpu = (cpuAfter[name] - cpuBefore[name]).TotalSeconds;
    Console.WriteLine($"| {name} CPU at rest over {rest.TotalSeconds:F0} s | {cpu:F2} CPU s ({cpu / rest.TotalSeconds * 100:F2} % of one core) |");
}

Console.WriteLine($"| all {sidecars.Count} sidecars' CPU at rest | {sidecarCpu:F2} CPU s ({sidecarCpu / rest.TotalSeconds * 100:F2} % of one core) |");
Console.WriteLine($"| wake storm: players that reached their game | {outcomes.Count(o => o.ReachedGame)} / {stormSize} |");
Console.WriteLine($"| wake storm: total (all connect at once → last player's first relayed byte) | {(stormEnd - stormStart).TotalSeconds:F1} s |");
Console.WriteLine($"| game's first accept → player's first relayed byte p50 / p99 / max | {Percentiles(acceptToByte)} ms |");
Console.WriteLine($"| player connects → first relayed byte (the whole wake) p50 / p99 / max | {Percentiles(connectToByte)} ms |");
Console.WriteLine($"| game process starts → game listening p50 / p99 / max | {Percentiles(startToListen)} ms |");
Console.WriteLine($"| game listening → its first accept p50 / p99 / max | {Percentiles(listenToAccept)} ms |");

await host.StopAsync();
return outcomes.All(o => o.ReachedGame) && failed.Count == 0 ? 0 : 1;

static string Percentiles(List<double> values)
{
    if (values.Count == 0)
    {
        return "–";
    }

    values.Sort();
    double At(double q) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
    return $"{At(0.5):F0} / {At(0.99):F0} / {values[^1]:F0}";
}

static int DockerProxyCount() =>
    HostMemory.CommandLines().Values.Count(argv => argv.Length > 0 && Path.GetFileName(argv[0]) == "docker-proxy");

static int Setting(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value >= 0 ? value : fallback;

static string Required(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"set {name}");

static async Task ForEachAsync(int count, int concurrency, Func<int, Task> work)
{
    var next = -1;
    var done = 0;
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            await work(i);
            if (Interlocked.Increment(ref done) % 50 == 0)
            {
                Console.WriteLine($"  {done}/{count}");
            }
        }
    });
    await Task.WhenAll(workers);
}
