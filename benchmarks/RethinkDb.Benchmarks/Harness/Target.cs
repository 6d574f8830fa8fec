using RethinkDb.Protocol;
using RethinkDb.Testing;

namespace RethinkDb.Benchmarks.Harness;

/// <summary>
/// The server the end-to-end scenarios run against: the real server named by <c>RETHINKDB_HOST</c>
/// (<c>RETHINKDB_PORT</c>, <c>RETHINKDB_PASSWORD</c>), or else the in-memory protocol server of RethinkDb.Testing,
/// started in this process.
/// </summary>
internal sealed class Target : IAsyncDisposable
{
    private readonly RethinkDbTestServer? _testServer;

    private Target(string host, int port, string password, RethinkDbTestServer? testServer)
    {
        Host = host;
        Port = port;
        Password = password;
        _testServer = testServer;
    }

    public string Host { get; }

    public int Port { get; }

    public string Password { get; }

    public bool IsRealServer => _testServer is null;

    /// <summary>What the figures were measured against, for the report.</summary>
    public string Description => IsRealServer
        ? $"real RethinkDB server at {Host}:{Port} (RETHINKDB_HOST), a separate process"
        : $"in-memory protocol server (RethinkDb.Testing) at {Host}:{Port}, IN THIS PROCESS: its CPU time and " +
          "allocations count in the client figures, and it answers one query at a time per connection; " +
          "set RETHINKDB_HOST for real figures";

    public static async Task<Target> StartAsync()
    {
        var host = Environment.GetEnvironmentVariable("RETHINKDB_HOST");
        if (!string.IsNullOrWhiteSpace(host))
        {
            var portText = Environment.GetEnvironmentVariable("RETHINKDB_PORT");
            var port = string.IsNullOrWhiteSpace(portText) ? ConnectionOptions.DefaultPort : int.Parse(portText, System.Globalization.CultureInfo.InvariantCulture);
            return new Target(host, port, Environment.GetEnvironmentVariable("RETHINKDB_PASSWORD") ?? "", null);
        }
        const string password = "bench-s3cret";
        var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { AdminPassword = password });
        return new Target(server.Host, server.Port, password, server);
    }

    public ConnectionOptions Options(HandshakeVersion version = HandshakeVersion.V1_0) => new()
    {
        Host = Host,
        Port = Port,
        Password = Password.Length == 0 ? null : Password,
        HandshakeVersion = version,
        Timeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>
    /// <see cref="Options"/> through TLS, to the real server's TLS port: <c>RETHINKDB_TLS_PORT</c>, trusting the CA of
    /// <c>RETHINKDB_CA_CERTS</c> (the variables the integration tests read).
    /// </summary>
    public ConnectionOptions TlsOptions()
    {
        var port = Environment.GetEnvironmentVariable("RETHINKDB_TLS_PORT");
        var caCerts = Environment.GetEnvironmentVariable("RETHINKDB_CA_CERTS");
        if (!IsRealServer || string.IsNullOrWhiteSpace(port) || string.IsNullOrWhiteSpace(caCerts))
        {
            throw new ArgumentException("--tls needs a real server: RETHINKDB_HOST, RETHINKDB_TLS_PORT and RETHINKDB_CA_CERTS");
        }
        var options = Options();
        options.Port = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture);
        options.Ssl = new SslOptions { CaCerts = caCerts };
        return options;
    }

    /// <summary>Settings of a connection pool (RethinkDb.Extensions.Hosting) to this server.</summary>
    public ConnectionOptions DataSourceOptions(int maxConnections) => new()
    {
        Host = Host,
        Port = Port,
        Password = Password.Length == 0 ? null : Password,
        MaxConnections = maxConnections,
        Timeout = TimeSpan.FromSeconds(10),
    };

    public Task<Connection> ConnectAsync(HandshakeVersion version = HandshakeVersion.V1_0) => Connection.OpenAsync(Options(version));

    public async ValueTask DisposeAsync()
    {
        if (_testServer is not null)
        {
            await _testServer.DisposeAsync();
        }
    }
}
