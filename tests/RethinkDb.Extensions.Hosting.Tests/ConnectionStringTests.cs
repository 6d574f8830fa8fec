using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RethinkDb.Extensions.Hosting.Tests.Infrastructure;

namespace RethinkDb.Extensions.Hosting.Tests;

public sealed class ConnectionStringTests
{
    // The forms and bad forms of the string itself: RethinkDb.Core.Tests' ConnectionStringParsingTests.

    [Fact]
    public void Only_the_parts_in_the_string_override_the_section()
    {
        var configuration = Hosts.Configuration(
            ("RethinkDb:Port", "1234"), ("RethinkDb:Db", "kept"), ("RethinkDb:Hosts:0", "replaced"),
            ("RethinkDb:ConnectionString", "rethinkdb://only-host"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection;

        Assert.Equal("only-host", options.Host);
        Assert.Empty(options.Hosts); // one host in the string names the one server
        Assert.Equal(1234, options.Port);
        Assert.Equal("kept", options.Db);
        Assert.Equal("admin", options.User);
        Assert.Null(options.Ssl);
    }

    [Fact]
    public void Several_hosts_in_ConnectionStrings_rethinkdb_set_Hosts()
    {
        var configuration = Hosts.Configuration(
            ("ConnectionStrings:rethinkdb", "rethinkdb://app:pw@rethink-0,rethink-1:28016,[::1]:28017/marvel"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection;

        Assert.Equal(["rethink-0", "rethink-1:28016", "[::1]:28017"], options.Hosts);
        Assert.Equal("marvel", options.Db);
        Assert.Equal("app", options.User);
        Assert.Equal("pw", options.Password);
    }

    [Fact]
    public void Ssl_false_turns_tls_off()
    {
        var configuration = Hosts.Configuration(("RethinkDb:Ssl:Enabled", "true"), ("RethinkDb:ConnectionString", "rethinkdb://h?ssl=false"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        Assert.Null(provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection.Ssl);
    }

    [Fact]
    public void ConnectionStrings_rethinkdb_of_the_application_configures_the_default_instance()
    {
        var configuration = Hosts.Configuration(
            ("RethinkDb:Host", "ignored-host"),
            ("RethinkDb:Db", "kept-db"),
            ("ConnectionStrings:rethinkdb", "rethinkdb://admin:pw@cs-host:29015"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection;

        Assert.Equal("cs-host", options.Host);
        Assert.Equal(29015, options.Port);
        Assert.Equal("kept-db", options.Db); // not in the string: the section's value stays
        Assert.Equal("pw", options.Password);
    }

    [Fact]
    public void ConnectionStrings_with_the_service_key_configures_a_keyed_instance()
    {
        var configuration = Hosts.Configuration(
            ("ConnectionStrings:rethinkdb", "rethinkdb://default-host"),
            ("ConnectionStrings:analytics", "rethinkdb://analytics-host/stats"));
        using var provider = Hosts.Build(configuration, (s, c) =>
        {
            s.AddRethinkDb(c.GetSection("RethinkDb"));
            s.AddKeyedRethinkDb("analytics", c.GetSection("Analytics"));
        });

        var monitor = provider.GetRequiredService<IOptionsMonitor<RethinkDbSettings>>();

        Assert.Equal("default-host", monitor.Get(Options.DefaultName).Connection.Host);
        Assert.Equal("analytics-host", monitor.Get("analytics").Connection.Host);
        Assert.Equal("stats", monitor.Get("analytics").Connection.Db);
    }

    [Fact]
    public void The_sections_ConnectionString_key_is_accepted()
    {
        var configuration = Hosts.Configuration(("RethinkDb:ConnectionString", "rethinkdb://section-host:1/db1"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection;

        Assert.Equal("section-host", options.Host);
        Assert.Equal(1, options.Port);
        Assert.Equal("db1", options.Db);
    }

    [Fact]
    public void An_invalid_connection_string_fails_validation_naming_its_key()
    {
        var configuration = Hosts.Configuration(("ConnectionStrings:rethinkdb", "rethinkdb://admin:hunter2@h?colour=blue"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value);

        Assert.Equal(["ConnectionStrings:rethinkdb is not a valid rethinkdb:// connection string: unknown parameter 'colour' (known: timeout, ssl, caCerts, authKey)."],
            error.Failures);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
