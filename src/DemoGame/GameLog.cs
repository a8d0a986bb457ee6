namespace Gsp.DemoGame;

/// <summary>
/// One line per event on stdout. Each line is flushed as written so <c>docker logs -f</c> and tests
/// reading the process output see events live rather than when a buffer fills.
/// </summary>
public sealed class GameLog(TextWriter output, TimeProvider time)
{
    private readonly Lock _gate = new();

    public void Write(string message)
    {
        var line = $"{time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {message}";
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
