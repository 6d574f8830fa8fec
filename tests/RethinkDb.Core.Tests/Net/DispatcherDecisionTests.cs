using System.Diagnostics;
using System.Net.Sockets;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Net;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// The adaptive dispatcher's decisions, with a made-up clock: each inline continuation "costs" what the test says
/// (it advances the clock), so the decisions are checked exactly, with no wall-clock timing.
/// </summary>
public sealed class DispatcherDecisionTests : IDisposable
{
    private static readonly long Micro = Stopwatch.Frequency / 1_000_000;
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly FakeClock _clock = new();
    private readonly Dispatcher _dispatcher;

    // The connection's other queries waiting for an answer when a batch comes in: several callers, unless a test says.
    private int _othersWaiting = 7;

    public DispatcherDecisionTests()
    {
        var writer = new FrameWriter(_socket, Stream.Null, isPlainSocket: true, TimeSpan.FromSeconds(1), "example:28015", _ => { });
        _dispatcher = new Dispatcher(writer, resumeOnReaderThread: true, () => _clock.Now, () => _othersWaiting);
    }

    [Fact]
    public void Short_continuations_always_resume_inline()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(8, Resume(8, costMicros: 1).Inline);
        }
        Assert.False(_dispatcher.IsHandingOff);
        Assert.Equal(0, _dispatcher.HandOffs);
    }

    [Fact]
    public void One_long_continuation_among_short_ones_does_not_switch()
    {
        for (var i = 0; i < 20; i++)
        {
            Resume(8, costMicros: 1);
            Resume(1, costMicros: 5000); // a GC pause, the thread preempted
        }
        Assert.False(_dispatcher.IsHandingOff);
    }

    [Fact]
    public void Long_continuations_hand_the_rest_of_the_batch_off_after_eleven()
    {
        // Back to back, continuations take the reader's whole time, but the measure of it starts at zero: the average
        // time held moves an eighth of the way to 300 µs per sample, so the load it gives is 1 - (7/8)^n of the reader's
        // time, over three quarters from the eleventh (the average clamped to two budgets is over one from the sixth).
        var first = Resume(16, costMicros: 300);

        Assert.Equal(11, first.Inline);
        Assert.True(_dispatcher.IsHandingOff);
        Assert.Equal(1, _dispatcher.HandOffs);
    }

    [Fact]
    public void Long_continuations_on_a_reader_mostly_waiting_for_the_server_stay_inline()
    {
        // 300 µs of work after each answer, one answer every 2 ms: the reader is idle most of the time, a hand-off would
        // only add CPU (and a pool thread's wake-up per answer).
        AssertEveryAnswerResumesInline(50, gapMicros: 2000, _ => 300);
    }

    [Fact]
    public void Continuations_taking_a_third_of_the_readers_time_stay_inline()
    {
        // 20 µs of work after each answer, one answer every 60 µs (a real server on the same cores, answering about as
        // fast as the handlers run): inline, the reader still waits for the server two thirds of its time, and a
        // hand-off would cost every answer a pool thread's wake-up on the cores the server needs.
        AssertEveryAnswerResumesInline(500, gapMicros: 40, _ => 20);
    }

    [Fact]
    public void Continuations_taking_two_thirds_of_the_readers_time_stay_inline()
    {
        // 20 µs of work after each answer, the next answer 10 µs after the work ends: the reader is busy two thirds of
        // its time, short of the three quarters where it nears its limit. With the hand-off at half, such handlers sat
        // on the threshold and the connection switched back and forth (see Dispatcher.HandOffLoadNumerator).
        AssertEveryAnswerResumesInline(500, gapMicros: 10, _ => 20);
    }

    [Fact]
    public void A_reader_handing_off_stays_so_while_continuations_would_take_between_half_and_three_quarters_of_its_time()
    {
        HandOff();

        // 20 µs handlers, an answer every 33 µs: inline they would take 60 % of the reader's time, inside the band.
        for (var i = 0; i < 1000; i++)
        {
            _clock.Now += 33 * Micro;
            Resume(1, costMicros: 20);
        }
        Assert.True(_dispatcher.IsHandingOff);
        Assert.Equal(1, _dispatcher.HandOffs);

        // An answer every 60 µs: a third of its time, under half, and inline resumption comes back.
        var responses = 0;
        for (; responses < 1000 && _dispatcher.IsHandingOff; responses++)
        {
            _clock.Now += 60 * Micro;
            Resume(1, costMicros: 20);
        }
        Assert.False(_dispatcher.IsHandingOff);
    }

    [Fact]
    public void Continuations_stretched_now_and_then_by_a_preemption_do_not_hand_off()
    {
        // The same 20 µs handlers, one in ten stretched to 5 ms (the reader preempted by the server on shared cores):
        // a long handler is long twice in a row, a preempted one is not.
        AssertEveryAnswerResumesInline(500, gapMicros: 40, i => i % 10 == 9 ? 5000 : 20);
    }

    [Fact]
    public void A_reader_handing_off_resumes_inline_again_once_continuations_take_under_half_its_time()
    {
        HandOff();

        // Handlers of 20 µs now, the server answering every 60 µs: the probes (one response in sixteen) show the reader
        // would spend a third of its time in them, and the average falls from 300 µs an eighth of the way per probe.
        var responses = 0;
        for (; responses < 1000 && _dispatcher.IsHandingOff; responses++)
        {
            _clock.Now += 60 * Micro;
            Resume(1, costMicros: 20);
        }

        Assert.False(_dispatcher.IsHandingOff);
        Assert.Equal(1, Resume(1, costMicros: 20).Inline);
    }

    [Fact]
    public void Long_continuations_that_keep_the_reader_busy_hand_off_even_among_pauses()
    {
        // The same work with an answer every 50 µs: continuations would take six sevenths of the reader's time.
        for (var i = 0; i < 40 && !_dispatcher.IsHandingOff; i++)
        {
            _clock.Now += 50 * Micro;
            Resume(1, costMicros: 300);
        }

        Assert.True(_dispatcher.IsHandingOff);
    }

    [Fact]
    public void A_lone_caller_never_hands_off_however_long_its_continuations()
    {
        // One query in flight at a time, 300 µs of work after each answer, back to back: inline, the reader's whole time.
        _othersWaiting = 0;
        AssertEveryAnswerResumesInline(100, gapMicros: 50, _ => 300); // 50 µs: the round trip
    }

    [Fact]
    public void A_reader_handing_off_resumes_inline_again_once_a_window_has_seen_only_one_caller()
    {
        HandOff();

        // Down to one caller, whose work keeps the reader busy (so answers do not become rare) and whose probes are long.
        _othersWaiting = 0;
        var responses = 0;
        for (; responses < 200 && _dispatcher.IsHandingOff; responses++)
        {
            _clock.Now += 350 * Micro; // the caller's work and the round trip, each time, inline or not
            Resume(1, costMicros: 300);
        }

        Assert.False(_dispatcher.IsHandingOff);
        // The batch of eight is forgotten only once the window moves on (10 ms, about 30 responses here), and the switch
        // back comes with the next probe.
        Assert.InRange(responses, 20, 30 + 2 * Dispatcher.ProbeInterval);
        Assert.Equal(1, Resume(1, costMicros: 300).Inline);
    }

    [Fact]
    public void A_reader_handing_off_resumes_inline_again_once_answers_become_rare()
    {
        HandOff();

        _clock.Now += 100_000 * Micro; // 100 ms without an answer
        Resume(Dispatcher.ProbeInterval, costMicros: 300); // the handlers are as long as before: the probe sees the pause

        Assert.False(_dispatcher.IsHandingOff);
        Assert.Equal(4, Resume(4, costMicros: 300).Inline);
    }

    [Fact]
    public void While_handing_off_one_response_in_sixteen_probes_inline_and_long_probes_keep_it_off()
    {
        HandOff();

        var inline = 0;
        for (var i = 0; i < 10; i++)
        {
            inline += Resume(Dispatcher.ProbeInterval, costMicros: 300).Inline;
        }

        Assert.Equal(10, inline); // exactly one probe per ProbeInterval responses
        Assert.True(_dispatcher.IsHandingOff);
        Assert.Equal(1, _dispatcher.HandOffs);
    }

    [Fact]
    public void Two_short_probes_in_a_row_bring_inline_resumption_back()
    {
        HandOff();
        Resume(Dispatcher.ProbeInterval, costMicros: 1); // first short probe
        Assert.True(_dispatcher.IsHandingOff);

        Resume(Dispatcher.ProbeInterval, costMicros: 1); // second

        Assert.False(_dispatcher.IsHandingOff);
        Assert.Equal(8, Resume(8, costMicros: 1).Inline);
    }

    [Fact]
    public void A_long_probe_between_short_ones_restarts_the_count()
    {
        HandOff();
        Resume(Dispatcher.ProbeInterval, costMicros: 1);
        Resume(Dispatcher.ProbeInterval, costMicros: 300);
        Resume(Dispatcher.ProbeInterval, costMicros: 1);

        Assert.True(_dispatcher.IsHandingOff);
    }

    [Fact]
    public void Only_the_callers_own_code_counts_not_the_driver_ending_its_query_and_queueing_its_next()
    {
        // Against a real server on two busy cores the driver's part of an empty continuation took 3-4 µs, next to the
        // budget: timed as a whole, one preemption then handed every caller off. Here it takes 50 µs a side.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(8, ResumeQueries(8, driverMicros: 50, callerMicros: 1, sendsNext: true));
        }

        Assert.False(_dispatcher.IsHandingOff);
        Assert.Equal(0, _dispatcher.HandOffs);
    }

    [Fact]
    public void Long_caller_code_between_the_drivers_parts_still_hands_off()
    {
        Assert.Equal(11, ResumeQueries(16, driverMicros: 1, callerMicros: 300, sendsNext: true));

        Assert.True(_dispatcher.IsHandingOff);
    }

    [Fact]
    public void A_caller_that_sends_nothing_after_its_answer_is_timed_to_the_end_of_its_continuation()
    {
        Assert.Equal(11, ResumeQueries(16, driverMicros: 1, callerMicros: 300, sendsNext: false));

        Assert.True(_dispatcher.IsHandingOff);
    }

    [Fact]
    public void Inline_callers_are_counted_as_resuming_so_their_next_queries_go_out_together()
    {
        var seen = Resume(4, costMicros: 1);

        Assert.Equal([true, true, true, true], seen.ResumingSeen); // every caller of the batch still counted when it ran
    }

    [Fact]
    public void Callers_handed_off_while_continuations_run_long_stay_counted_so_their_next_queries_go_out_together()
    {
        // Left to send one by one, the handed-off callers of a large batch cost a send each: against a server that
        // answers at once, the default then ran at well under the rate of the hand-off override, which counts them
        // (see Dispatcher.CountResuming). A batch of ProbeInterval responses is large.
        HandOff();

        using var gate = new ManualResetEventSlim(false);
        var seen = Resume(Dispatcher.ProbeInterval, costMicros: 300, poolGate: gate);

        Assert.Equal(1, seen.Inline);
        Assert.Equal([true], seen.ResumingSeen); // the probe ran with the others still counted
        Assert.True(_dispatcher.IsResuming); // the 15 handed off, waiting for a pool thread: the last of them flushes
        gate.Set();
        Assert.True(seen.AllDone.Wait(TimeSpan.FromSeconds(30)));
        Assert.False(_dispatcher.IsResuming);
    }

    [Fact]
    public void Callers_handed_off_in_a_small_batch_send_their_next_queries_at_once()
    {
        // A few answers per receive: the server answers about as fast as queries reach it, and holding their callers'
        // next queries until the last of them gets a pool thread would leave it idle (against the debug-build server,
        // 256 callers doing 100 µs of work ran at 78-86 % of the floor that way in three runs, 92-94 % sending at once in one).
        HandOff();

        using var gate = new ManualResetEventSlim(false);
        var seen = Resume(Dispatcher.CountedHandOffBatch - 1, costMicros: 300, poolGate: gate);

        Assert.False(_dispatcher.IsResuming); // handed off and waiting for a pool thread, yet not holding anything back
        gate.Set();
        Assert.True(seen.AllDone.Wait(TimeSpan.FromSeconds(30)));
        Assert.False(_dispatcher.IsResuming);
    }

    [Fact]
    public void A_reader_taking_over_a_batch_does_not_count_its_callers_twice()
    {
        // Found by ReaderThreadTests (callers blocking on the reader, readers taken over in a row): a batch counted
        // twice (or uncounted twice) leaves the count off zero, and every caller's next query stays queued for good.
        HandOff();

        var seen = Resume(_dispatcher, Dispatcher.ProbeInterval, costMicros: 300, poolGate: null, takeOverOnProbe: true);

        Assert.Equal(1, seen.Inline);
        Assert.False(_dispatcher.IsResuming);
    }

    [Fact]
    public void The_override_hands_every_caller_off_and_keeps_counting_them()
    {
        var writer = new FrameWriter(_socket, Stream.Null, isPlainSocket: true, TimeSpan.FromSeconds(1), "example:28015", _ => { });
        var dispatcher = new Dispatcher(writer, resumeOnReaderThread: false, () => _clock.Now);
        using var gate = new ManualResetEventSlim(false);

        var seen = Resume(dispatcher, 4, costMicros: 0, poolGate: gate);

        Assert.Equal(0, seen.Inline);
        Assert.True(dispatcher.IsResuming); // as before: the last of them to resume flushes the others' queries
        gate.Set();
        Assert.True(seen.AllDone.Wait(TimeSpan.FromSeconds(30)));
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>
    /// <paramref name="responses"/> answers one at a time, <paramref name="gapMicros"/> apart (the server's time between
    /// them), the i-th holding the reader for <paramref name="costMicros"/>(i): each resumes inline, and the connection
    /// never hands off.
    /// </summary>
    private void AssertEveryAnswerResumesInline(int responses, int gapMicros, Func<int, int> costMicros)
    {
        for (var i = 0; i < responses; i++)
        {
            _clock.Now += gapMicros * Micro;
            Assert.Equal(1, Resume(1, costMicros(i)).Inline);
        }

        Assert.False(_dispatcher.IsHandingOff);
        Assert.Equal(0, _dispatcher.HandOffs);
    }

    /// <summary>Long continuations back to back, until the dispatcher hands the rest of their batch off (see the test after eleven).</summary>
    private void HandOff()
    {
        Resume(16, costMicros: 300);
        Assert.True(_dispatcher.IsHandingOff);
    }

    private Outcome Resume(int count, int costMicros, ManualResetEventSlim? poolGate = null) =>
        Resume(_dispatcher, count, costMicros, poolGate);

    /// <summary>
    /// Resumes a batch of <paramref name="count"/> responses whose inline continuations are laid out as a query's
    /// are: <paramref name="driverMicros"/> of the driver's own (the answered query's end), the caller's code for
    /// <paramref name="callerMicros"/> from the moment the multiplexer hands it its answer, then, if
    /// <paramref name="sendsNext"/>, its next query entering the driver and <paramref name="driverMicros"/> more.
    /// </summary>
    private int ResumeQueries(int count, int driverMicros, int callerMicros, bool sendsNext)
    {
        var batch = new ResponseBatch();
        var thread = Environment.CurrentManagedThreadId;
        var inline = 0;
        using var allDone = new CountdownEvent(count);
        for (var i = 0; i < count; i++)
        {
            BatchWaiters.Add(batch, i + 1, waiter =>
            {
                if (Environment.CurrentManagedThreadId == thread)
                {
                    inline++;
                    _clock.Now += driverMicros * Micro;
                    CallerCodeTiming.Starts();
                    _clock.Now += callerMicros * Micro;
                    if (sendsNext)
                    {
                        CallerCodeTiming.Ends();
                        _clock.Now += driverMicros * Micro;
                    }
                }
                _dispatcher.Resumed(waiter.HandedOff);
                allDone.Signal();
            });
        }
        _dispatcher.CountResuming(batch);
        _dispatcher.Resume(batch);
        Assert.True(allDone.Wait(TimeSpan.FromSeconds(30)));
        return inline;
    }

    /// <summary>
    /// Resumes a batch of <paramref name="count"/> responses as the reader does. An inline continuation advances the
    /// clock by <paramref name="costMicros"/> and notes whether callers were counted as resuming; one on the pool
    /// waits for <paramref name="poolGate"/> (when given), standing for a pool busy with long handlers.
    /// </summary>
    private Outcome Resume(Dispatcher dispatcher, int count, int costMicros, ManualResetEventSlim? poolGate, bool takeOverOnProbe = false)
    {
        var batch = new ResponseBatch();
        var thread = Environment.CurrentManagedThreadId;
        var outcome = new Outcome(count);
        for (var i = 0; i < count; i++)
        {
            BatchWaiters.Add(batch, i + 1, waiter =>
            {
                if (Environment.CurrentManagedThreadId == thread)
                {
                    outcome.Inline++;
                    outcome.ResumingSeen.Add(dispatcher.IsResuming);
                    _clock.Now += costMicros * Micro;
                    var onInline = outcome.OnInline;
                    outcome.OnInline = null;
                    onInline?.Invoke();
                }
                else
                {
                    poolGate?.Wait();
                }
                if (!waiter.Uncounted)
                {
                    dispatcher.Resumed(waiter.HandedOff); // as the multiplexer does for a counted caller
                }
                outcome.AllDone.Signal();
            });
        }
        dispatcher.CountResuming(batch);
        if (takeOverOnProbe)
        {
            outcome.OnInline = () =>
            {
                // The probe holds the reader; the watchdog's new reader resumes the rest of the same batch.
                var takeOver = new Thread(() => dispatcher.Resume(batch));
                takeOver.Start();
                takeOver.Join();
            };
        }
        dispatcher.Resume(batch);
        if (poolGate is null)
        {
            Assert.True(outcome.AllDone.Wait(TimeSpan.FromSeconds(30)));
        }
        return outcome;
    }

    private sealed class FakeClock
    {
        public long Now { get; set; } = 1_000_000;
    }

    private sealed class Outcome(int count)
    {
        public int Inline { get; set; }

        public List<bool> ResumingSeen { get; } = [];

        public CountdownEvent AllDone { get; } = new(count);

        public Action? OnInline { get; set; }
    }
}
