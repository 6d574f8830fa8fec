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

    // Written under the lock, read without it by the reader deciding how long to wait (an estimate is enough there).
    private int _answeringPromptly;

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

    /// <summary>
    /// Number of waiting queries the server answers as soon as it has run them (<see cref="PendingQuery.AnswersPromptly"/>),
    /// read without the lock: a count of a moment ago.
    /// </summary>
    public int AnsweringPromptly => Volatile.Read(ref _answeringPromptly);

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
            Counted(waiter, +1);
            return true;
        }
    }

    /// <summary>Removes the waiter of <paramref name="token"/>, whatever it is (its frame could not be queued).</summary>
    public void Remove(long token)
    {
        lock (_lock)
        {
            if (_byToken.Remove(token, out var waiter))
            {
                Counted(waiter, -1);
            }
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
            Counted(waiter, -1);
            return true;
        }
    }

    /// <summary>Removes and returns the waiter of <paramref name="token"/>, or null when none waits (a response).</summary>
    public PendingQuery? TryTake(long token)
    {
        lock (_lock)
        {
            if (!_byToken.Remove(token, out var waiter))
            {
                return null;
            }
            Counted(waiter, -1);
            return waiter;
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
            Volatile.Write(ref _answeringPromptly, 0);
            return waiters;
        }
    }

    private void Counted(PendingQuery waiter, int change)
    {
        if (waiter.AnswersPromptly)
        {
            Volatile.Write(ref _answeringPromptly, _answeringPromptly + change);
        }
    }
}
