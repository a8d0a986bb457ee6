namespace Gsp.Moves;

/// <summary>
/// A move under way, persisted with the server so a silo restart resumes it: where from, where to (empty until
/// the directory reserved a target), and whether the copy is done and the move committed to the target.
/// </summary>
[GenerateSerializer]
public sealed record MoveJob
{
    /// <summary>The host the server was on when the move began.</summary>
    [Id(0)] public required string SourceHost { get; init; }

    /// <summary>The host an admin asked for; empty for any host with room.</summary>
    [Id(1)] public string RequestedHost { get; init; } = "";

    [Id(2)] public string TargetHost { get; init; } = "";
    [Id(3)] public string TargetAddress { get; init; } = "";
    [Id(4)] public int TargetPort { get; init; }

    /// <summary>The server's containers and data are complete on the target: from here on the move only finishes.</summary>
    [Id(5)] public bool Committed { get; init; }
}
