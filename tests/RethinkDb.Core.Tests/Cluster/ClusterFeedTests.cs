using RethinkDb.Core.Tests.Feeds;
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

    private sealed record Item(string Id, int Rank);

    [Fact]
    public async Task A_resumable_feed_whose_node_dies_resumes_on_another_node_with_a_gap_then_initial_values_then_changes()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(2, new TestServerOptions { AdminPassword = "cluster-pw" });
        var options = cluster.Nodes[0].CreateConnectionOptions();
        options.Hosts = [.. cluster.Hosts];
        options.ReconnectDelay = TimeSpan.FromMilliseconds(10);
        options.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        await using var dataSource = new RethinkDbDataSourceBuilder(options) { DiscoverNodes = false }.Build();
        await R.DbCreate("feeds_resume").RunAsync(dataSource);
        await R.Db("feeds_resume").TableCreate("t").RunAsync(dataSource);
        var table = R.Db("feeds_resume").Table("t");
        await table.Insert(new { id = "a", rank = 1 }).RunWriteAsync(dataSource);

        var resume = new FeedResumeOptions { InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50), MaxAttempts = 100 };
        var feed = table.Get("a").Changes().RunResumableChangesAsync<Item>(dataSource, resume);
        await using var rows = FeedRows.Open(feed);
        var first = rows.MoveNextAsync().AsTask();
        await Eventually.TrueAsync(() => cluster.Nodes.Any(n => n.OpenCursors > 0));
        var index = cluster.Nodes[0].OpenCursors > 0 ? 0 : 1;
        var survivor = cluster.Nodes[1 - index];
        await table.Get("a").Update(new { rank = 2 }).RunWriteAsync(dataSource);
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal((1, 2), (rows.Current.OldVal!.Rank, rows.Current.NewVal!.Rank));

        var gapNext = rows.MoveNextAsync().AsTask();
        await cluster.StopNodeAsync(index);
        Assert.True(await gapNext.WaitAsync(TimeSpan.FromSeconds(20)));
        var gap = rows.Current;
        Assert.True(gap.IsGap);
        Assert.True(gap.Gap!.InitialValuesFollow);
        Assert.IsAssignableFrom<ReqlDriverError>(gap.Gap.Cause);

        // Reopened on the node left, which holds the same data (one store), with the value as it is now.
        Assert.True(await rows.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("initial", rows.Current.Type);
        Assert.Equal(new Item("a", 2), rows.Current.NewVal);
        Assert.True(survivor.OpenCursors > 0, "The feed did not reopen on the surviving node.");

        var after = rows.MoveNextAsync().AsTask();
        await table.Get("a").Update(new { rank = 3 }).RunWriteAsync(dataSource);
        Assert.True(await after.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.False(rows.Current.IsGap);
        Assert.Equal((2, 3), (rows.Current.OldVal!.Rank, rows.Current.NewVal!.Rank));
        Assert.Equal(1, feed.Resumes);
    }
}
