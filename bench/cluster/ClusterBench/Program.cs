using System.Diagnostics;
using System.Net;
using Gsp.Bench.Cluster;
using Gsp.Catalog;
using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Silo.Hosting;
using Gsp.Silo.Schema;
using Gsp.Tests.Fakes;
using Gsp.Wallets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Configuration;

// One production-wired silo (ADO.NET clustering, state and reminders on real PostgreSQL) with an
// in-memory container engine: N users, each with a funded wallet and one demo server (asleep, with its
// idle-check reminder), then a rest period in which the reminders tick. Prints memory per grain,
// reminder lateness and CPU at rest.
var servers = Setting("BENCH_SERVERS", 10_000);
var restMinutes = Setting("BENCH_REST_MINUTES", 5);
var concurrency = Setting("BENCH_CONCURRENCY", 32);
var period = TimeSpan.FromMinutes(Setting("BENCH_REMINDER_MINUTES", 1));
var admin = Environment.GetEnvironmentVariable("GSP_BENCH_POSTGRES")
    ?? throw new InvalidOperationException("set GSP_BENCH_POSTGRES to an admin connection string (Npgsql syntax)");

var database = "gsp_bench_" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
await ExecuteAsync(admin, $"CREATE DATABASE {database}");
var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
await new SchemaMigrator(connectionString, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

var engine = new FakeContainerRuntime();
engine.AddImage("gsp/proxy:dev");
engine.AddImage(CatalogSeed.DemoImage);
var lateness = new ReminderLateness();

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Gsp:Host:Name"] = "bench",
    ["Gsp:Host:MemoryMb"] = "1000000",
    ["Gsp:Host:Cpus"] = "4096",
    ["Gsp:Host:PublicPortFirst"] = "10000",
    ["Gsp:Host:PublicPortLast"] = "65000",
    ["Gsp:Wake:Secret"] = "bench-wake-secret-0123456789-0123456789",
    ["Gsp:GameServers:IdleCheckPeriod"] = period.ToString(),
});
builder.UseOrleans(silo =>
{
    silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("bench", "bench"));
    silo.Configure<SiloOptions>(o => o.SiloName = "bench");
    silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort());
    silo.AddGspSiloCore(connectionString);
    silo.Services.AddSingleton<IContainerRuntime>(engine);
    silo.Services.AddSingleton(lateness);
    silo.AddIncomingGrainCallFilter<ReminderLatenessFilter>();
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
var management = grains.GetGrain<IManagementGrain>(0);

Console.WriteLine($"cluster bench: {servers} users (a wallet and a demo server each), reminder period {period}, rest {restMinutes} min, " +
                  $"{Environment.ProcessorCount} CPUs, database {database}");
var baseline = Measure.Take();
var clock = Stopwatch.StartNew();

await ForEachAsync(servers, i => grains.GetGrain<IWalletGrain>(User(i)).DepositAsync(new Deposit(100m, $"bench-{i}")));
var afterWallets = Measure.Take();
Console.WriteLine($"wallets: {servers} funded in {clock.Elapsed.TotalSeconds:F0} s");

clock.Restart();
var ids = new string[servers];
await ForEachAsync(servers, async i =>
{
    ids[i] = GameServerIds.New("bench");
    var result = await grains.GetGrain<IGameServerGrain>(ids[i]).CreateAsync(
        new CreateGameServer(User(i), $"server {i}", "demo", new Dictionary<string, string>(), AutoSleep: true));
    if (!result.Succeeded)
    {
        throw new InvalidOperationException($"create {i} refused: {result.Message}");
    }
});
await ForEachAsync(servers, async i =>
{
    var server = grains.GetGrain<IGameServerGrain>(ids[i]);
    while ((await server.GetInfoAsync())?.Status != GameServerStatus.Sleeping)
    {
        await Task.Delay(100);
    }
});
var created = clock.Elapsed;
var afterServers = Measure.Take();
var activations = await management.GetTotalActivationCount();
Console.WriteLine($"servers: {servers} created and asleep in {created.TotalSeconds:F0} s; {activations} activations in the silo");

// Rest: every server's reminder ticks once per period; nothing else happens.
var settle = period;
Console.WriteLine($"settling for {settle} (the first ticks of reminders registered during setup), then resting for {restMinutes} min");
await Task.Delay(settle);
var restStart = Measure.Take();
lateness.Recording = true;
await Task.Delay(TimeSpan.FromMinutes(restMinutes));
lateness.Recording = false;
var restEnd = Measure.Take();

var restWall = restEnd.At - restStart.At;
var cpu = restEnd.Cpu - restStart.Cpu;
var (p50, p99, max) = lateness.Percentiles();
var walletBytes = (afterWallets.HeapBytes - baseline.HeapBytes) / (double)servers;
var serverBytes = (afterServers.HeapBytes - afterWallets.HeapBytes) / (double)servers;

// Deactivating every grain shows what the grains themselves hold (the in-memory engine stays).
await management.ForceActivationCollection(TimeSpan.Zero);
var afterCollection = Measure.Take();
var remaining = await management.GetTotalActivationCount();

Console.WriteLine();
Console.WriteLine("| measure | value |");
Console.WriteLine("| --- | --- |");
Console.WriteLine($"| managed heap: baseline → wallets → +servers | {Measure.Mb(baseline.HeapBytes)} → {Measure.Mb(afterWallets.HeapBytes)} → {Measure.Mb(afterServers.HeapBytes)} |");
Console.WriteLine($"| RSS: baseline → after setup → end of rest | {Measure.Mb(baseline.RssBytes)} → {Measure.Mb(afterServers.RssBytes)} → {Measure.Mb(restEnd.RssBytes)} |");
Console.WriteLine($"| heap per wallet grain (funded, one ledger entry) | {walletBytes / 1024:F1} KB |");
Console.WriteLine($"| heap per server grain, with its reminder, port, directory entry and fake containers | {serverBytes / 1024:F1} KB |");
Console.WriteLine($"| heap freed by deactivating {activations - remaining} activations | {Measure.Mb(restEnd.HeapBytes - afterCollection.HeapBytes)} ({(restEnd.HeapBytes - afterCollection.HeapBytes) / 1024.0 / Math.Max(1, activations - remaining):F1} KB each) |");
Console.WriteLine($"| reminder ticks during rest | {lateness.Count} ({lateness.Count / restWall.TotalSeconds:F0}/s) |");
Console.WriteLine($"| reminder lateness p50 / p99 / max | {p50:F0} / {p99:F0} / {max:F0} ms |");
Console.WriteLine($"| silo CPU at rest | {cpu.TotalSeconds / restWall.TotalSeconds * 100:F1} % of one core ({cpu.TotalSeconds / restWall.TotalSeconds / Environment.ProcessorCount * 100:F1} % of the machine) |");
Console.WriteLine($"| fake engine operations logged (memory not attributable to grains) | {engine.Operations.Count} |");
Console.WriteLine($"| setup time | wallets + servers: {(afterServers.At - baseline.At).TotalSeconds:F0} s |");

await host.StopAsync();
NpgsqlConnection.ClearAllPools();
await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
return 0;

static string User(int i) => $"bench-user-{i}";

static int Setting(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

async Task ForEachAsync(int count, Func<int, Task> work)
{
    var next = -1;
    var done = 0;
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            await work(i);
            if (Interlocked.Increment(ref done) % 2000 == 0)
            {
                Console.WriteLine($"  {done}/{count} ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }
    });
    await Task.WhenAll(workers);
}
