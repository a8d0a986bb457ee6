using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Docker;

/// <summary>
/// A fact that is skipped, with the reason, when the upstream game image is not built yet
/// (it belongs to the DemoGame project). A missing proxy image is a failure, not a skip.
/// </summary>
public sealed class DemoGameImageFactAttribute : FactAttribute
{
    /// <summary>Overridable so the test can run against a locally staged game image.</summary>
    public static string GameImage => Environment.GetEnvironmentVariable("GSP_TEST_DEMO_GAME_IMAGE") ?? "gsp/demo-game:dev";

    public DemoGameImageFactAttribute()
    {
        if (!DockerCli.ImageExists(GameImage))
        {
            Skip = $"Docker image {GameImage} is missing (build the DemoGame image first); cannot run the container relay test.";
        }
    }
}
