using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Gsp.Tests.Infrastructure;
using Gsp.WebFrontend.Health;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gsp.WebFrontend.Tests.Health;

[Trait("Category", "PostgreSQL")]
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private readonly string clusterId = "health-" + Guid.NewGuid().ToString("N")[..8];
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Healthz_is_healthy_when_a_silo_answers()
    {
        await using var cluster = new GspTestCluster(database) { ClusterId = clusterId, ServiceId = "gsp-tests" };
        await cluster.StartAsync();
        await using var dashboard = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Gsp", database.ConnectionString);
            web.UseSetting("Gsp:Cluster:ClusterId", clusterId);
            web.UseSetting("Gsp:Cluster:ServiceId", "gsp-tests");
            web.UseSetting("Gsp:Wake:Secret", GspTestCluster.WakeSecret);
        });

        using var response = await dashboard.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<HealthReport>();
        Assert.Equal("healthy", report!.Status);
        Assert.Equal(1, report.ActiveSilos);
    }

    [Fact]
    public async Task Healthz_says_the_cluster_is_unavailable_while_no_silo_runs()
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gsp.WebFrontend.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ConnectionStrings__Gsp"] = database.ConnectionString;
        start.Environment["Gsp__Cluster__ClusterId"] = clusterId;
        start.Environment["Gsp__Wake__Secret"] = GspTestCluster.WakeSecret;
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            var response = await Eventually.ValueAsync(() => TryGetAsync(http, $"http://127.0.0.1:{port}/healthz"), r => r is not null, TimeSpan.FromSeconds(60));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response!.StatusCode);
            var report = await response.Content.ReadFromJsonAsync<HealthReport>();
            Assert.Equal("cluster unavailable", report!.Status);
            Assert.False(string.IsNullOrWhiteSpace(report.Reason));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient http, string url)
    {
        try
        {
            return await http.GetAsync(url);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

}
