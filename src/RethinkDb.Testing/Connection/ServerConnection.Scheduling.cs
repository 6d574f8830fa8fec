using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing;

/// <summary>
/// Per-token scheduling: the table of running queries, the queue of one token's steps (START, CONTINUE, STOP), and
/// the answers that wait for no query of their own (NOREPLY_WAIT, SERVER_INFO, a token not in the table).
/// </summary>
internal sealed partial class ServerConnection
{
    /// <summary>
    /// Hands a query to a task of its own, as the real server spawns a coroutine per query (<c>connection_loop</c>):
    /// a slow query never holds up the ones behind it, and answers go out in the order they are ready, not the order
    /// the queries came. What must keep the order of arrival is settled here, before the next frame is read: the
    /// token's entry (so a STOP or CONTINUE finds a START still running), the queue of one token's steps, and the
    /// noreply queries a NOREPLY_WAIT waits for.
    /// </summary>
    private async Task DispatchAsync(long token, byte[] body)
    {
        QueryFrame query;
        try
        {
            query = QueryFrame.Parse(body);
        }
        catch (QueryFailure failure)
        {
            // The real server answers a malformed query from its read loop, before reading on.
            Received(token);
            await SendFailureAsync(token, failure).ConfigureAwait(false);
            return;
        }
        var noreply = query.Type == QueryType.Start && query.NoReply;
        if (!noreply)
        {
            Received(token);
        }
        switch (query.Type)
        {
            case QueryType.Start:
                var entry = new QueryEntry();
                bool duplicate;
                lock (_queriesLock)
                {
                    duplicate = !_queries.TryAdd(token, entry);
                }
                if (duplicate)
                {
                    if (!noreply)
                    {
                        Spawn(() => SendAsync(token, ResponseType.ClientError, ErrorType.None,
                            [JsonValue.Create($"ERROR: duplicate token {token}")]));
                    }
                    break;
                }
                var work = Enqueue(entry, () => StartAsync(token, entry, query));
                if (noreply)
                {
                    lock (_noreplyWork)
                    {
                        _noreplyWork.RemoveAll(t => t.IsCompleted);
                        _noreplyWork.Add(work);
                    }
                }
                break;
            case QueryType.Continue:
                if (Find(token) is { } continued)
                {
                    _ = Enqueue(continued, () => ContinueAsync(token, continued));
                }
                else
                {
                    Spawn(() => SendNotInCacheAsync(token));
                }
                break;
            case QueryType.Stop:
                _server.CountStop(token);
                if (Find(token) is { } stopped)
                {
                    // At once, not in turn: a CONTINUE waiting for changes, or a START still running, is interrupted
                    // (and answers an empty SUCCESS_SEQUENCE); the STOP's own answer comes after theirs.
                    stopped.Stop();
                    _ = Enqueue(stopped, () => StopAsync(token, stopped));
                }
                else
                {
                    Spawn(() => SendNotInCacheAsync(token));
                }
                break;
            case QueryType.NoreplyWait:
                // Only the noreply queries that came before it, as query_cache_t::noreply_wait.
                Task[] pending;
                lock (_noreplyWork)
                {
                    pending = [.. _noreplyWork];
                }
                Spawn(async () =>
                {
                    await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    await SendAsync(token, ResponseType.WaitComplete, ErrorType.None, []).ConfigureAwait(false);
                });
                break;
            case QueryType.ServerInfo:
                Spawn(() => SendAsync(token, ResponseType.ServerInfo, ErrorType.None,
                [
                    new JsonObject { ["id"] = _server.ServerId.ToString(), ["name"] = _server.Options.ServerName, ["proxy"] = false },
                ]));
                break;
        }
    }

    /// <summary>A query that will be answered arrived: counts it as held until its answer is written.</summary>
    private void Received(long token)
    {
        _server.NoteReceived(token, Interlocked.Increment(ref _unanswered));
    }

    private QueryEntry? Find(long token)
    {
        lock (_queriesLock)
        {
            return _queries.GetValueOrDefault(token);
        }
    }

    /// <summary>
    /// Runs a step of a token after the steps queued before it, as the real server's per-query mutex makes a CONTINUE
    /// wait for the START before it and a STOP for the CONTINUE. Only the read loop calls this, so
    /// <see cref="QueryEntry.Tail"/> needs no lock.
    /// </summary>
    private Task Enqueue(QueryEntry entry, Func<Task> step)
    {
        var previous = entry.Tail;
        var next = Task.Run(async () =>
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await RunStepAsync(step).ConfigureAwait(false);
        });
        entry.Tail = next;
        return next;
    }

    /// <summary>Runs a step that waits for no other (an answer for a token with no entry, SERVER_INFO...).</summary>
    private void Spawn(Func<Task> step) => _ = Task.Run(() => RunStepAsync(step));

    private async Task RunStepAsync(Func<Task> step)
    {
        try
        {
            await _fault.BeforeStepAsync(_closed.Token).ConfigureAwait(false);
            await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection closed while the query ran: there is nobody to answer.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug of the test server in a step no caller awaits: reset the connection so the test fails at once
            // (the driver sees the reset) instead of waiting for an answer that will never come.
            Reset();
        }
    }

    /// <summary>Whether the entry is still the token's (no STOP, error or last batch ended it).</summary>
    private bool IsCurrent(long token, QueryEntry entry)
    {
        lock (_queriesLock)
        {
            return _queries.TryGetValue(token, out var current) && ReferenceEquals(current, entry);
        }
    }

    /// <summary>
    /// Ends a query: its token is free again. Called before the last answer is written, so a client that reuses the
    /// token once it has that answer never meets the old entry.
    /// </summary>
    private void Forget(long token, QueryEntry entry)
    {
        lock (_queriesLock)
        {
            if (_queries.TryGetValue(token, out var current) && ReferenceEquals(current, entry))
            {
                _queries.Remove(token);
            }
        }
        entry.Stop();
    }
}
