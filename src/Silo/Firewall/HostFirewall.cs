using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gsp.GameServers;
using Gsp.Hosts;
using Microsoft.Extensions.Options;

namespace Gsp.Silo.Firewall;

/// <summary>
/// Installs, checks and removes <see cref="FirewallRules"/> on this host with iptables. The rules live in
/// GSP's own chains hooked from INPUT and Docker's DOCKER-USER, which the engine keeps across its restarts;
/// nothing but <see cref="UninstallAsync"/> (<c>gsp-silo firewall uninstall</c>) removes them.
/// </summary>
public sealed partial class HostFirewall(IOptions<FirewallOptions> options, IOptions<DockerHostOptions> host, IOptions<WakeOptions> wake, ILogger<HostFirewall> logger)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The rules for this host's pool and wake webhook.</summary>
    public FirewallRules Rules => rules ??= Build();

    private FirewallRules? rules;

    /// <summary>
    /// Makes the rules exactly what they should be and checks they are in place. Throws
    /// <see cref="FirewallException"/> with a one-line reason when they cannot be (no iptables, no
    /// privilege, no DOCKER-USER chain). A no-op when the firewall is disabled.
    /// </summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        var rules = Rules;
        if (!await RunAsync(options.Value.Iptables, ["-S", "DOCKER-USER"], null, cancellationToken, throwOnError: false))
        {
            throw new FirewallException("the host firewall needs Docker's DOCKER-USER chain, which is missing: is the engine running with its iptables integration on, and is this process root?");
        }

        await RunAsync(options.Value.Iptables + "-restore", ["--noflush"], rules.RestoreScript(), cancellationToken);
        foreach (var (from, chain) in rules.Hooks)
        {
            if (!await RunAsync(options.Value.Iptables, ["-C", from, "-j", chain], null, cancellationToken, throwOnError: false))
            {
                await RunAsync(options.Value.Iptables, ["-I", from, "1", "-j", chain], null, cancellationToken);
            }
        }

        await VerifyAsync(cancellationToken);
        LogInstalled(logger, rules.InputChain, rules.ForwardChain, host.Value.NetworkPool);
    }

    /// <summary>Whether every rule and hook is in place; throws <see cref="FirewallException"/> naming the first one missing.</summary>
    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        var rules = Rules;
        var expected = rules.Input.Select(r => (rules.InputChain, r))
            .Concat(rules.Forward.Select(r => (rules.ForwardChain, r)))
            .Concat(rules.Hooks.Select(h => (h.From, $"-j {h.Chain}")));
        foreach (var (chain, rule) in expected)
        {
            if (!await RunAsync(options.Value.Iptables, ["-C", chain, .. Split(rule)], null, cancellationToken, throwOnError: false))
            {
                throw new FirewallException($"the host firewall rule '-A {chain} {rule}' is not in place after it was applied");
            }
        }
    }

    /// <summary>Removes the hooks and chains; a no-op for what is already gone.</summary>
    public async Task UninstallAsync(CancellationToken cancellationToken)
    {
        var rules = Rules;
        foreach (var (from, chain) in rules.Hooks)
        {
            while (await RunAsync(options.Value.Iptables, ["-D", from, "-j", chain], null, cancellationToken, throwOnError: false))
            {
            }
        }

        foreach (var chain in new[] { rules.InputChain, rules.ForwardChain })
        {
            if (await RunAsync(options.Value.Iptables, ["-F", chain], null, cancellationToken, throwOnError: false))
            {
                await RunAsync(options.Value.Iptables, ["-X", chain], null, cancellationToken);
            }
        }

        LogUninstalled(logger, rules.InputChain, rules.ForwardChain);
    }

    private FirewallRules Build()
    {
        var pool = host.Value.Subnets();
        var webhook = new Uri(wake.Value.WebhookUrl);
        var port = webhook.Port;

        // host.docker.internal is the host itself (host-gateway): INPUT. Anything else is routed: DOCKER-USER.
        if (webhook.Host == "host.docker.internal" || IPAddress.TryParse(webhook.Host, out var literal) && IPAddress.IsLoopback(literal))
        {
            return new FirewallRules(pool, port, []);
        }

        var addresses = IPAddress.TryParse(webhook.Host, out var ip)
            ? [ip]
            : Dns.GetHostAddresses(webhook.Host).Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToArray();

        // The name may also resolve to this host: the INPUT rule covers that path.
        return new FirewallRules(pool, port, addresses.Select(a => new IPEndPoint(a, port)).ToList());
    }

    private static string[] Split(string rule) => rule.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs one command; false (or a <see cref="FirewallException"/> when <paramref name="throwOnError"/>) when it fails.</summary>
    private static async Task<bool> RunAsync(string program, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken, bool throwOnError = true)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new FirewallException($"cannot run {program}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new FirewallException($"cannot run {program} ({ex.Message}): install iptables, or set Gsp:Firewall:Enabled=false where something else isolates the servers", ex);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CommandTimeout);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            }

            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode == 0)
            {
                return true;
            }

            if (throwOnError)
            {
                var reason = (await error).Trim().Split('\n')[0];
                throw new FirewallException($"{program} {string.Join(' ', arguments)} failed: {reason}");
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Host firewall in place: chains {InputChain} (INPUT) and {ForwardChain} (DOCKER-USER) isolate the servers of pool {Pool}")]
    private static partial void LogInstalled(ILogger logger, string inputChain, string forwardChain, string pool);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host firewall disabled (Gsp:Firewall:Enabled=false): game containers are NOT isolated from the host and the LAN")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host firewall removed: chains {InputChain} and {ForwardChain}")]
    private static partial void LogUninstalled(ILogger logger, string inputChain, string forwardChain);
}
