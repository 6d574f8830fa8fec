using RethinkDb.Feeds;

namespace RethinkDb;

/// <summary>
/// A changefeed that survives its connection: when the connection breaks, it reopens the same query (with
/// exponential backoff and jitter, see <see cref="FeedResumeOptions"/>) and yields a gap marker
/// (<see cref="Change{T}.IsGap"/>) before the changes of the reopened feed, so the consumer knows that changes made
/// in between may be missing. Created by
/// <see cref="ReqlExpr.RunResumableChangesAsync{T}(Connection, FeedResumeOptions, CancellationToken)"/> (reconnecting
/// that connection) or <see cref="ReqlExpr.RunResumableChangesAsync{T}(RethinkDbDataSource, FeedResumeOptions?, CancellationToken)"/>
/// (taking a connection from the data source again).
/// </summary>
/// <remarks>
/// <para>Feeds that can re-send their current values (<c>get().changes()</c>, <c>orderBy().limit().changes()</c>, and
/// feeds opened with <c>include_initial</c>) do so after the marker (<see cref="FeedGap.InitialValuesFollow"/>):
/// those values have <see cref="Change{T}.Type"/> <c>"initial"</c>. For other feeds the marker says that the consumer
/// must read the data again (<see cref="FeedGap.RereadNeeded"/>).</para>
/// <para>Only a lost connection is resumed. Errors resuming cannot fix end the feed with their exception: a query
/// error (<see cref="ReqlQueryError"/>), the table dropped (<see cref="ReqlOpFailedError"/>), a permission error, an
/// authentication failure (<see cref="ReqlAuthError"/>), or <see cref="FeedResumeOptions.MaxAttempts"/> failed
/// attempts in a row (<see cref="ReqlDriverError"/>). Cancelling the token ends the feed at once and stops the
/// query on the server.</para>
/// <para>Enumerate it once at a time; each enumeration opens its own query.</para>
/// </remarks>
/// <typeparam name="T">The document type.</typeparam>
public sealed class ResumableFeed<T> : IAsyncEnumerable<Change<T>>
{
    private readonly IFeedCursorSource _source;
    private readonly FeedQuery _query;
    private readonly FeedResumeOptions _options;
    private readonly CancellationToken _cancellationToken;
    private int _resumes;
    private int _failedAttempts;

    internal ResumableFeed(IFeedCursorSource source, ReqlExpr query, FeedResumeOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        _source = source;
        _query = FeedQuery.Of(query);
        _options = options;
        _cancellationToken = cancellationToken;
    }

    /// <summary>How many times the feed reopened its query after losing its connection (gap markers yielded).</summary>
    public int Resumes => Volatile.Read(ref _resumes);

    /// <summary>How many attempts to reopen failed, over the feed's life.</summary>
    public int FailedAttempts => Volatile.Read(ref _failedAttempts);

    /// <summary>Opens the query and enumerates its changes, resuming as described on the type.</summary>
    /// <param name="cancellationToken">Ends the enumeration (with <see cref="OperationCanceledException"/>) and stops the query.</param>
    public async IAsyncEnumerator<Change<T>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, cancellationToken);
        var token = linked.Token;
        Cursor<Change<T>>? cursor = null;
        IAsyncEnumerator<Change<T>>? rows = null;
        try
        {
            cursor = await OpenFirstAsync(token).ConfigureAwait(false);
            // Whether the cursor runs the reopened query (its states and types are ours), and whether it is still
            // re-sending the current values (until its "ready" state).
            var reopened = false;
            var resending = false;
            while (true)
            {
                rows ??= cursor!.GetAsyncEnumerator(token);
                var (change, lost) = await NextAsync(rows).ConfigureAwait(false);
                if (lost is null)
                {
                    if (change is null)
                    {
                        yield break; // the server ended the feed (a changefeed normally never ends)
                    }
                    if (Adjust(change, reopened, ref resending) is { } adjusted)
                    {
                        yield return adjusted;
                    }
                    continue;
                }
                await rows.DisposeAsync().ConfigureAwait(false);
                rows = null;
                await cursor!.DisposeAsync().ConfigureAwait(false);
                cursor = null;
                (cursor, var attempts) = await ReopenAsync(lost, token).ConfigureAwait(false);
                Interlocked.Increment(ref _resumes);
                reopened = _query.CanResend;
                resending = _query.CanResend;
                yield return new Change<T> { State = "resumed", Gap = new FeedGap(attempts, lost, _query.CanResend) };
            }
        }
        finally
        {
            // Disposing the cursor stops the query on the server (STOP) when its connection is still there.
            if (rows is not null)
            {
                await rows.DisposeAsync().ConfigureAwait(false);
            }
            if (cursor is not null)
            {
                await cursor.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// After a reopen that re-sends values, the changes until the <c>ready</c> state are those values (typed
    /// <c>initial</c> by the reopened query); state notes and types the user did not ask for are taken out again.
    /// </summary>
    private Change<T>? Adjust(Change<T> change, bool reopened, ref bool resending)
    {
        if (!reopened)
        {
            return change;
        }
        if (change.State is not null)
        {
            if (change.State == "ready")
            {
                resending = false;
            }
            return _query.UserAskedStates ? change : null;
        }
        if (_query.UserAskedTypes || (resending && change.Type == "initial"))
        {
            return change;
        }
        return new Change<T>
        {
            OldVal = change.OldVal,
            NewVal = change.NewVal,
            OldOffset = change.OldOffset,
            NewOffset = change.NewOffset,
            Error = change.Error,
        };
    }

    private async Task<Cursor<Change<T>>> OpenFirstAsync(CancellationToken token)
    {
        try
        {
            return await _source.OpenAsync<T>(_query.Original, token).ConfigureAwait(false);
        }
        catch (ReqlDriverError error) when (_source.IsConnectionLoss(error))
        {
            // The connection was already broken: resume right away, without a gap (nothing was delivered yet).
            var (cursor, _) = await ReopenAsync(error, token, resend: false).ConfigureAwait(false);
            return cursor;
        }
    }

    /// <summary>The next change, or the connection loss that ended the cursor; other errors are thrown.</summary>
    private async Task<(Change<T>? Change, ReqlDriverError? Lost)> NextAsync(IAsyncEnumerator<Change<T>> rows)
    {
        try
        {
            return await rows.MoveNextAsync().ConfigureAwait(false) ? (rows.Current, null) : (null, null);
        }
        catch (ReqlDriverError error) when (_source.IsConnectionLoss(error))
        {
            return (null, error);
        }
    }

    /// <summary>Recovers and reopens, waiting between attempts; returns the cursor and how many attempts it took.</summary>
    private async Task<(Cursor<Change<T>> Cursor, int Attempts)> ReopenAsync(Exception lost, CancellationToken token, bool resend = true)
    {
        var query = resend ? _query.Resume : _query.Original;
        var failure = lost;
        for (var attempt = 1; ; attempt++)
        {
            if (_options.MaxAttempts is { } max && attempt > max)
            {
                throw new ReqlDriverError($"The changefeed could not be resumed: {max} attempts in a row failed.", failure);
            }
            await Task.Delay(FeedBackoff.Delay(attempt, _options, Random.Shared), _options.TimeProvider, token).ConfigureAwait(false);
            try
            {
                await _source.RecoverAsync(token).ConfigureAwait(false);
                return (await _source.OpenAsync<T>(query, token).ConfigureAwait(false), attempt);
            }
            catch (ReqlDriverError error) when (error is not ReqlAuthError && !token.IsCancellationRequested)
            {
                // Reconnecting failed (refused, timed out), or the connection broke again while reopening.
                if (!_source.IsConnectionLoss(error) && IsQueryFailure(error))
                {
                    throw;
                }
                failure = error;
            }
            catch (ReqlOpFailedError error) when (IsUnavailable(error))
            {
                // A server just restarted may not serve the table yet ("primary replica ... not available").
                failure = error;
            }
            Interlocked.Increment(ref _failedAttempts);
        }
    }

    /// <summary>A driver error about the query itself (the connection still open): not something waiting fixes.</summary>
    private static bool IsQueryFailure(ReqlDriverError error) => error is not ReqlTimeoutError;

    private static bool IsUnavailable(ReqlOpFailedError error) =>
        !error.Message.Contains("does not exist", StringComparison.Ordinal);
}
