using System.Globalization;
using System.Net;
using Gsp.Containers;

namespace Gsp.Silo.Firewall;

/// <summary>
/// The iptables rules that isolate game servers, for one network pool. Every server's network is a subnet of
/// the pool and every container has a fixed host number in it (<see cref="NetworkAddressPlan"/>), so a few
/// rules cover every server:
/// <list type="bullet">
/// <item>INPUT (to the host itself: its addresses, the cluster's ports, PostgreSQL, the Docker API, every
/// dashboard): from the pool, only replies and a sidecar's calls to the wake webhook's port get through.</item>
/// <item>DOCKER-USER (routed traffic): traffic within one server's own bridge (game ↔ its sidecar) passes;
/// a game with internet access reaches public addresses only; sidecars and games without internet access
/// reach nothing else (a sidecar on another host may reach the webhook's address and port).</item>
/// </list>
/// Replies to connections made from outside (players through published ports, the silo to a sidecar's admin
/// port) always pass. The chains are named after the pool, so installations with different pools keep their own.
/// </summary>
public sealed class FirewallRules
{
    /// <summary>Private, shared, loopback, link-local (cloud metadata), multicast and reserved IPv4 ranges: never reachable from a game.</summary>
    public static readonly IReadOnlyList<string> NonPublicRanges =
    [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
    ];

    private const string Reject = "-j REJECT --reject-with icmp-admin-prohibited";

    public FirewallRules(SubnetPool pool, int localWebhookPort, IReadOnlyList<IPEndPoint> remoteWebhooks)
    {
        var suffix = $"{Convert.ToHexString(pool.Range.BaseAddress.GetAddressBytes()).ToLowerInvariant()}-{pool.Range.PrefixLength}";
        InputChain = "GSP-IN-" + suffix;
        ForwardChain = "GSP-FWD-" + suffix;
        var range = pool.Range.ToString();
        var proxy = Pattern(pool, NetworkAddressPlan.Proxy);
        var game = Pattern(pool, NetworkAddressPlan.Game);

        Input =
        [
            $"! -s {range} -j RETURN",
            "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN",
            .. localWebhookPort > 0 ? new[] { $"-s {proxy} -p tcp -m tcp --dport {localWebhookPort.ToString(CultureInfo.InvariantCulture)} -j RETURN" } : [],
            Reject,
        ];
        Forward =
        [
            $"! -s {range} -j RETURN",
            "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN",
            "-m physdev --physdev-is-bridged -j RETURN",
            .. remoteWebhooks.Select(w => $"-s {proxy} -d {w.Address}/32 -p tcp -m tcp --dport {w.Port.ToString(CultureInfo.InvariantCulture)} -j RETURN"),
            .. NonPublicRanges.Select(r => $"-s {game} -d {r} {Reject}"),
            $"-s {game} -j RETURN",
            Reject,
        ];
    }

    /// <summary>The chain hooked first into INPUT.</summary>
    public string InputChain { get; }

    /// <summary>The chain hooked first into Docker's DOCKER-USER (the start of FORWARD).</summary>
    public string ForwardChain { get; }

    /// <summary>The rules of <see cref="InputChain"/>, in order, as iptables arguments after <c>-A chain</c>.</summary>
    public IReadOnlyList<string> Input { get; }

    /// <summary>The rules of <see cref="ForwardChain"/>, in order.</summary>
    public IReadOnlyList<string> Forward { get; }

    /// <summary>Where each chain is hooked from.</summary>
    public IReadOnlyList<(string From, string Chain)> Hooks => [("INPUT", InputChain), ("DOCKER-USER", ForwardChain)];

    /// <summary>Both chains, made afresh and filled in one atomic <c>iptables-restore --noflush</c> transaction.</summary>
    public string RestoreScript() =>
        string.Join('\n',
        [
            "*filter",
            $":{InputChain} - [0:0]",
            $":{ForwardChain} - [0:0]",
            .. Input.Select(r => $"-A {InputChain} {r}"),
            .. Forward.Select(r => $"-A {ForwardChain} {r}"),
            "COMMIT",
            "",
        ]);

    private static string Pattern(SubnetPool pool, int index)
    {
        var (address, mask) = pool.Pattern(index);
        return $"{address}/{mask}";
    }
}
