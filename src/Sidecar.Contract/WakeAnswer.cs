using System.Text.Json.Serialization;

namespace Gsp.Sidecar;

/// <summary>
/// The wake webhook's JSON answer: <see cref="Status"/> (<c>running</c>, <c>waking</c>) when it accepted,
/// <see cref="Error"/>, a message fit to show the waiting player, when it refused. Which one it is, and what the
/// sidecar does about it, is said by the HTTP status (<see cref="WakeStatuses"/>).
/// </summary>
public sealed record WakeAnswer(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    public const string Running = "running";
    public const string Waking = "waking";
}
