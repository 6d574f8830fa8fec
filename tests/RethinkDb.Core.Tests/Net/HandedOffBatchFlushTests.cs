using System.Net.Sockets;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Net;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// Callers handed to the thread pool are counted per batch as well as per connection: the last caller of a batch
/// flushes the frames queued meanwhile even while another batch's callers are still to resume, so that overlapping
/// batches on a busy pool do not hold every next query until the pool's backlog is gone.
/// </summary>
public class HandedOffBatchFlushTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_last_caller_of_a_handed_off_batch_flushes_while_another_batch_s_callers_are_still_to_resume()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var stream = new CountingStream();
        var writer = new FrameWriter(socket, stream, isPlainSocket: false, TimeSpan.FromSeconds(1), "example:28015", _ => { });
        var dispatcher = new Dispatcher(writer, resumeOnReaderThread: false);

        // A batch whose callers the pool has yet to get to: the connection stays "resuming" throughout.
        var backlog = new ResponseBatch();
        for (var token = 1; token <= 4; token++)
        {
            BatchWaiters.Add(backlog, token);
        }
        dispatcher.CountResuming(backlog);

        // Next queries of callers resumed earlier, queued (not sent) because the connection is resuming.
        writer.Enqueue(100, QueryType.Continue, QueryEncoder.Simple);
        writer.Enqueue(101, QueryType.Continue, QueryEncoder.Simple);
        Assert.True(dispatcher.IsResuming);

        // A newer batch of two callers, each doing what Multiplexer.SendAsync does once resumed.
        var batch = new ResponseBatch();
        var lastOfBatch = 0;
        using var bothResumed = new CountdownEvent(2);
        for (var token = 10; token <= 11; token++)
        {
            BatchWaiters.Add(batch, token, waiter =>
            {
                if (!waiter.Uncounted && dispatcher.Resumed(waiter.HandedOff))
                {
                    Interlocked.Increment(ref lastOfBatch);
                    writer.FlushWithoutWaiting();
                }
                bothResumed.Signal();
            });
        }
        dispatcher.CountResuming(batch);
        dispatcher.Resume(batch);

        Assert.True(bothResumed.Wait(Deadline), "the handed-off callers never resumed");
        Assert.Equal(1, Volatile.Read(ref lastOfBatch));
        Assert.True(SpinWait.SpinUntil(() => stream.Frames == 2, Deadline), $"{stream.Frames} of the 2 queued frames went out");
        Assert.True(dispatcher.IsResuming); // the older batch's callers are still to resume
        backlog.FailUnclaimed(new ReqlDriverError("closed"));
    }

    [Theory, TestServer, RealServer]
    public async Task Many_callers_working_after_their_answers_on_the_pool_all_get_every_answer(ServerKind kind)
    {
        // Handed off, with work after each answer, batches overlap on the pool and each one's last caller sends what
        // was queued; a frame nobody flushes would leave its caller waiting here until the deadline. Some callers
        // also block on a query from their continuation (sync-over-async), as in ASP.NET code that does.
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync(o => o.ResumeOnReaderThread = false);

        var sums = await Task.WhenAll(Enumerable.Range(0, 64).Select(caller => Task.Run(async () =>
        {
            var sum = 0;
            for (var i = 0; i < 20; i++)
            {
                sum += await R.Expr(i).RunAsync<int>(connection).ConfigureAwait(false);
                Thread.SpinWait(2_000); // work after the answer, so that a backlog forms on the pool
                if (caller % 8 == 0 && i % 5 == 0)
                {
                    sum += R.Expr(caller).RunAsync<int>(connection).GetAwaiter().GetResult();
                }
            }
            return sum;
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(0, 64).Select(caller => 190 + (caller % 8 == 0 ? 4 * caller : 0)), sums);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public void Inline_batches_get_no_count_of_their_own_and_batches_handed_off_by_the_override_do_even_of_one()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var writer = new FrameWriter(socket, Stream.Null, isPlainSocket: false, TimeSpan.FromSeconds(1), "example:28015", _ => { });

        var inline = new Dispatcher(writer, resumeOnReaderThread: true);
        var inlineBatch = BatchOf(Dispatcher.CountedHandOffBatch);
        inline.CountResuming(inlineBatch);
        Assert.False(inlineBatch.Uncounted);
        Assert.Null(inlineBatch.HandedOff); // inline, batches do not overlap: the connection's count is enough

        var handOff = new Dispatcher(writer, resumeOnReaderThread: false);
        var handedOffBatch = BatchOf(1);
        handOff.CountResuming(handedOffBatch);
        Assert.False(handedOffBatch.Uncounted);
        Assert.NotNull(handedOffBatch.HandedOff);

        handedOffBatch.Clear();
        Assert.Null(handedOffBatch.HandedOff); // a reused batch starts without the last one's count
        inlineBatch.FailUnclaimed(new ReqlDriverError("closed"));
    }

    private static ResponseBatch BatchOf(int count)
    {
        var batch = new ResponseBatch();
        for (var token = 1; token <= count; token++)
        {
            BatchWaiters.Add(batch, token);
        }
        return batch;
    }
}
