using RethinkDb.Core.Tests.Results;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Cluster;

/// <summary>A changefeed opened on a data source is not silently lost when its node dies.</summary>
public sealed class ClusterFeedTests
{
    [Fact]
    public async Task A_feed_whose_node_dies_ends_with_a_driver_error_naming_the_node()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(2, new TestServerOptions { AdminPassword = "cluster-pw" });
        var options = cluster.Nodes[0].CreateConnectionOptions();
        options.Hosts = [.. cluster.Hosts];
        await using var dataSource = new RethinkDbDataSourceBuilder(options) { DiscoverNodes = false }.Build();
        await R.DbCreate("feeds_die").RunAsync(dataSource);
        await R.Db("feeds_die").TableCreate("t").RunAsync(dataSource);

        await using var feed = await R.Db("feeds_die").Table("t").Changes().RunChangesAsync<Dictionary<string, object>>(dataSource);
        await Eventually.TrueAsync(() => cluster.Nodes.Any(n => n.OpenCursors > 0));
        var index = cluster.Nodes[0].OpenCursors > 0 ? 0 : 1;
        var node = cluster.Nodes[index];

        var enumerator = feed.GetAsyncEnumerator();
        var next = enumerator.MoveNextAsync().AsTask();
        await cluster.StopNodeAsync(index);
        var error = await Assert.ThrowsAnyAsync<ReqlDriverError>(() => next);
        Assert.Contains($"127.0.0.1:{node.Port}", error.Message, StringComparison.Ordinal);

        // A new feed opens on the node left.
        await using var again = await R.Db("feeds_die").Table("t").Changes().RunChangesAsync<Dictionary<string, object>>(dataSource);
        Assert.True(cluster.Nodes[1 - index].OpenCursors > 0);
    }
}
