using Gsp.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gsp.Containers;

public static class ContainerRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DockerContainerRuntime"/> as the singleton <see cref="IContainerRuntime"/>, on
    /// the engine that <see cref="DockerHostOptions"/> (section <c>Gsp:Host</c>) names; the options are
    /// validated at start, so a malformed endpoint or API version stops the silo before it serves.
    /// The container owns the runtime, and disposes it (and its Docker client) at shutdown.
    /// </summary>
    public static IServiceCollection AddDockerContainerRuntime(this IServiceCollection services)
    {
        services.AddOptions<DockerHostOptions>()
            .BindConfiguration(DockerHostOptions.SectionName)
            .ValidateOnStart();

        // Source-generated validation of the data annotations: the reflection-based
        // ValidateDataAnnotations() lives in a package this project does not reference.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DockerHostOptions>, DockerHostOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IContainerRuntime, DockerContainerRuntime>();
        return services;
    }
}

/// <summary>Checks <see cref="DockerHostOptions"/> against its data annotations, generated at compile time.</summary>
[OptionsValidator]
internal sealed partial class DockerHostOptionsValidator : IValidateOptions<DockerHostOptions>;
