using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Results;

public sealed class CursorTests
{
    private sealed record Doc(int Id, int N, int Group);

    private static TestServerOptions Batches(int size) => new() { BatchSize = size };

    [Fact]
    public async Task Ten_thousand_rows_are_read_fully_batch_by_batch_without_a_stop()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, Batches(1000));
        var table = await h.CreateNumbersAsync("numbers", 10_000);
        var stopsBefore = h.Server!.StoppedTokens.Count;

        var ids = new List<int>();
        // Ordered by the primary key index: still a stream in batches, and in an order the test can know (a plain
        // table scan comes in shard order).
        await using (var cursor = await table.OrderBy().OptArg("index", "id").RunCursorAsync<Doc>(h.Connection))
        {
            Assert.False(cursor.IsFeed);
            await foreach (var doc in cursor)
            {
                Assert.Equal(doc.Id, doc.N);
                ids.Add(doc.Id);
            }
        }

        Assert.Equal(Enumerable.Range(1, 10_000), ids);
        Assert.Equal(stopsBefore, h.Server.StoppedTokens.Count);
        Assert.Equal(0, h.Server.OpenCursors);
        Assert.Equal(0, h.Connection.PendingCount);
    }

    [Fact]
    public async Task A_cursor_abandoned_halfway_sends_stop_and_leaks_nothing()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, Batches(1000));
        var table = await h.CreateNumbersAsync("numbers", 10_000);

        var seen = 0;
        long token;
        await using (var cursor = await table.RunCursorAsync<Doc>(h.Connection))
        {
            token = cursor.Token;
            await foreach (var doc in cursor)
            {
                if (++seen == 5_000)
                {
                    break; // leaving await foreach disposes the cursor
                }
            }
        }

        Assert.Equal(5_000, seen);
        // The STOP is on the wire when DisposeAsync returns; the server reads it a moment later.
        await Eventually.TrueAsync(() => h.Server!.StoppedTokens.Contains(token), "The server saw no STOP.");
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 0, "The server still holds the cursor.");
        Assert.Equal(0, h.Connection.PendingCount);
        // The connection stays usable.
        Assert.Equal(10_000, await table.Count().RunAsync<int>(h.Connection));
    }

    [Fact]
    public async Task The_next_batch_is_requested_when_a_batch_is_handed_out()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, Batches(10));
        var table = await h.CreateNumbersAsync("numbers", 35);
        var before = h.Server!.QueriesReceived;

        // Ordered by the primary key index: a stream in batches whose rows come in a known order.
        await using var cursor = await table.OrderBy().OptArg("index", "id").RunCursorAsync<Doc>(h.Connection);
        await using var rows = cursor.GetAsyncEnumerator();
        Assert.True(await rows.MoveNextAsync());
        // START, and the CONTINUE for batch 2 already sent while row 1 of batch 1 is read.
        await Eventually.TrueAsync(() => h.Server.QueriesReceived - before == 2);
        for (var i = 2; i <= 11; i++)
        {
            Assert.True(await rows.MoveNextAsync());
            Assert.Equal(i, rows.Current.Id);
        }
        // Row 11 comes from batch 2: handing batch 2 out sent the CONTINUE for batch 3.
        await Eventually.TrueAsync(() => h.Server.QueriesReceived - before == 3);
    }

    [Fact]
    public async Task Cancelling_the_token_mid_cursor_stops_the_query()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, Batches(100));
        var table = await h.CreateNumbersAsync("numbers", 1_000);
        using var cts = new CancellationTokenSource();

        await using var cursor = await table.RunCursorAsync<Doc>(h.Connection, cancellationToken: cts.Token);
        var token = cursor.Token;
        var read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var doc in cursor)
            {
                if (++read == 150)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(150, read);
        await Eventually.TrueAsync(() => h.Server!.StoppedTokens.Contains(token), "No STOP for the cancelled cursor.");
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 0);
        Assert.Equal(0, h.Connection.PendingCount);
        Assert.Single(h.Server!.StoppedTokens, t => t == token);
    }

    [Fact]
    public async Task Cancelling_the_enumeration_token_stops_the_query()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, Batches(50));
        var table = await h.CreateNumbersAsync("numbers", 500);
        using var cts = new CancellationTokenSource();
        await using var cursor = await table.RunCursorAsync<Doc>(h.Connection);
        var token = cursor.Token;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var doc in cursor.WithCancellation(cts.Token))
            {
                if (doc.Id == 75)
                {
                    await cts.CancelAsync();
                }
            }
        });

        await Eventually.TrueAsync(() => h.Server!.StoppedTokens.Contains(token));
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 0);
        Assert.Equal(0, h.Connection.PendingCount);
    }

    [Theory, TestServer, RealServer]
    public async Task An_atom_yields_one_item_and_an_array_atom_its_elements(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        await using (var one = await R.Expr(42).RunCursorAsync<int>(h.Connection))
        {
            Assert.Equal(new[] { 42 }, await one.ToListAsync());
        }
        await using (var many = await R.Expr(new[] { 1, 2, 3 }).RunCursorAsync<int>(h.Connection))
        {
            Assert.Equal(new[] { 1, 2, 3 }, await many.ToListAsync());
        }
        // orderBy without an index answers an array atom on the real server and the test server alike.
        var table = await h.CreateNumbersAsync("numbers", 5);
        await using var ordered = await table.OrderBy(R.Desc("n")).RunCursorAsync<Doc>(h.Connection);
        Assert.Equal(new[] { 5, 4, 3, 2, 1 }, (await ordered.ToListAsync()).Select(d => d.Id));
    }

    [Theory, TestServer, RealServer]
    public async Task An_empty_sequence_yields_nothing(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("empty");
        await using var cursor = await table.RunCursorAsync<JsonElement>(h.Connection);
        Assert.Empty(await cursor.ToListAsync());
        Assert.Equal(0, h.Connection.PendingCount);
    }

    [Fact]
    public async Task A_cursor_is_enumerated_once_and_disposing_twice_is_harmless()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var cursor = await R.Expr(new[] { 1, 2 }).RunCursorAsync<int>(h.Connection);
        Assert.Equal(new[] { 1, 2 }, await cursor.ToListAsync());
        Assert.Throws<InvalidOperationException>(() => cursor.GetAsyncEnumerator());
        await cursor.DisposeAsync();
        await cursor.DisposeAsync();
    }

    [Fact]
    public async Task An_error_in_the_first_batch_is_thrown_by_RunCursorAsync()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        var error = await Assert.ThrowsAsync<ReqlOpFailedError>(() => h.Table("nope").RunCursorAsync<JsonElement>(h.Connection));
        Assert.Equal($"Table `{h.Db}.nope` does not exist.", error.ErrorMessage);
        Assert.Equal(0, h.Connection.PendingCount);
    }

    [Fact]
    public async Task Many_cursors_on_one_connection_interleave()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, Batches(64));
        var table = await h.CreateNumbersAsync("numbers", 1_000);
        var sums = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            await using var cursor = await table.RunCursorAsync<Doc>(h.Connection);
            long sum = 0;
            await foreach (var doc in cursor)
            {
                sum += doc.N;
            }
            return sum;
        }));
        Assert.All(sums, s => Assert.Equal(500_500, s));
        Assert.Equal(0, h.Server!.OpenCursors);
        Assert.Equal(0, h.Connection.PendingCount);
    }

    [Fact]
    public async Task A_cursor_outliving_its_returned_pool_handle_hands_out_what_it_has_then_fails_and_is_stopped()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, Batches(10));
        var table = await h.CreateNumbersAsync("numbers", 100);
        var handle = h.Connection.Borrow();
        await using var cursor = await table.RunCursorAsync<Doc>(handle);
        await using var rows = cursor.GetAsyncEnumerator();
        Assert.True(await rows.MoveNextAsync()); // batch 1 handed out: the CONTINUE for batch 2 is already sent
        await handle.DisposeAsync();             // the handle goes back to its pool

        var read = 1;
        var error = await Assert.ThrowsAsync<ReqlDriverError>(async () =>
        {
            while (await rows.MoveNextAsync())
            {
                read++;
            }
        });

        Assert.Equal(20, read); // batches 1 and 2, then no CONTINUE on a returned handle
        Assert.Contains("returned to its pool", error.Message, StringComparison.Ordinal);
        await rows.DisposeAsync();
        await Eventually.TrueAsync(() => h.Server!.StoppedTokens.Contains(cursor.Token), "The server saw no STOP.");
        await Eventually.TrueAsync(() => h.Server!.OpenCursors == 0);
        Assert.Equal(0, h.Connection.PendingCount);
    }

    [Fact]
    public async Task A_connection_lost_mid_cursor_fails_the_enumeration_and_disposing_is_quiet()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, Batches(10));
        var table = await h.CreateNumbersAsync("numbers", 100);
        await using var other = await h.ConnectAsync();
        var cursor = await table.RunCursorAsync<Doc>(other);
        await using var rows = cursor.GetAsyncEnumerator();
        Assert.True(await rows.MoveNextAsync());
        // Wait for the CONTINUE sent ahead to be answered, so the next failure is the reset, not a race with it.
        await Eventually.TrueAsync(() => other.PendingCount == 0);
        h.Server!.ResetAllConnections();

        var error = await Assert.ThrowsAsync<ReqlDriverError>(async () =>
        {
            while (await rows.MoveNextAsync())
            {
            }
        });
        Assert.Contains("closed", error.Message, StringComparison.Ordinal);
        await rows.DisposeAsync();
        Assert.Equal(0, other.PendingCount);
    }
}
