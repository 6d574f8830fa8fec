using System.Diagnostics;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Net;

public class MultiplexingTests
{
    [Theory, TestServer, RealServer]
    public async Task Ten_thousand_concurrent_queries_each_get_their_own_answer(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();
        const int tasks = 50, perTask = 200;
        var results = await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            var wrong = 0;
            var inFlight = Enumerable.Range(0, perTask).Select(async i =>
            {
                var value = (t * perTask) + i;
                var answer = await connection.RunAtomAsync(R.Expr(value));
                return answer.GetInt32() == value;
            });
            foreach (var ok in await Task.WhenAll(inFlight))
            {
                wrong += ok ? 0 : 1;
            }
            return wrong;
        })));
        Assert.Equal(0, results.Sum());
        Assert.True(connection.IsOpen);
    }

    [Theory, TestServer, RealServer]
    public async Task Callers_chaining_queries_from_their_continuations_never_wait_for_an_unsent_frame(ServerKind kind)
    {
        // The multiplexer holds a new frame back while callers of a batch of responses have yet to resume, and the
        // last of them flushes. Callers that stop at different points (so the last to resume often sends nothing)
        // must still get every answer: a frame left unsent would hang this test.
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var sums = await Task.WhenAll(Enumerable.Range(0, 64).Select(async caller =>
        {
            var sum = 0L;
            for (var i = 0; i < 20 + (caller * 7 % 90); i++)
            {
                sum += (await connection.RunAtomAsync(R.Expr(i), timeout.Token)).GetInt64();
            }
            return sum;
        }));
        Assert.Equal(Enumerable.Range(0, 64).Select(c => (long)Enumerable.Range(0, 20 + (c * 7 % 90)).Sum()), sums);
        Assert.Equal(0, connection.PendingCount);
    }

    [Theory, TestServer, RealServer]
    public async Task Cancellations_racing_answers_never_touch_another_query(ServerKind kind)
    {
        // Waiters are pooled and the cancellation callback's state is the waiter itself: a callback firing late,
        // after its query completed, must never cancel the query that reuses the waiter.
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();
        var random = new Random(42);
        var wrong = 0;
        var uncancelledFailed = 0;
        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
            {
                var value = (round * 1000) + i;
                var cancel = i % 2 == 0;
                using var cts = new CancellationTokenSource();
                if (cancel)
                {
                    cts.CancelAfter(TimeSpan.FromTicks(random.Next(0, 20_000)));
                }
                try
                {
                    var answer = await connection.RunAtomAsync(R.Expr(value), cts.Token);
                    if (answer.GetInt32() != value)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
                catch (OperationCanceledException) when (cancel)
                {
                    // Cancelled before its answer: fine.
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref uncancelledFailed);
                }
            }));
        }
        Assert.Equal(0, wrong);
        Assert.Equal(0, uncancelledFailed);
        Assert.True(connection.IsOpen);
        await Task.Delay(200); // answers of cancelled queries may still be on their way; they are dropped
        Assert.Equal(0, connection.PendingCount);
    }

    [Fact]
    public async Task Answers_out_of_order_reach_the_right_callers()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions
        {
            Fault = TestServerFault.SlowOutOfOrder,
            MaxResponseDelay = TimeSpan.FromMilliseconds(30),
        });
        await using var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        var answers = await Task.WhenAll(Enumerable.Range(0, 500).Select(async i => (i, (await connection.RunAtomAsync(R.Expr($"v{i}"))).GetString())));
        Assert.All(answers, a => Assert.Equal($"v{a.i}", a.Item2));

        // The answers really came in another order than the queries: a driver handing answers to callers in send
        // order would have given some caller another's answer.
        var sent = server.ReceivedTokens.ToArray();
        var answered = server.AnsweredTokens.ToArray();
        Assert.Equal(500, sent.Length);
        Assert.Equal(sent.Order(), answered.Order());
        Assert.NotEqual(sent, answered);
    }

    [Fact]
    public async Task More_callers_than_the_in_flight_limit_wait_rather_than_fail()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.SlowOutOfOrder });
        var options = server.CreateConnectionOptions();
        options.MaxInFlightQueries = 4;
        await using var connection = await Connection.OpenAsync(options);
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i => (await connection.RunAtomAsync(R.Expr(i))).GetInt32()));
        Assert.Equal(Enumerable.Range(0, 100), answers);
        // The server never held more than the limit at once, and the queries did overlap (the limit lets several
        // run at once, not one by one).
        Assert.InRange(server.MaxConcurrentQueries, 2, options.MaxInFlightQueries);
    }

    [Fact]
    public async Task A_server_reset_fails_a_thousand_pending_queries_promptly()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions
        {
            Fault = TestServerFault.ResetAfterQueries,
            ResetAfterQueries = 1000,
        });
        await using var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        var watch = Stopwatch.StartNew();
        var pending = Enumerable.Range(0, 1000).Select(i => connection.RunAtomAsync(R.Expr(i))).ToArray();
        var outcomes = await Task.WhenAll(pending.Select(async p =>
        {
            try
            {
                await p;
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }));
        watch.Stop();
        Assert.All(outcomes, e =>
        {
            var error = Assert.IsType<ReqlDriverError>(e);
            Assert.StartsWith("Connection to", error.Message, StringComparison.Ordinal);
        });
        Assert.False(connection.IsOpen);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");

        // A closed connection refuses new queries at once, with the reason.
        var later = await Assert.ThrowsAsync<ReqlDriverError>(() => connection.RunAtomAsync(R.Expr(1)));
        Assert.StartsWith("Connection to", later.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_from_the_server_closes_the_connection_with_a_driver_error()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.Garbage });
        await using var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => connection.RunAtomAsync(R.Expr(1)));
        Assert.Contains("Invalid response", error.Message, StringComparison.Ordinal);
        Assert.False(connection.IsOpen);
    }

    [Fact]
    public async Task A_huge_length_prefix_is_a_protocol_error_not_an_allocation()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.HugeLengthPrefix });
        await using var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        var other = connection.RunAtomAsync(R.Expr(2));
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => connection.RunAtomAsync(R.Expr(1)));
        Assert.Contains("MaxResponseSize", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ReqlDriverError>(() => other);
        Assert.False(connection.IsOpen);
    }

    [Fact]
    public async Task A_query_cancelled_before_it_is_sent_is_never_sent()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.RunAtomAsync(R.Expr(1), cts.Token));
        Assert.Equal(5, (await connection.RunAtomAsync(R.Expr(5))).GetInt32());
        Assert.Equal(1, server.QueriesReceived);
        Assert.Equal(0, connection.PendingCount);
    }

    [Fact]
    public async Task Cancelling_a_query_the_server_never_answers_frees_its_token()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.StallQueries });
        await using var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.RunAtomAsync(R.Expr(1), cts.Token));
        // The STOP for the query's token reaches the server (which counts every frame it reads).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (server.QueriesReceived < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(2, server.QueriesReceived);
        Assert.Equal(0, connection.PendingCount);
        Assert.True(connection.IsOpen);
    }
}
