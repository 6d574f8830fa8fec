namespace RethinkDb.Net;

/// <summary>
/// How many callers of one batch of responses handed to the thread pool have yet to resume: the last of them flushes
/// the frames queued meanwhile, whatever the other batches still being resumed on the pool.
/// </summary>
/// <remarks>
/// The connection's own count (<see cref="Dispatcher.IsResuming"/>) covers every batch still being resumed. Inline,
/// batches are resumed one after another and it drops to zero at the end of each. Handed off, they overlap: while
/// the pool works through a backlog of handlers, a new batch arrives before the last one is done, the connection's
/// count never reaches zero, and the queries of every resumed caller wait until the backlog is gone, then go out in
/// one burst to a server left idle meanwhile (256 callers × 100 µs against the debug-build server: 81 % of the floor,
/// benchmarks/results/2026-12-01-handler-batch-flush.md). Counted per batch, a query waits at most for the rest of
/// its own batch.
/// </remarks>
internal sealed class HandedOffBatch(int callers)
{
    private int _toResume = callers;

    /// <summary>One of the batch's callers resumed (or was dropped); true for the last one.</summary>
    public bool Resumed() => Interlocked.Decrement(ref _toResume) == 0;
}
