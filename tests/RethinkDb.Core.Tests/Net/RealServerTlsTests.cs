using System.Security.Authentication;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Net;

/// <summary>TLS against a real RethinkDB (its own driver TLS, or a TLS proxy in front of it).</summary>
public class RealServerTlsTests
{
    private static ConnectionOptions Options() => new()
    {
        Host = RealServer.Host!,
        Port = RealServer.TlsPort!.Value,
        Password = RealServer.Password.Length == 0 ? null : RealServer.Password,
        Ssl = new SslOptions { CaCerts = RealServer.CaCerts },
        Timeout = TimeSpan.FromSeconds(10),
    };

    [RealTlsServerFact]
    public async Task The_right_CA_opens_a_verified_TLS_connection()
    {
        await using var connection = await Connection.OpenAsync(Options());
        Assert.True(connection.IsTls);
        Assert.False(string.IsNullOrEmpty((await connection.ServerAsync()).Id));
    }

    [RealTlsServerFact]
    public async Task Another_CA_is_rejected()
    {
        using var other = TestCertificates.Create("localhost");
        var options = Options();
        options.Ssl!.CaCerts = other.CaCertsPath;
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => Connection.OpenAsync(options));
        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [RealTlsServerFact]
    public async Task A_host_name_the_certificate_does_not_carry_is_rejected()
    {
        var options = Options();
        options.Ssl!.TargetHost = "not-the-server.test";
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => Connection.OpenAsync(options));
        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [RealTlsServerFact]
    public async Task Plain_TCP_to_a_TLS_port_fails_within_the_timeout()
    {
        var options = Options();
        options.Ssl = null;
        options.Timeout = TimeSpan.FromSeconds(2);
        await Assert.ThrowsAnyAsync<ReqlDriverError>(() => Connection.OpenAsync(options));
    }
}
