using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Feeds;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Feeds;

/// <summary>A resumable feed across a test-server restart (the store kept), and the errors resuming cannot fix.</summary>
public sealed class ResumableFeedTests
{
    private sealed record Item(string Id, string Name, int Rank);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static readonly FeedResumeOptions Fast = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        MaxAttempts = 200,
    };

    [Fact]
    public async Task A_point_feed_resumes_after_a_restart_with_a_gap_then_its_current_value_as_initial_then_changes()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new { id = "a", name = "alpha", rank = 1 }).RunWriteAsync(h.Connection);
        var feed = table.Get("a").Changes().RunResumableChangesAsync<Item>(h.Connection, Fast);
        await using var rows = FeedRows.Open(feed);

        var before = await ReadAWriteAsync(h, rows, table.Get("a").Update(new { rank = 2 }));
        Assert.Equal(2, before.NewVal!.Rank);
        Assert.False(before.IsGap);

        var gapNext = FeedRows.NextAsync(rows, Timeout);
        await h.Server!.RestartAsync();
        var gap = await gapNext;
        Assert.True(gap.IsGap);
        Assert.Equal("resumed", gap.State);
        Assert.True(gap.Gap!.InitialValuesFollow);
        Assert.False(gap.Gap.RereadNeeded);
        Assert.IsAssignableFrom<ReqlDriverError>(gap.Gap.Cause);
        Assert.Equal(1, feed.Resumes);

        var resent = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal("initial", resent.Type);
        Assert.Equal(new Item("a", "alpha", 2), resent.NewVal);
        Assert.Null(resent.OldVal);

        var change = await ReadAWriteAsync(h, rows, table.Get("a").Update(new { rank = 3 }));
        // The states and types the reopened query asked for are not the user's: they are taken out again.
        Assert.False(change.IsState);
        Assert.Null(change.Type);
        Assert.Equal(2, change.OldVal!.Rank);
        Assert.Equal(3, change.NewVal!.Rank);
    }

    [Fact]
    public async Task A_table_feed_with_include_initial_resends_every_document_once_after_the_gap_and_nothing_else_twice()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new[] { new { id = "a", name = "a", rank = 1 }, new { id = "b", name = "b", rank = 1 } }).RunWriteAsync(h.Connection);
        var feed = table.Changes().OptArg("include_initial", true).RunResumableChangesAsync<Item>(h.Connection, Fast);
        await using var rows = FeedRows.Open(feed);

        var first = new[] { await FeedRows.NextAsync(rows, Timeout), await FeedRows.NextAsync(rows, Timeout) };
        Assert.Equal(new[] { "a", "b" }, first.Select(c => c.NewVal!.Id).Order());
        Assert.All(first, c => Assert.Null(c.Type)); // the user did not ask for types

        var gapNext = FeedRows.NextAsync(rows, Timeout);
        await h.Server!.RestartAsync();
        Assert.True((await gapNext).IsGap);
        var resent = new[] { await FeedRows.NextAsync(rows, Timeout), await FeedRows.NextAsync(rows, Timeout) };
        Assert.Equal(new[] { "a", "b" }, resent.Select(c => c.NewVal!.Id).Order());
        Assert.All(resent, c => Assert.Equal("initial", c.Type));

        var added = await ReadAWriteAsync(h, rows, table.Insert(new { id = "c", name = "c", rank = 1 }));
        Assert.Equal("c", added.NewVal!.Id);
        Assert.Null(added.Type);
        Assert.False(added.IsGap);
    }

    [Fact]
    public async Task A_table_feed_without_initial_values_says_a_reread_is_needed_and_goes_on_with_new_changes()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var table = await h.CreateTableAsync("items");
        var feed = table.Changes().RunResumableChangesAsync<Item>(h.Connection, Fast);
        await using var rows = FeedRows.Open(feed);
        await ReadAWriteAsync(h, rows, table.Insert(new { id = "w", name = "w", rank = 1 }));
        var gapNext = FeedRows.NextAsync(rows, Timeout);

        // Down for a while: the feed fails to reconnect a few times, counted, then comes back.
        await h.Server!.StopAsync();
        await Eventually.TrueAsync(() => feed.FailedAttempts >= 2, "The feed did not try to reconnect.");
        await h.Server.RestartAsync();
        var gap = await gapNext;
        Assert.True(gap.IsGap);
        Assert.True(gap.Gap!.RereadNeeded);
        Assert.True(gap.Gap.Attempts >= 3);

        Assert.Equal("x", (await ReadAWriteAsync(h, rows, table.Insert(new { id = "x", name = "x", rank = 1 }))).NewVal!.Id);
    }

    [Fact]
    public async Task An_orderBy_limit_feed_resends_its_window_after_a_restart_with_the_offsets_asked_for()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new[] { new { id = "a", name = "a", rank = 1 }, new { id = "b", name = "b", rank = 2 }, new { id = "c", name = "c", rank = 3 } })
            .RunWriteAsync(h.Connection);
        var query = table.OrderBy().OptArg("index", R.Desc("id")).Limit(2).Changes().OptArg("include_offsets", true);
        var feed = query.RunResumableChangesAsync<Item>(h.Connection, Fast);
        await using var rows = FeedRows.Open(feed);
        var first = await ReadAWriteAsync(h, rows, table.Insert(new { id = "d", name = "d", rank = 4 }));
        Assert.Equal(("b", 1L), (first.OldVal!.Id, first.OldOffset!.Value));
        Assert.Equal(("d", 0L), (first.NewVal!.Id, first.NewOffset!.Value));
        var gapNext = FeedRows.NextAsync(rows, Timeout);

        await h.Server!.RestartAsync();
        var gap = await gapNext;
        Assert.True(gap.Gap!.InitialValuesFollow);
        var window = new[] { await FeedRows.NextAsync(rows, Timeout), await FeedRows.NextAsync(rows, Timeout) };
        Assert.Equal(new[] { ("d", 0L), ("c", 1L) }, window.Select(c => (c.NewVal!.Id, c.NewOffset!.Value)));
        Assert.All(window, c => Assert.Equal("initial", c.Type));

        var pushed = await ReadAWriteAsync(h, rows, table.Insert(new { id = "e", name = "e", rank = 5 }));
        Assert.Equal(("c", 1L), (pushed.OldVal!.Id, pushed.OldOffset!.Value));
        Assert.Equal(("e", 0L), (pushed.NewVal!.Id, pushed.NewOffset!.Value));
        Assert.Null(pushed.Type);
    }

    [Fact]
    public async Task A_first_open_lost_before_its_answer_is_opened_again_as_written_without_a_gap()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer,
            new TestServerOptions { ResetAfterQueries = 1 });
        var table = await h.CreateTableAsync("items");
        // The feed's connection: its first query (the feed's START) is held unanswered, then the connection is reset.
        h.Server!.Fault = TestServerFault.ResetAfterQueries;
        await using var connection = await h.ConnectAsync();
        h.Server.Fault = TestServerFault.None;
        var accepted = h.Server.ConnectionsAccepted;
        var feed = table.Changes().RunResumableChangesAsync<Item>(connection, Fast);
        await using var rows = FeedRows.Open(feed);

        // Nothing was delivered before the loss: the query is reopened as the user wrote it, and no marker comes.
        var change = await ReadAWriteAsync(h, rows, table.Insert(new { id = "a", name = "a", rank = 1 }));
        Assert.False(change.IsGap);
        Assert.Null(change.Type);
        Assert.Equal("a", change.NewVal!.Id);
        Assert.Equal(0, feed.Resumes);
        // The feed reconnected once (its first START was lost with the connection); the writer made the other one.
        Assert.Equal(accepted + 2, h.Server.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_dropped_table_ends_the_feed_with_ReqlOpFailedError_not_a_retry_loop()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var table = await h.CreateTableAsync("items");
        var feed = table.Changes().RunResumableChangesAsync<Item>(h.Connection, Fast);
        await using var rows = FeedRows.Open(feed);
        var next = rows.MoveNextAsync().AsTask();
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 1);

        await using (var writer = await h.ConnectAsync())
        {
            await R.Db(h.Db).TableDrop("items").RunAsync(writer);
        }
        await Assert.ThrowsAsync<ReqlOpFailedError>(() => next.WaitAsync(Timeout));
        Assert.Equal(0, feed.Resumes);
        Assert.Equal(0, feed.FailedAttempts);
    }

    [Fact]
    public async Task A_query_error_at_the_first_open_is_thrown_as_it_is()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var feed = h.Table("missing").Changes().RunResumableChangesAsync<Item>(h.Connection, Fast);
        await using var rows = FeedRows.Open(feed);
        await Assert.ThrowsAsync<ReqlOpFailedError>(async () => await rows.MoveNextAsync());
        Assert.Equal(0, feed.FailedAttempts);
    }

    [Fact]
    public async Task A_server_that_stays_down_ends_the_feed_after_max_attempts_each_counted()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var table = await h.CreateTableAsync("items");
        var feed = table.Changes().RunResumableChangesAsync<Item>(h.Connection, Fast with { MaxAttempts = 3 });
        await using var rows = FeedRows.Open(feed);
        var next = rows.MoveNextAsync().AsTask();
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 1);

        await h.Server!.StopAsync();
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => next.WaitAsync(Timeout));
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ReqlDriverError>(error.InnerException);
        Assert.Equal(3, feed.FailedAttempts);
        Assert.Equal(0, feed.Resumes);
    }

    [Fact]
    public async Task Cancelling_ends_the_feed_at_once_and_sends_STOP()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var table = await h.CreateTableAsync("items");
        using var cancel = new CancellationTokenSource();
        var feed = table.Changes().RunResumableChangesAsync<Item>(h.Connection, Fast, cancel.Token);
        await using var rows = FeedRows.Open(feed);
        var next = rows.MoveNextAsync().AsTask();
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 1);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Timeout));
        await rows.DisposeAsync();
        await Eventually.TrueAsync(() => h.Server!.StoppedTokens.Count == 1, "The server saw no STOP.");
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 0, "The feed is still open on the server.");
    }

    [Fact]
    public void The_backoff_doubles_up_to_its_bound_and_jitters_within_the_upper_half()
    {
        var options = new FeedResumeOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) };
        var random = new Random(42);
        for (var attempt = 1; attempt <= 100; attempt++)
        {
            var ceiling = Math.Min(100 * Math.Pow(2, Math.Min(attempt - 1, 30)), 2000);
            var delay = FeedBackoff.Delay(attempt, options, random).TotalMilliseconds;
            Assert.InRange(delay, ceiling / 2, ceiling);
        }
        var delays = Enumerable.Range(0, 50).Select(_ => FeedBackoff.Delay(10, options, random)).Distinct().Count();
        Assert.True(delays > 1, "The delays have no jitter.");
    }

    [Fact]
    public void Options_out_of_range_and_queries_without_changes_are_refused()
    {
        var table = R.Table("items");
        Assert.Throws<ArgumentException>(() => FeedQuery.Of(table.Filter(new { a = 1 })));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedResumeOptions { MaxAttempts = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new FeedResumeOptions { InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) }.Validate());
    }

    [Fact]
    public void The_reopened_query_asks_for_initial_values_states_and_types_only_for_feeds_that_can_resend()
    {
        var table = R.Table("items");
        Assert.True(FeedQuery.Of(table.Get("a").Changes()).CanResend);
        Assert.True(FeedQuery.Of(table.OrderBy(R.Desc("rank")).OptArg("index", "rank").Limit(3).Changes()).CanResend);
        Assert.True(FeedQuery.Of(table.Changes().OptArg("include_initial", true)).CanResend);
        var plain = FeedQuery.Of(table.Changes());
        Assert.False(plain.CanResend);
        Assert.Same(plain.Original, plain.Resume);

        // changes() below terms chained after it is found and rewritten in place.
        var chained = FeedQuery.Of(table.Get("a").Changes().Pluck("new_val"));
        Assert.Equal(TermType.Pluck, chained.Resume.TermType);
        var changes = (ReqlTerm)((ReqlTerm)chained.Resume).Args[0];
        Assert.Equal(new[] { "include_initial", "include_states", "include_types" }, changes.OptArgs.Select(o => o.Key));
    }

    /// <summary>
    /// Runs <paramref name="write"/> on a connection of its own (the feed's may have gone with a restart) once the
    /// server has the feed open, and returns the change it caused. Before a restart, this is what proves the feed's first answer reached the client: the server
    /// counting the cursor does not (a restart before that answer fails the first open, which is then retried
    /// without a gap, as nothing was delivered yet).
    /// </summary>
    private static async Task<Change<Item>> ReadAWriteAsync(Harness h, IAsyncEnumerator<Change<Item>> rows, ReqlExpr write)
    {
        var next = FeedRows.NextAsync(rows, Timeout);
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 1);
        await using (var writer = await h.ConnectAsync())
        {
            await write.RunWriteAsync(writer);
        }
        return await next;
    }
}
