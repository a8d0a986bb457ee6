using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Gsp.Hosts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gsp.Containers;

/// <summary>
/// <see cref="IContainerRuntime"/> on a Docker engine, through Docker.DotNet. Engine errors become
/// <see cref="ContainerRuntimeException"/> (or <see cref="ContainerRuntimeUnavailableException"/> when the
/// engine does not answer) with a one-line reason; "not found" and "already exists" answers are turned
/// into the no-ops the interface promises. Streams (logs, events, pulls) live in
/// <c>DockerContainerRuntime.Streams.cs</c>, error translation in <c>DockerContainerRuntime.Errors.cs</c>.
/// </summary>
public sealed partial class DockerContainerRuntime : IContainerRuntime, IDisposable
{
    // A removal the engine already has in hand answers 409; waiting for it to finish is what makes
    // "remove, then create the same name" safe. Removal of even a large container takes well under this.
    private static readonly TimeSpan RemovalWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RemovalPoll = TimeSpan.FromMilliseconds(100);

    private readonly DockerClient _client;
    private readonly string _endpoint;
    private readonly TimeProvider _time;
    private readonly ILogger<DockerContainerRuntime> _logger;
    private readonly SubnetPool _subnets;

    public DockerContainerRuntime(IOptions<DockerHostOptions> options, TimeProvider time, ILogger<DockerContainerRuntime> logger)
    {
        var host = options.Value;
        _endpoint = host.DockerEndpoint;
        _time = time;
        _logger = logger;
        _subnets = host.Subnets();
        _client = new DockerClientConfiguration(new Uri(host.DockerEndpoint)).CreateClient(new System.Version(host.DockerApiVersion));

        // Docker.DotNet's own 100 s timeout would also cut short a legitimately long stop; every call
        // goes through InvokeAsync instead, which sets a deadline that fits the call.
        _client.DefaultTimeout = Timeout.InfiniteTimeSpan;
    }

    public Task<ContainerEngineInfo> PingAsync(CancellationToken cancellationToken) =>
        InvokeAsync("ask the engine its version", async ct =>
        {
            var version = await _client.System.GetVersionAsync(ct);
            return new ContainerEngineInfo(version.Version, version.APIVersion, version.Os);
        }, cancellationToken);

    public Task EnsureNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken) =>
        InvokeAsync($"create network {spec.Name}", ct => CreateNetworkFromPoolAsync(spec, ct), cancellationToken);

    public Task RemoveNetworkAsync(string name, CancellationToken cancellationToken) =>
        InvokeAsync($"remove network {name}", async ct =>
        {
            // By id, because the engine resolves a name it does not know as an id prefix, and would
            // remove some other network whose id happens to start with these characters.
            if (await LookUpNetworkIdAsync(name, ct) is not { } id)
            {
                return;
            }

            try
            {
                await _client.Networks.DeleteNetworkAsync(id, ct);
                LogNetworkRemoved(name);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }, cancellationToken);

    public Task<bool> NetworkExistsAsync(string name, CancellationToken cancellationToken) =>
        InvokeAsync($"look up network {name}", async ct => await LookUpNetworkIdAsync(name, ct) is not null, cancellationToken);

    public Task<string?> FindNetworkIdAsync(string name, CancellationToken cancellationToken) =>
        InvokeAsync($"look up network {name}", ct => LookUpNetworkIdAsync(name, ct), cancellationToken);

    public Task EnsureVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        InvokeAsync($"create volume {name}", async ct =>
        {
            // The engine answers a create of an existing volume with that volume (its labels untouched),
            // so this is idempotent without a lookup.
            await _client.Volumes.CreateAsync(new VolumesCreateParameters
            {
                Name = name,
                Driver = "local",
                Labels = new Dictionary<string, string>(labels),
            }, ct);
            LogVolumeEnsured(name);
        }, cancellationToken);

    public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken) =>
        InvokeAsync($"remove volume {name}", async ct =>
        {
            try
            {
                await _client.Volumes.RemoveAsync(name, force: false, ct);
                LogVolumeRemoved(name);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }, cancellationToken);

    public Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) =>
        InvokeAsync($"inspect image {image}", async ct =>
        {
            try
            {
                await _client.Images.InspectImageAsync(image, ct);
                return true;
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }, cancellationToken);

    public Task CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken) =>
        InvokeAsync($"create container {spec.Name}", async ct =>
        {
            var address = spec is { AddressIndex: { } index, Network: { } network } ? await FixedAddressAsync(network, index, ct) : null;
            await _client.Containers.CreateContainerAsync(DockerMapping.ToCreateParameters(spec, address), ct);
            LogContainerCreated(spec.Name, spec.Image);
        }, cancellationToken);

    public Task StartContainerAsync(string name, CancellationToken cancellationToken) =>
        InvokeAsync($"start container {name}", async ct =>
        {
            // False means 304: it was already running.
            if (await _client.Containers.StartContainerAsync(name, new ContainerStartParameters(), ct))
            {
                LogContainerStarted(name);
            }
        }, cancellationToken);

    public Task StopContainerAsync(string name, TimeSpan grace, CancellationToken cancellationToken) =>
        InvokeAsync($"stop container {name}", async ct =>
        {
            try
            {
                var seconds = (uint)Math.Ceiling(Math.Max(0, grace.TotalSeconds));
                if (await _client.Containers.StopContainerAsync(name, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, ct))
                {
                    LogContainerStopped(name);
                }
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // A container that does not exist is not running either.
            }
        }, cancellationToken, grace);

    public Task RemoveContainerAsync(string name, CancellationToken cancellationToken) =>
        InvokeAsync($"remove container {name}", async ct =>
        {
            try
            {
                // RemoveVolumes only removes the anonymous volumes an image's VOLUME lines create, which
                // would otherwise leak; named volumes (a server's data) are never touched by it.
                await _client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct);
                LogContainerRemoved(name);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                LogRemovalAlreadyInProgress(name);
                await WaitUntilGoneAsync(name, ct);
            }
        }, cancellationToken, RemovalWait);

    public Task<ContainerState?> InspectContainerAsync(string name, CancellationToken cancellationToken) =>
        InvokeAsync($"inspect container {name}", async ct =>
        {
            try
            {
                return DockerMapping.ToState(await _client.Containers.InspectContainerAsync(name, ct));
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken);

    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        InvokeAsync<IReadOnlyList<ContainerSummary>>("list containers", async ct =>
        {
            var found = await _client.Containers.ListContainersAsync(new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = LabelFilter(labels) },
            }, ct);
            return found
                .Select(c => new ContainerSummary(
                    c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID,
                    c.State == "running",
                    c.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(c.Labels)))
                .ToList();
        }, cancellationToken);

    public void Dispose() => _client.Dispose();

    private async Task<string?> LookUpNetworkIdAsync(string name, CancellationToken ct)
    {
        // The engine's name filter matches substrings, so "gsp-1" would also find "gsp-12".
        var candidates = await _client.Networks.ListNetworksAsync(new NetworksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
        }, ct);
        return candidates.FirstOrDefault(n => n.Name == name)?.ID;
    }

    private async Task WaitUntilGoneAsync(string name, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await _client.Containers.InspectContainerAsync(name, ct);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            await Task.Delay(RemovalPoll, _time, ct);
        }
    }

    private static Dictionary<string, bool> LabelFilter(IReadOnlyDictionary<string, string> labels) =>
        labels.ToDictionary(l => $"{l.Key}={l.Value}", _ => true);
}
