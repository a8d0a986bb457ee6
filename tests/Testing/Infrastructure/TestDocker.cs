using Gsp.Containers;
using Gsp.Hosts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gsp.Tests.Infrastructure;

/// <summary>The Docker engine tests use: <c>GSP_TEST_DOCKER_ENDPOINT</c>, or the local engine's socket.</summary>
public static class TestDocker
{
    public static string Endpoint =>
        Environment.GetEnvironmentVariable("GSP_TEST_DOCKER_ENDPOINT") is { Length: > 0 } value
            ? value
            : "unix:///var/run/docker.sock";

    /// <summary>Labels every test-made Docker object carries, so <c>deploy/test</c> can sweep leftovers.</summary>
    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>
    {
        [Gsp.Containers.ContainerLabels.Managed] = "true",
        [Gsp.Containers.ContainerLabels.Test] = "true",
    };

    /// <summary>
    /// The address pool of test servers' networks: not the production default, so a platform's host firewall
    /// on the same machine never filters a test's containers (and a test's never a platform's).
    /// </summary>
    public const string NetworkPool = "10.231.0.0/16";

    /// <summary>
    /// Settings every silo process a test starts gets unless the test says otherwise: the test pool, and no
    /// host firewall (the firewall tests install their own, on a pool of their own, and remove it).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ProcessDefaults { get; } = new Dictionary<string, string>
    {
        ["Gsp__Host__NetworkPool"] = NetworkPool,
        ["Gsp__Firewall__Enabled"] = "false",
        ["Gsp__GameServers__ProxyImage"] = ProxyImage,
    };

    /// <summary>The sidecar image under test: <c>GSP_TEST_PROXY_IMAGE</c>, default <c>gsp/proxy:dev</c> (built from the tree by deploy/test).</summary>
    public static string ProxyImage => Environment.GetEnvironmentVariable("GSP_TEST_PROXY_IMAGE") ?? "gsp/proxy:dev";

    /// <summary>A container runtime of the test's own, independent of any silo's lifetime.</summary>
    public static DockerContainerRuntime CreateRuntime(string? endpoint = null) =>
        new(Options.Create(new DockerHostOptions { DockerEndpoint = endpoint ?? Endpoint, NetworkPool = NetworkPool }), TimeProvider.System, NullLogger<DockerContainerRuntime>.Instance);

    public static string UniqueName(string prefix) => $"gsp-test-{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}
