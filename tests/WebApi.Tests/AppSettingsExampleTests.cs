using System.Text.Json;
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
        var settings = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value;
        var driver = new ConnectionOptions();

        // With the example as it is, the driver connects exactly as with its own defaults.
        Assert.Equal(driver.ToString(), settings.Connection.ToString());
        Assert.Null(settings.Connection.Ssl); // "Ssl": { "Enabled": false, ... }
        Assert.Null(settings.Connection.Password);
        Assert.Equal(driver.ReconnectDelay, settings.Connection.ReconnectDelay);
        Assert.Equal(driver.MaxReconnectDelay, settings.Connection.MaxReconnectDelay);
        Assert.Equal(driver.ResumeOnReaderThread, settings.Connection.ResumeOnReaderThread);
        Assert.Equal("", settings.ConnectionString);
        Assert.False(settings.DisableHealthChecks || settings.DisableTracing || settings.DisableMetrics);
        Assert.True(settings.HealthCheck.Enabled);
        Assert.Equal(RethinkDbHealthCheckOptions.DefaultTimeoutSeconds, settings.HealthCheck.Timeout);
        Assert.False(settings.HealthCheck.NewConnectionPerProbe);
    }

    [Fact]
    public void The_example_names_every_key_of_the_configuration_schema()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(ExamplePath).Build();
        var section = configuration.GetSection("RethinkDb");
        using var schema = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(RepositoryTests.FindRoot(), "src", "RethinkDb.Extensions.Hosting", "ConfigurationSchema.json")));
        AssertHasEveryKey(section, schema.RootElement.GetProperty("definitions").GetProperty("rethinkDbSettings").GetProperty("properties"));
    }

    private static void AssertHasEveryKey(IConfigurationSection section, JsonElement properties)
    {
        foreach (var property in properties.EnumerateObject())
        {
            if (property.Value.GetProperty("type").GetString() == "array")
            {
                continue; // Hosts: an empty list has no key in configuration; the default is Host and Port
            }
            var child = section.GetSection(property.Name);
            Assert.True(child.Exists(), $"appsettings.example.json lacks {child.Path}");
            if (property.Value.TryGetProperty("properties", out var nested))
            {
                AssertHasEveryKey(child, nested);
            }
        }
    }
}
