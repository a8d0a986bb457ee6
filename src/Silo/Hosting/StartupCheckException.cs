namespace Gsp.Silo.Hosting;

/// <summary>
/// A start-up check failed for a reason the operator can fix (database unreachable, Docker down,
/// configuration wrong). Its message is one line, printed as is instead of a stack trace.
/// </summary>
public sealed class StartupCheckException(string message, Exception? inner = null) : Exception(message, inner);
