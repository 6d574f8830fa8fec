using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Net;

public class ConnectionOptionsTests
{
    [Fact]
    public void Defaults_match_the_official_drivers_connect()
    {
        var options = new ConnectionOptions();
        Assert.Equal("localhost", options.Host);
        Assert.Equal(28015, options.Port);
        Assert.Equal("test", options.Db);
        Assert.Equal("", options.AuthKey);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Null(options.Ssl);
        Assert.Equal("admin", options.User);
        Assert.Null(options.Password);
        Assert.Equal(HandshakeVersion.V1_0, options.HandshakeVersion);
        Assert.False(options.AllowPlaintextAuthKey);
        Assert.Equal(1024, options.MaxInFlightQueries);
    }

    [Fact]
    public void Setting_both_auth_key_and_password_is_an_error_that_says_so()
    {
        var options = new ConnectionOptions { AuthKey = "key", Password = "pw" };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("AuthKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Password", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 28015, 20, "Host")]
    [InlineData("h", 0, 20, "Port")]
    [InlineData("h", 65536, 20, "Port")]
    [InlineData("h", 28015, 0, "Timeout")]
    [InlineData("h", 28015, -1, "Timeout")]
    public void Invalid_settings_are_named(string host, int port, int timeoutSeconds, string setting)
    {
        var options = new ConnectionOptions { Host = host, Port = port, Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(setting, error.ParamName);
    }

    [Fact]
    public void A_timeout_longer_than_a_timer_can_run_is_rejected_and_an_empty_db_too()
    {
        Assert.Equal("Timeout", Assert.Throws<ArgumentException>(new ConnectionOptions { Timeout = TimeSpan.FromDays(50) }.Validate).ParamName);
        new ConnectionOptions { Timeout = ConnectionOptions.MaxTimeout }.Validate();
        Assert.Equal("Db", Assert.Throws<ArgumentException>(new ConnectionOptions { Db = " " }.Validate).ParamName);
    }

    [Fact]
    public async Task Open_rejects_invalid_options_before_touching_the_network()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Connection.OpenAsync(new ConnectionOptions { AuthKey = "a", Password = "b" }));
    }

    [Fact]
    public void ToString_never_shows_a_secret()
    {
        var withKey = new ConnectionOptions { AuthKey = "hunter2-key" }.ToString();
        var withPassword = new ConnectionOptions { Password = "hunter2-password", Ssl = new SslOptions { CaCerts = "/ca.pem" } }.ToString();
        Assert.DoesNotContain("hunter2", withKey, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", withPassword, StringComparison.Ordinal);
        Assert.Contains("AuthKey=***", withKey, StringComparison.Ordinal);
        Assert.Contains("CaCerts=/ca.pem", withPassword, StringComparison.Ordinal);
    }

    [Fact]
    public void Clone_copies_ssl_settings_deeply()
    {
        var options = new ConnectionOptions { Ssl = new SslOptions { CaCerts = "/a.pem" } };
        var copy = options.Clone();
        copy.Ssl!.CaCerts = "/b.pem";
        Assert.Equal("/a.pem", options.Ssl.CaCerts);
    }
}
