namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// <see cref="ConnectionOptions.Parse"/> and <see cref="ConnectionOptions.ApplyConnectionString"/>: every form, and
/// every bad form reported without showing the string.
/// </summary>
public sealed class ConnectionStringParsingTests
{
    [Fact]
    public void Every_part_applies()
    {
        var options = ConnectionOptions.Parse("rethinkdb://bob:s%40cret%3Ax@rethink.internal:28016/marvel?timeout=7.5&ssl=true&caCerts=%2Fetc%2Fca.pem");

        Assert.Equal("bob", options.User);
        Assert.Equal("s@cret:x", options.Password);
        Assert.Equal("rethink.internal", options.Host);
        Assert.Equal(28016, options.Port);
        Assert.Empty(options.Hosts);
        Assert.Equal("marvel", options.Db);
        Assert.Equal(TimeSpan.FromSeconds(7.5), options.Timeout);
        Assert.Equal("/etc/ca.pem", options.Ssl?.CaCerts);
    }

    [Fact]
    public void Only_the_host_is_required_and_other_settings_stay()
    {
        var options = new ConnectionOptions { Port = 1234, Db = "kept", Hosts = ["old-0", "old-1"] };

        options.ApplyConnectionString("rethinkdb://only-host");

        Assert.Equal("only-host", options.Host);
        Assert.Equal(1234, options.Port);
        Assert.Empty(options.Hosts);
        Assert.Equal("kept", options.Db);
        Assert.Equal("admin", options.User);
        Assert.Null(options.Password);
        Assert.Null(options.Ssl);
    }

    [Theory]
    [InlineData("rethinkdb://[::1]:28020/test", "::1", 28020)]
    [InlineData("rethinkdb://[::1]", "::1", 28015)]
    [InlineData("RETHINKDB://Host-A:1/", "Host-A", 1)]
    [InlineData("  rethinkdb://10.0.0.7  ", "10.0.0.7", 28015)]
    public void One_host_sets_host_and_port(string connectionString, string host, int port)
    {
        var options = ConnectionOptions.Parse(connectionString);

        Assert.Equal(host, options.Host);
        Assert.Equal(port, options.Port);
        Assert.Empty(options.Hosts);
        options.Validate();
    }

    [Fact]
    public void Several_hosts_set_hosts_with_their_ports()
    {
        var options = ConnectionOptions.Parse("rethinkdb://user:pw@rethink-0,rethink-1:28016,rethink-2,[::1]:28015/db");

        Assert.Equal(["rethink-0", "rethink-1:28016", "rethink-2", "[::1]:28015"], options.Hosts);
        Assert.Equal("db", options.Db);
        Assert.Equal("user", options.User);
        Assert.Equal("pw", options.Password);
        options.Validate();
        Assert.Equal(
            [new HostEntry("rethink-0", 28015), new HostEntry("rethink-1", 28016), new HostEntry("rethink-2", 28015), new HostEntry("::1", 28015)],
            options.SeedHosts());
        Assert.DoesNotContain("pw", options.ToString().Replace("Password=***", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unescaped_slash_in_the_password_stays_in_the_password()
    {
        var options = ConnectionOptions.Parse("rethinkdb://admin:pa/ss@h/db");

        Assert.Equal("pa/ss", options.Password);
        Assert.Equal("h", options.Host);
        Assert.Equal("db", options.Db);
    }

    [Fact]
    public void Auth_keys_ssl_switches_and_user_without_password_are_understood()
    {
        var options = new ConnectionOptions { Ssl = new SslOptions { CaCerts = "/kept.pem" }, Password = "old" };

        options.ApplyConnectionString("rethinkdb://admin@h?authKey=k3y&ssl=true");
        Assert.Equal("k3y", options.AuthKey);
        Assert.Null(options.Password); // the user in the string comes with its (absent) password
        Assert.Equal("/kept.pem", options.Ssl?.CaCerts);

        options.ApplyConnectionString("rethinkdb://h?ssl=false");
        Assert.Null(options.Ssl);

        options.ApplyConnectionString("rethinkdb://h?caCerts=/ca.pem");
        Assert.Equal("/ca.pem", options.Ssl?.CaCerts);
    }

    [Theory]
    [InlineData("postgres://h", "it must start with rethinkdb://")]
    [InlineData("rethinkdb://", "it names no host")]
    [InlineData("rethinkdb:///db", "it names no host")]
    [InlineData("rethinkdb://h?timeout=soon", "the timeout parameter must be a positive number of seconds, at most 4294967")]
    [InlineData("rethinkdb://h?timeout=0", "the timeout parameter must be a positive number of seconds")]
    [InlineData("rethinkdb://h?timeout=NaN", "the timeout parameter must be a positive number of seconds")]
    [InlineData("rethinkdb://h?timeout=1e300", "the timeout parameter must be a positive number of seconds")]
    [InlineData("rethinkdb://h?ssl=maybe", "the ssl parameter must be true or false")]
    [InlineData("rethinkdb://h/a/b", "the path must be a single database name")]
    [InlineData("rethinkdb://h/%zz", "the path must be a single database name")]
    [InlineData("rethinkdb://:topsecret@h", "the user name is empty")]
    [InlineData("rethinkdb://admin:top%zsecret@h", "the user information is not validly percent-encoded")]
    [InlineData("rethinkdb://h?caCerts=%topsecret", "a parameter's value is not validly percent-encoded")]
    [InlineData("rethinkdb://h:topsecret", "its host is not host, host:port or [IPv6]:port")]
    [InlineData("rethinkdb://h:0", "its host is not host, host:port or [IPv6]:port")]
    [InlineData("rethinkdb://[::1:28015", "its host is not host, host:port or [IPv6]:port")]
    [InlineData("rethinkdb://[topsecret]:28015", "its host is not host, host:port or [IPv6]:port")]
    [InlineData("rethinkdb://a,,b", "host 2 of 3 is not host, host:port or [IPv6]:port")]
    [InlineData("rethinkdb://a,b:topsecret", "host 2 of 2 is not host, host:port or [IPv6]:port")]
    [InlineData("rethinkdb://a,", "host 2 of 2 is not")]
    [InlineData("rethinkdb://admin:topsecret@h?pasword=topsecret", "unknown parameter 'pasword'")]
    // The whole part would be the "name": an escaped '=', another separator, no separator, digits, a long run.
    [InlineData("rethinkdb://h?authKey%3Dtopsecret", "an unknown parameter (known: ")]
    [InlineData("rethinkdb://h?authKey:topsecret", "an unknown parameter (known: ")]
    [InlineData("rethinkdb://h?ssl=true&topsecret", "an unknown parameter (known: ")]
    [InlineData("rethinkdb://h?topsecret9=x", "an unknown parameter (known: ")]
    [InlineData("rethinkdb://h?topsecretTopsecretTopsecretTopsecret=x", "an unknown parameter (known: ")]
    [InlineData("rethinkdb://admin:top#secret@h", "percent-encode")]
    public void Invalid_strings_are_reported_without_their_content_and_change_nothing(string connectionString, string reason)
    {
        var options = new ConnectionOptions { Host = "before", Password = "before-pw" };
        var before = options.ToString();

        var error = Assert.Throws<ArgumentException>(() => options.ApplyConnectionString(connectionString));

        Assert.StartsWith(ConnectionOptions.InvalidConnectionStringMessage, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ParamName);
        Assert.Equal(before, options.ToString());
        Assert.Equal("before-pw", options.Password);
    }

    [Fact]
    public void Parse_rejects_null() => Assert.Throws<ArgumentNullException>(() => ConnectionOptions.Parse(null!));

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
        Assert.Equal(plain, ConnectionString.IsPlainName(name));
}
