using RethinkDb.Net;

namespace RethinkDb.Benchmarks.Harness;

/// <summary>
/// The driver's process-wide dispatch counters (watchdog take-overs of a stuck reader, connections switching their
/// callers to the thread pool, batches of frames sent), read before and after a scenario: an outlier round with twice
/// the CPU per query is usually one of the first two; the sends per query tell how well queries were coalesced.
/// </summary>
internal readonly record struct DispatchCounters(long TakeOvers, long HandOffs, long Sends)
{
    public static DispatchCounters Read() => new(DispatchWatchdog.TakeOvers, Dispatcher.AllHandOffs, FrameWriter.WritesAttempted);

    /// <summary>What happened since <paramref name="before"/> (a reading taken earlier).</summary>
    public DispatchCounters Since(DispatchCounters before) =>
        new(TakeOvers - before.TakeOvers, HandOffs - before.HandOffs, Sends - before.Sends);

    /// <summary>These counts (taken with <see cref="Since"/>) as a sentence for the report.</summary>
    public string Sentence() =>
        $"Driver dispatch over the scenario (warm-up included): {TakeOvers} reader take-overs by the " +
        $"watchdog, {HandOffs} switches of a connection's callers to the thread pool.";
}
