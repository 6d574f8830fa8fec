using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Feeds;

/// <summary>Every kind of changefeed, and its options, read as the real server sends them.</summary>
public sealed class FeedKindTests
{
    private sealed record Item(string Id, string Name, int Rank);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory, TestServer, RealServer]
    public async Task A_point_feed_is_an_atom_feed_and_sends_only_its_document(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new { id = "a", name = "alpha", rank = 1 }).RunWriteAsync(h.Connection);
        await using var feed = await table.Get("a").Changes().RunChangesAsync<Item>(h.Connection);
        Assert.Contains(ResponseNote.AtomFeed, feed.Notes);
        Assert.DoesNotContain(ResponseNote.SequenceFeed, feed.Notes);
        await using var rows = FeedRows.Open(feed);

        var next = FeedRows.NextAsync(rows, Timeout);
        await table.Insert(new { id = "b", name = "other", rank = 2 }).RunWriteAsync(h.Connection);
        await table.Get("a").Update(new { rank = 5 }).RunWriteAsync(h.Connection);
        var change = await next;
        Assert.Equal(new Item("a", "alpha", 1), change.OldVal);
        Assert.Equal(new Item("a", "alpha", 5), change.NewVal);

        await table.Get("a").Delete().RunWriteAsync(h.Connection);
        var removed = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal(new Item("a", "alpha", 5), removed.OldVal);
        Assert.Null(removed.NewVal);
    }

    [Theory, TestServer, RealServer]
    public async Task A_point_feed_with_include_initial_sends_the_document_then_ready(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new { id = "a", name = "alpha", rank = 1 }).RunWriteAsync(h.Connection);
        var query = table.Get("a").Changes().OptArg("include_initial", true).OptArg("include_states", true).OptArg("include_types", true);
        await using var feed = await query.RunChangesAsync<Item>(h.Connection);
        Assert.Contains(ResponseNote.AtomFeed, feed.Notes);
        Assert.Contains(ResponseNote.IncludesStates, feed.Notes);
        await using var rows = FeedRows.Open(feed);

        Assert.Equal("initializing", (await FeedRows.NextAsync(rows, Timeout)).State);
        var initial = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal("initial", initial.Type);
        Assert.Equal(new Item("a", "alpha", 1), initial.NewVal);
        Assert.Null(initial.OldVal);
        Assert.Equal("ready", (await FeedRows.NextAsync(rows, Timeout)).State);

        await table.Get("a").Update(new { rank = 2 }).RunWriteAsync(h.Connection);
        var change = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal("change", change.Type);
        Assert.Equal(2, change.NewVal!.Rank);
    }

    [Theory, TestServer, RealServer]
    public async Task A_point_feed_on_a_missing_document_sends_a_null_initial_value(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await using var feed = await table.Get("nobody").Changes().OptArg("include_initial", true).RunChangesAsync<Item>(h.Connection);
        await using var rows = FeedRows.Open(feed);

        var initial = await FeedRows.NextAsync(rows, Timeout);
        Assert.Null(initial.NewVal);
        Assert.Null(initial.OldVal);
        Assert.False(initial.IsState);

        await table.Insert(new { id = "nobody", name = "born", rank = 1 }).RunWriteAsync(h.Connection);
        var added = await FeedRows.NextAsync(rows, Timeout);
        Assert.Null(added.OldVal);
        Assert.Equal("born", added.NewVal!.Name);
    }

    [Theory, TestServer, RealServer]
    public async Task A_filtered_feed_sends_documents_entering_and_leaving_the_filter(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await using var feed = await table.Filter(row => row["rank"] > 10).Changes().OptArg("include_types", true)
            .RunChangesAsync<Item>(h.Connection);
        await using var rows = FeedRows.Open(feed);

        var next = FeedRows.NextAsync(rows, Timeout);
        await table.Insert(new { id = "low", name = "low", rank = 1 }).RunWriteAsync(h.Connection);
        await table.Insert(new { id = "high", name = "high", rank = 20 }).RunWriteAsync(h.Connection);
        var added = await next;
        Assert.Equal("add", added.Type);
        Assert.Equal("high", added.NewVal!.Id);

        // Entering the filter reads as an add, leaving it as a remove: the other side is outside the feed.
        await table.Get("low").Update(new { rank = 11 }).RunWriteAsync(h.Connection);
        var entered = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal("add", entered.Type);
        Assert.Null(entered.OldVal);
        Assert.Equal(11, entered.NewVal!.Rank);

        await table.Get("high").Update(new { rank = 3 }).RunWriteAsync(h.Connection);
        var left = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal("remove", left.Type);
        Assert.Equal(20, left.OldVal!.Rank);
        Assert.Null(left.NewVal);
    }

    [Theory, TestServer, RealServer]
    public async Task A_plucked_feed_with_include_initial_sends_the_plucked_documents(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new { id = "a", name = "alpha", rank = 1 }).RunWriteAsync(h.Connection);
        await using var feed = await table.Pluck("id", "rank").Changes().OptArg("include_initial", true)
            .RunChangesAsync<System.Text.Json.JsonElement>(h.Connection);
        await using var rows = FeedRows.Open(feed);
        Assert.True(await rows.MoveNextAsync().AsTask().WaitAsync(Timeout));
        var initial = rows.Current.NewVal;
        Assert.Equal("a", initial.GetProperty("id").GetString());
        Assert.False(initial.TryGetProperty("name", out _));

        await table.Get("a").Update(new { name = "renamed", rank = 2 }).RunWriteAsync(h.Connection);
        Assert.True(await rows.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(1, rows.Current.OldVal.GetProperty("rank").GetInt32());
        Assert.Equal(2, rows.Current.NewVal.GetProperty("rank").GetInt32());
        Assert.False(rows.Current.NewVal.TryGetProperty("name", out _));
    }

    [Theory, TestServer, RealServer]
    public async Task A_getAll_feed_sends_only_the_keys_asked_for(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new[] { new { id = "a", name = "a", rank = 1 }, new { id = "b", name = "b", rank = 1 } }).RunWriteAsync(h.Connection);
        await using var feed = await table.GetAll("a", "c").Changes().OptArg("include_initial", true).RunChangesAsync<Item>(h.Connection);
        Assert.Contains(ResponseNote.SequenceFeed, feed.Notes);
        await using var rows = FeedRows.Open(feed);

        Assert.Equal("a", (await FeedRows.NextAsync(rows, Timeout)).NewVal!.Id);
        var next = FeedRows.NextAsync(rows, Timeout);
        await table.Get("b").Update(new { rank = 2 }).RunWriteAsync(h.Connection);
        await table.Insert(new { id = "c", name = "c", rank = 1 }).RunWriteAsync(h.Connection);
        var change = await next;
        Assert.Equal("c", change.NewVal!.Id);
        Assert.Null(change.OldVal);
    }

    [Theory, TestServer, RealServer]
    public async Task Squash_and_changefeed_queue_size_are_accepted_and_changes_still_arrive(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        foreach (var squash in new object[] { true, 0.05 })
        {
            await using var feed = await table.Changes().OptArg("squash", squash).OptArg("changefeed_queue_size", 1000)
                .RunChangesAsync<Item>(h.Connection);
            await using var rows = FeedRows.Open(feed);
            var next = FeedRows.NextAsync(rows, Timeout);
            var id = $"s{squash}";
            await table.Insert(new { id, name = "x", rank = 1 }).RunWriteAsync(h.Connection);
            // Squashing may merge changes to one document, never drop the last state of it.
            Assert.Equal(id, (await next).NewVal!.Id);
        }
    }

    [Theory, TestServer, RealServer]
    public async Task Invalid_changes_options_fail_with_the_servers_messages(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");

        var negative = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => table.Changes().OptArg("squash", -1).RunChangesAsync<Item>(h.Connection));
        Assert.StartsWith("Expected BOOL or a positive NUMBER but found a negative NUMBER", negative.Message, StringComparison.Ordinal);
        var wrongType = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => table.Changes().OptArg("squash", "yes").RunChangesAsync<Item>(h.Connection));
        Assert.StartsWith("Expected BOOL or NUMBER but found STRING", wrongType.Message, StringComparison.Ordinal);
        var range = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => table.Changes().OptArg("include_offsets", true).RunChangesAsync<Item>(h.Connection));
        Assert.StartsWith("Cannot include offsets for range subs", range.Message, StringComparison.Ordinal);
        var point = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => table.Get("a").Changes().OptArg("include_offsets", true).RunChangesAsync<Item>(h.Connection));
        Assert.StartsWith("Cannot include offsets for point subs", point.Message, StringComparison.Ordinal);
        var queue = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => table.Changes().OptArg("changefeed_queue_size", 0).RunChangesAsync<Item>(h.Connection));
        Assert.StartsWith("Illegal changefeed queue size `0`.  (Must be >= 1", queue.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Server?.OpenCursors ?? 0);
    }
}
