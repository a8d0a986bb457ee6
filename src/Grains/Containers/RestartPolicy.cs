namespace Gsp.Containers;

/// <summary>What the engine does when a container exits by itself.</summary>
public enum RestartPolicy
{
    /// <summary>Nothing: the platform decides (game containers, so a crash is seen and recorded).</summary>
    Never,

    /// <summary>Restart unless stopped on purpose (sidecar proxies, which must always run).</summary>
    UnlessStopped,
}
