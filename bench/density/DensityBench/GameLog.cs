using System.Globalization;

namespace Gsp.Bench.Density;

/// <summary>
/// The times a demo game records for itself. Its log lines start with the game's own UTC clock in milliseconds
/// (<c>src/DemoGame/GameLog.cs</c>), the same clock as the host's, since a container shares the kernel:
/// "starting" when its process begins, "listening on …" once its port is bound, "connection from …" at every accept.
/// </summary>
public sealed record GameLog(DateTime? StartedAt, DateTime? ListeningAt, DateTime? FirstAcceptAt)
{
    public static async Task<GameLog> ReadAsync(string container)
    {
        // Only this run's lines: a game that ran before (e.g. while it was deployed) left lines of its own.
        var all = (await Docker.RunAsync("logs", container)).Split('\n');
        var lastStart = Array.FindLastIndex(all, l => l.Contains(" starting, ready in", StringComparison.Ordinal));
        var lines = all[Math.Max(0, lastStart)..];
        return new GameLog(First(lines, "starting, ready in"), First(lines, "listening on"), First(lines, "connection from"));
    }

    private static DateTime? First(string[] lines, string text)
    {
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ');
            if (space > 0 && line.AsSpan(space + 1).StartsWith(text, StringComparison.Ordinal)
                && DateTime.TryParseExact(line[..space], "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            {
                return at;
            }
        }

        return null;
    }
}
