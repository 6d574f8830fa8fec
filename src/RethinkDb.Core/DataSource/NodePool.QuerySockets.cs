using RethinkDb.Net;

namespace RethinkDb.DataSource;

/// <content>
/// The socket a query run without a lease goes on: round-robin over the open sockets, or the socket whose reader is
/// resuming the caller while it is no busier, and the pool's growth from the round-robin pick's load.
/// </content>
internal sealed partial class NodePool
{
    /// <summary>
    /// A connection to run one query on without a lease: the data source's own handle on an open socket, picked
    /// round-robin without a lock — or, for a caller that a socket's reader is resuming inline, that socket while it
    /// has no more queries waiting than the round-robin pick (<see cref="ResumingSocket"/>). False when none is open
    /// (then <see cref="GetQueryConnectionAsync"/>).
    /// </summary>
    public bool TryGetQueryConnection(out Connection connection)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot.Length > 0)
        {
            var pooled = snapshot[Interlocked.Increment(ref _next) % (uint)snapshot.Length];
            if (pooled.Connector.IsOpen)
            {
                var chosen = pooled;
                if (snapshot.Length > 1 && Dispatcher.ResumingInlineOnThisThread is not null && ResumingSocket(snapshot) is { } resuming
                    && resuming.Connector.IsOpen && resuming.Connector.PendingCount <= pooled.Connector.PendingCount)
                {
                    chosen = resuming;
                }
                // Busy and room to grow: open another in the background; this query does not wait for it.
                if (snapshot.Length < _options.MaxConnections && Volatile.Read(ref _opening) is null && pooled.Connector.PendingCount > 0)
                {
                    lock (_lock)
                    {
                        if (!_disposed && _downCause is null)
                        {
                            StartOpeningLocked();
                        }
                    }
                }
                connection = chosen.QueryHandle;
                return true;
            }
        }
        connection = null!;
        return false;
    }

    /// <summary>
    /// The socket whose reader is resuming this thread's caller inline, if it is one of this pool's. Its caller's next
    /// query goes out in that socket's send of its batch's next queries, and its answer comes back in that socket's
    /// next batch: one send and one wake-up shared, where a query on another socket costs a send of its own and
    /// wakes that socket's reader. Only while that socket has no more queries waiting than the round-robin pick, so
    /// that callers still spread over the sockets (always sending on the socket that answered would leave every
    /// caller on the first socket to answer), and the pool still grows from the round-robin pick's load.
    /// </summary>
    private static Pooled? ResumingSocket(Pooled[] snapshot)
    {
        foreach (var candidate in snapshot)
        {
            if (candidate.Connector.IsResumingInlineOnThisThread)
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The slow path of <see cref="TryGetQueryConnection"/>: drops broken sockets and opens one if needed.</summary>
    public async ValueTask<Connection> GetQueryConnectionAsync(CancellationToken ct)
    {
        var pooled = await GetOpenAsync(ct).ConfigureAwait(false);
        return pooled.QueryHandle;
    }
}
