using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RethinkDb;
using RethinkDb.Extensions.Hosting;

namespace WebApi.Tests;

/// <summary>appsettings.example.json at the repository root documents every key the options bind, with the defaults.</summary>
public class AppSettingsExampleTests
{
    private static readonly string ExamplePath = Path.Combine(RepositoryTests.FindRoot(), "appsettings.example.json");

    [Fact]
    public void Every_value_of_the_example_arrives_in_the_options_and_equals_the_driver_default()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(ExamplePath).Build();
        var services = new ServiceCollection();
        services.AddRethinkDb(configuration.GetSection("RethinkDb"));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value;
        var driver = new ConnectionOptions();

        Assert.Equal(driver.Host, options.Host);
        Assert.Equal(driver.Port, options.Port);
        Assert.Equal(driver.Db, options.Db);
        Assert.Equal(driver.AuthKey, options.AuthKey);
        Assert.Equal(driver.User, options.User);
        Assert.Equal("", options.Password);
        Assert.Equal(driver.Timeout.TotalSeconds, options.Timeout);
        Assert.NotNull(options.Ssl);
        Assert.False(options.Ssl.Enabled);
        Assert.Equal("", options.Ssl.CaCerts);
        Assert.Equal("", options.Ssl.TargetHost);
        Assert.Equal("", options.ConnectionString);
        Assert.Equal(RethinkDbOptions.DefaultMaxConnections, options.MaxConnections);
        Assert.True(options.HealthCheck.Enabled);
        Assert.Equal(RethinkDbHealthCheckOptions.DefaultTimeoutSeconds, options.HealthCheck.Timeout);
        Assert.False(options.HealthCheck.NewConnectionPerProbe);

        // With the example as it is, the driver connects exactly as with its own defaults.
        var effective = options.ToConnectionOptions(null);
        Assert.Equal(driver.ToString(), effective.ToString());
    }

    [Fact]
    public void The_example_names_every_settable_option()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(ExamplePath).Build();
        var section = configuration.GetSection("RethinkDb");
        AssertHasEveryKey(section, typeof(RethinkDbOptions));
    }

    private static void AssertHasEveryKey(IConfigurationSection section, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var child = section.GetSection(property.Name);
            Assert.True(child.Exists(), $"appsettings.example.json lacks {child.Path}");
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                AssertHasEveryKey(child, property.PropertyType);
            }
        }
    }
}
