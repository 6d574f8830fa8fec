using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>
/// A server to run an integration test against: a fresh test server, or the real server of the environment.
/// Both hand out connection options for the <c>admin</c> user with the right password.
/// </summary>
public sealed class ServerTarget : IAsyncDisposable
{
    private ServerTarget(ServerKind kind, RethinkDbTestServer? testServer, string password)
    {
        Kind = kind;
        TestServer = testServer;
        AdminPassword = password;
    }

    public ServerKind Kind { get; }

    /// <summary>The test server, or null when running against a real one.</summary>
    public RethinkDbTestServer? TestServer { get; }

    public string AdminPassword { get; }

    public static async Task<ServerTarget> StartAsync(ServerKind kind, TestServerOptions? options = null)
    {
        if (kind == ServerKind.RealServer)
        {
            return new ServerTarget(kind, null, RealServer.Password);
        }
        options ??= new TestServerOptions { AdminPassword = "s3cret-admin" };
        var server = await RethinkDbTestServer.StartAsync(options);
        return new ServerTarget(kind, server, options.AdminPassword);
    }

    public ConnectionOptions Options(Action<ConnectionOptions>? configure = null)
    {
        var options = TestServer?.CreateConnectionOptions() ?? new ConnectionOptions
        {
            Host = RealServer.Host!,
            Port = RealServer.Port,
            Password = RealServer.Password.Length == 0 ? null : RealServer.Password,
        };
        options.Timeout = TimeSpan.FromSeconds(10);
        configure?.Invoke(options);
        return options;
    }

    public Task<Connection> ConnectAsync(Action<ConnectionOptions>? configure = null) => Connection.OpenAsync(Options(configure));

    public async ValueTask DisposeAsync()
    {
        if (TestServer is not null)
        {
            await TestServer.DisposeAsync();
        }
    }
}
