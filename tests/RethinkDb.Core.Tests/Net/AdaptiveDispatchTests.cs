using System.Diagnostics;
using System.Net.Sockets;
using RethinkDb.Net;
using RethinkDb.Protocol;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// By default a caller resumes inline on the connection's reader thread while continuations are short (the least
/// CPU per query), and on the thread pool while they run long (handlers then run in parallel instead of one after
/// another on the reader), coming back to the reader when they are short again. No setting involved.
/// </summary>
public class AdaptiveDispatchTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory, TestServer, RealServer]
    public async Task Callers_doing_long_work_after_their_answer_resume_on_the_thread_pool_then_on_the_reader_again_once_short(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();

        var (inline, handedOff, inlineAgain) = await Task.Run(async () =>
        {
            var inline = await UntilAsync(connection, workMicros: 0, onReader: true, inARow: 1);
            // Four callers, 1 ms of CPU work after each answer (fifty times the budget). Ten resumptions in a row off the
            // reader: a caller answered before it awaited resumes where it is, but not ten times in a row.
            var handedOff = await UntilAsync(connection, workMicros: 1000, onReader: false, inARow: 10, callers: 4);
            var inlineAgain = await UntilAsync(connection, workMicros: 0, onReader: true, inARow: 1);
            return (inline, handedOff, inlineAgain);
        }).WaitAsync(Deadline);

        Assert.True(inline, "short continuations never resumed on the reader thread");
        Assert.True(handedOff, "long continuations kept resuming on the reader thread");
        Assert.True(inlineAgain, "short continuations did not come back to the reader thread");
    }

    [Theory, TestServer, RealServer]
    public async Task A_lone_caller_stays_on_the_reader_however_long_its_work_after_each_answer(ServerKind kind)
    {
        // One query at a time: handed to the pool, the caller would run its work there while the reader waits for its
        // next query anyway, one thread wake-up per query more for nothing.
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();

        var (reached, leftAfterwards) = await Task.Run(async () =>
        {
            var reached = 0;
            var left = 0;
            for (var i = 0; i < 300; i++)
            {
                await R.Expr(1).RunAsync<int>(connection).ConfigureAwait(false);
                // Until a first answer arrives after its caller awaited, the caller resumes on its own thread (the pool's):
                // from then on each of its queries is sent from the reader, which reads the answer only after the send.
                if (OnReaderThread.IsReaderThread())
                {
                    reached++;
                }
                else if (reached > 0)
                {
                    left++;
                }
                Spin(200); // ten times the budget, and most of the reader's time
            }
            return (reached, left);
        }).WaitAsync(Deadline);

        Assert.True(reached > 0, "the caller never resumed on the reader thread");
        Assert.Equal(0, leftAfterwards);
    }

    [Theory, TestServer, RealServer]
    public async Task A_caller_resumed_on_the_reader_is_timed_from_its_answer_to_its_next_query(ServerKind kind)
    {
        // Only the caller's own code counts against the dispatcher's budget, not the driver's part of the continuation.
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();

        var (onReader, timedWhenOnReader, timedAfterItsNextQuery) = await Task.Run(async () =>
        {
            var onReader = 0;
            var timed = 0;
            var timedAfter = 0;
            // A caller resumes on the reader only when its answer arrives after it awaited: on a loaded machine (the
            // whole suite running) it can lose that race many times in a row, so it tries until it has won a few.
            for (var i = 0; i < 1000 && onReader < 5; i++)
            {
                await R.Expr(1).RunAsync<int>(connection).ConfigureAwait(false);
                if (OnReaderThread.IsReaderThread())
                {
                    onReader++;
                    timed += CallerCodeTiming.IsTimingCallerCode ? 1 : 0;
                    var next = R.Expr(2).RunAsync<int>(connection); // back in the driver: the caller's code ends here
                    timedAfter += CallerCodeTiming.IsTimingCallerCode ? 1 : 0;
                    Assert.Equal(2, await next.ConfigureAwait(false));
                }
            }
            return (onReader, timed, timedAfter);
        }).WaitAsync(Deadline);

        Assert.True(onReader > 0, "the caller never resumed on the reader thread");
        Assert.Equal(onReader, timedWhenOnReader);
        Assert.Equal(0, timedAfterItsNextQuery);
    }

    [Fact]
    public void The_dispatcher_hands_callers_off_only_while_their_continuations_run_long()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var writer = new FrameWriter(socket, Stream.Null, isPlainSocket: true, TimeSpan.FromSeconds(1), "example:28015", _ => { });
        var dispatcher = new Dispatcher(writer, resumeOnReaderThread: true);

        // Empty continuations, many batches: never handed off.
        for (var i = 0; i < 50; i++)
        {
            ResumeBatch(dispatcher, 8, workMicros: 0);
        }
        var handedOffWhenShort = dispatcher.IsHandingOff;
        // 1 ms of work in each continuation (fifty times the budget): handed off within the first batch.
        ResumeBatch(dispatcher, 8, workMicros: 1000);
        var handedOffWhenLong = dispatcher.IsHandingOff;
        // Short again: the probes (one response in 16) bring inline resumption back.
        for (var i = 0; i < 50 && dispatcher.IsHandingOff; i++)
        {
            ResumeBatch(dispatcher, 16, workMicros: 0);
        }

        Assert.False(handedOffWhenShort);
        Assert.True(handedOffWhenLong);
        Assert.Equal(1, dispatcher.HandOffs);
        Assert.False(dispatcher.IsHandingOff);
    }

    [Fact]
    public void Without_ResumeOnReaderThread_no_continuation_runs_on_the_dispatching_thread()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var writer = new FrameWriter(socket, Stream.Null, isPlainSocket: true, TimeSpan.FromSeconds(1), "example:28015", _ => { });
        var dispatcher = new Dispatcher(writer, resumeOnReaderThread: false);

        var inline = ResumeBatch(dispatcher, 32, workMicros: 0);

        Assert.Equal(0, inline);
    }

    /// <summary>
    /// Resumes a batch of <paramref name="count"/> responses whose continuations spin for <paramref name="workMicros"/>;
    /// returns how many of them ran on this thread.
    /// </summary>
    private static int ResumeBatch(Dispatcher dispatcher, int count, int workMicros)
    {
        var batch = new ResponseBatch();
        var thread = Environment.CurrentManagedThreadId;
        var inline = 0;
        using var done = new CountdownEvent(count);
        for (var i = 0; i < count; i++)
        {
            BatchWaiters.Add(batch, i + 1, _ =>
            {
                if (Environment.CurrentManagedThreadId == thread)
                {
                    Interlocked.Increment(ref inline);
                }
                Spin(workMicros);
                done.Signal();
            });
        }
        dispatcher.CountResuming(batch);
        dispatcher.Resume(batch);
        Assert.True(done.Wait(Deadline));
        return inline;
    }

    /// <summary>
    /// <paramref name="callers"/> callers run queries, each followed by <paramref name="workMicros"/> of CPU work, until
    /// one of them sees <paramref name="inARow"/> in a row resumed where asked (then the others stop too).
    /// </summary>
    private static async Task<bool> UntilAsync(Connection connection, int workMicros, bool onReader, int inARow, int callers = 1)
    {
        var seen = 0;
        var all = new Task[callers];
        for (var c = 0; c < callers; c++)
        {
            all[c] = Task.Run(async () =>
            {
                var row = 0;
                for (var i = 0; i < 3000 && Volatile.Read(ref seen) == 0; i++)
                {
                    await R.Expr(1).RunAsync<int>(connection).ConfigureAwait(false);
                    row = OnReaderThread.IsReaderThread() == onReader ? row + 1 : 0;
                    Spin(workMicros);
                    if (row == inARow)
                    {
                        Volatile.Write(ref seen, 1);
                    }
                }
            });
        }
        await Task.WhenAll(all).ConfigureAwait(false);
        return seen == 1;
    }

    private static void Spin(int micros)
    {
        var end = Stopwatch.GetTimestamp() + (micros * Stopwatch.Frequency / 1_000_000);
        while (Stopwatch.GetTimestamp() < end)
        {
        }
    }
}
