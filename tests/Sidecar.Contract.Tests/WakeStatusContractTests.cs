using Gsp.GameServers;

namespace Gsp.Sidecar.Contract.Tests;

/// <summary>What the webhook answers and what the sidecar makes of it are read from the same contract.</summary>
public sealed class WakeStatusContractTests
{
    [Theory]
    [InlineData(200, false, WakeAnswerKind.Accepted)]
    [InlineData(202, false, WakeAnswerKind.Accepted)]
    [InlineData(400, true, WakeAnswerKind.Refused)]
    [InlineData(401, true, WakeAnswerKind.Refused)]
    [InlineData(402, true, WakeAnswerKind.Refused)]
    [InlineData(404, true, WakeAnswerKind.Refused)]
    [InlineData(409, true, WakeAnswerKind.Refused)]
    [InlineData(503, true, WakeAnswerKind.Refused)]
    [InlineData(429, true, WakeAnswerKind.Retry)]
    [InlineData(408, false, WakeAnswerKind.Retry)]
    [InlineData(502, false, WakeAnswerKind.Retry)]
    [InlineData(503, false, WakeAnswerKind.Retry)]
    [InlineData(301, false, WakeAnswerKind.Retry)]
    public void Each_webhook_status_means_one_thing_to_the_sidecar(int status, bool explained, WakeAnswerKind expected) =>
        Assert.Equal(expected, WakeStatuses.Classify(status, explained));

    [Fact]
    public void Wake_request_and_answer_have_the_documented_json_shape()
    {
        Assert.Equal("""{"serverId":"host-1.abc"}""", System.Text.Json.JsonSerializer.Serialize(new WakeRequest("host-1.abc"), SidecarJsonContext.Default.WakeRequest));
        Assert.Equal("""{"error":"add credits to wake this server"}""",
            System.Text.Json.JsonSerializer.Serialize(new WakeAnswer(Error: "add credits to wake this server"), SidecarJsonContext.Default.WakeAnswer));
        Assert.Equal("""{"status":"waking"}""", System.Text.Json.JsonSerializer.Serialize(new WakeAnswer(Status: WakeAnswer.Waking), SidecarJsonContext.Default.WakeAnswer));
    }
}
