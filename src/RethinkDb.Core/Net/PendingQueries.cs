namespace RethinkDb.Net;

/// <summary>
/// The queries of one socket that wait for a response, by token. Whoever removes a waiter is the one who completes
/// it: a response, a cancellation and the connection breaking may race for the same waiter, and exactly one wins.
/// </summary>
/// <remarks>
/// Once <see cref="Close"/> has run, nothing can be added: a query registered after the connection broke would
/// otherwise wait forever, since nobody reads its answer any more.
/// </remarks>
internal sealed class PendingQueries
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, PendingQuery> _byToken = [];
    private bool _closed;

    /// <summary>Number of queries waiting for a response.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byToken.Count;
            }
        }
    }

    /// <summary>Registers a waiter; false once the table is closed (the connection broke or was disposed).</summary>
    /// <exception cref="ArgumentException">A query with the same token is already waiting (a driver bug).</exception>
    public bool TryAdd(long token, PendingQuery waiter)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }
            _byToken.Add(token, waiter);
            return true;
        }
    }

    /// <summary>Removes the waiter of <paramref name="token"/>, whatever it is (its frame could not be queued).</summary>
    public void Remove(long token)
    {
        lock (_lock)
        {
            _byToken.Remove(token);
        }
    }

    /// <summary>Removes <paramref name="waiter"/> if it still waits on <paramref name="token"/> (a cancellation).</summary>
    public bool TryRemove(long token, PendingQuery waiter)
    {
        lock (_lock)
        {
            if (!_byToken.TryGetValue(token, out var current) || !ReferenceEquals(current, waiter))
            {
                return false;
            }
            _byToken.Remove(token);
            return true;
        }
    }

    /// <summary>Removes and returns the waiter of <paramref name="token"/>, or null when none waits (a response).</summary>
    public PendingQuery? TryTake(long token)
    {
        lock (_lock)
        {
            return _byToken.Remove(token, out var waiter) ? waiter : null;
        }
    }

    /// <summary>Closes the table and returns every waiter still in it, for the caller to fail.</summary>
    public PendingQuery[] Close()
    {
        lock (_lock)
        {
            _closed = true;
            PendingQuery[] waiters = [.. _byToken.Values];
            _byToken.Clear();
            return waiters;
        }
    }
}
