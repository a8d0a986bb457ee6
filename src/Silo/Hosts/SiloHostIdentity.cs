using Gsp.Hosts;
using Orleans.Runtime;

namespace Gsp.Silo.Hosts;

/// <summary>This host's name is the local silo's name; its installation is the database's.</summary>
internal sealed class SiloHostIdentity(ILocalSiloDetails silo, InstallationReader installation) : IHostIdentity
{
    public string Name => silo.Name;

    public string InstallationId => installation.Id;
}
