namespace RethinkDb.Net;

/// <summary>
/// Times the caller's own code within a continuation that a reader runs inline: from the moment the multiplexer hands
/// the caller its answer (<see cref="Starts"/>) to the moment the caller enters the driver again with its next query
/// (<see cref="Ends"/>). The dispatcher compares that time, not the whole continuation, with its budget.
/// </summary>
/// <remarks>
/// The driver's own part of a continuation (releasing the answered query's waiter and registration, then encoding
/// and queueing the caller's next query) is done in either mode, inline or on the thread pool, and its cost depends
/// on the machine, not on the caller: against a real server on two shared cores it took 3–4 µs per query, next to the
/// 4 µs budget, so one preemption among empty continuations could tip the average over it and hand every caller of
/// the connection to the pool at several times the CPU per query. Thread-static: a reader resumes one caller at a time,
/// and whatever that caller runs before its next await runs on the same thread.
/// </remarks>
internal static class CallerCodeTiming
{
    private const long Unset = long.MinValue;

    // The resuming dispatcher's clock while a reader runs a continuation inline on this thread; null otherwise.
    [ThreadStatic]
    private static Func<long>? t_clock;

    [ThreadStatic]
    private static long t_started;

    [ThreadStatic]
    private static long t_ended;

    /// <summary>Whether this thread is in a caller's code, timed: resumed inline with its answer, not yet back in the driver (for tests).</summary>
    public static bool IsTimingCallerCode => t_clock is not null && t_started != Unset && t_ended == Unset;

    /// <summary>What an inline continuation found on its thread, restored when it ends (continuations may nest).</summary>
    public readonly record struct Outer(Func<long>? Clock, long Started, long Ended);

    /// <summary>The caller's code within one inline continuation, in clock ticks; <see cref="Unset"/> where not seen.</summary>
    public readonly record struct Window(long Started, long Ended)
    {
        /// <summary>
        /// How long the caller's code held the reader, in a continuation that ran from <paramref name="continuationStarted"/>
        /// to <paramref name="continuationEnded"/> and spent <paramref name="sendTicks"/> in sends.
        /// </summary>
        /// <remarks>
        /// Without a start (a continuation that is not a query's caller), the whole continuation less its sends, as
        /// before this timing existed; without an end (a caller that sent no query after its answer), up to the end of
        /// the continuation. Sends before the start (the last caller of a batch writing its callers' next queries) fall
        /// outside the window; those after its end belong to the next query, outside it too.
        /// </remarks>
        public long Held(long continuationStarted, long continuationEnded, long sendTicks) =>
            Started == Unset
                ? continuationEnded - continuationStarted - sendTicks
                : (Ended == Unset ? continuationEnded : Ended) - Started;
    }

    /// <summary>A reader starts running a continuation inline on this thread, timed by <paramref name="clock"/>.</summary>
    public static Outer Enter(Func<long> clock)
    {
        var outer = new Outer(t_clock, t_started, t_ended);
        t_clock = clock;
        t_started = Unset;
        t_ended = Unset;
        return outer;
    }

    /// <summary>The inline continuation ended: what was seen of the caller's code, and the thread as it was before.</summary>
    public static Window Exit(Outer outer)
    {
        var window = new Window(t_started, t_ended);
        (t_clock, t_started, t_ended) = (outer.Clock, outer.Started, outer.Ended);
        return window;
    }

    /// <summary>The multiplexer hands a caller its answer: if a reader resumed it inline, the caller's code starts now.</summary>
    public static void Starts()
    {
        if (t_clock is { } clock && t_started == Unset)
        {
            t_started = clock();
        }
    }

    /// <summary>A caller enters the driver with a query: if its code was being timed, it ends now.</summary>
    public static void Ends()
    {
        if (t_clock is { } clock && t_started != Unset && t_ended == Unset)
        {
            t_ended = clock();
        }
    }
}
