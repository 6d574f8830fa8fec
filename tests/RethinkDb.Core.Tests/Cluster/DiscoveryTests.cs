using RethinkDb.Core.Tests.Infrastructure;
using System.Net;
using System.Text.Json;
using RethinkDb.Core.Tests.Results;
using RethinkDb.DataSource;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Cluster;

/// <summary>Discovery follows rethinkdb.server_status: nodes that join are added, nodes that leave are removed.</summary>
public sealed class DiscoveryTests
{
    // A row as the real 2.4.4 server returns it (read from the c1/c2/c3 cluster; process fields trimmed).
    private const string RealRow = """
        {"id":"e0a71664-79ac-4369-b967-7166347dbd69","name":"c1",
         "network":{"canonical_addresses":[{"host":"127.0.0.1","port":29115}],"cluster_port":29115,
                    "connected_to":{"c2":true,"c3":true},"hostname":"vm","http_admin_port":8181,"reql_port":28115,
                    "time_connected":"2026-11-30T15:09:54.429Z"},
         "process":{"cache_size_mb":256,"pid":409,"version":"rethinkdb 2.4.4"}}
        """;

    [Fact]
    public void A_server_status_row_gives_the_driver_port_not_the_cluster_port()
    {
        var entry = ServerStatusEntry.TryParse(JsonDocument.Parse(RealRow).RootElement);
        Assert.NotNull(entry);
        Assert.Equal("e0a71664-79ac-4369-b967-7166347dbd69", entry.Id);
        Assert.Equal("c1", entry.Name);
        Assert.Equal(["127.0.0.1"], entry.Hosts);
        Assert.Equal(new HostEntry("127.0.0.1", 28115), entry.ChooseAddress(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("""{"name":"x","network":{"canonical_addresses":[{"host":"10.0.0.1","port":1}],"reql_port":28015}}""")] // no id
    [InlineData("""{"id":"a","network":{"canonical_addresses":[{"host":"10.0.0.1","port":1}]}}""")] // no reql_port
    [InlineData("""{"id":"a","network":{"canonical_addresses":[{"host":"10.0.0.1","port":1}],"reql_port":70000}}""")]
    [InlineData("""{"id":"a","network":{"canonical_addresses":{"host":"10.0.0.1"},"reql_port":28015}}""")]
    [InlineData("""{"id":"a","network":{"canonical_addresses":[{"host":""},{"host":"a b"},{"host":7}],"reql_port":28015}}""")]
    [InlineData("""{"id":"a","network":"10.0.0.1"}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""null""")]
    public void A_row_of_another_shape_is_ignored(string json) =>
        Assert.Null(ServerStatusEntry.TryParse(JsonDocument.Parse(json).RootElement));

    [Fact]
    public void The_canonical_address_chosen_looks_like_the_one_the_cluster_was_reached_through()
    {
        var entry = new ServerStatusEntry("id", "n", ["127.0.0.1", "::1", "fe80::1", "10.0.0.5", "fd00::5", "rethink-0.rethink"], 28015);
        Assert.Equal("127.0.0.1", entry.ChooseAddress(IPAddress.Loopback).Host);
        Assert.Equal("::1", entry.ChooseAddress(IPAddress.IPv6Loopback).Host);
        Assert.Equal("10.0.0.5", entry.ChooseAddress(IPAddress.Parse("10.0.0.9")).Host);
        Assert.Equal("10.0.0.5", entry.ChooseAddress(IPAddress.Parse("::ffff:10.0.0.9")).Host);
        Assert.Equal("fd00::5", entry.ChooseAddress(IPAddress.Parse("fd00::9")).Host);
        Assert.Equal(28015, entry.ChooseAddress(null).Port);
        var named = new ServerStatusEntry("id", "n", ["127.0.0.1", "rethink-0.rethink"], 28015);
        Assert.Equal("rethink-0.rethink", named.ChooseAddress(IPAddress.Parse("10.0.0.9")).Host);
    }

    [Fact]
    public async Task Discovery_adds_a_node_that_joins_and_drops_one_that_leaves()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(2, new TestServerOptions { AdminPassword = "cluster-pw" });
        var options = cluster.Nodes[0].CreateConnectionOptions();
        options.Hosts = [cluster.Hosts[0]]; // one seed: the rest comes from server_status
        options.ReconnectDelay = TimeSpan.FromMilliseconds(20);
        options.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        await using var dataSource = new RethinkDbDataSourceBuilder(options) { DiscoverNodes = true }.Build();

        Assert.Equal(1, await R.Expr(1).RunAsync<int>(dataSource));
        await Eventually.TrueAsync(() => dataSource.Nodes.Count == 2, "The second node was not discovered.");
        var seed = Assert.Single(dataSource.Nodes, n => n.IsSeed);
        Assert.Equal(cluster.Nodes[0].Port, seed.Port);
        var found = Assert.Single(dataSource.Nodes, n => !n.IsSeed);
        Assert.Equal(cluster.Nodes[1].Port, found.Port);
        Assert.Equal("127.0.0.1", found.Host);
        await Eventually.TrueAsync(() => dataSource.Nodes.Single(n => n.IsSeed).ServerName == cluster.Nodes[0].Options.ServerName,
            "The seed was not matched to its server_status row.");

        // A node that joins: added without a restart, and used (with the data source's credentials).
        var joined = await cluster.AddNodeAsync();
        await Eventually.TrueAsync(() => dataSource.Nodes.Any(n => n.Port == joined.Port), "The node that joined was not added.");
        await TestNodes.WarmUpAsync(dataSource);
        for (var i = 0; i < 30 && joined.QueriesReceived == 0; i++)
        {
            Assert.Equal(i, await R.Expr(i).RunAsync<int>(dataSource));
        }
        Assert.True(joined.QueriesReceived > 0, "No query went to the node that joined.");

        // A discovered node that leaves: removed. A seed that leaves: kept, down.
        await cluster.StopNodeAsync(2);
        await Eventually.TrueAsync(() => dataSource.Nodes.All(n => n.Port != joined.Port), "The node that left was not removed.");
        await cluster.StopNodeAsync(0);
        await Eventually.TrueAsync(() => dataSource.Nodes.Single(n => n.IsSeed).State == RethinkDbNodeState.Down);
        Assert.Equal(2, dataSource.Nodes.Count);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i, await R.Expr(i).RunAsync<int>(dataSource));
        }
    }

    [Fact]
    public async Task When_the_node_of_the_feed_dies_discovery_goes_on_through_another()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(3, new TestServerOptions { AdminPassword = "cluster-pw" });
        var options = cluster.Nodes[0].CreateConnectionOptions();
        options.Hosts = [cluster.Hosts[0], cluster.Hosts[1]];
        options.ReconnectDelay = TimeSpan.FromMilliseconds(20);
        options.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        // Two seeds: discovery is on by default.
        await using var dataSource = RethinkDbDataSource.Create(options);
        Assert.Equal(1, await R.Expr(1).RunAsync<int>(dataSource));
        await Eventually.TrueAsync(() => dataSource.Nodes.Count == 3, "The third node was not discovered.");
        Assert.NotNull(dataSource.Discovery);
        var opened = dataSource.Discovery.FeedsOpened;

        // Wherever the feed runs, stop two nodes one after the other: it restarts through the one left.
        await cluster.StopNodeAsync(0);
        await cluster.StopNodeAsync(1);
        await Eventually.TrueAsync(() => dataSource.Discovery.FeedsOpened > opened, "The discovery feed did not restart.");
        var joined = await cluster.AddNodeAsync();
        await Eventually.TrueAsync(() => dataSource.Nodes.Any(n => n.Port == joined.Port), "A node that joined after the restart was not added.");
        Assert.Equal(2, await R.Expr(2).RunAsync<int>(dataSource));
    }

    [Fact]
    public async Task A_proxy_only_seed_is_kept_and_the_servers_behind_it_are_added()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(2, new TestServerOptions { AdminPassword = "cluster-pw" });
        await using var proxy = new CuttingProxy("127.0.0.1", cluster.Nodes[0].Port);
        var options = cluster.Nodes[0].CreateConnectionOptions();
        options.Hosts = [proxy.Endpoint];
        await using var dataSource = new RethinkDbDataSourceBuilder(options) { DiscoverNodes = true }.Build();

        Assert.Equal(1, await R.Expr(1).RunAsync<int>(dataSource));
        await Eventually.TrueAsync(() => dataSource.Nodes.Count == 3, "The servers behind the proxy were not added.");
        Assert.Single(dataSource.Nodes, n => n.IsSeed && n.Port == proxy.Port);
        await TestNodes.WarmUpAsync(dataSource);
        Assert.All(dataSource.Nodes, n => Assert.Equal(RethinkDbNodeState.Up, n.State));
    }
}
