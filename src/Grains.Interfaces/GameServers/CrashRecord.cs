namespace Gsp.GameServers;

/// <summary>A game container that exited while it should have been running.</summary>
[GenerateSerializer, Immutable]
public sealed record CrashRecord([property: Id(0)] DateTimeOffset At, [property: Id(1)] int ExitCode, [property: Id(2)] bool OutOfMemory);
