using System.Text.Json.Nodes;

namespace RethinkDb.Testing;

/// <summary>
/// One query from its START to its last answer: the steps queued for its token, its rows (and feed) once it has
/// them, and whether a STOP ended it.
/// </summary>
internal sealed class QueryEntry : IDisposable
{
    private readonly CancellationTokenSource _stopped = new();
    private readonly Lock _sync = new();
    private IEnumerator<JsonNode?>? _rows;
    private int _isStopped;

    /// <summary>The last step queued for the token; the next one runs after it.</summary>
    public Task Tail { get; set; } = Task.CompletedTask;

    public FeedResult? Feed { get; private set; }

    /// <summary>The profile the next batch carries (<c>profile: true</c>), null when the query asked for none.</summary>
    public JsonNode? Profile { get; set; }

    /// <summary>Whether the query is a stream still open (a cursor or feed the server holds).</summary>
    public bool HasRows
    {
        get
        {
            lock (_sync)
            {
                return _rows is not null && !IsStopped;
            }
        }
    }

    public bool IsStopped => Volatile.Read(ref _isStopped) != 0;

    /// <summary>Cancelled by STOP: wakes a CONTINUE waiting for changes.</summary>
    public CancellationToken Stopped => _stopped.Token;

    /// <summary>Gives the query its rows; a query stopped meanwhile releases them at once.</summary>
    public void Attach(IEnumerator<JsonNode?> rows, FeedResult? feed)
    {
        lock (_sync)
        {
            if (!IsStopped)
            {
                _rows = rows;
                Feed = feed;
                return;
            }
        }
        rows.Dispose();
        feed?.Subscription.Dispose();
    }

    /// <summary>Up to <paramref name="size"/> rows (copies), fewer when the rows run out or a STOP comes.</summary>
    public List<JsonNode?> NextBatch(int size)
    {
        var batch = new List<JsonNode?>();
        lock (_sync)
        {
            while (!IsStopped && _rows is not null && batch.Count < size && _rows.MoveNext())
            {
                batch.Add(_rows.Current?.DeepClone());
            }
        }
        return batch;
    }

    public void Stop()
    {
        if (Interlocked.Exchange(ref _isStopped, 1) != 0)
        {
            return;
        }
        _stopped.Cancel();
        FeedResult? feed;
        lock (_sync)
        {
            // Under the lock: never while NextBatch is moving through the rows.
            _rows?.Dispose();
            feed = Feed;
        }
        feed?.Subscription.Dispose();
    }

    /// <summary>
    /// Stops the query. The cancellation source is left to the collector: a CONTINUE finishing on another thread
    /// may still link its token, and a cancelled source holds nothing else.
    /// </summary>
    public void Dispose() => Stop();
}
