namespace Gsp.Hosts;

/// <summary>
/// The name of the Docker host this silo manages, which is also the silo's name in the cluster. Grains
/// ask this rather than configuration, so that the name placement uses and the name a grain checks
/// can never differ.
/// </summary>
public interface IHostIdentity
{
    string Name { get; }
}
