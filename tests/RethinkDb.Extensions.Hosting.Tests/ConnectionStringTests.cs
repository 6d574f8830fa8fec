using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RethinkDb.Extensions.Hosting.Tests.Infrastructure;

namespace RethinkDb.Extensions.Hosting.Tests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Every_part_of_the_uri_applies()
    {
        var caFile = Path.GetTempFileName();
        try
        {
            var options = Apply($"rethinkdb://bob:s%40cret%3Ax@rethink.internal:28016/marvel?timeout=7.5&ssl=true&caCerts={Uri.EscapeDataString(caFile)}");

            Assert.Null(options.ConnectionStringError);
            Assert.Equal("bob", options.User);
            Assert.Equal("s@cret:x", options.Password);
            Assert.Equal("rethink.internal", options.Host);
            Assert.Equal(28016, options.Port);
            Assert.Equal("marvel", options.Db);
            Assert.Equal(7.5, options.Timeout);
            Assert.True(options.Ssl?.Enabled);
            Assert.Equal(caFile, options.Ssl?.CaCerts);
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    [Fact]
    public void Only_the_host_is_required_and_other_settings_stay()
    {
        var options = new RethinkDbOptions { Port = 1234, Db = "kept", ConnectionString = "rethinkdb://only-host" };

        RethinkDbConnectionString.Apply(options);

        Assert.Null(options.ConnectionStringError);
        Assert.Equal("only-host", options.Host);
        Assert.Equal(1234, options.Port);
        Assert.Equal("kept", options.Db);
        Assert.Equal("admin", options.User);
        Assert.Null(options.Ssl);
    }

    [Fact]
    public void Ipv6_hosts_and_auth_keys_are_understood()
    {
        var options = Apply("rethinkdb://[::1]:28015/test?authKey=k3y");

        Assert.Null(options.ConnectionStringError);
        Assert.Equal("::1", options.Host);
        Assert.Equal("k3y", options.AuthKey);
    }

    [Fact]
    public void Ssl_false_turns_tls_off()
    {
        var options = new RethinkDbOptions { Ssl = new RethinkDbSslOptions(), ConnectionString = "rethinkdb://h?ssl=false" };

        RethinkDbConnectionString.Apply(options);

        Assert.Null(options.ToConnectionOptions().Ssl);
    }

    [Theory]
    [InlineData("postgres://h", "it must start with rethinkdb://")]
    [InlineData("rethinkdb://h?timeout=soon", "the timeout parameter must be a number of seconds")]
    [InlineData("rethinkdb://h?ssl=maybe", "the ssl parameter must be true or false")]
    [InlineData("rethinkdb://h/a/b", "the path must be a single database name")]
    [InlineData("rethinkdb://admin:topsecret@h?pasword=topsecret", "unknown parameter 'pasword'")]
    // The whole part would be the "name": an escaped '=', another separator, no separator, digits, a long run.
    [InlineData("rethinkdb://h?authKey%3Dtopsecret", "an unknown parameter (known: ")]
    [InlineData("rethinkdb://h?authKey:topsecret", "an unknown parameter (known: ")]
    [InlineData("rethinkdb://h?ssl=true&topsecret", "an unknown parameter (known: ")]
    [InlineData("rethinkdb://h?topsecret9=x", "an unknown parameter (known: ")]
    [InlineData("rethinkdb://h?topsecretTopsecretTopsecretTopsecret=x", "an unknown parameter (known: ")]
    [InlineData("rethinkdb://admin:top#secret@h", "percent-encode")]
    public void Invalid_strings_are_reported_without_their_content(string connectionString, string reason)
    {
        var before = new RethinkDbOptions();
        var options = new RethinkDbOptions { ConnectionString = connectionString, ConnectionStringSource = "ConnectionStrings:rethinkdb" };

        RethinkDbConnectionString.Apply(options);

        Assert.NotNull(options.ConnectionStringError);
        Assert.StartsWith("ConnectionStrings:rethinkdb is not a valid rethinkdb:// connection string: ", options.ConnectionStringError, StringComparison.Ordinal);
        Assert.Contains(reason, options.ConnectionStringError, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", options.ConnectionStringError, StringComparison.Ordinal);
        Assert.Equal(before.Host, options.Host); // nothing applied from an invalid string
    }

    [Theory]
    [InlineData("colour", true)]
    [InlineData("max_connections", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEF", true)] // 32
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFG", false)] // 33
    [InlineData("", false)]
    [InlineData("p4ss", false)]
    [InlineData("authKey=hunter", false)]
    [InlineData("authKey:hunter", false)]
    [InlineData("pässword", false)]
    public void Only_plain_names_may_be_echoed(string name, bool plain) =>
        Assert.Equal(plain, RethinkDbConnectionString.IsPlainName(name));

    [Fact]
    public void ConnectionStrings_rethinkdb_of_the_application_configures_the_default_instance()
    {
        var configuration = Hosts.Configuration(
            ("RethinkDb:Host", "ignored-host"),
            ("RethinkDb:Db", "kept-db"),
            ("ConnectionStrings:rethinkdb", "rethinkdb://admin:pw@cs-host:29015"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value;

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

        var monitor = provider.GetRequiredService<IOptionsMonitor<RethinkDbOptions>>();

        Assert.Equal("default-host", monitor.Get(Options.DefaultName).Host);
        Assert.Equal("analytics-host", monitor.Get("analytics").Host);
        Assert.Equal("stats", monitor.Get("analytics").Db);
    }

    [Fact]
    public void The_sections_ConnectionString_key_is_accepted()
    {
        var configuration = Hosts.Configuration(("RethinkDb:ConnectionString", "rethinkdb://section-host:1/db1"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var options = provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value;

        Assert.Equal("section-host", options.Host);
        Assert.Equal(1, options.Port);
        Assert.Equal("db1", options.Db);
    }

    [Fact]
    public void An_invalid_connection_string_fails_validation_naming_its_key()
    {
        var configuration = Hosts.Configuration(("ConnectionStrings:rethinkdb", "rethinkdb://admin:hunter2@h?colour=blue"));
        using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RethinkDbOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("ConnectionStrings:rethinkdb is not a valid rethinkdb:// connection string", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    private static RethinkDbOptions Apply(string connectionString)
    {
        var options = new RethinkDbOptions { ConnectionString = connectionString };
        RethinkDbConnectionString.Apply(options);
        return options;
    }
}
