namespace Gsp.Tests.Processes;

/// <summary>What a <c>docker</c> command did: its exit code, and its stdout and stderr, trimmed.</summary>
public sealed record DockerCliResult(int ExitCode, string Output, string Error);
