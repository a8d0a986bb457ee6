using System.Globalization;

namespace Gsp.Proxy.Diagnostics;

/// <summary>
/// One line per event: <c>2026-01-01T00:00:00.000Z INFO message</c>. Hand-written rather than
/// Microsoft.Extensions.Logging because the proxy is a tiny NativeAOT binary with a handful of messages;
/// callers must never pass the token.
/// </summary>
public sealed class ProxyLog(TextWriter writer, TimeProvider time)
{
    private readonly TextWriter writer = TextWriter.Synchronized(writer);

    public static ProxyLog Console { get; } = new(System.Console.Out, TimeProvider.System);

    public void Info(string message) => Write("INFO", message);

    public void Warn(string message) => Write("WARN", message);

    public void Error(string message) => Write("ERROR", message);

    private void Write(string level, string message) =>
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {level} {message}"));
}
