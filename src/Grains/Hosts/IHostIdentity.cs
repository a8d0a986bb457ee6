namespace Gsp.Hosts;

/// <summary>
/// The name of the Docker host this silo manages, which is also the silo's name in the cluster. Grains
/// ask this rather than configuration, so that the name placement uses and the name a grain checks
/// can never differ.
/// </summary>
public interface IHostIdentity
{
    string Name { get; }

    /// <summary>
    /// The installation this silo belongs to: generated once per database, the same for every silo and
    /// every restart. Everything the silo creates is labelled with it, and it removes or adopts nothing else.
    /// Throws <see cref="InvalidOperationException"/> until the silo has read it at start.
    /// </summary>
    string InstallationId { get; }
}
