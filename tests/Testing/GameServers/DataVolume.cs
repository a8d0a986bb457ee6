using System.Formats.Tar;
using System.Security.Cryptography;
using Gsp.Containers;

namespace Gsp.Tests.GameServers;

/// <summary>
/// A game's data folder seen through the engine's archive API, the same way backups see it: filled from a
/// generated tar, and read back as a map of file name to SHA-256, so two readings compare byte for byte.
/// </summary>
public static class DataVolume
{
    /// <summary>
    /// Extracts files of seeded random bytes (incompressible, like a real world's region files) into the
    /// stopped game container's <c>/data</c>. The tar is generated on disk, never whole in memory.
    /// </summary>
    public static async Task FillAsync(IContainerRuntime containers, string container, IReadOnlyDictionary<string, long> files, int seed)
    {
        var tarFile = Path.GetTempFileName();
        try
        {
            await using (var output = File.Create(tarFile))
            await using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
            {
                var random = new Random(seed);
                foreach (var (name, size) in files)
                {
                    var content = Path.GetTempFileName();
                    try
                    {
                        await using (var file = File.Create(content))
                        {
                            var block = new byte[1024 * 1024];
                            for (long done = 0; done < size; done += block.Length)
                            {
                                random.NextBytes(block);
                                await file.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, size - done)));
                            }
                        }

                        await using var data = File.OpenRead(content);
                        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "data/" + name) { DataStream = data, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
                    }
                    finally
                    {
                        File.Delete(content);
                    }
                }
            }

            await using var archive = File.OpenRead(tarFile);
            await containers.WriteArchiveAsync(container, "/", archive, CancellationToken.None);
        }
        finally
        {
            File.Delete(tarFile);
        }
    }

    /// <summary>Every regular file under <c>/data</c>, by path inside the folder, with its size and SHA-256.</summary>
    public static async Task<SortedDictionary<string, (long Size, string Sha256)>> ReadAsync(IContainerRuntime containers, string container)
    {
        var found = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        await using var archive = await containers.ReadArchiveAsync(container, "/data", CancellationToken.None);
        using var tar = new TarReader(archive);
        while (await tar.GetNextEntryAsync(copyData: false) is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                using var sha = SHA256.Create();
                var size = 0L;
                var buffer = new byte[81920];
                int read;
                while ((read = await data.ReadAsync(buffer)) > 0)
                {
                    sha.TransformBlock(buffer, 0, read, null, 0);
                    size += read;
                }

                sha.TransformFinalBlock([], 0, 0);
                found[entry.Name] = (size, Convert.ToHexStringLower(sha.Hash!));
            }
        }

        return found;
    }
}
