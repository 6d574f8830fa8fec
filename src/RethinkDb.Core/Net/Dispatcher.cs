namespace RethinkDb.Net;

/// <summary>
/// Resumes the callers of one connection's responses, and counts those still to resume so that the queries they send
/// next go out together (write coalescing across a batch of responses).
/// </summary>
/// <remarks>
/// Small responses resume their callers inline on the reader thread, one after another: the cheapest way to complete
/// a caller (no thread-pool hand-off). Large responses (a cursor's batch, decoded at length) resume on the thread pool,
/// so the reader goes on receiving meanwhile. A caller that holds the reader is the watchdog's business
/// (<see cref="ReaderHandOver"/>).
/// </remarks>
internal sealed class Dispatcher
{
    // A caller given a large response (a cursor's batch) spends long on it, decoding documents: it resumes on the
    // thread pool, so the reader goes on receiving the next batch meanwhile instead of waiting for the decoding or
    // for the watchdog. One hand-off per large response costs nothing next to its decoding.
    private const int InlineResumeLimit = 32 * 1024;

    private readonly FrameWriter _writer;

    // The dispatcher counts every response it hands to a waiter, and the waiter uncounts it when it resumes
    // (Resumed). While the count is above zero, a new query only queues its frame: one of the callers still to resume
    // will send it, and the last one to resume flushes whatever is queued. When responses arrive in a batch, the next
    // queries of their callers go out in one write instead of one write each. A lone caller (count back to zero on
    // resuming) sends at once.
    private int _resuming;

    private long _progress;

    /// <param name="writer">The connection's writer (frames left queued by dropped responses are flushed there).</param>
    /// <param name="resumeOnReaderThread">Whether small responses resume their callers inline on the reader.</param>
    public Dispatcher(FrameWriter writer, bool resumeOnReaderThread)
    {
        _writer = writer;
        ResumeOnReaderThread = resumeOnReaderThread;
    }

    /// <summary>Whether small responses resume their callers on the reader thread (<see cref="ConnectionOptions.ResumeOnReaderThread"/>).</summary>
    public bool ResumeOnReaderThread { get; }

    /// <summary>Whether callers of dispatched responses have yet to resume (one of them will flush new frames).</summary>
    public bool IsResuming => Volatile.Read(ref _resuming) != 0;

    /// <summary>Counts every caller of a batch as resuming, before the first of them resumes.</summary>
    public void CountResuming(int count) => Interlocked.Add(ref _resuming, count);

    /// <summary>A caller completed with a response resumed; true when it was the last one (it flushes).</summary>
    public bool Resumed() => Interlocked.Decrement(ref _resuming) == 0;

    /// <summary>Grows before each caller resumes: the watchdog's sign that the reader is not held.</summary>
    public long Progress => Volatile.Read(ref _progress);

    /// <summary>Called when a resume starts (so a tick between the batch starting and its first caller sees progress).</summary>
    public void MarkProgress() => Interlocked.Increment(ref _progress);

    /// <summary>
    /// Resumes the callers of the unclaimed items of <paramref name="batch"/>, small responses inline on this thread.
    /// </summary>
    public void Resume(ResponseBatch batch)
    {
        var dropped = 0;
        while (batch.TryClaim(out var waiter, out var response))
        {
            MarkProgress();
            if (!waiter.TrySetResult(response, runContinuationInline: ResumeOnReaderThread && response.Body.Length <= InlineResumeLimit))
            {
                // Never expected (a cancellation or failure only completes waiters still registered, and a batch's
                // are not); kept as a guard.
                response.Dispose();
                dropped++;
            }
        }
        if (dropped > 0 && Interlocked.Add(ref _resuming, -dropped) == 0 && _writer.HasQueuedFrames())
        {
            _writer.FlushInBackground();
        }
    }
}
