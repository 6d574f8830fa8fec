using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.Feeds;

/// <summary>
/// What one feed query produces: the changes of its subscriptions (one per <c>changes()</c>; several for a
/// <c>union</c> of feeds), passed through the terms chained after <c>changes()</c> (<see cref="FeedStep"/>), into
/// the <see cref="FeedQueue"/> the client reads. A feed in a union hands its output to the union's stream instead.
/// Writes deliver changes with the store lock held; the steps are added with it held too, so no change is missed,
/// seen twice or left without a step.
/// </summary>
internal sealed class FeedStream(MemoryStore store, FeedQueue queue) : IDisposable
{
    private readonly List<FeedStep> _steps = [];
    private readonly List<FeedSubscription> _subscriptions = [];
    private readonly List<FeedStream> _children = [];
    private FeedStream? _parent;
    private volatile bool _aborted;
    private volatile bool _finished;

    public FeedQueue Queue => queue;

    /// <summary>Whether a table the feed watches was dropped: its next batch is an error, not changes.</summary>
    public bool IsAborted => _aborted;

    /// <summary>
    /// The error a term after <c>changes()</c> raised on a change: the feed ends with it once the changes queued
    /// before that one are read (the real server ends a feed whose transform fails).
    /// </summary>
    public QueryFailure? Failure { get; private set; }

    /// <summary>Whether a <c>limit</c> after <c>changes()</c> was reached: the feed ends once its queue is read.</summary>
    public bool IsFinished => _finished;

    /// <summary>Whether changes may be squashed in the queue by document (no step reshapes them first).</summary>
    private bool SquashesByKey => _steps.Count == 0 && _parent is null;

    /// <summary>Starts delivering a subscription's changes here; the caller holds the store lock.</summary>
    public void Add(FeedSubscription subscription)
    {
        subscription.Stream = this;
        _subscriptions.Add(subscription);
    }

    /// <summary>
    /// A change of a subscription (or of a child stream); the caller holds the store lock. <paramref name="key"/> is
    /// the document's primary key, for squashing.
    /// </summary>
    public void Deliver(JsonNode? change, JsonNode? key)
    {
        if (_finished || Failure is not null)
        {
            return;
        }
        List<JsonNode?> outputs;
        try
        {
            outputs = [.. Apply(change, 0)];
        }
        catch (QueryFailure failure)
        {
            Fail(failure);
            return;
        }
        foreach (var output in outputs)
        {
            if (_parent is { } parent)
            {
                parent.Deliver(output, null);
            }
            else
            {
                queue.Write(output, SquashesByKey ? key : null);
            }
        }
        EndIfFinished();
    }

    /// <summary>Ends the feed with <paramref name="failure"/>; the caller holds the store lock.</summary>
    private void Fail(QueryFailure failure)
    {
        if (_parent is { } parent)
        {
            parent.Fail(failure);
            return;
        }
        Failure ??= failure;
        queue.Complete();
    }

    /// <summary>
    /// Adds a step after the others: the values already produced (the initial values given, and the changes still
    /// queued) go through it too. Returns the initial values after it.
    /// </summary>
    public List<JsonNode?> AddStep(FeedStep step, IEnumerable<JsonNode?> initial)
    {
        lock (store.Sync)
        {
            var stepped = new List<JsonNode?>();
            foreach (var value in initial)
            {
                if (!_finished)
                {
                    stepped.AddRange(Run(step, value));
                }
            }
            var queued = Drain();
            _steps.Add(step);
            foreach (var change in queued)
            {
                if (!_finished)
                {
                    foreach (var output in Run(step, change))
                    {
                        queue.Write(output);
                    }
                }
            }
            EndIfFinished();
            return stepped;
        }
    }

    /// <summary>
    /// A union of feeds: a new stream the given ones hand their changes to from now on, with the changes they
    /// still queue moved into it (those of the first feed first).
    /// </summary>
    public static FeedStream Union(MemoryStore store, IReadOnlyList<FeedStream> streams, FeedQueue queue)
    {
        var union = new FeedStream(store, queue);
        lock (store.Sync)
        {
            foreach (var stream in streams)
            {
                foreach (var change in stream.Drain())
                {
                    queue.Write(change);
                }
                stream._parent = union;
                union._children.Add(stream);
                union._aborted |= stream._aborted;
            }
        }
        return union;
    }

    /// <summary>Ends the feed because a table it watches was dropped; the caller holds the store lock.</summary>
    public void Abort()
    {
        _aborted = true;
        if (_parent is { } parent)
        {
            parent.Abort();
            return;
        }
        queue.Complete();
    }

    /// <summary>Stops every subscription of the feed and ends its queue.</summary>
    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        foreach (var child in _children)
        {
            child.Dispose();
        }
        queue.Complete();
    }

    private IEnumerable<JsonNode?> Apply(JsonNode? value, int from)
    {
        if (from == _steps.Count)
        {
            yield return value;
            yield break;
        }
        foreach (var output in Run(_steps[from], value))
        {
            foreach (var result in Apply(output, from + 1))
            {
                yield return result;
            }
        }
    }

    private List<JsonNode?> Run(FeedStep step, JsonNode? value)
    {
        var outputs = step.Run(value);
        _finished |= step.IsDone;
        return outputs;
    }

    /// <summary>After a limit was reached, the values it let through are queued: the queue ends there.</summary>
    private void EndIfFinished()
    {
        if (_finished)
        {
            queue.Complete();
        }
    }

    /// <summary>Takes the changes still queued out of the queue (the caller holds the store lock).</summary>
    private List<JsonNode?> Drain()
    {
        var drained = new List<JsonNode?>();
        while (queue.TryReadNow(out var change))
        {
            drained.Add(change);
        }
        return drained;
    }
}
