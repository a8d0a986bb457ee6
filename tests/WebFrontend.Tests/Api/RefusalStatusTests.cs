using Gsp.GameServers;
using Gsp.WebFrontend.Api;
using Gsp.WebFrontend.Servers;

namespace Gsp.WebFrontend.Tests.Api;

/// <summary>
/// The API and the wake webhook answer a refusal through one mapping (<see cref="RefusalStatus"/>); every refusal's
/// status is one the sidecar treats as a refusal it tells the waiting player, never as "accepted".
/// </summary>
public sealed class RefusalStatusTests
{
    public static TheoryData<GameServerError> Refusals() => [.. Enum.GetValues<GameServerError>().Where(e => e != GameServerError.None)];

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Every_refusal_has_a_status_the_sidecar_treats_as_a_refusal(GameServerError error) =>
        Assert.Equal(WakeAnswerKind.Refused, WakeStatuses.Classify(RefusalStatus.Of(error), explained: true));

    [Theory]
    [InlineData(GameServerError.InvalidTransition, 409)]
    [InlineData(GameServerError.Busy, 409)]
    [InlineData(GameServerError.InsufficientCredits, 402)]
    [InlineData(GameServerError.NotFound, 404)]
    [InlineData(GameServerError.InvalidRequest, 400)]
    [InlineData(GameServerError.NoCapacity, 503)]
    [InlineData(GameServerError.Unavailable, 503)]
    public void Each_refusal_has_its_documented_status(GameServerError error, int status) =>
        Assert.Equal(status, RefusalStatus.Of(error));

    [Fact]
    public void An_offline_host_is_reported_as_offline_with_503_not_as_no_capacity()
    {
        var refusal = ServerDirectory.HostOffline("host-b");

        Assert.NotEqual(GameServerError.NoCapacity, refusal.Error);
        Assert.Equal(503, RefusalStatus.Of(refusal.Error));
        Assert.StartsWith("host offline", refusal.Message);
    }
}
