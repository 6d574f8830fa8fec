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
    public async Task A_missing_CA_file_fails_opening_with_a_driver_error_naming_the_path()
    {
        // Not a malformed setting (validation passes): a file that cannot be read when connecting is a failure to
        // connect, ReqlDriverError as every other. The hosting package also reports it at start-up under its key.
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pem");
        var options = new ConnectionOptions { Host = "127.0.0.1", Ssl = new SslOptions { CaCerts = missing } };
        options.Validate();

        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => Connection.OpenAsync(options));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("Ssl.CaCerts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CA_path_that_is_a_directory_fails_opening_with_a_driver_error()
    {
        var directory = Directory.CreateTempSubdirectory("ca-dir-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<ReqlDriverError>(() => Connection.OpenAsync(new ConnectionOptions
            {
                Host = "127.0.0.1",
                Ssl = new SslOptions { CaCerts = directory },
            }));
            Assert.Contains(directory, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task A_data_source_with_a_missing_CA_file_builds_and_fails_to_connect_with_a_driver_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pem");
        await using var dataSource = RethinkDbDataSource.Create(new ConnectionOptions { Host = "127.0.0.1", Ssl = new SslOptions { CaCerts = missing } });

        var error = await Assert.ThrowsAsync<ReqlDriverError>(async () => await R.Expr(1).RunAsync<int>(dataSource));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
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
