using Gsp.Hosts;
using Orleans.Runtime;

namespace Gsp.Silo.Hosts;

/// <summary>This host's name is the local silo's name.</summary>
internal sealed class SiloHostIdentity(ILocalSiloDetails silo) : IHostIdentity
{
    public string Name => silo.Name;
}
