using Gsp.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Gsp.Tests.Foundation;

public sealed class GspConnectionStringTests
{
    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_silos_bound()
    {
        var read = GspConnectionString.Read(Configuration("Host=db;Database=gsp;Username=gsp;Password=secret"));

        var builder = new NpgsqlConnectionStringBuilder(read);
        Assert.Equal(GspConnectionString.DefaultMaxPoolSize, builder.MaxPoolSize);
        Assert.Equal(("db", "gsp", "gsp", "secret"), (builder.Host, builder.Database, builder.Username, builder.Password));
    }

    [Theory]
    [InlineData("Maximum Pool Size=50", 50)]
    [InlineData("MaxPoolSize=7", 7)]
    [InlineData("maximum pool size=120", 120)]
    public void A_pool_size_the_operator_set_is_kept(string setting, int expected)
    {
        var read = GspConnectionString.Read(Configuration($"Host=db;Database=gsp;{setting}"));

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(read).MaxPoolSize);
    }

    private static IConfiguration Configuration(string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Gsp"] = connectionString }).Build();
}
