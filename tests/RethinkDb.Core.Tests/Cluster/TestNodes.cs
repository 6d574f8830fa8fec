using RethinkDb.DataSource;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Cluster;

/// <summary>
/// Several independent test servers standing in for the nodes of a cluster (each with its own store; the tests that
/// use them run queries that need no data, or create what they need on each), and data sources over them.
/// </summary>
internal sealed class TestNodes : IAsyncDisposable
{
    private TestNodes(RethinkDbTestServer[] servers) => Servers = servers;

    public RethinkDbTestServer[] Servers { get; }

    public RethinkDbTestServer this[int index] => Servers[index];

    public static async Task<TestNodes> StartAsync(int count, Func<int, TestServerOptions>? options = null)
    {
        var servers = new RethinkDbTestServer[count];
        for (var i = 0; i < count; i++)
        {
            var o = options?.Invoke(i) ?? new TestServerOptions();
            o.AdminPassword = "cluster-pw";
            servers[i] = await RethinkDbTestServer.StartAsync(o);
        }
        return new TestNodes(servers);
    }

    /// <summary>Options naming every server in <see cref="ConnectionOptions.Hosts"/>, with short backoff delays.</summary>
    public ConnectionOptions Options()
    {
        var options = Servers[0].CreateConnectionOptions();
        options.Hosts = [.. Servers.Select(s => $"127.0.0.1:{s.Port}")];
        options.ReconnectDelay = TimeSpan.FromMilliseconds(20);
        options.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        options.Timeout = TimeSpan.FromSeconds(30);
        return options;
    }

    /// <summary>A data source over every server; discovery off (independent test servers have no server_status).</summary>
    public RethinkDbDataSource DataSource(Action<RethinkDbDataSourceBuilder>? configure = null)
    {
        var builder = new RethinkDbDataSourceBuilder(Options()) { DiscoverNodes = false };
        configure?.Invoke(builder);
        return builder.Build();
    }

    public static NodePool NodeAt(RethinkDbDataSource dataSource, RethinkDbTestServer server) =>
        dataSource.NodeSet.Nodes.Single(n => n.Port == server.Port);

    public static RethinkDbNode Describe(RethinkDbDataSource dataSource, RethinkDbTestServer server) =>
        dataSource.Nodes.Single(n => n.Port == server.Port);

    /// <summary>Runs queries until every node of <paramref name="dataSource"/> has an open socket.</summary>
    public static async Task WarmUpAsync(RethinkDbDataSource dataSource)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (dataSource.Nodes.Any(n => n.State != RethinkDbNodeState.Up))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not every node came up: {string.Join(", ", dataSource.Nodes)}");
            Assert.Equal(1, await R.Expr(1).RunAsync<int>(dataSource));
            await Task.Delay(5);
        }
    }

    /// <summary>Opens a socket on every node without running a query there (a stalled node never answers one).</summary>
    public static async Task OpenAllAsync(RethinkDbDataSource dataSource)
    {
        await dataSource.NodeSet.EnsureResolvedAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!dataSource.NodeSet.Nodes.All(n => n.HasOpenConnection))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not every node came up: {string.Join(", ", dataSource.Nodes)}");
            foreach (var node in dataSource.NodeSet.Nodes)
            {
                node.WarmUp();
            }
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }
    }
}
