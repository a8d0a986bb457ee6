namespace Gsp.GameServers;

/// <summary>What every Docker object of a server is labelled with.</summary>
public sealed record ServerLabels(string ServerId, string OwnerId, string HostName, string ServiceId, IReadOnlyDictionary<string, string> Extra);
