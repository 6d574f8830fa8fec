using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Feeds;

/// <summary><c>union</c> of feeds, and of a feed with other sequences, with the note the server gives the result.</summary>
public sealed class FeedUnionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<ReqlTerm> ItemsAsync(Harness h, string name = "items")
    {
        var table = await h.CreateTableAsync(name);
        await table.Insert(new[] { new { id = "a", rank = 1 }, new { id = "b", rank = 2 } }).RunWriteAsync(h.Connection);
        return table;
    }

    [Theory, TestServer, RealServer]
    public async Task A_union_of_a_point_feed_and_a_table_feed_is_a_unioned_feed_with_the_changes_of_both(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await ItemsAsync(h);
        var other = await ItemsAsync(h, "other");
        await using var feed = await table.Get("a").Changes().Union(other.Changes()).RunCursorAsync<JsonElement>(h.Connection);
        Assert.Contains(ResponseNote.UnionedFeed, feed.Notes);
        await using var rows = FeedRows.Open(feed);

        var next = FeedRows.NextAsync(rows, Timeout);
        await table.Get("b").Update(new { rank = 5 }).RunWriteAsync(h.Connection); // neither feed watches it
        await table.Get("a").Update(new { rank = 3 }).RunWriteAsync(h.Connection);
        Assert.Equal(3, (await next).GetProperty("new_val").GetProperty("rank").GetInt32());
        await other.Get("b").Update(new { rank = 4 }).RunWriteAsync(h.Connection);
        var fromOther = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal(("b", 4), (fromOther.GetProperty("new_val").GetProperty("id").GetString(), fromOther.GetProperty("new_val").GetProperty("rank").GetInt32()));
    }

    [Theory, TestServer, RealServer]
    public async Task A_union_sends_the_initial_values_of_each_feed_and_a_union_of_range_feeds_stays_a_sequence_feed(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await ItemsAsync(h);
        var query = table.Get("a").Changes().OptArg("include_initial", true)
            .Union(table.Filter(row => row["rank"] == 2).Changes().OptArg("include_initial", true));
        await using var feed = await query.RunCursorAsync<JsonElement>(h.Connection);
        Assert.Contains(ResponseNote.UnionedFeed, feed.Notes);
        await using var rows = FeedRows.Open(feed);
        var initial = new[] { await FeedRows.NextAsync(rows, Timeout), await FeedRows.NextAsync(rows, Timeout) };
        Assert.Equal(new[] { "a", "b" }, initial.Select(c => c.GetProperty("new_val").GetProperty("id").GetString()).Order());

        await using var ranges = await table.Changes().Union(table.Filter(row => row["rank"] > 100).Changes()).RunCursorAsync<JsonElement>(h.Connection);
        Assert.Contains(ResponseNote.SequenceFeed, ranges.Notes);
        Assert.DoesNotContain(ResponseNote.UnionedFeed, ranges.Notes);
    }

    [Theory, TestServer, RealServer]
    public async Task A_feed_unioned_with_an_array_sends_the_array_first_then_changes(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await ItemsAsync(h);
        var rank = 10;
        foreach (var query in new ReqlExpr[] { table.Changes().Union(R.Expr(new[] { 1, 2 })), R.Expr(new[] { 1, 2 }).Union(table.Changes()) })
        {
            rank++;
            await using var feed = await query.RunCursorAsync<JsonElement>(h.Connection);
            Assert.Contains(ResponseNote.SequenceFeed, feed.Notes);
            await using var rows = FeedRows.Open(feed);
            Assert.Equal(new[] { 1, 2 }, new[] { (await FeedRows.NextAsync(rows, Timeout)).GetInt32(), (await FeedRows.NextAsync(rows, Timeout)).GetInt32() }.Order());
            var next = FeedRows.NextAsync(rows, Timeout);
            await table.Get("a").Update(new { rank }).RunWriteAsync(h.Connection);
            Assert.Equal("a", (await next).GetProperty("new_val").GetProperty("id").GetString());
        }
    }

    [Theory, TestServer, RealServer]
    public async Task A_term_after_a_union_of_feeds_applies_to_the_changes_of_both(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await ItemsAsync(h);
        await using var feed = await table.Get("a").Changes().Union(table.Get("b").Changes()).Map(c => c["new_val"]["id"])
            .RunCursorAsync<JsonElement>(h.Connection);
        await using var rows = FeedRows.Open(feed);
        var next = FeedRows.NextAsync(rows, Timeout);
        await table.Get("b").Update(new { rank = 9 }).RunWriteAsync(h.Connection);
        Assert.Equal("b", (await next).GetString());
        await table.Get("a").Update(new { rank = 9 }).RunWriteAsync(h.Connection);
        Assert.Equal("a", (await FeedRows.NextAsync(rows, Timeout)).GetString());
    }
}
