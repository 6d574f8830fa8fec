using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RethinkDb.Extensions.Hosting.Tests.Infrastructure;

namespace RethinkDb.Extensions.Hosting.Tests;

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
                ("RethinkDb:HealthCheck:Enabled", "false"),
                ("RethinkDb:HealthCheck:Timeout", "0.5"),
                ("RethinkDb:HealthCheck:NewConnectionPerProbe", "true"));
            using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

            var options = provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value;

            Assert.Equal("rethink.internal", options.Host);
            Assert.Equal(28016, options.Port);
            Assert.Equal("marvel", options.Db);
            Assert.Equal("bob", options.User);
            Assert.Equal("p4ss", options.Password);
            Assert.Equal(20, options.Timeout);
            Assert.NotNull(options.Ssl);
            Assert.True(options.Ssl.Enabled);
            Assert.Equal(caFile, options.Ssl.CaCerts);
            Assert.Equal("rethink.example", options.Ssl.TargetHost);
            Assert.Equal(7, options.MaxConnections);
            Assert.False(options.HealthCheck.Enabled);
            Assert.Equal(0.5, options.HealthCheck.Timeout);
            Assert.True(options.HealthCheck.NewConnectionPerProbe);

            var connection = options.ToConnectionOptions();
            Assert.Equal(TimeSpan.FromSeconds(20), connection.Timeout); // seconds, not 20 days
            Assert.Equal(caFile, connection.Ssl?.CaCerts);
            Assert.Equal("rethink.example", connection.Ssl?.TargetHost);
            Assert.Equal("bob", connection.User);
            Assert.Equal("p4ss", connection.Password);
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    [Fact]
    public void AuthKey_binds_and_becomes_the_drivers_auth_key()
    {
        var configuration = Hosts.Configuration(("RethinkDb:AuthKey", "hunter2"), ("RethinkDb:Timeout", "2.5"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value;

        Assert.Equal("hunter2", options.AuthKey);
        Assert.Equal("hunter2", options.ToConnectionOptions().AuthKey);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.ToConnectionOptions().Timeout);
    }

    [Fact]
    public void Defaults_equal_the_drivers()
    {
        using var provider = Hosts.Build(Hosts.Configuration(), (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value.ToConnectionOptions();
        var driver = new ConnectionOptions();

        Assert.Equal(driver.Host, options.Host);
        Assert.Equal("localhost", options.Host);
        Assert.Equal(driver.Port, options.Port);
        Assert.Equal(28015, options.Port);
        Assert.Equal(driver.Db, options.Db);
        Assert.Equal("test", options.Db);
        Assert.Equal(driver.AuthKey, options.AuthKey);
        Assert.Equal("", options.AuthKey);
        Assert.Equal(driver.User, options.User);
        Assert.Equal(driver.Password, options.Password);
        Assert.Equal(driver.Timeout, options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Null(options.Ssl);
        Assert.Equal(driver.ResumeOnReaderThread, options.ResumeOnReaderThread);
        Assert.True(options.ResumeOnReaderThread);
    }

    [Fact]
    public void ResumeOnReaderThread_binds_and_reaches_the_driver()
    {
        var configuration = Hosts.Configuration(("RethinkDb:ResumeOnReaderThread", "false"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value;

        Assert.False(options.ResumeOnReaderThread);
        Assert.False(options.ToConnectionOptions().ResumeOnReaderThread);
    }

    [Fact]
    public void An_empty_ssl_section_with_enabled_false_means_plain_tcp()
    {
        var configuration = Hosts.Configuration(("RethinkDb:Ssl:Enabled", "false"), ("RethinkDb:Ssl:CaCerts", "/nowhere/ca.crt"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value;

        Assert.Null(options.ToConnectionOptions().Ssl);
        Assert.DoesNotContain(new RethinkDbOptionsValidator().Validate(null, options).Failures ?? [], f => f.Contains("CaCerts", StringComparison.Ordinal));
    }

    [Fact]
    public void Ssl_enabled_without_a_ca_file_uses_the_system_trust_store()
    {
        var configuration = Hosts.Configuration(("RethinkDb:Ssl:Enabled", "true"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var ssl = provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value.ToConnectionOptions().Ssl;

        Assert.NotNull(ssl);
        Assert.Null(ssl.CaCerts);
    }

    [Fact]
    public void Action_overload_configures_in_code()
    {
        using var provider = Hosts.Build(Hosts.Configuration(), (s, _) => s.AddRethinkDb(o =>
        {
            o.Host = "db.local";
            o.Timeout = 3;
        }));

        var options = provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value;

        Assert.Equal("db.local", options.Host);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ToConnectionOptions().Timeout);
    }

    [Fact]
    public void Section_is_applied_first_then_the_action()
    {
        var configuration = Hosts.Configuration(("RethinkDb:Host", "from-config"), ("RethinkDb:Db", "configured"), ("RethinkDb:Port", "1234"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb"), o =>
        {
            Assert.Equal("from-config", o.Host); // the action sees the bound section
            o.Host = "from-action";
        }));

        var options = provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value;

        Assert.Equal("from-action", options.Host);
        Assert.Equal("configured", options.Db);
        Assert.Equal(1234, options.Port);
    }

    [Fact]
    public void ToString_shows_no_secret()
    {
        var options = new RethinkDbOptions
        {
            Host = "h",
            Password = "pa55word-xyz",
            ConnectionString = "rethinkdb://admin:pa55word-xyz@h",
        };

        var text = options.ToString();

        Assert.DoesNotContain("pa55word-xyz", text, StringComparison.Ordinal);
        Assert.Contains("Password=***", text, StringComparison.Ordinal);
        Assert.Contains("Host=h", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_masks_the_auth_key_and_describes_invalid_options_too()
    {
        var options = new RethinkDbOptions { AuthKey = "k3y-xyz-123", Timeout = 1e300 };

        var text = options.ToString();

        Assert.DoesNotContain("k3y-xyz-123", text, StringComparison.Ordinal);
        Assert.Contains("AuthKey=***", text, StringComparison.Ordinal);
        Assert.Contains("Timeout=1E+300s", text, StringComparison.Ordinal);
    }
}
