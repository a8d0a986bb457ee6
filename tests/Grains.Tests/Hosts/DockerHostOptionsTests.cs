using Gsp.Containers;
using Gsp.Hosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gsp.Tests.Hosts;

public sealed class DockerHostOptionsTests
{
    [Fact]
    public void Declared_capacity_and_port_range_are_read_from_configuration()
    {
        var options = Bind(new()
        {
            ["Gsp:Host:MemoryMb"] = "2048", ["Gsp:Host:Cpus"] = "1.5", ["Gsp:Host:PublicPortFirst"] = "30000", ["Gsp:Host:PublicPortLast"] = "30009",
            ["Gsp:Host:MemoryOvercommit"] = "1.5", ["Gsp:Host:CpuOvercommit"] = "4",
        });

        var registration = options.ToRegistration("host-a");

        Assert.Equal(new HostCapacity(2048, 1.5m, 30000, 30009) { MemoryOvercommit = 1.5m, CpuOvercommit = 4m }, registration.Capacity);
        Assert.Equal(10, registration.Capacity.Ports);
        Assert.Equal(3072, registration.Capacity.MemoryBudgetMb);
        Assert.Equal(6m, registration.Capacity.CpuBudget);
    }

    [Fact]
    public void Over_commit_defaults_to_none_for_memory_and_twice_for_cpus()
    {
        var capacity = Bind(new() { ["Gsp:Host:MemoryMb"] = "1000", ["Gsp:Host:Cpus"] = "2" }).ToRegistration("host-a").Capacity;

        Assert.Equal(1000, capacity.MemoryBudgetMb);
        Assert.Equal(4m, capacity.CpuBudget);
    }

    [Theory]
    [InlineData("Gsp:Host:MemoryMb", "0", "MemoryMb")]
    [InlineData("Gsp:Host:Cpus", "0", "Cpus")]
    [InlineData("Gsp:Host:PublicPortLast", "25000", "PublicPortLast")]
    [InlineData("Gsp:Host:MemoryOvercommit", "0.5", "MemoryOvercommit")]
    [InlineData("Gsp:Host:CpuOvercommit", "1000", "CpuOvercommit")]
    public void Invalid_capacity_or_an_empty_port_range_is_refused_naming_the_key(string key, string value, string named)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(named, failure.Message);
    }

    private static DockerHostOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddDockerContainerRuntime();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DockerHostOptions>>().Value;
    }
}
