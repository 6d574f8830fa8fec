using System.Security.Authentication;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Net;

public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create("localhost", "rethinkdb.test");

    [Fact]
    public async Task The_right_CA_file_opens_a_TLS_connection()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Tls = _certificates, AdminPassword = "pw" });
        var options = server.CreateConnectionOptions();
        Assert.Equal(_certificates.CaCertsPath, options.Ssl!.CaCerts);
        await using var connection = await Connection.OpenAsync(options);
        Assert.True(connection.IsTls);
        Assert.Equal("test_server", (await connection.ServerAsync()).Name);
    }

    [Fact]
    public async Task The_host_name_is_checked_against_the_certificate()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Tls = _certificates });
        var options = server.CreateConnectionOptions();
        options.Host = "localhost";
        await using (var ok = await Connection.OpenAsync(options))
        {
            Assert.True(ok.IsTls);
        }

        options.Ssl!.TargetHost = "not-the-server.test";
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => Connection.OpenAsync(options));
        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task A_certificate_from_another_CA_is_rejected()
    {
        using var otherCa = TestCertificates.Create("localhost");
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Tls = _certificates });
        var options = server.CreateConnectionOptions();
        options.Ssl!.CaCerts = otherCa.CaCertsPath;
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => Connection.OpenAsync(options));
        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task The_system_trust_store_does_not_trust_a_private_CA()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Tls = _certificates });
        var options = server.CreateConnectionOptions();
        options.Ssl = new SslOptions(); // no CaCerts: the machine's trust store
        await Assert.ThrowsAsync<ReqlDriverError>(() => Connection.OpenAsync(options));
    }

    [Fact]
    public async Task A_missing_CA_file_is_a_clear_error_naming_the_path()
    {
        // An invalid setting, found by the one validator before any network I/O (the hosting package reports it
        // at start-up under its configuration key).
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pem");
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Connection.OpenAsync(new ConnectionOptions
        {
            Host = "127.0.0.1",
            Ssl = new SslOptions { CaCerts = missing },
        }));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Equal("Ssl.CaCerts", error.ParamName);
    }

    [Fact]
    public async Task A_CA_file_without_a_certificate_is_a_clear_error()
    {
        var empty = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(empty, "not a certificate");
        try
        {
            var error = await Assert.ThrowsAsync<ReqlDriverError>(() => Connection.OpenAsync(new ConnectionOptions
            {
                Host = "127.0.0.1",
                Ssl = new SslOptions { CaCerts = empty },
            }));
            Assert.Contains(empty, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    public void Dispose() => _certificates.Dispose();
}
