using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace RethinkDb.Testing.Evaluation.Feeds;

/// <summary>
/// The changes a feed holds for its client until the client reads them, as the server's <c>subscription_t</c>:
/// bounded by <c>changefeed_queue_size</c> (past it every queued change is dropped and counted, and the next read
/// gets <c>{error: "Changefeed cache over array size limit, skipped N elements."}</c>), and, with <c>squash</c>,
/// merging the queued changes of one document into one (the first's <c>old_val</c>, the last's <c>new_val</c>;
/// dropped when that changes nothing), readable only once the squash window after the first queued change passed.
/// </summary>
internal sealed class FeedQueue : ChannelReader<JsonNode?>
{
    /// <summary>The server's default <c>changefeed_queue_size</c>.</summary>
    public const int DefaultLimit = 100_000;

    private readonly Lock _sync = new();
    private readonly LinkedList<(JsonNode? Change, JsonNode? Key)> _items = new();
    private readonly Dictionary<JsonNode, LinkedListNode<(JsonNode? Change, JsonNode? Key)>> _byKey = new(
        EqualityComparer<JsonNode>.Create((a, b) => Datum.Comparer.Compare(a, b) == 0, key => Datum.Print(key).GetHashCode(StringComparison.Ordinal)));
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _limit;
    private readonly bool _squash;
    private readonly TimeSpan _window;
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTime _dueAt;
    private long _skipped;
    private bool _completed;

    /// <param name="limit">The most changes held (<c>changefeed_queue_size</c>).</param>
    /// <param name="squash">Whether changes of one document are merged while queued.</param>
    /// <param name="window">With <paramref name="squash"/>, how long changes are held after the first one queued.</param>
    public FeedQueue(int limit = DefaultLimit, bool squash = false, TimeSpan window = default)
    {
        _limit = limit;
        _squash = squash;
        _window = window;
    }

    public override Task Completion => _completion.Task;

    public override bool CanCount => true;

    public override int Count
    {
        get
        {
            lock (_sync)
            {
                return _items.Count + (_skipped > 0 ? 1 : 0);
            }
        }
    }

    /// <summary>
    /// Queues a change; <paramref name="key"/> is the document's primary key when the change may be squashed with
    /// others of that document (a change straight from a table), null otherwise.
    /// </summary>
    public void Write(JsonNode? change, JsonNode? key = null)
    {
        TaskCompletionSource? wake;
        lock (_sync)
        {
            if (_completed)
            {
                return;
            }
            if (_items.Count == 0)
            {
                _dueAt = DateTime.UtcNow + _window;
            }
            if (_squash && key is not null && change is JsonObject next && _byKey.TryGetValue(key, out var queued))
            {
                Squash(queued, next);
            }
            else
            {
                var node = _items.AddLast((change, key));
                if (_squash && key is not null)
                {
                    _byKey[key] = node;
                }
            }
            if (_items.Count > _limit)
            {
                // subscription_t::add_el: past the limit, everything queued is dropped and counted.
                _skipped += _items.Count;
                _items.Clear();
                _byKey.Clear();
            }
            wake = _signal;
            _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.TrySetResult();
    }

    /// <summary>Ends the queue: what is queued can still be read, then <see cref="Completion"/> completes.</summary>
    public void Complete()
    {
        TaskCompletionSource wake;
        lock (_sync)
        {
            _completed = true;
            wake = _signal;
            CompleteIfDrained();
        }
        wake.TrySetResult();
    }

    public override bool TryRead(out JsonNode? item)
    {
        lock (_sync)
        {
            if (_skipped > 0)
            {
                item = new JsonObject { ["error"] = $"Changefeed cache over array size limit, skipped {_skipped} elements." };
                _skipped = 0;
                CompleteIfDrained();
                return true;
            }
            if (_items.Count == 0 || (_squash && DateTime.UtcNow < _dueAt))
            {
                item = null;
                return false;
            }
            item = DequeueLocked();
            CompleteIfDrained();
            return true;
        }
    }

    /// <summary>Takes the first queued change whether or not its squash window has closed (moving it elsewhere).</summary>
    public bool TryReadNow(out JsonNode? item)
    {
        lock (_sync)
        {
            if (_items.Count == 0)
            {
                item = null;
                return false;
            }
            item = DequeueLocked();
            return true;
        }
    }

    /// <summary>Takes the first queued change (there is one) and forgets its key; the caller holds the lock.</summary>
    private JsonNode? DequeueLocked()
    {
        var (change, key) = _items.First!.Value;
        _items.RemoveFirst();
        if (key is not null)
        {
            _byKey.Remove(key);
        }
        return change;
    }

    public override async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task signal;
            TimeSpan wait;
            lock (_sync)
            {
                if (_skipped > 0)
                {
                    return true;
                }
                if (_items.Count == 0 && _completed)
                {
                    return false;
                }
                wait = _items.Count > 0 ? _dueAt - DateTime.UtcNow : Timeout.InfiniteTimeSpan;
                if (_items.Count > 0 && (!_squash || wait <= TimeSpan.Zero))
                {
                    return true;
                }
                signal = _signal.Task;
            }
            if (wait > TimeSpan.Zero)
            {
                // Squashing: the queued changes become readable when the window after the first one closes.
                await Task.WhenAny(signal, Task.Delay(wait, cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Merges <paramref name="next"/> into the change of the same document still queued.</summary>
    private void Squash(LinkedListNode<(JsonNode? Change, JsonNode? Key)> queued, JsonObject next)
    {
        var first = (JsonObject)queued.Value.Change!;
        var oldValue = first["old_val"];
        var newValue = next["new_val"];
        if (Datum.Comparer.Compare(oldValue, newValue) == 0)
        {
            // The document is back as it was (or was created and deleted): nothing to send.
            _items.Remove(queued);
            _byKey.Remove(queued.Value.Key!);
            return;
        }
        var merged = new JsonObject
        {
            ["new_val"] = Datum.Clone(newValue),
            ["old_val"] = Datum.Clone(oldValue),
        };
        if (first.ContainsKey("type"))
        {
            merged["type"] = (oldValue, newValue) switch
            {
                (null, _) => "add",
                (_, null) => "remove",
                _ => "change",
            };
        }
        queued.Value = (merged, queued.Value.Key);
    }

    private void CompleteIfDrained()
    {
        if (_completed && _items.Count == 0 && _skipped == 0)
        {
            _completion.TrySetResult();
        }
    }
}
