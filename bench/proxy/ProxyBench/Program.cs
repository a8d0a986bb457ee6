using System.Globalization;
using Gsp.Bench.Proxy;

// Subcommands used by bench/proxy/run.sh; each prints one result line (or "ready").
return args switch
{
    ["echo", var address, var port] => await EchoTarget.RunAsync(address, Int(port)),
    ["wake-server", var port] => await WakeResponder.RunAsync(Int(port)),
    ["latency", var host, var port, var count] => await LatencyProbe.RunAsync(host, Int(port), Int(count)),
    ["hold", var host, var port, var count] => await IdleConnections.RunAsync(host, Int(port), Int(count)),
    ["wake", var host, var port, var gameAddress, var rounds] => await WakeTiming.RunAsync(host, Int(port), gameAddress, Int(rounds)),
    ["udp", var host, var port, var seconds, var size, var rate] => await UdpLoad.RunAsync(host, Int(port), Int(seconds), Int(size), Int(rate)),
    ["udp-oneway", var host, var port, var sinkAddress, var seconds, var size, var rate] =>
        await UdpOneWay.RunAsync(host, Int(port), sinkAddress, Int(seconds), Int(size), Int(rate)),
    _ => Usage(),
};

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static int Usage()
{
    Console.Error.WriteLine("usage: proxy-bench echo ADDR PORT | wake-server PORT | latency HOST PORT N | hold HOST PORT N | wake HOST PORT GAMEADDR ROUNDS | udp HOST PORT SECONDS SIZE RATE | udp-oneway HOST PORT SINKADDR SECONDS SIZE RATE");
    return 2;
}
