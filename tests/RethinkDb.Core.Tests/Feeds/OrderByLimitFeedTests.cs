using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Feeds;

/// <summary><c>orderBy(index).limit(n).changes()</c>: the window's initial values, offsets and types.</summary>
public sealed class OrderByLimitFeedTests
{
    private sealed record Num(int Id, string? Name);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<ReqlTerm> NumbersAsync(Harness h, int count)
    {
        var table = await h.CreateTableAsync("nums");
        await table.Insert(Enumerable.Range(1, count).Select(i => new { id = i, name = $"n{i}" }).ToArray()).RunWriteAsync(h.Connection);
        return table;
    }

    [Theory, TestServer, RealServer]
    public async Task The_window_arrives_in_order_with_offsets_then_each_write_moves_one_document_in_and_one_out(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await NumbersAsync(h, 5);
        var query = table.OrderBy().OptArg("index", R.Desc("id")).Limit(2).Changes()
            .OptArg("include_initial", true).OptArg("include_offsets", true).OptArg("include_types", true);
        await using var feed = await query.RunChangesAsync<Num>(h.Connection);
        Assert.Contains(ResponseNote.OrderByLimitFeed, feed.Notes);
        await using var rows = FeedRows.Open(feed);

        var first = await FeedRows.NextAsync(rows, Timeout);
        var second = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal(("initial", 5, 0L), (first.Type, first.NewVal!.Id, first.NewOffset!.Value));
        Assert.Equal(("initial", 4, 1L), (second.Type, second.NewVal!.Id, second.NewOffset!.Value));
        Assert.Null(first.OldVal);
        Assert.Null(first.OldOffset);

        // A new first document pushes the last one out.
        await table.Insert(new { id = 6, name = "n6" }).RunWriteAsync(h.Connection);
        var pushed = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal("change", pushed.Type);
        Assert.Equal((4, 1L), (pushed.OldVal!.Id, pushed.OldOffset!.Value));
        Assert.Equal((6, 0L), (pushed.NewVal!.Id, pushed.NewOffset!.Value));

        // A write outside the window sends nothing; deleting inside it pulls the next one in at the end.
        await table.Get(1).Update(new { name = "quiet" }).RunWriteAsync(h.Connection);
        await table.Get(5).Delete().RunWriteAsync(h.Connection);
        var pulled = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal((5, 1L), (pulled.OldVal!.Id, pulled.OldOffset!.Value));
        Assert.Equal((4, 1L), (pulled.NewVal!.Id, pulled.NewOffset!.Value));

        // An update in place leaves as its old version and enters as its new one, at the same offset.
        await table.Get(6).Update(new { name = "six" }).RunWriteAsync(h.Connection);
        var updated = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal("change", updated.Type);
        Assert.Equal(("n6", 0L), (updated.OldVal!.Name, updated.OldOffset!.Value));
        Assert.Equal(("six", 0L), (updated.NewVal!.Name, updated.NewOffset!.Value));
    }

    [Theory, TestServer, RealServer]
    public async Task A_window_not_full_adds_and_removes_without_replacements(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await NumbersAsync(h, 1);
        var query = table.OrderBy().OptArg("index", "id").Limit(3).Changes().OptArg("include_offsets", true).OptArg("include_types", true);
        await using var feed = await query.RunChangesAsync<Num>(h.Connection);
        await using var rows = FeedRows.Open(feed);

        var next = FeedRows.NextAsync(rows, Timeout);
        await table.Insert(new { id = 0, name = "zero" }).RunWriteAsync(h.Connection);
        var added = await next;
        Assert.Equal("add", added.Type);
        Assert.Null(added.OldVal);
        Assert.Null(added.OldOffset);
        Assert.Equal((0, 0L), (added.NewVal!.Id, added.NewOffset!.Value));

        await table.Get(1).Delete().RunWriteAsync(h.Connection);
        var removed = await FeedRows.NextAsync(rows, Timeout);
        Assert.Equal("remove", removed.Type);
        Assert.Equal((1, 1L), (removed.OldVal!.Id, removed.OldOffset!.Value));
        Assert.Null(removed.NewVal);
        Assert.Null(removed.NewOffset);
    }
}
