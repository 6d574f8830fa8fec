using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RethinkDb.Extensions.Hosting.Tests.Infrastructure;
using RethinkDb.Testing;

namespace RethinkDb.Extensions.Hosting.Tests;

/// <summary>The data source the hosting package registers: settings bound onto Core's options, callbacks, switches.</summary>
public sealed class DataSourceRegistrationTests
{
    [Fact]
    public async Task Every_key_reaches_the_data_sources_options()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var configuration = Hosts.Configuration(Hosts.ServerSection(server, "RethinkDb",
            ("Db", "marvel"), ("MaxConnections", "7"), ("Timeout", "12"), ("ReconnectDelay", "0.5"), ("MaxReconnectDelay", "3"),
            ("ResumeOnReaderThread", "false"), ("DisableTracing", "true"), ("DisableMetrics", "true")));
        await using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.ToConnectionOptions();
        var dataSource = provider.GetRequiredService<RethinkDbDataSource>();

        Assert.Equal(7, options.MaxConnections);
        Assert.Equal(TimeSpan.FromSeconds(12), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(0.5), options.ReconnectDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), options.MaxReconnectDelay);
        Assert.False(options.ResumeOnReaderThread);
        Assert.False(options.EnableTracing);
        Assert.False(options.EnableMetrics);
        Assert.Equal(7, dataSource.MaxConnections);
        Assert.Equal("marvel", dataSource.Db);
        Assert.Equal("rethinkdb", dataSource.Name);
        Assert.Equal(server.Port, dataSource.Port);
    }

    [Theory]
    [InlineData("ReconnectDelay", "0", "RethinkDb:ReconnectDelay must be a positive number of seconds (was 0).")]
    [InlineData("MaxReconnectDelay", "0.1", "RethinkDb:MaxReconnectDelay must be at least RethinkDb:ReconnectDelay (0.25 seconds; was 0.1).")]
    [InlineData("MaxConnections", "1025", "RethinkDb:MaxConnections must be between 1 and 1024 (was 1025).")]
    public void New_keys_are_validated_by_the_core_naming_the_key(string key, string value, string message)
    {
        var configuration = Hosts.Configuration(($"RethinkDb:{key}", value));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value);

        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public async Task The_configure_callback_sees_the_builder_before_the_data_source_is_built()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var json = new JsonSerializerOptions(JsonSerializerDefaults.General) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var configuration = Hosts.Configuration(Hosts.ServerSection(server));
        RethinkDbDataSourceBuilder? seen = null;
        await using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb"), b =>
        {
            seen = b;
            b.UseJsonSerializerOptions(json);
        }));

        var dataSource = provider.GetRequiredService<RethinkDbDataSource>();
        var written = await R.Expr(new SnakeCased(3)).RunAsync<JsonElement>(dataSource);

        Assert.NotNull(seen);
        Assert.Equal(server.Port, seen.ConnectionOptions.Port); // the bound settings were there already
        Assert.Equal(3, written.GetProperty("some_value").GetInt32());
    }

    [Fact]
    public async Task A_callback_that_makes_a_setting_invalid_names_the_data_source()
    {
        await using var provider = Hosts.Build(Hosts.Configuration(), (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb"), b => b.ConnectionOptions.MaxConnections = 0));

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<RethinkDbDataSource>());

        Assert.Contains("'rethinkdb'", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConnections must be between 1 and 1024", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisableHealthChecks_registers_no_check()
    {
        await using var provider = Hosts.Build(Hosts.Configuration(("RethinkDb:DisableHealthChecks", "true")),
            (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        Assert.Empty(provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
    }

    [Fact]
    public async Task The_Aspire_style_entry_reads_its_connection_string_and_settings_section()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rethinkdb"] = $"rethinkdb://{server.Host}:{server.Port}/marvel",
            ["Aspire:RethinkDb:MaxConnections"] = "2",
            ["Aspire:RethinkDb:HealthCheck:Timeout"] = "5",
        });
        builder.AddRethinkDbDataSource("rethinkdb");
        builder.AddKeyedRethinkDbDataSource("analytics", o => o.Connection.Port = server.Port, b => b.Name = "custom_name");
        using var host = builder.Build();

        var dataSource = host.Services.GetRequiredService<RethinkDbDataSource>();
        var keyed = host.Services.GetRequiredKeyedService<RethinkDbDataSource>("analytics");
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "rethinkdb");

        Assert.Equal("marvel", dataSource.Db);
        Assert.Equal(2, dataSource.MaxConnections);
        Assert.Equal(HealthStatus.Healthy, report.Entries["rethinkdb"].Status);
        Assert.Equal(1, await R.Expr(1).RunAsync<int>(dataSource));
        Assert.Equal("custom_name", keyed.Name);
        Assert.Equal(server.Port, keyed.Port);
    }

    [Fact]
    public void The_configuration_schema_lists_every_bindable_key()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ConfigurationSchema.json")));
        var settings = schema.RootElement.GetProperty("definitions").GetProperty("rethinkDbSettings").GetProperty("properties");

        foreach (var key in RethinkDbSettingsBinder.Keys)
        {
            var node = settings;
            foreach (var part in key.Split(':'))
            {
                Assert.True(node.TryGetProperty(part, out var child), $"ConfigurationSchema.json lacks {key}.");
                node = child.TryGetProperty("properties", out var nested) ? nested : child;
            }
        }
        // And nothing the binder does not read.
        foreach (var property in settings.EnumerateObject())
        {
            Assert.Contains(RethinkDbSettingsBinder.Keys, k => k == property.Name || k.StartsWith(property.Name + ":", StringComparison.Ordinal));
        }
    }

    private sealed record SnakeCased(int SomeValue);
}
