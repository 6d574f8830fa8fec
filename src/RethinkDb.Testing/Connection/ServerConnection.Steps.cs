using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing;

/// <summary>The steps of one token: running a START, answering a CONTINUE or STOP, and taking a batch of rows or changes.</summary>
internal sealed partial class ServerConnection
{
    private async Task StartAsync(long token, QueryEntry entry, QueryFrame query)
    {
        var noreply = query.NoReply;
        if (entry.IsStopped)
        {
            // A STOP came while the query was still running: an interrupted query answers an empty
            // SUCCESS_SEQUENCE (query_cache_t::ref_t::fill_response, interrupt_reason_t::STOP).
            Forget(token, entry);
            if (!noreply)
            {
                await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, []).ConfigureAwait(false);
            }
            return;
        }
        QueryResult result;
        try
        {
            if (query.Term.ValueKind == JsonValueKind.Undefined)
            {
                // `[1]` passes the parser's checks and trips a sanity check when the term is compiled: the real
                // server answers COMPILE_ERROR with that message (and a native stack trace, left out here).
                throw QueryFailure.Compile(
                    "SANITY CHECK FAILED: [query_json.Size() >= 2] at `src/rdb_protocol/term_storage.cc:291` (server is buggy).");
            }
            result = _server.Evaluator.Evaluate(query.Term, query.GlobalOptArgs, _user);
        }
        catch (QueryFailure failure)
        {
            Forget(token, entry);
            if (!noreply)
            {
                await SendFailureAsync(token, failure).ConfigureAwait(false);
            }
            return;
        }
        catch (Exception ex) when (ex is not (IOException or SocketException or OperationCanceledException or ObjectDisposedException))
        {
            // A bug of the test server answers as the real server answers its own: an INTERNAL runtime error, not a
            // dropped connection.
            Forget(token, entry);
            if (!noreply)
            {
                await SendAsync(token, ResponseType.RuntimeError, ErrorType.Internal,
                    [JsonValue.Create($"Unexpected exception: {ex.Message}")], backtrace: []).ConfigureAwait(false);
            }
            return;
        }
        if (noreply)
        {
            (result as FeedResult)?.Subscription.Dispose();
            Forget(token, entry);
            return;
        }
        switch (result)
        {
            case AtomResult atom:
                Forget(token, entry);
                await SendAsync(token, ResponseType.SuccessAtom, ErrorType.None, [atom.Value], profile: atom.Profile).ConfigureAwait(false);
                break;
            case SequenceResult sequence:
                entry.Attach(sequence.Rows.GetEnumerator(), null);
                entry.Profile = sequence.Profile;
                await SendBatchAsync(token, entry).ConfigureAwait(false);
                break;
            case FeedResult feed:
                entry.Attach(feed.Initial.GetEnumerator(), feed);
                await SendBatchAsync(token, entry, isFirst: true).ConfigureAwait(false);
                break;
        }
    }

    private async Task ContinueAsync(long token, QueryEntry entry)
    {
        if (!IsCurrent(token, entry))
        {
            // The query ended (an atom, an error, its last batch) before this CONTINUE's turn.
            await SendNotInCacheAsync(token).ConfigureAwait(false);
            return;
        }
        await SendBatchAsync(token, entry).ConfigureAwait(false);
    }

    private async Task StopAsync(long token, QueryEntry entry)
    {
        Forget(token, entry);
        await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, []).ConfigureAwait(false);
    }

    private async Task SendBatchAsync(long token, QueryEntry entry, bool isFirst = false)
    {
        var batch = entry.NextBatch(_server.Options.BatchSize);
        if (entry.Feed is { } feed)
        {
            if (batch.Count == 0 && !isFirst)
            {
                // The first batch of a feed is answered at once, even empty, as the real server does.
                // A feed never ends by itself: wait for at least one change, then take what else is ready.
                // Once its table is gone, the error comes first, queued changes or not (subscription_t::get_els).
                if (!feed.Subscription.IsAborted)
                {
                    try
                    {
                        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token, entry.Stopped);
                        batch.Add(await feed.Changes.ReadAsync(wait.Token).ConfigureAwait(false));
                    }
                    catch (Exception ex) when (ex is System.Threading.Channels.ChannelClosedException ||
                                               (ex is OperationCanceledException && entry.IsStopped))
                    {
                        // Stopped (the STOP closed the channel), or the table was dropped: handled below.
                    }
                }
                if (!entry.IsStopped && batch.Count == 0 && feed.Subscription.Failure is { } failure)
                {
                    // A term after changes() failed on a change: the feed ends with its error.
                    Forget(token, entry);
                    await SendFailureAsync(token, failure).ConfigureAwait(false);
                    return;
                }
                if (!entry.IsStopped && feed.Subscription.IsAborted)
                {
                    // feed_t::stop_subs when the table goes away.
                    Forget(token, entry);
                    await SendAsync(token, ResponseType.RuntimeError, ErrorType.OpFailed,
                        [JsonValue.Create("Changefeed aborted (unavailable).")], backtrace: []).ConfigureAwait(false);
                    return;
                }
                while (batch.Count < _server.Options.BatchSize && feed.Changes.TryRead(out var more))
                {
                    batch.Add(more);
                }
            }
            if (entry.IsStopped)
            {
                // An interrupted stream ends with an empty SUCCESS_SEQUENCE, as on the real server.
                Forget(token, entry);
                await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, []).ConfigureAwait(false);
                return;
            }
            if (feed.Subscription.IsFinished && feed.Changes.Completion.IsCompleted && batch.Count < _server.Options.BatchSize)
            {
                // A limit after changes() was reached and its last values are in this batch: the stream ends.
                Forget(token, entry);
                await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, batch).ConfigureAwait(false);
                return;
            }
            await SendAsync(token, ResponseType.SuccessPartial, ErrorType.None, batch, notes: feed.Notes).ConfigureAwait(false);
            return;
        }
        // A profiled query's evaluation is in its first batch's profile; the later batches did no evaluating.
        var profile = entry.Profile;
        entry.Profile = profile is null ? null : new JsonArray();
        if (batch.Count == _server.Options.BatchSize && !entry.IsStopped)
        {
            await SendAsync(token, ResponseType.SuccessPartial, ErrorType.None, batch, profile: profile).ConfigureAwait(false);
        }
        else
        {
            // A cursor stopped meanwhile ends with an empty batch, as an interrupted stream on the real server.
            var stopped = entry.IsStopped;
            Forget(token, entry);
            await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, stopped ? [] : batch, profile: profile).ConfigureAwait(false);
        }
    }
}
