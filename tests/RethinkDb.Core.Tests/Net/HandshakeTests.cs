using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Protocol;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Net;

public class HandshakeTests
{
    [Theory, TestServer, RealServer]
    public async Task V1_0_with_the_admin_password_opens_a_working_connection(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();
        Assert.True(connection.IsOpen);
        var info = await connection.ServerAsync();
        Assert.False(string.IsNullOrEmpty(info.Id));
    }

    [Theory, TestServer, RealServer]
    public async Task AuthKey_is_the_admin_password(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync(o =>
        {
            o.Password = null;
            o.AuthKey = target.AdminPassword;
        });
        Assert.True(connection.IsOpen);
    }

    [Theory, TestServer, RealServer]
    public async Task V0_4_with_the_auth_key_opens_a_working_connection(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync(o =>
        {
            o.HandshakeVersion = HandshakeVersion.V0_4;
            o.Password = null;
            o.AuthKey = target.AdminPassword;
        });
        Assert.Equal(1, (await connection.RunAtomAsync(R.Expr(1))).GetInt32());
    }

    [Theory, TestServer, RealServer]
    public async Task A_wrong_password_is_an_auth_error_naming_host_and_port(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        var options = target.Options(o => o.Password = "definitely-wrong");
        var error = await Assert.ThrowsAsync<ReqlAuthError>(() => Connection.OpenAsync(options));
        Assert.Contains($"{options.Host}:{options.Port}", error.Message, StringComparison.Ordinal);
        Assert.Equal(12, error.ServerErrorCode);
        Assert.DoesNotContain("definitely-wrong", error.ToString(), StringComparison.Ordinal);
    }

    [Theory, TestServer, RealServer]
    public async Task An_unknown_user_is_an_auth_error(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        var error = await Assert.ThrowsAsync<ReqlAuthError>(() => target.ConnectAsync(o =>
        {
            o.User = "nobody-" + Guid.NewGuid().ToString("N");
            o.Password = "whatever";
        }));
        Assert.Equal(17, error.ServerErrorCode);
    }

    [Theory, TestServer, RealServer]
    public async Task A_wrong_auth_key_over_V0_4_is_an_auth_error(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        var error = await Assert.ThrowsAsync<ReqlAuthError>(() => target.ConnectAsync(o =>
        {
            o.HandshakeVersion = HandshakeVersion.V0_4;
            o.Password = null;
            o.AuthKey = "wrong-key";
        }));
        Assert.Contains("Incorrect authorization key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_user_with_a_password_authenticates()
    {
        var options = new TestServerOptions { AdminPassword = "a" };
        options.Users["app,user=1"] = "p@ss=word,";
        await using var target = await ServerTarget.StartAsync(ServerKind.TestServer, options);
        await using var connection = await target.ConnectAsync(o =>
        {
            o.User = "app,user=1";
            o.Password = "p@ss=word,";
        });
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task A_server_that_cannot_prove_it_knows_the_password_is_rejected()
    {
        await using var target = await ServerTarget.StartAsync(ServerKind.TestServer);
        target.TestServer!.Fault = TestServerFault.WrongServerSignature;
        var error = await Assert.ThrowsAsync<ReqlAuthError>(() => target.ConnectAsync());
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_closing_during_the_handshake_is_a_driver_error()
    {
        await using var target = await ServerTarget.StartAsync(ServerKind.TestServer);
        target.TestServer!.Fault = TestServerFault.CloseDuringHandshake;
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => target.ConnectAsync());
        Assert.IsNotType<ReqlAuthError>(error);
        Assert.Contains("closed the connection during the handshake", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_refusing_V0_4_reports_its_message()
    {
        await using var target = await ServerTarget.StartAsync(ServerKind.TestServer, new TestServerOptions { AcceptLegacyHandshake = false });
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => target.ConnectAsync(o => o.HandshakeVersion = HandshakeVersion.V0_4));
        Assert.Contains("unsupported protocol version", error.Message, StringComparison.Ordinal);
    }
}
