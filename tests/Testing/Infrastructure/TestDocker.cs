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

    public static string UniqueName(string prefix) => $"gsp-test-{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}
