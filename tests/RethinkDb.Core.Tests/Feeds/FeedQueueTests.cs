using System.Text.Json;
using System.Text.RegularExpressions;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Feeds;

/// <summary>What a feed does with the changes its client has not read yet: <c>squash</c> and <c>changefeed_queue_size</c>.</summary>
public sealed partial class FeedQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [GeneratedRegex(@"^Changefeed cache over array size limit, skipped (\d+) elements\.$")]
    private static partial Regex Overflow();

    [Theory, TestServer, RealServer]
    public async Task A_squash_window_merges_the_changes_of_one_document_and_drops_those_that_change_nothing(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new[] { new { id = "a", n = 1 }, new { id = "b", n = 1 }, new { id = "c", n = 1 } }).RunWriteAsync(h.Connection);
        await using var feed = await table.Changes().OptArg("squash", 2).OptArg("include_types", true).RunCursorAsync<JsonElement>(h.Connection);
        await using var rows = FeedRows.Open(feed);

        var next = FeedRows.NextAsync(rows, Timeout);
        for (var n = 2; n <= 4; n++)
        {
            await table.Get("a").Update(new { n }).RunWriteAsync(h.Connection);
        }
        var merged = await next;
        Assert.Equal(1, merged.GetProperty("old_val").GetProperty("n").GetInt32());
        Assert.Equal(4, merged.GetProperty("new_val").GetProperty("n").GetInt32());
        Assert.Equal("change", merged.GetProperty("type").GetString());

        // b goes back to what it was, tmp comes and goes: only c's change is left to send.
        next = FeedRows.NextAsync(rows, Timeout);
        await table.Get("b").Update(new { n = 6 }).RunWriteAsync(h.Connection);
        await table.Get("b").Update(new { n = 1 }).RunWriteAsync(h.Connection);
        await table.Insert(new { id = "tmp", n = 0 }).RunWriteAsync(h.Connection);
        await table.Get("tmp").Delete().RunWriteAsync(h.Connection);
        await table.Get("c").Update(new { n = 7 }).RunWriteAsync(h.Connection);
        var left = await next;
        Assert.Equal("c", left.GetProperty("new_val").GetProperty("id").GetString());
        Assert.Equal(1, left.GetProperty("old_val").GetProperty("n").GetInt32());
    }

    [Theory, TestServer, RealServer]
    public async Task A_squash_window_merges_the_changes_of_a_point_feed_and_of_an_index_range_feed(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new[] { new { id = "a", n = 1 }, new { id = "b", n = 1 } }).RunWriteAsync(h.Connection);
        await using var point = await table.Get("a").Changes().OptArg("squash", 1).RunCursorAsync<JsonElement>(h.Connection);
        await using var range = await table.Between("a", "c").OptArg("index", "id").Changes().OptArg("squash", 1).RunCursorAsync<JsonElement>(h.Connection);
        await using var pointRows = FeedRows.Open(point);
        await using var rangeRows = FeedRows.Open(range);

        var nextPoint = FeedRows.NextAsync(pointRows, Timeout);
        var nextRange = FeedRows.NextAsync(rangeRows, Timeout);
        for (var n = 2; n <= 4; n++)
        {
            await table.Get("a").Update(new { n }).RunWriteAsync(h.Connection);
        }
        foreach (var merged in new[] { await nextPoint, await nextRange })
        {
            Assert.Equal(1, merged.GetProperty("old_val").GetProperty("n").GetInt32());
            Assert.Equal(4, merged.GetProperty("new_val").GetProperty("n").GetInt32());
        }
    }

    [Theory, TestServer, RealServer]
    public async Task Past_the_queue_size_the_queued_changes_are_dropped_and_counted_in_an_error_element(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await using var feed = await table.Changes().OptArg("changefeed_queue_size", 3).RunCursorAsync<JsonElement>(h.Connection);

        // Nobody reads while 20 changes come at once: the queue overflows.
        await table.Insert(Enumerable.Range(0, 20).Select(i => new { id = $"o{i}" }).ToArray()).RunWriteAsync(h.Connection);
        await using var rows = FeedRows.Open(feed);
        var delivered = 0;
        var skipped = 0;
        var sawError = false;
        var marker = false;
        while (!marker)
        {
            var item = await FeedRows.NextAsync(rows, Timeout);
            if (item.TryGetProperty("error", out var error))
            {
                var match = Overflow().Match(error.GetString()!);
                Assert.True(match.Success, $"Unexpected error element: {error.GetString()}");
                skipped += int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                sawError = true;
                if (delivered + skipped == 20)
                {
                    await table.Insert(new { id = "marker" }).RunWriteAsync(h.Connection);
                }
                continue;
            }
            if (item.GetProperty("new_val").GetProperty("id").GetString() == "marker")
            {
                marker = true;
                continue;
            }
            delivered++;
            if (delivered + skipped == 20)
            {
                await table.Insert(new { id = "marker" }).RunWriteAsync(h.Connection);
            }
        }
        Assert.True(sawError, "No overflow error element.");
        Assert.Equal(20, delivered + skipped);
        Assert.True(skipped > 0);
    }
}
