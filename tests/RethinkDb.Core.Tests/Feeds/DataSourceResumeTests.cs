using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Feeds;

/// <summary>
/// A resumable feed on a data source: each reopen takes its connection from the data source again. The network is
/// cut by a proxy in front of the server (so the real server goes through it too), or the test server restarts.
/// </summary>
public sealed class DataSourceResumeTests
{
    private sealed record Item(string Id, string Name, int Rank);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static readonly FeedResumeOptions Fast = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        MaxAttempts = 400,
    };

    /// <summary>A data source that reaches the server through <paramref name="proxy"/> (or directly when null).</summary>
    private static RethinkDbDataSource DataSource(Harness h, CuttingProxy? proxy) =>
        RethinkDbDataSource.Create(h.Target.Options(o =>
        {
            if (proxy is not null)
            {
                o.Host = "127.0.0.1";
                o.Port = proxy.Port;
            }
            o.ReconnectDelay = TimeSpan.FromMilliseconds(10);
            o.MaxReconnectDelay = TimeSpan.FromMilliseconds(100);
        }));

    private static CuttingProxy ProxyFor(Harness h)
    {
        var options = h.Target.Options();
        return new CuttingProxy(options.Host, options.Port);
    }

    [Theory, TestServer, RealServer]
    public async Task A_point_feed_resumes_when_its_connection_is_cut_with_a_gap_then_its_value_as_initial_then_changes(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        await using var proxy = ProxyFor(h);
        await using var dataSource = DataSource(h, proxy);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new { id = "a", name = "alpha", rank = 1 }).RunWriteAsync(h.Connection);
        var feed = table.Get("a").Changes().RunResumableChangesAsync<Item>(dataSource, Fast);
        await using var rows = FeedRows.Open(feed);

        var next = FeedRows.NextAsync(rows, Timeout);
        await Eventually.TrueAsync(() => proxy.Accepted == 1);
        await WaitUntilOpenAsync(h, kind);
        await table.Get("a").Update(new { rank = 2 }).RunWriteAsync(h.Connection);
        Assert.Equal(2, (await next).NewVal!.Rank);

        var gapNext = FeedRows.NextAsync(rows, Timeout);
        proxy.CutAll();
        var gap = await gapNext;
        Assert.True(gap.IsGap);
        Assert.Equal("resumed", gap.State);
        Assert.True(gap.Gap!.InitialValuesFollow);
        Assert.IsAssignableFrom<ReqlDriverError>(gap.Gap.Cause);
        Assert.Equal(1, feed.Resumes);
        Assert.True(proxy.Accepted >= 2, "The reopen did not take a new connection from the data source.");

        var resent = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal("initial", resent.Type);
        Assert.Equal(new Item("a", "alpha", 2), resent.NewVal);
        Assert.Null(resent.OldVal);

        var after = FeedRows.NextAsync(rows, Timeout);
        await table.Get("a").Update(new { rank = 3 }).RunWriteAsync(h.Connection);
        var change = await after;
        Assert.False(change.IsState);
        Assert.False(change.IsGap);
        Assert.Null(change.Type);
        Assert.Equal((2, 3), (change.OldVal!.Rank, change.NewVal!.Rank));
    }

    [Theory, TestServer, RealServer]
    public async Task A_table_feed_with_include_initial_down_for_a_while_counts_its_attempts_and_delivers_nothing_twice_without_a_marker(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        await using var proxy = ProxyFor(h);
        await using var dataSource = DataSource(h, proxy);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new[] { new { id = "a", name = "a", rank = 1 }, new { id = "b", name = "b", rank = 1 } }).RunWriteAsync(h.Connection);
        var feed = table.Changes().OptArg("include_initial", true).RunResumableChangesAsync<Item>(dataSource, Fast);
        await using var rows = FeedRows.Open(feed);
        var seen = new List<Change<Item>> { await FeedRows.NextAsync(rows, Timeout), await FeedRows.NextAsync(rows, Timeout) };

        var gapNext = FeedRows.NextAsync(rows, Timeout);
        proxy.Refusing = true;
        proxy.CutAll();
        await Eventually.TrueAsync(() => feed.FailedAttempts >= 2, "The feed did not try to reopen while the server was unreachable.");
        // Written while the feed is away: it comes back as a re-sent value, not as a change.
        await table.Get("b").Update(new { rank = 2 }).RunWriteAsync(h.Connection);
        proxy.Refusing = false;
        var gap = await gapNext;
        Assert.True(gap.IsGap);
        Assert.True(gap.Gap!.Attempts >= 3);
        Assert.True(gap.Gap.InitialValuesFollow);
        seen.Add(gap);
        seen.Add(await FeedRows.NextAsync(rows, Timeout));
        seen.Add(await FeedRows.NextAsync(rows, Timeout));

        var after = FeedRows.NextAsync(rows, Timeout);
        await table.Insert(new { id = "c", name = "c", rank = 1 }).RunWriteAsync(h.Connection);
        seen.Add(await after);

        // Between two markers, each document is delivered at most once; after the marker, a and b once each again.
        var segments = new List<List<string>> { new() };
        foreach (var change in seen)
        {
            if (change.IsGap)
            {
                segments.Add([]);
                continue;
            }
            segments[^1].Add(change.NewVal!.Id);
        }
        Assert.Equal(2, segments.Count);
        Assert.Equal(new[] { "a", "b" }, segments[0].Order());
        Assert.Equal(new[] { "a", "b", "c" }, segments[1].Order());
        Assert.Equal(2, seen.Single(c => !c.IsGap && c.Type == "initial" && c.NewVal!.Id == "b").NewVal!.Rank);
        Assert.Equal("c", seen[^1].NewVal!.Id);
        Assert.Null(seen[^1].Type);
    }

    [Fact]
    public async Task A_feed_on_a_data_source_resumes_across_a_test_server_restart()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        await using var dataSource = DataSource(h, proxy: null);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new[] { new { id = "a", name = "a", rank = 1 }, new { id = "b", name = "b", rank = 2 }, new { id = "c", name = "c", rank = 3 } })
            .RunWriteAsync(h.Connection);
        var query = table.OrderBy().OptArg("index", R.Desc("id")).Limit(2).Changes();
        var feed = query.RunResumableChangesAsync<Item>(dataSource, Fast);
        await using var rows = FeedRows.Open(feed);
        // Written once the server has the feed, read back: the change proves the feed's first answer reached the
        // client too (the server counting the cursor does not: a restart before that answer fails the first open,
        // which is then retried without a gap, as nothing was delivered yet).
        var next = FeedRows.NextAsync(rows, Timeout);
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 1);
        await table.Insert(new { id = "d", name = "d", rank = 4 }).RunWriteAsync(h.Connection);
        var first = await next;
        Assert.Equal(("b", "d"), (first.OldVal!.Id, first.NewVal!.Id));
        var gapNext = FeedRows.NextAsync(rows, Timeout);

        await h.Server!.RestartAsync();
        var gap = await gapNext;
        Assert.True(gap.Gap!.InitialValuesFollow);
        var window = new[] { await FeedRows.NextAsync(rows, Timeout), await FeedRows.NextAsync(rows, Timeout) };
        Assert.Equal(new[] { "d", "c" }, window.Select(c => c.NewVal!.Id));
        Assert.All(window, c => Assert.Equal("initial", c.Type));

        var after = FeedRows.NextAsync(rows, Timeout);
        await using (var writer = await h.ConnectAsync())
        {
            await table.Insert(new { id = "e", name = "e", rank = 5 }).RunWriteAsync(writer); // h.Connection went with the restart
        }
        var pushed = await after;
        Assert.Equal(("c", "e"), (pushed.OldVal!.Id, pushed.NewVal!.Id));
        Assert.Null(pushed.Type);
        Assert.Equal(1, feed.Resumes);
    }

    [Theory, TestServer, RealServer]
    public async Task A_server_that_stays_unreachable_ends_the_feed_after_max_attempts_each_counted(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        await using var proxy = ProxyFor(h);
        await using var dataSource = DataSource(h, proxy);
        var table = await h.CreateTableAsync("items");
        var feed = table.Changes().RunResumableChangesAsync<Item>(dataSource, Fast with { MaxAttempts = 3 });
        await using var rows = FeedRows.Open(feed);
        var next = rows.MoveNextAsync().AsTask();
        await Eventually.TrueAsync(() => proxy.Accepted == 1);
        await WaitUntilOpenAsync(h, kind);

        proxy.Refusing = true;
        proxy.CutAll();
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => next.WaitAsync(Timeout));
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ReqlDriverError>(error.InnerException);
        Assert.Equal(3, feed.FailedAttempts);
        Assert.Equal(0, feed.Resumes);
    }

    [Theory, TestServer, RealServer]
    public async Task Cancelling_a_feed_on_a_data_source_ends_it_at_once_and_the_server_receives_STOP(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        await using var proxy = ProxyFor(h);
        await using var dataSource = DataSource(h, proxy);
        var table = await h.CreateTableAsync("items");
        using var cancel = new CancellationTokenSource();
        var feed = table.Changes().RunResumableChangesAsync<Item>(dataSource, Fast, cancel.Token);
        await using var rows = FeedRows.Open(feed);
        var next = rows.MoveNextAsync().AsTask();
        await Eventually.TrueAsync(() => proxy.Accepted == 1);
        await WaitUntilOpenAsync(h, kind);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Timeout));
        await rows.DisposeAsync();
        await Eventually.TrueAsync(() => proxy.StoppedTokens.Count == 1, "No STOP went to the server.");
        if (h.Server is { } server)
        {
            await Eventually.TrueAsync(() => server.StoppedTokens.Contains(proxy.StoppedTokens.Single()), "The server saw no STOP.");
            await Eventually.TrueAsync(() => server.OpenCursors == 0, "The feed is still open on the server.");
        }
        Assert.Equal(0, feed.Resumes);
    }

    [Theory, TestServer, RealServer]
    public async Task A_dropped_table_ends_a_feed_on_a_data_source_with_ReqlOpFailedError(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        await using var dataSource = DataSource(h, proxy: null);
        var table = await h.CreateTableAsync("items");
        var feed = table.Changes().RunResumableChangesAsync<Item>(dataSource, Fast);
        await using var rows = FeedRows.Open(feed);
        var next = rows.MoveNextAsync().AsTask();
        await WaitUntilOpenAsync(h, kind);
        // The feed is open on the server once a change made now comes through it: a real server under load can take
        // longer than the wait above to register it, and a table dropped before that fails the feed's first query
        // ("Table ... does not exist"), not the open feed this test is about.
        var deadline = DateTime.UtcNow + Timeout;
        for (var i = 0; !next.IsCompleted && DateTime.UtcNow < deadline; i++)
        {
            await table.Insert(new { id = $"probe{i}", name = "probe", rank = i }).RunWriteAsync(h.Connection);
            await Task.WhenAny(next, Task.Delay(200));
        }
        Assert.True(await next.WaitAsync(Timeout));
        next = rows.MoveNextAsync().AsTask();

        await R.Db(h.Db).TableDrop("items").RunAsync(h.Connection);
        var error = await Assert.ThrowsAsync<ReqlOpFailedError>(() => next.WaitAsync(Timeout));
        Assert.StartsWith("Changefeed aborted (unavailable)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, feed.Resumes);
        Assert.Equal(0, feed.FailedAttempts);
    }

    /// <summary>Waits until the feed's query is open on the server (the test server counts it; a real one cannot tell).</summary>
    private static async Task WaitUntilOpenAsync(Harness h, ServerKind kind)
    {
        if (kind == ServerKind.TestServer)
        {
            await Eventually.TrueAsync(() => h.Server!.OpenCursors == 1);
        }
        else
        {
            // The first batch of a feed is answered at once; a moment more lets a real server register it.
            await Task.Delay(500);
        }
    }
}
