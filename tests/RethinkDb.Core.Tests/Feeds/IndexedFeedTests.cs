using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Feeds;

/// <summary>Feeds over a secondary index: <c>between</c>, <c>getAll</c>, <c>orderBy</c> and <c>orderBy().limit()</c>.</summary>
public sealed class IndexedFeedTests
{
    private sealed record Item(string Id, int Rank);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A table of a:1, b:2, c:3 with a secondary index on <c>rank</c>.</summary>
    private static async Task<ReqlTerm> RankedAsync(Harness h)
    {
        var table = await h.CreateTableAsync("ranked");
        await table.IndexCreate("rank").RunAsync(h.Connection);
        await table.IndexWait().RunAsync(h.Connection);
        await table.Insert(new[] { new { id = "a", rank = 1 }, new { id = "b", rank = 2 }, new { id = "c", rank = 3 } }).RunWriteAsync(h.Connection);
        return table;
    }

    [Theory, TestServer, RealServer]
    public async Task Between_on_an_index_sends_the_range_then_documents_entering_and_leaving_it(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await RankedAsync(h);
        var query = table.Between(2, 5).OptArg("index", "rank").Changes().OptArg("include_initial", true).OptArg("include_types", true);
        await using var feed = await query.RunChangesAsync<Item>(h.Connection);
        Assert.Contains(ResponseNote.SequenceFeed, feed.Notes);
        await using var rows = FeedRows.Open(feed);

        var initial = new[] { await FeedRows.NextAsync(rows, Timeout), await FeedRows.NextAsync(rows, Timeout) };
        Assert.Equal(new[] { "b", "c" }, initial.Select(c => c.NewVal!.Id).Order());
        Assert.All(initial, c => Assert.Equal("initial", c.Type));

        await table.Get("a").Update(new { rank = 4 }).RunWriteAsync(h.Connection);
        var entered = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal(("add", "a", 4), (entered.Type, entered.NewVal!.Id, entered.NewVal.Rank));
        Assert.Null(entered.OldVal);

        await table.Get("c").Update(new { rank = 9 }).RunWriteAsync(h.Connection);
        var left = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal(("remove", "c", 3), (left.Type, left.OldVal!.Id, left.OldVal.Rank));
        Assert.Null(left.NewVal);

        await table.Get("b").Update(new { rank = 3 }).RunWriteAsync(h.Connection);
        var moved = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal(("change", 2, 3), (moved.Type, moved.OldVal!.Rank, moved.NewVal!.Rank));
    }

    [Theory, TestServer, RealServer]
    public async Task GetAll_on_an_index_follows_the_documents_with_that_index_value(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await RankedAsync(h);
        await using var feed = await table.GetAll(4).OptArg("index", "rank").Changes().OptArg("include_types", true).RunChangesAsync<Item>(h.Connection);
        await using var rows = FeedRows.Open(feed);

        var next = FeedRows.NextAsync(rows, Timeout);
        await table.Get("a").Update(new { rank = 5 }).RunWriteAsync(h.Connection);
        await table.Get("b").Update(new { rank = 4 }).RunWriteAsync(h.Connection);
        var added = await next;
        Assert.Equal(("add", "b"), (added.Type, added.NewVal!.Id));

        await table.Get("b").Update(new { rank = 6 }).RunWriteAsync(h.Connection);
        var removed = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal(("remove", "b", 4), (removed.Type, removed.OldVal!.Id, removed.OldVal.Rank));
    }

    [Theory, TestServer, RealServer]
    public async Task OrderBy_on_an_index_without_limit_is_a_range_feed_of_the_indexed_documents(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await RankedAsync(h);
        await using var feed = await table.OrderBy().OptArg("index", "rank").Changes().OptArg("include_types", true).RunChangesAsync<Item>(h.Connection);
        Assert.Contains(ResponseNote.SequenceFeed, feed.Notes);
        await using var rows = FeedRows.Open(feed);

        var next = FeedRows.NextAsync(rows, Timeout);
        await table.Get("b").Update(new { rank = 21 }).RunWriteAsync(h.Connection);
        var change = await next;
        Assert.Equal(("change", 2, 21), (change.Type, change.OldVal!.Rank, change.NewVal!.Rank));
    }

    [Theory, TestServer, RealServer]
    public async Task OrderBy_a_secondary_index_limit_sends_its_window_with_offsets_and_types(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await RankedAsync(h);
        var query = table.OrderBy().OptArg("index", R.Desc("rank")).Limit(2).Changes()
            .OptArg("include_initial", true).OptArg("include_offsets", true).OptArg("include_types", true);
        await using var feed = await query.RunChangesAsync<Item>(h.Connection);
        Assert.Contains(ResponseNote.OrderByLimitFeed, feed.Notes);
        await using var rows = FeedRows.Open(feed);

        var first = await FeedRows.NextAsync(rows, Timeout);
        var second = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal(("initial", "c", 0L), (first.Type, first.NewVal!.Id, first.NewOffset!.Value));
        Assert.Equal(("initial", "b", 1L), (second.Type, second.NewVal!.Id, second.NewOffset!.Value));

        await table.Get("a").Update(new { rank = 5 }).RunWriteAsync(h.Connection);
        var pushed = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal("change", pushed.Type);
        Assert.Equal(("b", 1L), (pushed.OldVal!.Id, pushed.OldOffset!.Value));
        Assert.Equal(("a", 0L), (pushed.NewVal!.Id, pushed.NewOffset!.Value));

        // Still in the window, moved within it: it leaves at its old offset and enters at its new one.
        await table.Get("c").Update(new { rank = 6 }).RunWriteAsync(h.Connection);
        var moved = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal(("change", 1L, 0L), (moved.Type, moved.OldOffset!.Value, moved.NewOffset!.Value));
        Assert.Equal((3, 6), (moved.OldVal!.Rank, moved.NewVal!.Rank));
    }
}
