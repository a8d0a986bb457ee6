using System.Globalization;

namespace Gsp.DemoGame.World;

/// <summary>
/// The data folder: <c>starts.log</c> gains a line per start and <c>world.dat</c> holds the tick counter.
/// Saves write a temporary file and rename it over the old one, so a kill mid-save (the platform's
/// hard stop) leaves either the old or the new world, never a torn one.
/// </summary>
public sealed class WorldStore(string dataDirectory, TimeProvider time)
{
    public const string WorldFileName = "world.dat";
    public const string StartsFileName = "starts.log";

    private const string Magic = "GSP demo world";
    private const string TickKey = "tick=";

    private readonly Lock _gate = new();

    public string WorldPath => Path.Combine(dataDirectory, WorldFileName);

    /// <summary>Records the start and returns the saved tick (0 for a new or unreadable world).</summary>
    public long Open()
    {
        Directory.CreateDirectory(dataDirectory);
        File.AppendAllText(Path.Combine(dataDirectory, StartsFileName), $"{Timestamp()} start{Environment.NewLine}");
        if (!File.Exists(WorldPath))
        {
            Save(0);
            return 0;
        }

        return ParseTick(File.ReadAllLines(WorldPath));
    }

    public void Save(long tick)
    {
        var temporary = WorldPath + ".tmp";
        lock (_gate)
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            using (var writer = new StreamWriter(file))
            {
                writer.Write($"{Magic}\n{TickKey}{tick}\nsaved={Timestamp()}\n");
                writer.Flush();
                // Durable before the rename, otherwise a crash could publish an empty file.
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, WorldPath, overwrite: true);
        }
    }

    /// <summary>Reads the tick a saved world holds; 0 when the file is not one of ours.</summary>
    public static long ParseTick(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            if (line.StartsWith(TickKey, StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(TickKey.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var tick))
            {
                return tick;
            }
        }

        return 0;
    }

    private string Timestamp() => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}
