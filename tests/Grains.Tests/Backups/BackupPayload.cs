using System.Security.Cryptography;
using Gsp.Backups;

namespace Gsp.Tests.Backups;

/// <summary>What the target tests store: seeded random bytes (incompressible, reproducible) and the manifest a grain would record.</summary>
internal static class BackupPayload
{
    public const string ServerId = "host-a.0123456789";

    public static async Task<BackupInfo> WriteAsync(Stream sink, string backupId, long bytes, int seed, Func<long, Task>? afterEachMb = null, CancellationToken cancellationToken = default)
    {
        await using var digest = new DigestStream(sink, leaveOpen: true);
        var random = new Random(seed);
        var block = new byte[1024 * 1024];
        for (long done = 0; done < bytes; done += block.Length)
        {
            random.NextBytes(block);
            await digest.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, bytes - done)), cancellationToken);
            if (afterEachMb is not null)
            {
                await afterEachMb(done + block.Length);
            }
        }

        return Manifest(backupId, digest.Count, digest.FinishHash());
    }

    public static BackupInfo Manifest(string backupId, long size, string sha256) => new()
    {
        Id = backupId,
        ServerId = ServerId,
        OwnerId = "user-1",
        CreatedAt = DateTimeOffset.UtcNow,
        SizeBytes = size,
        Sha256 = sha256,
        Reason = BackupReason.Manual,
        RequestedBy = "user-1",
        DataPath = "/data",
    };

    public static async Task<(long Size, string Sha256)> ReadAsync(Stream stream)
    {
        await using var _ = stream;
        using var sha = SHA256.Create();
        var size = 0L;
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            sha.TransformBlock(buffer, 0, read, null, 0);
            size += read;
        }

        sha.TransformFinalBlock([], 0, 0);
        return (size, Convert.ToHexStringLower(sha.Hash!));
    }
}
