using Gsp.Silo.Firewall;
using Gsp.Silo.Hosting;

// gsp-silo            runs the silo of this Docker host
// gsp-silo migrate    applies the database schema and exits
// gsp-silo firewall uninstall   removes the host firewall that isolates game servers, and exits
try
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddGspSilo();
    using var host = builder.Build();
    var preflight = host.Services.GetRequiredService<StartupPreflight>();

    if (args is ["migrate"])
    {
        await preflight.ApplySchemaAsync(CancellationToken.None);
        Console.WriteLine("gsp-silo: schema is up to date");
        return 0;
    }

    if (args is ["firewall", "uninstall"])
    {
        await host.Services.GetRequiredService<Gsp.Silo.Firewall.HostFirewall>().UninstallAsync(CancellationToken.None);
        return 0;
    }

    await preflight.RunAsync(CancellationToken.None);
    await host.Services.EnsureHostFirewallAsync(CancellationToken.None);
    await host.RunAsync();
    return 0;
}
catch (StartupCheckException ex)
{
    Console.Error.WriteLine($"gsp-silo: {ex.Message}");
    return 1;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    Console.Error.WriteLine($"gsp-silo: configuration is invalid: {string.Join("; ", ex.Failures)}");
    return 1;
}

/// <summary>The silo's entry point; internal, so test projects that host the web frontend see one Program.</summary>
internal partial class Program;
