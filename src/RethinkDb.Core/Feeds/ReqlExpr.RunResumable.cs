using RethinkDb.Feeds;

namespace RethinkDb;

/// <content>Running a changefeed that survives its connection.</content>
public abstract partial class ReqlExpr
{
    /// <summary>
    /// Runs a changefeed that reopens itself when <paramref name="connection"/> breaks: the connection is reconnected
    /// (with backoff and jitter) and the query run again, and the feed yields a gap marker
    /// (<see cref="Change{T}.IsGap"/>) in between. See <see cref="ResumableFeed{T}"/>. The query is first run when
    /// the feed is enumerated.
    /// </summary>
    /// <param name="connection">A connection of its own (not a pooled handle, which cannot reconnect); other queries
    /// on it see it reconnect too.</param>
    /// <param name="resume">How to resume; <c>new FeedResumeOptions()</c> for the defaults.</param>
    /// <param name="cancellationToken">Ends the feed and stops its query.</param>
    /// <exception cref="ArgumentException">The query has no <c>changes()</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public ResumableFeed<T> RunResumableChangesAsync<T>(Connection connection, FeedResumeOptions resume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(resume);
        return new ResumableFeed<T>(new ConnectionFeedCursorSource(connection, resume.RunOptions), this, resume, cancellationToken);
    }

    /// <summary>
    /// Runs a changefeed on <paramref name="dataSource"/> that reopens itself when its connection breaks or its
    /// server goes away: each reopen (with backoff and jitter) takes a connection from the data source again, which
    /// drops broken sockets and opens others, and the feed yields a gap marker (<see cref="Change{T}.IsGap"/>) in
    /// between. See <see cref="ResumableFeed{T}"/>. The query is first run when the feed is enumerated; it shares
    /// the data source's sockets with other queries.
    /// </summary>
    /// <param name="dataSource">The data source the feed takes its connections from.</param>
    /// <param name="resume">How to resume; null for the defaults of <see cref="FeedResumeOptions"/>.</param>
    /// <param name="cancellationToken">Ends the feed and stops its query.</param>
    /// <exception cref="ArgumentException">The query has no <c>changes()</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public ResumableFeed<T> RunResumableChangesAsync<T>(RethinkDbDataSource dataSource, FeedResumeOptions? resume = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        resume ??= new FeedResumeOptions();
        return new ResumableFeed<T>(new DataSourceFeedCursorSource(dataSource, resume.RunOptions), this, resume, cancellationToken);
    }
}
