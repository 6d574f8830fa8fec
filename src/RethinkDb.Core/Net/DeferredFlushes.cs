namespace RethinkDb.Net;

/// <summary>
/// The writers of other connections whose queued frames wait for the end of one connection's batch of responses:
/// on a data source, a caller resumed inline by connection A's reader often sends its next query on connection B.
/// Written at once, every such query is a send of its own; queued here, the frames of all of A's batch's callers
/// go out together, one send per connection, when the last of them resumes (see <see cref="Dispatcher.DeferFlush"/>).
/// </summary>
/// <remarks>
/// Whoever adds a writer checks afterwards that someone will still flush it (A's callers still resuming, A open);
/// whoever flushes takes the writers under the same lock after the count reached zero. So a writer added as the
/// batch ends is flushed by one side or the other, maybe both (a flush with nothing queued writes nothing).
/// </remarks>
internal sealed class DeferredFlushes
{
    private readonly Lock _lock = new();
    private FrameWriter?[] _writers = new FrameWriter?[4];
    private FrameWriter?[]? _spare = new FrameWriter?[4];
    private int _count;

    /// <summary>Adds a writer to flush at the end of the batch (once, however many of its frames wait).</summary>
    public void Add(FrameWriter writer)
    {
        lock (_lock)
        {
            for (var i = 0; i < _count; i++)
            {
                if (ReferenceEquals(_writers[i], writer))
                {
                    return;
                }
            }
            if (_count == _writers.Length)
            {
                Array.Resize(ref _writers, _count * 2);
            }
            _writers[_count++] = writer;
        }
    }

    /// <summary>
    /// Flushes every writer added so far: on this thread (blocking sends into socket buffers with room, as a caller's
    /// own flush), or from the thread pool for a thread that must never block on a socket (the reader, the watchdog).
    /// </summary>
    public void FlushAll(bool inBackground)
    {
        FrameWriter?[] taken;
        int count;
        lock (_lock)
        {
            if (_count == 0)
            {
                return;
            }
            taken = _writers;
            count = _count;
            // The array being flushed is not the one new writers go to; the spare comes back once flushed.
            _writers = _spare ?? new FrameWriter?[taken.Length];
            _spare = null;
            _count = 0;
        }
        for (var i = 0; i < count; i++)
        {
            if (inBackground)
            {
                taken[i]!.FlushInBackground();
            }
            else
            {
                taken[i]!.FlushWithoutWaiting();
            }
        }
        Array.Clear(taken, 0, count);
        lock (_lock)
        {
            _spare ??= taken;
        }
    }
}
