using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Core.Tests.Testing.Cluster;

namespace RethinkDb.Core.Tests.Cluster;

/// <summary>
/// The data source against the real cluster of RETHINKDB_CLUSTER (admin password in RETHINKDB_CLUSTER_PASSWORD, else
/// RETHINKDB_PASSWORD, else empty). The cluster is shared: its nodes are never stopped; a node "dies" by killing an in-process
/// TCP proxy in front of it (discovery off there, or it would find the node's own address).
/// </summary>
public sealed class RealClusterTests
{
    private static ConnectionOptions Options(IEnumerable<string> hosts)
    {
        var password = RealCluster.Password;
        return new ConnectionOptions
        {
            Hosts = [.. hosts],
            Password = password.Length == 0 ? null : password,
            Timeout = TimeSpan.FromSeconds(10),
            ReconnectDelay = TimeSpan.FromMilliseconds(50),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
        };
    }

    [RealClusterFact]
    public async Task Discovery_from_one_seed_finds_every_node_of_the_real_cluster()
    {
        var nodes = RealCluster.Nodes;
        await using var dataSource = new RethinkDbDataSourceBuilder(Options([$"{nodes[0].Host}:{nodes[0].Port}"])) { DiscoverNodes = true }.Build();

        Assert.Equal(1, await R.Expr(1).RunAsync<int>(dataSource));
        await Eventually.TrueAsync(() => dataSource.Nodes.Count >= nodes.Count, "The real cluster's nodes were not discovered.");
        Assert.All(nodes, n => Assert.Contains(dataSource.Nodes, d => d.Port == n.Port && d.Host == n.Host));
        await Eventually.TrueAsync(() => dataSource.Nodes.All(n => n.ServerName is not null), "A node was not matched to its server_status row.");
        await TestNodes.WarmUpAsync(dataSource);
        var checkedNodes = await dataSource.CheckNodesAsync();
        Assert.All(checkedNodes, n => Assert.Equal(RethinkDbNodeState.Up, n.State));
    }

    [RealClusterFact]
    public async Task A_real_node_that_dies_behind_its_proxy_fails_only_its_queries_and_the_others_carry_on()
    {
        var nodes = RealCluster.Nodes;
        var proxies = nodes.Take(3).Select(n => new CuttingProxy(n.Host, n.Port)).ToArray();
        try
        {
            await using var dataSource = new RethinkDbDataSourceBuilder(Options(proxies.Select(p => p.Endpoint))) { DiscoverNodes = false }.Build();
            await TestNodes.WarmUpAsync(dataSource);

            var queries = Enumerable.Range(0, 300).Select(i => R.Expr(i).Add(1).RunAsync<int>(dataSource)).ToArray();
            proxies[1].Kill();
            await Task.WhenAny(Task.WhenAll(queries), Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.All(queries, q => Assert.True(q.IsCompleted, "A query is still waiting after its node died."));
            foreach (var failed in queries.Where(q => q.IsFaulted))
            {
                var error = Assert.IsType<ReqlDriverError>(failed.Exception!.InnerException, exactMatch: false);
                Assert.Contains(proxies[1].Endpoint, error.Message, StringComparison.Ordinal);
            }

            await Eventually.TrueAsync(() => dataSource.Nodes.Single(n => n.Port == proxies[1].Port).State == RethinkDbNodeState.Down);
            var next = Enumerable.Range(0, 300).Select(i => R.Expr(i).Add(1).RunAsync<int>(dataSource)).ToArray();
            Assert.Equal(Enumerable.Range(1, 300), await Task.WhenAll(next));
        }
        finally
        {
            foreach (var proxy in proxies)
            {
                await proxy.DisposeAsync();
            }
        }
    }

    [RealClusterFact]
    public async Task A_real_node_that_comes_back_is_used_again_and_reads_in_flight_meanwhile_are_retried_elsewhere()
    {
        var nodes = RealCluster.Nodes;
        var proxies = nodes.Take(3).Select(n => new CuttingProxy(n.Host, n.Port)).ToArray();
        try
        {
            await using var dataSource = new RethinkDbDataSourceBuilder(Options(proxies.Select(p => p.Endpoint)))
            {
                DiscoverNodes = false,
                RetryReads = true,
            }.Build();
            await TestNodes.WarmUpAsync(dataSource);

            // The node goes away (its connections cut, new ones refused) with reads in flight on it: each is retried
            // on another node, so every read succeeds.
            var reads = Enumerable.Range(0, 300).Select(i => R.Expr(i).Add(1).RunAsync<int>(dataSource)).ToArray();
            proxies[1].Refusing = true;
            proxies[1].CutAll();
            Assert.Equal(Enumerable.Range(1, 300), await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(60)));
            await Eventually.TrueAsync(() => dataSource.Nodes.Single(n => n.Port == proxies[1].Port).State == RethinkDbNodeState.Down,
                "The node behind the refusing proxy was not marked down.");

            // It comes back: the background probe finds it, and queries reach it again.
            var acceptedWhileDown = proxies[1].Accepted;
            proxies[1].Refusing = false;
            await Eventually.TrueAsync(() => dataSource.Nodes.Single(n => n.Port == proxies[1].Port).State == RethinkDbNodeState.Up,
                "The node did not come back up after its proxy accepted connections again.");
            Assert.Equal(Enumerable.Range(1, 300), await Task.WhenAll(Enumerable.Range(0, 300).Select(i => R.Expr(i).Add(1).RunAsync<int>(dataSource))));
            Assert.True(proxies[1].Accepted > acceptedWhileDown);
            Assert.All(await dataSource.CheckNodesAsync(), n => Assert.Equal(RethinkDbNodeState.Up, n.State));
        }
        finally
        {
            foreach (var proxy in proxies)
            {
                await proxy.DisposeAsync();
            }
        }
    }
}
