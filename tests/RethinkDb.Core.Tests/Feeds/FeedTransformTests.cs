using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Feeds;

/// <summary>
/// Transforms before <c>changes()</c> (applied to each change's old and new value), terms after it (applied to
/// each change object), and the shapes the server refuses, with its messages.
/// </summary>
public sealed class FeedTransformTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<ReqlTerm> ItemsAsync(Harness h)
    {
        var table = await h.CreateTableAsync("items");
        await table.Insert(new[] { new { id = "a", rank = 1 }, new { id = "b", rank = 2 } }).RunWriteAsync(h.Connection);
        return table;
    }

    [Theory, TestServer, RealServer]
    public async Task A_map_before_changes_maps_both_values_and_a_change_that_maps_to_the_same_value_is_not_sent(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await ItemsAsync(h);
        await using var feed = await table.Map(row => row["rank"]).Changes().OptArg("include_initial", true).OptArg("include_types", true)
            .RunCursorAsync<JsonElement>(h.Connection);
        await using var rows = FeedRows.Open(feed);
        var initial = new[] { await FeedRows.NextAsync(rows, Timeout), await FeedRows.NextAsync(rows, Timeout) };
        Assert.Equal(new[] { 1, 2 }, initial.Select(c => c.GetProperty("new_val").GetInt32()).Order());
        Assert.All(initial, c => Assert.Equal("initial", c.GetProperty("type").GetString()));

        // b's rank stays 2: its mapped value does not change, so nothing is sent for it.
        await table.Get("b").Update(new { other = 7 }).RunWriteAsync(h.Connection);
        await table.Get("a").Update(new { rank = 8 }).RunWriteAsync(h.Connection);
        var change = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal((1, 8), (change.GetProperty("old_val").GetInt32(), change.GetProperty("new_val").GetInt32()));
        Assert.Equal("change", change.GetProperty("type").GetString());
    }

    [Theory, TestServer, RealServer]
    public async Task WithFields_and_hasFields_before_changes_select_and_shape_the_documents(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await ItemsAsync(h);
        await using var withFields = await table.WithFields("tag").Changes().OptArg("include_types", true).RunCursorAsync<JsonElement>(h.Connection);
        await using var hasFields = await table.HasFields("tag").Changes().OptArg("include_types", true).RunCursorAsync<JsonElement>(h.Connection);
        await using var shaped = FeedRows.Open(withFields);
        await using var selected = FeedRows.Open(hasFields);

        var nextShaped = FeedRows.NextAsync(shaped, Timeout);
        var nextSelected = FeedRows.NextAsync(selected, Timeout);
        await table.Get("a").Update(new { tag = "x" }).RunWriteAsync(h.Connection);
        var added = await nextShaped;
        Assert.Equal("add", added.GetProperty("type").GetString());
        Assert.Equal("""{"tag":"x"}""", added.GetProperty("new_val").GetRawText());
        Assert.Equal(JsonValueKind.Null, added.GetProperty("old_val").ValueKind);
        var whole = await nextSelected;
        Assert.Equal("add", whole.GetProperty("type").GetString());
        Assert.Equal(1, whole.GetProperty("new_val").GetProperty("rank").GetInt32());
    }

    [Theory, TestServer, RealServer]
    public async Task A_term_after_changes_failing_on_a_change_ends_the_feed_with_its_error(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await ItemsAsync(h);
        await using var feed = await table.Changes().Map(c => c["new_val"]["tag"]).RunCursorAsync<JsonElement>(h.Connection);
        await using var rows = FeedRows.Open(feed);

        await table.Get("a").Update(new { tag = "x" }).RunWriteAsync(h.Connection);
        Assert.Equal("x", (await FeedRows.NextAsync(rows, Timeout)).GetString());

        // b has no tag: the map fails on its change, and the server ends the feed with that error (the change is
        // not skipped, and later changes never come).
        await table.Get("b").Update(new { rank = 3 }).RunWriteAsync(h.Connection);
        var error = await Assert.ThrowsAsync<ReqlNonExistenceError>(async () => await rows.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Contains("No attribute `tag`", error.Message, StringComparison.Ordinal);
        await table.Get("a").Update(new { tag = "y" }).RunWriteAsync(h.Connection);
        Assert.False(await rows.MoveNextAsync().AsTask().WaitAsync(Timeout));
    }

    [Theory, TestServer, RealServer]
    public async Task Map_filter_pluck_and_bracket_after_changes_apply_to_each_change_and_the_feed_stays_a_feed(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await ItemsAsync(h);
        await using var mapped = await table.Changes().Map(c => c["new_val"]["rank"]).RunCursorAsync<JsonElement>(h.Connection);
        await using var filtered = await table.Changes().Filter(c => c["new_val"]["rank"] > 10).Pluck("new_val").RunCursorAsync<JsonElement>(h.Connection);
        await using var bracket = await table.Changes()["old_val"].RunCursorAsync<JsonElement>(h.Connection);
        Assert.Contains(ResponseNote.SequenceFeed, mapped.Notes);
        Assert.Contains(ResponseNote.SequenceFeed, filtered.Notes);
        await using var mappedRows = FeedRows.Open(mapped);
        await using var filteredRows = FeedRows.Open(filtered);
        await using var bracketRows = FeedRows.Open(bracket);

        var nextMapped = FeedRows.NextAsync(mappedRows, Timeout);
        var nextFiltered = FeedRows.NextAsync(filteredRows, Timeout);
        var nextBracket = FeedRows.NextAsync(bracketRows, Timeout);
        await table.Get("a").Update(new { rank = 5 }).RunWriteAsync(h.Connection);
        await table.Get("b").Update(new { rank = 20 }).RunWriteAsync(h.Connection);
        Assert.Equal(5, (await nextMapped).GetInt32());
        Assert.Equal(20, (await FeedRows.NextAsync(mappedRows, Timeout)).GetInt32());
        var kept = await nextFiltered;
        Assert.Equal("""{"new_val":{"id":"b","rank":20}}""", kept.GetRawText());
        Assert.Equal(1, (await nextBracket).GetProperty("rank").GetInt32());
    }

    [Theory, TestServer, RealServer]
    public async Task Bracket_on_an_array_of_objects_takes_the_field_of_each_as_on_a_stream(ServerKind kind)
    {
        // What a feed's bracket runs on each change; the test server refused an array literal here.
        await using var h = await Harness.StartAsync(kind);
        var fields = await R.Expr(new object[] { new { a = 1 }, new { b = 2 }, new { a = 3 } })["a"].RunAsync(h.Connection);
        Assert.Equal("[1,3]", fields.GetRawText());
    }

    [Theory, TestServer, RealServer]
    public async Task Limit_after_changes_ends_the_feed_after_that_many_changes(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await ItemsAsync(h);
        await using var feed = await table.Changes().Limit(2).RunCursorAsync<JsonElement>(h.Connection);
        var read = Task.Run(async () =>
        {
            var all = new List<JsonElement>();
            await foreach (var change in feed)
            {
                all.Add(change);
            }
            return all;
        });
        await Task.Delay(200);
        for (var i = 3; i < 6; i++)
        {
            await table.Get("a").Update(new { rank = i }).RunWriteAsync(h.Connection);
            if (read.IsCompleted)
            {
                break;
            }
        }
        var changes = await read.WaitAsync(Timeout);
        Assert.Equal(new[] { 3, 4 }, changes.Select(c => c.GetProperty("new_val").GetProperty("rank").GetInt32()));
    }

    [Theory, TestServer, RealServer]
    public async Task Terms_the_server_refuses_on_or_before_a_feed_fail_with_its_messages(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await ItemsAsync(h);
        const string terminal = "Cannot call a terminal (`reduce`, `count`, etc.) on an infinite stream (such as a changefeed)";
        const string eager = "Cannot call `changes` on an eager stream";
        var cases = new (ReqlExpr Query, string Message)[]
        {
            (table.Changes().Count(), terminal),
            (table.Changes().OrderBy("x"), terminal),
            (table.Changes().Distinct(), terminal),
            (table.Changes().Nth(0), terminal),
            (table.Changes().CoerceTo("array"), terminal),
            (table.Changes().Reduce((a, b) => a), terminal),
            (table.Changes().Changes(), eager),
            (table.OrderBy("rank").Changes(), eager),
            (table.Skip(1).Changes(), eager),
            (table.Distinct().Changes(), eager),
            (R.Expr(new[] { 1 }).Changes(), eager),
            (table.ConcatMap(row => R.Expr(new[] { row })).Changes(), "Cannot call `changes` after `concat_map`"),
            (table.Limit(2).Changes(), "Cannot get changes on the first elements of an unordered stream"),
            (table.Count().Changes(), "Cannot convert NUMBER to SEQUENCE"),
            (table.OrderBy().OptArg("index", "id").Limit(1).Map(row => row["id"]).Changes(),
                "Changefeeds are not supported on queries that have a transformation following a `limit` term.  Transformations include terms such as `filter`, `map`, `pluck`, etc.  Consider moving the transformation before the `limit` term"),
        };
        foreach (var (query, message) in cases)
        {
            var error = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => query.RunCursorAsync<JsonElement>(h.Connection));
            Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(0, h.Server?.OpenCursors ?? 0);
    }
}
