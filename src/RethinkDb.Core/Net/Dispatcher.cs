using System.Diagnostics;

namespace RethinkDb.Net;

/// <summary>
/// Resumes the callers of one connection's responses: inline on the reader thread while their continuations are
/// short, on the thread pool while they are not; and counts the callers still to resume, so that the queries they
/// send next go out together (write coalescing across a batch of responses).
/// </summary>
/// <remarks>
/// Resuming a caller inline on the reader is the cheapest way to complete it (no thread hand-off: about half the
/// CPU of a query), but the callers of one connection then run one after another on one core, and its other
/// responses wait behind them. So the dispatcher measures how long each inline continuation holds the reader with the
/// caller's own code (from its answer to its next query: <see cref="CallerCodeTiming"/>) and keeps an average. While that average
/// stays under <see cref="Budget"/>, or continuations take under three quarters of the reader's time (it still
/// waits for its server a good part of the time), callers resume inline. Otherwise the rest of the batch and the next responses go to the thread pool, where
/// handlers run on every core; one response in <see cref="ProbeInterval"/> still resumes inline as a probe, and two
/// short probes in a row, continuations taking under half of the reader's time again, or a lone caller bring inline
/// resumption back (<see cref="Observe"/>).
/// A connection with one query in flight at a time never hands off: its caller has no other to run beside, and the
/// reader has nothing to read before that caller's next query. Nothing to tune. The callers of a batch are counted as
/// resuming (<see cref="CountResuming"/>), so the queries they send next go out together, unless they are handed off in a small batch; handed off, each batch is counted on its own too
/// (<see cref="HandedOffBatch"/>), so that its last caller sends them whatever the batches behind it. Inline, the last
/// caller leaves that send to the end of its continuation while such continuations are short, so its own next query
/// goes in the same write (<see cref="LeaveFlushToContinuationEnd"/>).
/// <para>
/// Large responses (a cursor's batch, decoded at length) always resume on the thread pool, so the reader goes on
/// receiving meanwhile. A caller that blocks the reader (sync-over-async, a lock) is the watchdog's business
/// (<see cref="ReaderHandOver"/>): one blocking call is not a trend the average could see in time.
/// <see cref="ConnectionOptions.ResumeOnReaderThread"/> = <see langword="false"/> hands every response off.
/// </para>
/// </remarks>
internal sealed class Dispatcher
{
    // A caller given a large response (a cursor's batch) spends long on it, decoding documents: it resumes on the
    // thread pool, so the reader goes on receiving the next batch meanwhile instead of waiting for the decoding or
    // for the watchdog. One hand-off per large response costs nothing next to its decoding.
    private const int InlineResumeLimit = 32 * 1024;

    /// <summary>
    /// The average time continuations may hold the reader before callers are handed to the thread pool. Measured
    /// against a server that is never the bottleneck (the benchmarks' instant server, two cores;
    /// benchmarks/results/2026-12-01-handler-instant-server-dispatch.md): callers that only send their next query run
    /// fastest inline, but with 5 µs of work after each answer the hand-off already wins. With more cores it wins
    /// sooner still, so the budget sits between the two, not at the 20 µs it once was. What is compared with it is the
    /// caller's own code (<see cref="CallerCodeTiming"/>): under a microsecond for a caller that only sends its next
    /// query, against a real server as against the instant one, so the driver's part, which is slower on some
    /// machines than others, never decides.
    /// </summary>
    internal static readonly long Budget = Stopwatch.Frequency * 4 / 1_000_000;

    // On a single core a hand-off only adds cost: nothing runs in parallel anyway.
    private static readonly bool CanHandOff = Environment.ProcessorCount > 1;

    /// <summary>
    /// How long the reader's load is measured over (see <see cref="Observe"/>): long enough to hold a hundred responses
    /// at the rate of a slow server, short enough to follow a change of load within a few windows.
    /// </summary>
    private static readonly long Window = Stopwatch.Frequency / 100;

    /// <summary>
    /// The share of the reader's time continuations must take (had they run inline) before callers are handed off:
    /// three quarters. They come back under half (see <see cref="Observe"/>).
    /// </summary>
    internal const int HandOffLoadNumerator = 3;

    /// <inheritdoc cref="HandOffLoadNumerator"/>
    internal const int HandOffLoadDenominator = 4;

    /// <summary>While handing off, one response in this many resumes inline, to see whether continuations got short.</summary>
    internal const int ProbeInterval = 16;

    // Weight of a new sample in the average: 1/8 (with samples clamped to two budgets), so that one long
    // continuation (a GC pause, the thread preempted) does not switch the mode, but a few in a row do.
    private const int AverageShift = 3;

    private readonly FrameWriter _writer;

    // How many of the connection's queries still wait for an answer (besides those of a batch just taken).
    private readonly Func<int> _waiting;

    // The dispatcher whose caller this thread is resuming inline, while it runs (see DeferFlush).
    [ThreadStatic]
    private static Dispatcher? t_resumingInline;

    // Other connections' writers whose frames go out with this batch's (see DeferFlush).
    private readonly DeferredFlushes _deferred = new();
    private bool _closed;

    // Stopwatch.GetTimestamp, or a test's clock (the decisions are tested with made-up continuation costs); and the
    // ticks this thread has spent in sends (FrameWriter's, or the test's), which the measurements leave out.
    private readonly Func<long> _clock;
    private readonly Func<long> _sendTicks;

    // The dispatcher counts every response it hands to a waiter, and the waiter uncounts it when it resumes
    // (Resumed). While the count is above zero, a new query only queues its frame: one of the callers still to resume
    // will send it, and the last one to resume flushes whatever is queued. When responses arrive in a batch, the next
    // queries of their callers go out in one write instead of one write each. A lone caller (count back to zero on
    // resuming) sends at once.
    private int _resuming;

    private long _progress;

    // The measurement. Written by the reader thread (and, after a take-over, briefly by the old reader helping to
    // finish its batch): a lost update only delays a switch by a sample.
    private long _averageTicks;
    private bool _handingOff;

    // The reader's load: responses in the current window, and the average time a continuation holds the reader (not
    // clamped: a 300 µs handler counts as 300 µs). Their product over the window's length is the share of the reader's
    // time continuations take, or would take, inline. The window decays: past Window, both halves are kept as one.
    private long _windowStart;
    private long _windowResponses;
    private long _heldAverage;
    private long _lastHeld = long.MaxValue; // the first sample counts whole
    private int _sinceProbe;
    private int _shortProbes;

    // Whether the connection had more than one query in flight when a batch came in (the batch's own and those still
    // waiting): for some batch of the current window, and for the last batch.
    private bool _windowHadSeveral;
    private bool _batchHadSeveral;

    // The last caller of a batch resumed inline leaves the flush of the batch's frames to the end of its continuation
    // (see LeaveFlushToContinuationEnd) while those continuations are short: whether the current one may; when its
    // caller became the last, if it did; whether it left the flush (cleared by a take-over, which flushes instead); and
    // how long the last callers' continuations ran on from there, on average.
    private bool _mayLeaveFlush;
    private bool _lastCallerTimed;
    private long _lastCallerSince;
    private long _lastCallerSendTicks;
    private int _flushOwed;
    private long _lastCallerAverage;
    private long _handOffs;
    private static long s_handOffs;

    /// <param name="writer">The connection's writer (frames left queued by dropped responses are flushed there).</param>
    /// <param name="resumeOnReaderThread">Whether small responses may resume their callers inline on the reader.</param>
    /// <param name="clock">Timestamps in <see cref="Stopwatch"/> ticks; <see langword="null"/> for <see cref="Stopwatch.GetTimestamp"/> (tests pass their own).</param>
    /// <param name="sendTicks">
    /// The ticks of <paramref name="clock"/> the calling thread has spent in sends so far; <see langword="null"/> for
    /// <see cref="FrameWriter.SendTicksOfThisThread"/> (tests pass their own, in their clock's ticks).
    /// </param>
    /// <param name="waiting">
    /// How many of the connection's queries still wait for an answer, besides those of a batch just taken from them;
    /// <see langword="null"/> when not known (tests of other decisions): then taken as several.
    /// </param>
    public Dispatcher(FrameWriter writer, bool resumeOnReaderThread, Func<long>? clock = null, Func<int>? waiting = null,
        Func<long>? sendTicks = null)
    {
        _sendTicks = sendTicks ?? (static () => FrameWriter.SendTicksOfThisThread);
        _writer = writer;
        _waiting = waiting ?? (static () => 1);
        ResumeOnReaderThread = resumeOnReaderThread;
        _clock = clock ?? Stopwatch.GetTimestamp;
        _windowStart = _clock();
    }

    /// <summary>Whether small responses may resume their callers on the reader thread (<see cref="ConnectionOptions.ResumeOnReaderThread"/>).</summary>
    public bool ResumeOnReaderThread { get; }

    /// <summary>Whether continuations currently run long, so callers resume on the thread pool (for tests and diagnostics).</summary>
    public bool IsHandingOff => Volatile.Read(ref _handingOff);

    /// <summary>How many times this connection switched from inline resumption to the thread pool (for tests and diagnostics).</summary>
    public long HandOffs => Interlocked.Read(ref _handOffs);

    /// <summary>How many times any connection of the process switched to the thread pool (the benchmarks' profile shows it).</summary>
    public static long AllHandOffs => Interlocked.Read(ref s_handOffs);

    /// <summary>Whether callers of dispatched responses have yet to resume (one of them will flush new frames).</summary>
    public bool IsResuming => Volatile.Read(ref _resuming) != 0;

    /// <summary>
    /// Whether a frame this thread has just queued (on this connection, or deferred to it from another) will be flushed
    /// with this connection's batch: callers of it have yet to resume, or this thread runs the inline continuation of
    /// its last caller, whose flush the dispatcher does when the continuation returns. Call after queueing the frame.
    /// </summary>
    public bool FlushesWithBatch()
    {
        if (IsResuming)
        {
            return true;
        }
        // A full fence between the frame queued and the read: a take-over clears the debt before it flushes, so a frame
        // queued after that flush reads it cleared and is flushed by its caller.
        return ReferenceEquals(t_resumingInline, this) && Interlocked.CompareExchange(ref _flushOwed, 0, 0) != 0;
    }

    /// <summary>
    /// For the last caller of a batch to resume (from <see cref="Resumed"/>): true when the flush of the
    /// batch's frames is left to the end of this caller's continuation, so the query it sends next goes out with them in
    /// the same write; the dispatcher then flushes when the continuation returns. False (flush now) unless the caller
    /// runs inline on this dispatcher's reader, the batch had several callers, and the last callers' continuations
    /// have been short: waiting for a long one would hold the other callers' queries back.
    /// </summary>
    /// <remarks>
    /// Without it, a batch of callers that only send their next query costs two sends: the last caller flushes the
    /// others' frames as it resumes, then its own frame alone (against a real 2.4.4 at 256 in flight, under strace so
    /// that batches formed: 1.8 sends per receive for the driver, one for the floor client; against the instant server
    /// at 16 in flight, half the sends and 8 % less CPU per query once left to the end of the continuation).
    /// </remarks>
    private bool LeaveFlushToContinuationEnd()
    {
        if (!ReferenceEquals(t_resumingInline, this) || !_mayLeaveFlush)
        {
            return false;
        }
        _lastCallerSince = _clock();
        _lastCallerSendTicks = _sendTicks();
        _lastCallerTimed = true;
        if (_lastCallerAverage > Budget)
        {
            return false; // timed all the same, so that continuations getting short again bring the coalescing back
        }
        Interlocked.Exchange(ref _flushOwed, 1);
        return true;
    }

    /// <summary>
    /// Counts every caller of a batch as resuming, before the first of them resumes; unless they are handed off in a
    /// small batch (then the batch is marked <see cref="ResponseBatch.Uncounted"/>). Called once per batch, by the
    /// reader that starts dispatching it: a reader taking a stuck batch over must not count it again.
    /// </summary>
    /// <remarks>
    /// Counted, callers' next queries go out together, flushed by the last of them to start. Handed off in a batch of
    /// <see cref="CountedHandOffBatch"/> or more (the server answers faster than the handlers take them), that is what
    /// makes the hand-off pay: left to send one by one, the default ran far behind the hand-off override against a
    /// server that answers at once (the results file named at <see cref="Budget"/>). In a smaller batch (the server
    /// answers about as fast as queries reach it), holding the first callers' queries until the last gets a pool
    /// thread, busy with long handlers, would leave the server idle meanwhile: they send at once.
    /// </remarks>
    public void CountResuming(ResponseBatch batch)
    {
        // Racy writes (the reader, or one taking over): a lost update only delays a switch. The waiting queries (a count
        // under the pending table's lock) are only asked for when the batch alone does not settle it.
        _batchHadSeveral = batch.Count > 1 || _waiting() > 0;
        _windowHadSeveral |= _batchHadSeveral;
        var handingOff = !ResumeOnReaderThread || Volatile.Read(ref _handingOff);
        batch.Uncounted = ResumeOnReaderThread && handingOff && batch.Count < CountedHandOffBatch;
        if (!batch.Uncounted)
        {
            // Handed off, batches overlap on the pool: each is counted on its own too (see HandedOffBatch).
            batch.HandedOff = handingOff ? new HandedOffBatch(batch.Count) : null;
            Interlocked.Add(ref _resuming, batch.Count);
        }
    }

    /// <summary>The fewest responses of a batch whose handed-off callers are counted as resuming (see <see cref="CountResuming"/>).</summary>
    internal const int CountedHandOffBatch = 4;

    /// <summary>
    /// A caller completed with a response resumed; true when it flushes now: it was the last one of the connection's
    /// callers still to resume, or of its handed-off batch (<paramref name="handedOff"/>), and did not leave that flush to
    /// the end of its continuation (<see cref="LeaveFlushToContinuationEnd"/>). Not for a caller marked
    /// <see cref="PendingQuery.Uncounted"/>.
    /// </summary>
    public bool Resumed(HandedOffBatch? handedOff)
    {
        var lastOfConnection = Interlocked.Decrement(ref _resuming) == 0;
        var lastOfBatch = handedOff is not null && handedOff.Resumed();
        return (lastOfConnection || lastOfBatch) && !LeaveFlushToContinuationEnd();
    }

    /// <summary>The dispatcher whose caller this thread is resuming inline right now, or null.</summary>
    public static Dispatcher? ResumingInlineOnThisThread => t_resumingInline;

    /// <summary>
    /// Defers the flush of another connection's <paramref name="writer"/>, whose frame a caller resumed inline by this
    /// dispatcher has just queued, to the end of this dispatcher's batch: the last of its callers to resume flushes it
    /// with the frames of the others (on a data source, the next queries of one batch's callers spread over its
    /// connections; one send per connection instead of one per query). False when nobody is left to flush it (the
    /// batch ended, or this connection closed): the caller then flushes it itself.
    /// </summary>
    public bool DeferFlush(FrameWriter writer)
    {
        _deferred.Add(writer);
        return FlushesWithBatch() && !Volatile.Read(ref _closed);
    }

    /// <summary>Flushes the writers deferred to this batch (by its last caller to resume), on the calling thread.</summary>
    public void FlushDeferred() => _deferred.FlushAll(inBackground: false);

    /// <summary>
    /// Flushes, from the thread pool, every frame left for the callers of this batch to send: this connection's queued
    /// frames and the other connections' deferred to it. For threads that must never block on a socket (the reader
    /// when the count of callers to resume drops to zero, the watchdog taking a stuck reader over).
    /// </summary>
    public void FlushBatchInBackground()
    {
        // A last caller's continuation that left the flush to its end (and is stuck): its frames go now, and the frames
        // it queues from here on are its own to flush.
        Interlocked.Exchange(ref _flushOwed, 0);
        _deferred.FlushAll(inBackground: true);
        if (_writer.HasQueuedFrames())
        {
            _writer.FlushInBackground();
        }
    }

    /// <summary>The connection closed: no caller of it will flush what was deferred to it, so it goes out now.</summary>
    public void Close()
    {
        Volatile.Write(ref _closed, true);
        _deferred.FlushAll(inBackground: true);
    }

    /// <summary>Grows before each caller resumes: the watchdog's sign that the reader is not held.</summary>
    public long Progress => Volatile.Read(ref _progress);

    /// <summary>Called when a resume starts (so a tick between the batch starting and its first caller sees progress).</summary>
    public void MarkProgress() => Interlocked.Increment(ref _progress);

    /// <summary>Resumes the callers of the unclaimed items of <paramref name="batch"/>.</summary>
    public void Resume(ResponseBatch batch)
    {
        var dropped = 0;
        var lastOfBatch = false;
        while (batch.TryClaim(out var waiter, out var response))
        {
            MarkProgress();
            waiter.Uncounted = batch.Uncounted;
            waiter.HandedOff = batch.HandedOff;
            _windowResponses++; // the reader's thread (or the one taking over from it): a lost count is one response
            bool completed;
            var small = response.Body.Length <= InlineResumeLimit;
            if (ResumeOnReaderThread && small && ShouldResumeInline())
            {
                var sendTicks = _sendTicks();
                var outer = t_resumingInline;
                t_resumingInline = this;
                _mayLeaveFlush = batch.Count > 1;
                var outerTiming = CallerCodeTiming.Enter(_clock);
                var started = _clock();
                CallerCodeTiming.Window callerCode;
                try
                {
                    completed = waiter.TrySetResult(response, runContinuationInline: true);
                }
                finally
                {
                    callerCode = CallerCodeTiming.Exit(outerTiming);
                    t_resumingInline = outer;
                }
                // Only the caller's own code counts: the driver's part of the continuation (the end of the answered
                // query, the sends of a batch's last caller, queueing the next query) is done in either mode.
                var ended = _clock();
                var sendTicksAfter = _sendTicks();
                Observe(callerCode.Held(started, ended, sendTicksAfter - sendTicks), ended);
                FlushLeftToContinuationEnd(ended, sendTicksAfter);
            }
            else
            {
                completed = waiter.TrySetResult(response, runContinuationInline: false);
            }
            if (!completed)
            {
                // Never expected (a cancellation or failure only completes waiters still registered, and a batch's
                // are not); kept as a guard.
                response.Dispose();
                if (!batch.Uncounted)
                {
                    dropped++;
                    lastOfBatch |= batch.HandedOff?.Resumed() == true;
                }
            }
        }
        Uncount(dropped, lastOfBatch);
    }

    /// <summary>
    /// After an inline continuation: if it was a last caller's that left the flush of the batch's frames to its end
    /// (<see cref="LeaveFlushToContinuationEnd"/>), flushes them, this connection's and those deferred to it, here on the
    /// reader as that caller would have (within the batch's dispatch, where the watchdog sees a send that blocks); and
    /// times how long last callers' continuations run on after they resume.
    /// </summary>
    private void FlushLeftToContinuationEnd(long ended, long sendTicksAfter)
    {
        if (_lastCallerTimed)
        {
            // Less its sends: a last caller that flushed at once spent them on the batch's frames, not on its own code.
            var ranOn = ended - _lastCallerSince - (sendTicksAfter - _lastCallerSendTicks);
            TakeIn(ref _lastCallerAverage, ranOn);
            _lastCallerTimed = false;
        }
        _mayLeaveFlush = false;
        if (Interlocked.Exchange(ref _flushOwed, 0) != 0)
        {
            FlushDeferred();
            _writer.FlushWithoutWaiting();
        }
    }

    /// <summary>
    /// Moves <paramref name="average"/> an eighth of the way to <paramref name="sample"/>, clamped to two budgets: an
    /// outlier (the thread preempted on a busy machine, a GC pause) moves the average by at most a quarter of the
    /// budget, so only continuations that are long most of the time cross it (six long ones in a row from short ones),
    /// not a few preemptions close together.
    /// </summary>
    private static void TakeIn(ref long average, long sample) =>
        average += (Math.Min(sample, 2 * Budget) - average) >> AverageShift;

    /// <summary>
    /// Takes callers out of the count of those resuming; when none is left (or none of their handed-off batch), frames
    /// they would have flushed go out from the pool (never from the reader, which must not block on a full socket
    /// buffer).
    /// </summary>
    private void Uncount(int callers, bool lastOfBatch)
    {
        if ((callers > 0 && Interlocked.Add(ref _resuming, -callers) == 0) || lastOfBatch)
        {
            FlushBatchInBackground();
        }
    }

    /// <summary>Whether the next small response resumes its caller inline (a probe, while handing off).</summary>
    internal bool ShouldResumeInline()
    {
        if (!_handingOff)
        {
            return true;
        }
        if (++_sinceProbe < ProbeInterval)
        {
            return false;
        }
        _sinceProbe = 0;
        return true; // a probe
    }

    /// <summary>
    /// Takes in how long one inline continuation held the reader, ending at <paramref name="now"/>. Callers are handed
    /// off when continuations are long (their average over the budget) and the reader is busy (they take over
    /// <see cref="HandOffLoadNumerator"/>/<see cref="HandOffLoadDenominator"/> of its time, so it nears the point where
    /// it could not read faster): a reader that still waits for its server part of the time gains nothing from a
    /// hand-off, which costs CPU and a pool thread's wake-up per answer (against a real 2.4.4 on two shared cores, 20 µs
    /// handlers ran 25–48 % faster inline, at half the CPU per query; 100 µs ones 12–16 % slower:
    /// benchmarks/results/2026-12-02-handler-half-load-switch-real-2.4.4-O3.md); and never with
    /// a single caller in flight in the window (one query at a time: the caller has nobody to run beside, and the
    /// reader waits for its next query either way; on the instant server, continuations of ~4 µs timed with preemptions
    /// switched 116 times in 200,000 sequential queries, each switch a run of pool wake-ups). Inline resumption comes back with two probes within the
    /// budget in a row, once continuations would take under half of the reader's time again, or with a lone caller.
    /// <para>
    /// The band between half and <see cref="HandOffLoadNumerator"/>/<see cref="HandOffLoadDenominator"/> is hysteresis.
    /// With one threshold for both ways, 20 µs handlers on one connection sat on it: inline they took a little over half
    /// of the reader's time, handed off (the rate lower, the pool wake-ups on the server's cores) a little under, and the
    /// connection switched back and forth 160–320 times per point (benchmarks/results/2026-12-03-handler-real-2.4.4-O3.md).
    /// </para>
    /// </summary>
    internal void Observe(long heldTicks, long now)
    {
        // The load takes the shorter of this sample and the one before: one continuation stretched by a preemption (a
        // scheduler slice of milliseconds on cores shared with the server) must not make 20 µs handlers look like 1 ms
        // ones; long handlers are long twice in a row.
        _heldAverage += (Math.Min(heldTicks, _lastHeld) - _heldAverage) >> AverageShift;
        _lastHeld = heldTicks;
        var elapsed = now - _windowStart;
        if (elapsed > Window)
        {
            _windowResponses >>= 1;
            _windowStart = now - (elapsed >> 1);
            elapsed -= elapsed >> 1;
            _windowHadSeveral = _batchHadSeveral;
        }
        var inlineLoad = _windowResponses * _heldAverage; // ticks of continuations in the window, had they run inline
        if (!_handingOff)
        {
            TakeIn(ref _averageTicks, heldTicks);
            if (_averageTicks > Budget && inlineLoad * HandOffLoadDenominator > elapsed * HandOffLoadNumerator
                && _windowHadSeveral && CanHandOff)
            {
                _sinceProbe = 0;
                _shortProbes = 0;
                Interlocked.Increment(ref _handOffs);
                Interlocked.Increment(ref s_handOffs);
                Volatile.Write(ref _handingOff, true);
            }
            return;
        }
        // A probe: within the budget twice in a row brings inline back. Not half of it: while handing off, pool threads
        // busy with handlers preempt the reader during the probe itself, and an empty caller (under a microsecond)
        // measured that way could stay above half the budget for good, handing off at twice the CPU per query.
        _shortProbes = heldTicks > Budget ? 0 : _shortProbes + 1;
        if (_shortProbes >= 2 || inlineLoad * 2 < elapsed || !_windowHadSeveral)
        {
            _averageTicks = Math.Min(heldTicks, 2 * Budget);
            Volatile.Write(ref _handingOff, false);
        }
    }
}
