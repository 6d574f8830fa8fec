using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Net;
using RethinkDb.Protocol;
using static RethinkDb.Core.Tests.Infrastructure.InlineBatches;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// On a data source, a caller resumed inline by one connection's reader often sends its next query on another
/// connection. Those frames wait for the end of the batch of responses, as the batch's frames for its own connection
/// do, and go out together: one send per connection, not one per query. Nothing may strand them: the last caller of the
/// batch (or the dispatcher, at the end of its continuation), a watchdog take-over and the connection closing each
/// flush them.
/// </summary>
public class CrossConnectionFlushTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_next_queries_of_a_batch_s_callers_on_another_connection_go_out_in_one_write_flushed_by_the_last_caller()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var dispatcher = new Dispatcher(Writer(socket, Stream.Null), resumeOnReaderThread: true);
        var other = new CountingStream();
        var otherWriter = Writer(socket, other);
        var deferred = new List<bool>();

        // Each continuation does what a caller of Multiplexer.RunAsync does: the last one to resume leaves the flush to
        // the end of its continuation (it is short), then it sends its next query, on the other connection.
        ResumeBatch(dispatcher, 4, token =>
        {
            if (dispatcher.Resumed(handedOff: null))
            {
                dispatcher.FlushDeferred();
            }
            otherWriter.Enqueue(100 + token, QueryType.Continue, QueryEncoder.Simple);
            var wasDeferred = Dispatcher.ResumingInlineOnThisThread is { } resuming && resuming.DeferFlush(otherWriter);
            deferred.Add(wasDeferred);
            if (!wasDeferred)
            {
                otherWriter.FlushWithoutWaiting();
            }
        });

        // Three callers resumed with others still to come: deferred. The last too, to the end of its continuation.
        Assert.Equal([true, true, true, true], deferred);
        Assert.Equal(1, other.Writes);
        Assert.Equal(4, other.Frames);
        Assert.Null(Dispatcher.ResumingInlineOnThisThread);
    }

    [Fact]
    public void Frames_deferred_to_a_connection_that_closes_go_out_and_nothing_is_deferred_to_it_afterwards()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var dispatcher = new Dispatcher(Writer(socket, Stream.Null), resumeOnReaderThread: true);
        var other = new CountingStream();
        var otherWriter = Writer(socket, other);
        var batch = new ResponseBatch();
        BatchWaiters.Add(batch, 1);
        BatchWaiters.Add(batch, 2);
        dispatcher.CountResuming(batch); // two callers to resume, none resumed: one will never be (the connection broke)

        otherWriter.Enqueue(100, QueryType.Continue, QueryEncoder.Simple);
        var deferredWhileOpen = dispatcher.DeferFlush(otherWriter);
        dispatcher.Close();
        otherWriter.Enqueue(101, QueryType.Continue, QueryEncoder.Simple);
        var deferredWhenClosed = dispatcher.DeferFlush(otherWriter);

        Assert.True(deferredWhileOpen);
        Assert.False(deferredWhenClosed);
        Assert.True(SpinWait.SpinUntil(() => other.Frames >= 1, Deadline), "the frame deferred to the closed connection never went out");
        batch.FailUnclaimed(new ReqlDriverError("closed"));
    }

    [Fact]
    public void A_watchdog_take_over_sends_the_frames_deferred_to_the_stuck_batch()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var ownWriter = Writer(socket, Stream.Null);
        var dispatcher = new Dispatcher(ownWriter, resumeOnReaderThread: true);
        var handOver = new ReaderHandOver(dispatcher, (_, _) => { }, NullLogger.Instance, "example:28015");
        var other = new CountingStream();
        var otherWriter = Writer(socket, other);
        using var blocked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var deferred = false;
        var batch = new ResponseBatch();
        for (var token = 1; token <= 2; token++)
        {
            var first = token == 1;
            BatchWaiters.Add(batch, token, _ =>
            {
                if (dispatcher.Resumed(handedOff: null))
                {
                    dispatcher.FlushDeferred();
                }
                if (first)
                {
                    // Sends on another connection (deferred: the second caller is still to resume), then blocks on
                    // its answer, as a sync-over-async caller does: only the take-over can send that frame.
                    otherWriter.Enqueue(100, QueryType.Continue, QueryEncoder.Simple);
                    deferred = Dispatcher.ResumingInlineOnThisThread!.DeferFlush(otherWriter);
                    blocked.Set();
                    release.Wait(Deadline);
                }
            });
        }
        var sent = TakeOverStuckReader(handOver, batch, blocked, release, () => other.Frames >= 1);

        Assert.True(deferred);
        Assert.True(sent, "the take-over did not send the frame deferred to the stuck batch");
    }

    [Theory, TestServer, RealServer]
    public async Task Callers_of_a_data_source_blocking_on_queries_from_their_continuations_all_get_their_answers(ServerKind kind)
    {
        // A caller resumed inline on one connection's reader sends its next query on another connection (round robin),
        // deferred to the batch's end, then blocks on it: the watchdog's take-over must send it.
        await using var target = await ServerTarget.StartAsync(kind);
        var options = target.Options(o => o.MaxConnections = 3);
        await using var dataSource = RethinkDbDataSource.Create(options);

        var sums = await Task.WhenAll(Enumerable.Range(0, 12).Select(caller => Task.Run(async () =>
        {
            var sum = 0;
            for (var i = 0; i < 10; i++)
            {
                sum += await R.Expr(i).RunAsync<int>(dataSource).ConfigureAwait(false);
                sum += R.Expr(caller).RunAsync<int>(dataSource).GetAwaiter().GetResult();
            }
            return sum;
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(0, 12).Select(caller => 45 + (10 * caller)), sums);
    }

    [Theory, TestServer, RealServer]
    public async Task Many_callers_on_a_data_source_of_several_connections_all_get_their_answers(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var dataSource = RethinkDbDataSource.Create(target.Options(o => o.MaxConnections = 4));

        var sums = await Task.WhenAll(Enumerable.Range(0, 64).Select(caller => Task.Run(async () =>
        {
            var sum = 0;
            for (var i = 0; i < 50; i++)
            {
                sum += await R.Expr(i + caller).RunAsync<int>(dataSource).ConfigureAwait(false);
            }
            return sum;
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(0, 64).Select(caller => 1225 + (50 * caller)), sums);
    }
}
