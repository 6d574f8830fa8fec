using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Results;

public sealed class ChangefeedTests
{
    private sealed record Item(string Id, string Name, int? Rank);

    [Theory, TestServer, RealServer]
    public async Task A_feed_receives_inserts_updates_and_deletes_made_on_another_connection(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await using var feed = await table.Changes().RunChangesAsync<Item>(h.Connection);
        Assert.True(feed.IsFeed);
        Assert.Contains(ResponseNote.SequenceFeed, feed.Notes);

        await using var other = await h.ConnectAsync();
        await table.Insert(new { id = "a", name = "first", rank = 1 }).RunWriteAsync(other);
        await table.Get("a").Update(new { name = "renamed" }).RunWriteAsync(other);
        await table.Get("a").Delete().RunWriteAsync(other);

        var changes = new List<Change<Item>>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var change in feed.WithCancellation(timeout.Token))
        {
            changes.Add(change);
            if (changes.Count == 3)
            {
                break;
            }
        }

        Assert.Null(changes[0].OldVal);
        Assert.Equal(new Item("a", "first", 1), changes[0].NewVal);
        Assert.Equal(new Item("a", "first", 1), changes[1].OldVal);
        Assert.Equal(new Item("a", "renamed", 1), changes[1].NewVal);
        Assert.Equal(new Item("a", "renamed", 1), changes[2].OldVal);
        Assert.Null(changes[2].NewVal);
        Assert.All(changes, c => Assert.Null(c.Type));
        Assert.All(changes, c => Assert.False(c.IsState));
    }

    [Theory, TestServer, RealServer]
    public async Task Open_feeds_never_take_the_in_flight_slots_of_other_queries(ServerKind kind)
    {
        // Each open feed has a CONTINUE outstanding that may wait forever: with two slots and two feeds, a query
        // that needed a slot would hang (the real server does not throttle feeds either).
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await using var conn = await h.Target.ConnectAsync(o => o.MaxInFlightQueries = 2);
        await using var first = await table.Changes().RunChangesAsync<Item>(conn);
        await using var second = await table.Changes().RunChangesAsync<Item>(conn);
        await using var a = first.GetAsyncEnumerator();
        await using var b = second.GetAsyncEnumerator();
        var waitingA = a.MoveNextAsync().AsTask();
        var waitingB = b.MoveNextAsync().AsTask();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 5; i++)
        {
            Assert.False(string.IsNullOrEmpty((await conn.ServerAsync(timeout.Token)).Id));
            Assert.Equal(i, await table.Count().RunAsync<int>(conn, cancellationToken: timeout.Token));
            await table.Insert(new { id = $"i{i}", name = "x" }).RunWriteAsync(conn, cancellationToken: timeout.Token);
        }
        Assert.True(await waitingA.WaitAsync(timeout.Token));
        Assert.True(await waitingB.WaitAsync(timeout.Token));
        Assert.Equal("i0", a.Current.NewVal!.Id);
        Assert.Equal("i0", b.Current.NewVal!.Id);
    }

    [Theory, TestServer, RealServer]
    public async Task Initial_values_states_and_types_arrive_when_asked_for(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new { id = "x", name = "existing" }).RunWriteAsync(h.Connection);

        var query = table.Changes().OptArg("include_initial", true).OptArg("include_states", true).OptArg("include_types", true);
        await using var feed = await query.RunChangesAsync<Item>(h.Connection);
        Assert.Contains(ResponseNote.IncludesStates, feed.Notes);
        await using var rows = feed.GetAsyncEnumerator();

        Assert.True(await rows.MoveNextAsync());
        Assert.Equal("initializing", rows.Current.State);
        Assert.Equal("state", rows.Current.Type);
        Assert.True(rows.Current.IsState);
        Assert.True(await rows.MoveNextAsync());
        Assert.Equal("initial", rows.Current.Type);
        Assert.Equal("existing", rows.Current.NewVal!.Name);
        Assert.Null(rows.Current.OldVal);
        Assert.True(await rows.MoveNextAsync());
        Assert.Equal("ready", rows.Current.State);

        await table.Insert(new { id = "y", name = "new" }).RunWriteAsync(h.Connection);
        Assert.True(await rows.MoveNextAsync());
        Assert.Equal("add", rows.Current.Type);
        Assert.Equal("new", rows.Current.NewVal!.Name);
    }

    [Fact]
    public async Task Disposing_a_feed_waiting_for_changes_stops_it_and_frees_its_token()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var table = await h.CreateTableAsync("items");
        var feed = await table.Changes().RunChangesAsync<Item>(h.Connection);
        var token = feed.Token;
        await using (var rows = feed.GetAsyncEnumerator())
        {
            var next = rows.MoveNextAsync();
            await table.Insert(new { id = "a", name = "one" }).RunWriteAsync(h.Connection);
            Assert.True(await next);
            // The CONTINUE sent ahead now waits on the server for the next change.
            await Eventually.TrueAsync(() => h.Connection.PendingCount == 1);
        }

        await Eventually.TrueAsync(() => h.Server!.StoppedTokens.Contains(token), "The server saw no STOP.");
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 0, "The feed is still open on the server.");
        Assert.Equal(0, h.Connection.PendingCount);
        Assert.Equal(1, await table.Count().RunAsync<int>(h.Connection));
    }

    [Theory, TestServer, RealServer]
    public async Task Dropping_the_table_aborts_its_feeds_with_an_op_failed_error(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await using var feed = await table.Changes().RunChangesAsync<Item>(h.Connection);
        // The CONTINUE sent ahead waits on the server for a change when the table goes.
        await Eventually.TrueAsync(() => h.Connection.PendingCount == 1);
        await using (var other = await h.ConnectAsync())
        {
            await R.Db(h.Db).TableDrop("items").RunAsync(other);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAsync<ReqlOpFailedError>(async () =>
        {
            await foreach (var change in feed.WithCancellation(timeout.Token))
            {
                Assert.Fail($"No change was made, yet the feed gave {change}.");
            }
        });
        Assert.Equal("Changefeed aborted (unavailable).", error.ErrorMessage);
        Assert.Equal(0, h.Connection.PendingCount);
        if (h.Server is { } server)
        {
            Assert.Equal(0, server.OpenCursors);
        }
    }

    [Fact]
    public async Task Cancelling_a_feed_stops_it()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var table = await h.CreateTableAsync("items");
        using var cts = new CancellationTokenSource();
        await using var feed = await table.Changes().RunChangesAsync<Item>(h.Connection, cancellationToken: cts.Token);
        var waiting = Task.Run(async () =>
        {
            await foreach (var change in feed)
            {
                Assert.Fail("No change was made.");
            }
        });
        await Eventually.TrueAsync(() => h.Connection.PendingCount == 1);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await Eventually.TrueAsync(() => h.Server!.StoppedTokens.Contains(feed.Token));
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 0);
        Assert.Equal(0, h.Connection.PendingCount);
    }

    [Theory, TestServer, RealServer]
    public async Task A_query_that_is_not_a_feed_is_refused(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => table.RunChangesAsync<Item>(h.Connection));
        Assert.Contains("not a changefeed", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Connection.PendingCount);
    }

    [Fact]
    public void Every_kind_of_feed_item_is_read()
    {
        // Shapes of the real server's changefeed.cc: orderBy().limit() feeds with include_offsets, point feeds,
        // state notes, and the error quads of return_changes: "always".
        var items = Read("""[{"new_offset":0,"new_val":{"id":"b","name":"B","rank":2},"old_offset":null,"old_val":null,"type":"add"},{"new_val":{"id":"a","name":"A","rank":null}},{"state":"ready"},{"error":"Duplicate primary key","fake_new_val":{"id":"a"},"new_val":null,"old_val":null}]""");
        Assert.Equal(0, items[0].NewOffset);
        Assert.Null(items[0].OldOffset);
        Assert.Equal("add", items[0].Type);
        Assert.Equal(new Item("b", "B", 2), items[0].NewVal);
        Assert.Equal(new Item("a", "A", null), items[1].NewVal);
        Assert.Null(items[1].OldVal);
        Assert.Equal("ready", items[2].State);
        Assert.Null(items[2].NewVal);
        Assert.Equal("Duplicate primary key", items[3].Error);
    }

    [Theory]
    [InlineData(ResponseNote.SequenceFeed)]
    [InlineData(ResponseNote.AtomFeed)]
    [InlineData(ResponseNote.OrderByLimitFeed)]
    [InlineData(ResponseNote.UnionedFeed)]
    public void Every_feed_note_marks_a_feed(ResponseNote note)
    {
        using var response = StubResponses.Parse($$"""{"t":3,"r":[],"n":[{{(int)note}},5]}""");
        Assert.True(response.IsFeed);
        Assert.Equal([note, ResponseNote.IncludesStates], response.Notes);
    }

    private static List<Change<Item>> Read(string json)
    {
        var info = ResultReader.GetTypeInfo<Item>(RethinkDbJson.DefaultOptions);
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        reader.Read();
        var list = new List<Change<Item>>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            list.Add(ChangeReader.Read(ref reader, info));
        }
        return list;
    }
}
