using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Net;
using RethinkDb.Protocol;
using static RethinkDb.Core.Tests.Infrastructure.InlineBatches;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// The last caller of a batch resumed inline leaves the flush of the batch's frames to the end of its continuation, so
/// the query it sends next goes out in the same write as the others' (one send per batch, not two), while last
/// callers' continuations are short; long ones flush at once, and nothing may strand a frame (a take-over flushes).
/// </summary>
public class LastCallerFlushTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_next_queries_of_a_batch_s_callers_go_out_in_one_write_with_the_last_caller_s()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var stream = new CountingStream();
        var writer = Writer(socket, stream);
        var dispatcher = new Dispatcher(writer, resumeOnReaderThread: true);

        ResumeBatch(dispatcher, 4, token => CallerSendsNext(dispatcher, writer, 100 + token));

        Assert.Equal(1, stream.Writes);
        Assert.Equal(4, stream.Frames);
    }

    [Fact]
    public void A_lone_caller_flushes_its_own_next_query_as_it_sends_it()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var stream = new CountingStream();
        var writer = Writer(socket, stream);
        var dispatcher = new Dispatcher(writer, resumeOnReaderThread: true);
        long writesWhenSent = -1;

        ResumeBatch(dispatcher, 1, token =>
        {
            CallerSendsNext(dispatcher, writer, 100 + token);
            writesWhenSent = stream.Writes; // before the continuation returns: nothing was left to the dispatcher
        });

        Assert.Equal(1, writesWhenSent);
        Assert.Equal(1, stream.Writes);
    }

    [Fact]
    public void Long_last_continuations_flush_at_once_and_short_ones_bring_the_coalescing_back_however_slow_the_sends()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var now = 0L;
        var sent = 0L;
        var sendCost = Stopwatch.Frequency * 100 / 1_000_000; // a slow send: 100 µs, longer than any continuation here
        var stream = new CountingStream(onWrite: () =>
        {
            now += sendCost;
            sent += sendCost;
        });
        var writer = Writer(socket, stream);
        var dispatcher = new Dispatcher(writer, resumeOnReaderThread: true, clock: () => now, sendTicks: () => sent);
        var longWork = Stopwatch.Frequency * 50 / 1_000_000; // 50 µs after the answer, well over the 4 µs budget

        int WritesOfBatch(long work)
        {
            // The reader waits for its server most of the time (a millisecond between batches): the callers stay inline.
            now += Stopwatch.Frequency / 1000;
            var before = stream.Writes;
            ResumeBatch(dispatcher, 4, token =>
            {
                CallerSendsNext(dispatcher, writer, 100 + token);
                now += work;
            });
            return stream.Writes - before;
        }

        var writesWhileLong = Enumerable.Range(0, 20).Select(_ => WritesOfBatch(longWork)).ToList();
        var writesWhenShortAgain = Enumerable.Range(0, 20).Select(_ => WritesOfBatch(0)).ToList();

        // Coalesced until the average of last continuations passes the budget, then two writes a batch (the others'
        // frames as the last caller resumes, its own as it sends it); short again, one write a batch once more: the
        // last caller's own flush of the others' frames, slow as it is, does not count as its code.
        Assert.Equal(1, writesWhileLong[0]);
        Assert.All(writesWhileLong.TakeLast(10), writes => Assert.Equal(2, writes));
        Assert.Equal(2, writesWhenShortAgain[0]);
        Assert.All(writesWhenShortAgain.TakeLast(10), writes => Assert.Equal(1, writes));
        Assert.False(dispatcher.IsHandingOff);
    }

    [Fact]
    public void A_take_over_sends_the_frames_a_stuck_last_caller_left_and_its_later_frames_are_its_own_to_flush()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var stream = new CountingStream();
        var writer = Writer(socket, stream);
        var dispatcher = new Dispatcher(writer, resumeOnReaderThread: true);
        var handOver = new ReaderHandOver(dispatcher, (_, _) => { }, NullLogger.Instance, "example:28015");
        using var blocked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var leftToDispatcher = false;
        var laterFlushedWithBatch = true;
        var batch = new ResponseBatch();
        for (var token = 1; token <= 2; token++)
        {
            var last = token == 2;
            BatchWaiters.Add(batch, token, _ =>
            {
                if (!last)
                {
                    CallerSendsNext(dispatcher, writer, 101);
                    return;
                }
                // The last caller leaves the flush to the end of its continuation, queues its next query, then blocks
                // on its answer (sync-over-async): only the take-over can send those frames.
                // Not flushing now, yet its frames go with the batch: the flush is left to the dispatcher.
                leftToDispatcher = !dispatcher.Resumed(handedOff: null) && dispatcher.FlushesWithBatch();
                writer.Enqueue(102, QueryType.Continue, QueryEncoder.Simple);
                blocked.Set();
                release.Wait(Deadline);
                // Still on the old reader, after the take-over: a new query is its caller's to flush.
                writer.Enqueue(103, QueryType.Continue, QueryEncoder.Simple);
                laterFlushedWithBatch = dispatcher.FlushesWithBatch();
                if (!laterFlushedWithBatch)
                {
                    writer.FlushWithoutWaiting();
                }
            });
        }
        var sent = TakeOverStuckReader(handOver, batch, blocked, release, () => stream.Frames >= 2);

        Assert.True(leftToDispatcher);
        Assert.True(sent, "the take-over did not send the frames the stuck last caller left");
        Assert.False(laterFlushedWithBatch);
        Assert.True(SpinWait.SpinUntil(() => stream.Frames == 3, Deadline), "the stuck caller's later frame never went out");
    }

    /// <summary>
    /// What a caller of <see cref="Multiplexer"/> does when resumed: it flushes the batch's frames if the dispatcher says
    /// so (the last one, unless that is left to the end of its continuation); then it queues its next query and flushes
    /// it unless the batch will.
    /// </summary>
    private static void CallerSendsNext(Dispatcher dispatcher, FrameWriter writer, long token)
    {
        if (dispatcher.Resumed(handedOff: null))
        {
            dispatcher.FlushDeferred();
            writer.FlushWithoutWaiting();
        }
        writer.Enqueue(token, QueryType.Continue, QueryEncoder.Simple);
        if (!dispatcher.FlushesWithBatch())
        {
            writer.FlushWithoutWaiting();
        }
    }
}
