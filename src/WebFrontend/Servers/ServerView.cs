using Gsp.GameServers;

namespace Gsp.WebFrontend.Servers;

/// <summary>
/// A server as a page or the API shows it: its info, or, while its host's silo is down, only its id and
/// host with <see cref="HostOffline"/> set (shown as "host offline", not as an error).
/// </summary>
public sealed record ServerView(string Id, string HostName, GameServerInfo? Info, bool HostOffline)
{
    public string Name => Info?.Name ?? Id;

    /// <summary>Whether there is a server to show: one that was created and not deleted (or whose host is offline).</summary>
    public bool Exists => HostOffline || Info is { Status: not GameServerStatus.Deleted };

    public string StatusText => HostOffline ? "host offline" : Info?.Status switch
    {
        null => "unknown",
        GameServerStatus.BackingUp => "backing up",
        GameServerStatus.Moving => "moving to another host",
        var status => status.Value.ToString().ToLowerInvariant(),
    };

    /// <summary>A backup or restore under way, in words, e.g. "backing up: 12.5 MB"; empty when none.</summary>
    public string BackupText => Info?.BackupProgress is { } p
        ? $"{(p.Operation == Gsp.Backups.BackupOperation.Restore ? "restoring" : "backing up")}: {p.BytesDone / 1048576.0:0.0} MB" + (p.BytesTotal is > 0 and var total ? $" of {total / 1048576.0:0.0} MB" : "")
        : Info?.LastBackupOutcome ?? "";

    /// <summary>What players type to connect, e.g. <c>203.0.113.5:25600</c>; empty until a port is assigned.</summary>
    public string Address => Info is { PublicPort: > 0 } i ? $"{(i.PublicAddress.Length > 0 ? i.PublicAddress : "127.0.0.1")}:{i.PublicPort}" : "";
}
