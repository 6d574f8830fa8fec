using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RethinkDb.Extensions.Hosting.Tests.Infrastructure;

namespace RethinkDb.Extensions.Hosting.Tests;

/// <summary>The section binds straight onto the core's <see cref="ConnectionOptions"/>, with timeouts in seconds.</summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void Every_key_binds_from_configuration()
    {
        var caFile = Path.GetTempFileName();
        try
        {
            var configuration = Hosts.Configuration(
                ("RethinkDb:Host", "rethink.internal"),
                ("RethinkDb:Port", "28016"),
                ("RethinkDb:Db", "marvel"),
                ("RethinkDb:User", "bob"),
                ("RethinkDb:Password", "p4ss"),
                ("RethinkDb:Timeout", "20"),
                ("RethinkDb:Ssl:CaCerts", caFile),
                ("RethinkDb:Ssl:TargetHost", "rethink.example"),
                ("RethinkDb:MaxConnections", "7"),
                ("RethinkDb:ResumeOnReaderThread", "false"),
                ("RethinkDb:ReconnectDelay", "0.5"),
                ("RethinkDb:MaxReconnectDelay", "3"),
                ("RethinkDb:DisableHealthChecks", "true"),
                ("RethinkDb:DisableTracing", "true"),
                ("RethinkDb:DisableMetrics", "true"),
                ("RethinkDb:HealthCheck:Enabled", "false"),
                ("RethinkDb:HealthCheck:Timeout", "0.5"),
                ("RethinkDb:HealthCheck:NewConnectionPerProbe", "true"));
            using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

            var settings = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value;
            var connection = settings.Connection;

            Assert.Equal("rethink.internal", connection.Host);
            Assert.Equal(28016, connection.Port);
            Assert.Equal("marvel", connection.Db);
            Assert.Equal("bob", connection.User);
            Assert.Equal("p4ss", connection.Password);
            Assert.Equal(TimeSpan.FromSeconds(20), connection.Timeout); // seconds, not 20 days
            Assert.Equal(caFile, connection.Ssl?.CaCerts);
            Assert.Equal("rethink.example", connection.Ssl?.TargetHost);
            Assert.Equal(7, connection.MaxConnections);
            Assert.False(connection.ResumeOnReaderThread);
            Assert.Equal(TimeSpan.FromSeconds(0.5), connection.ReconnectDelay);
            Assert.Equal(TimeSpan.FromSeconds(3), connection.MaxReconnectDelay);
            Assert.True(settings.DisableHealthChecks);
            Assert.True(settings.DisableTracing);
            Assert.True(settings.DisableMetrics);
            Assert.False(settings.HealthCheck.Enabled);
            Assert.Equal(0.5, settings.HealthCheck.Timeout);
            Assert.True(settings.HealthCheck.NewConnectionPerProbe);
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    [Fact]
    public void Hosts_bind_by_index_in_numeric_order()
    {
        var configuration = Hosts.Configuration(
            ("RethinkDb:Hosts:0", "rethink-0"),
            ("RethinkDb:Hosts:1", "rethink-1:28016"),
            ("RethinkDb:Hosts:2", "[::1]:28017"),
            ("RethinkDb:Hosts:10", "rethink-10"),
            ("RethinkDb:Hosts:9", "rethink-9"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var settings = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value;

        Assert.Equal(["rethink-0", "rethink-1:28016", "[::1]:28017", "rethink-9", "rethink-10"], settings.Connection.Hosts);
    }

    [Fact]
    public void AuthKey_binds_and_becomes_the_drivers_auth_key()
    {
        var configuration = Hosts.Configuration(("RethinkDb:AuthKey", "hunter2"), ("RethinkDb:Timeout", "2.5"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var connection = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection;

        Assert.Equal("hunter2", connection.AuthKey);
        Assert.Equal(TimeSpan.FromSeconds(2.5), connection.Timeout);
    }

    [Fact]
    public void Defaults_equal_the_drivers()
    {
        using var provider = Hosts.Build(Hosts.Configuration(), (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection;

        Assert.Equal(new ConnectionOptions().ToString(), options.ToString());
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Null(options.Ssl);
        Assert.Empty(options.Hosts);
        Assert.True(options.ResumeOnReaderThread);
        Assert.True(options.EnableTracing);
        Assert.True(options.EnableMetrics);
    }

    [Fact]
    public void An_empty_ssl_section_with_enabled_false_means_plain_tcp()
    {
        var configuration = Hosts.Configuration(("RethinkDb:Ssl:Enabled", "false"), ("RethinkDb:Ssl:CaCerts", "/nowhere/ca.crt"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var settings = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value;

        Assert.Null(settings.Connection.Ssl);
    }

    [Fact]
    public void Ssl_enabled_without_a_ca_file_uses_the_system_trust_store()
    {
        var configuration = Hosts.Configuration(("RethinkDb:Ssl:Enabled", "true"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var ssl = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection.Ssl;

        Assert.NotNull(ssl);
        Assert.Null(ssl.CaCerts);
    }

    [Fact]
    public void Action_overload_configures_in_code()
    {
        using var provider = Hosts.Build(Hosts.Configuration(), (s, _) => s.AddRethinkDb(o =>
        {
            o.Connection.Host = "db.local";
            o.Connection.Timeout = TimeSpan.FromSeconds(3);
        }));

        var options = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection;

        Assert.Equal("db.local", options.Host);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
    }

    [Fact]
    public void Section_is_applied_first_then_the_action()
    {
        var configuration = Hosts.Configuration(("RethinkDb:Host", "from-config"), ("RethinkDb:Db", "configured"), ("RethinkDb:Port", "1234"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb"), o =>
        {
            Assert.Equal("from-config", o.Connection.Host); // the action sees the bound section
            o.Connection.Host = "from-action";
        }));

        var options = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection;

        Assert.Equal("from-action", options.Host);
        Assert.Equal("configured", options.Db);
        Assert.Equal(1234, options.Port);
    }

    [Fact]
    public void ToString_shows_no_secret()
    {
        var settings = new RethinkDbSettings
        {
            Connection = new ConnectionOptions { Host = "h", Password = "pa55word-xyz" },
            ConnectionString = "rethinkdb://admin:pa55word-xyz@h",
        };

        var text = settings.ToString();

        Assert.DoesNotContain("pa55word-xyz", text, StringComparison.Ordinal);
        Assert.Contains("Password=***", text, StringComparison.Ordinal);
        Assert.Contains("ConnectionString=***", text, StringComparison.Ordinal);
        Assert.Contains("Host=h", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_masks_the_auth_key()
    {
        var text = new RethinkDbSettings { Connection = new ConnectionOptions { AuthKey = "k3y-xyz-123" } }.ToString();

        Assert.DoesNotContain("k3y-xyz-123", text, StringComparison.Ordinal);
        Assert.Contains("AuthKey=***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_telemetry_switches_reach_the_data_sources_options_only()
    {
        var settings = new RethinkDbSettings { DisableTracing = true };

        var options = settings.ToConnectionOptions();

        Assert.False(options.EnableTracing);
        Assert.True(options.EnableMetrics);
        Assert.True(settings.Connection.EnableTracing); // a copy: the bound options stay as configured
    }
}
