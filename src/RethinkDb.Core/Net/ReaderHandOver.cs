using Microsoft.Extensions.Logging;

namespace RethinkDb.Net;

/// <summary>
/// Which thread reads a connection, and handing the reading to a new thread when a caller holds the current one.
/// </summary>
/// <remarks>
/// The reader thread resumes the callers of a batch of responses inline (see <see cref="Dispatcher"/>). If one of them
/// holds it for a whole watchdog tick (<see cref="DispatchWatchdog"/>), a new thread (a new generation) resumes the rest
/// of the batch and takes over the reading; the old thread, once its caller returns, helps claim what is left of that
/// batch and ends. A lock orders that hand-over against the reader.
/// </remarks>
internal sealed class ReaderHandOver
{
    private readonly Dispatcher _dispatcher;
    private readonly Action<int, ResponseBatch> _startReader;
    private readonly ILogger _logger;
    private readonly string _endpoint;

    private readonly Lock _lock = new();
    private ResponseBatch _batch = new();
    private ResponseBatch? _resumingBatch; // the batch whose callers the current reader generation is resuming
    private int _generation;
    private bool _dispatching;
    private long _seenProgress = -1;

    /// <param name="dispatcher">Resumes the callers; its progress tells a stuck reader from a busy one; it flushes what the
    /// callers resumed so far left queued when their reader is taken over.</param>
    /// <param name="startReader">Starts a reader thread of the given generation, which first resumes the stuck batch.</param>
    /// <param name="logger">Where take-overs are logged.</param>
    /// <param name="endpoint">host:port, for the log.</param>
    public ReaderHandOver(Dispatcher dispatcher, Action<int, ResponseBatch> startReader, ILogger logger, string endpoint)
    {
        _dispatcher = dispatcher;
        _startReader = startReader;
        _logger = logger;
        _endpoint = endpoint;
    }

    /// <summary>The current reader generation's own batch, which it fills with the responses of one receive.</summary>
    public ResponseBatch Batch => _batch;

    /// <summary>
    /// Resumes the callers of <paramref name="batch"/> on this thread (the reader of <paramref name="generation"/>).
    /// Returns false when the reading was handed to another thread meanwhile: this one must then stop.
    /// </summary>
    /// <param name="batch">The reader's own batch, or one inherited from a reader stuck before it.</param>
    /// <param name="generation">The calling reader's generation.</param>
    /// <param name="counted">Whether the batch's callers are already counted as resuming (an inherited batch).</param>
    public bool ResumeBatch(ResponseBatch batch, int generation, bool counted)
    {
        if (!counted)
        {
            // Every caller of the batch is counted as resuming before the first resumes, so the new queries they send
            // are queued and go out in one write, flushed by the last of them (unless continuations run long: see
            // Dispatcher.CountResuming). Once per batch: a reader inheriting it must not count it again.
            _dispatcher.CountResuming(batch);
            lock (_lock)
            {
                _resumingBatch = batch;
                _dispatcher.MarkProgress(); // A tick between here and the first caller must not see the previous batch's count.
                Volatile.Write(ref _dispatching, true);
            }
        }
        _dispatcher.Resume(batch);
        lock (_lock)
        {
            if (generation != _generation)
            {
                return false;
            }
            Volatile.Write(ref _dispatching, false);
            _resumingBatch = null;
        }
        if (ReferenceEquals(batch, _batch))
        {
            batch.Clear(); // Only the reader's own batch is reused; one inherited from a stuck reader is dropped.
        }
        return true;
    }

    /// <summary>
    /// Called by <see cref="DispatchWatchdog"/> every tick: when the same caller has held the reader since the last
    /// tick, a new thread resumes the rest of the batch and takes over the reading.
    /// </summary>
    public void CheckReaderProgress()
    {
        if (!Volatile.Read(ref _dispatching))
        {
            return;
        }
        var progress = _dispatcher.Progress;
        if (progress != _seenProgress)
        {
            _seenProgress = progress;
            return;
        }
        int generation;
        lock (_lock)
        {
            // Closed connections too: a caller closing the connection synchronously on the reader waits for the read
            // loop to end, which the new thread does (its receive fails on the closed socket).
            if (!Volatile.Read(ref _dispatching) || _dispatcher.Progress != progress)
            {
                return;
            }
            // The batch being resumed: the reader's own, or one it inherited from a reader stuck before it.
            var stuck = _resumingBatch ?? _batch;
            // Counted first: whoever sees the new reader's work (a caller unblocked by it) must see the count too.
            DispatchWatchdog.CountTakeOver();
            // Started before the generation changes: if no thread can be had, the stuck reader keeps its role.
            _startReader(_generation + 1, stuck);
            generation = ++_generation;
            _batch = new ResponseBatch();
            // _dispatching stays set: the new thread resumes what is left of the stuck batch first.
        }
        // Frames queued by callers resumed so far (on this connection or, deferred to it, on others) wait for the last
        // caller of the batch to flush them: do not let them wait for the stuck one.
        _dispatcher.FlushBatchInBackground();
        Log.ReaderTakenOver(_logger, _endpoint, generation, DispatchWatchdog.Period.TotalMilliseconds);
    }
}
