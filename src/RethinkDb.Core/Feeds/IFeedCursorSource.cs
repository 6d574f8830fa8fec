namespace RethinkDb.Feeds;

/// <summary>
/// Where a resumable feed opens its query's cursor, and how it recovers when the connection under the cursor
/// broke: a plain <see cref="Connection"/> reconnects; a data source may pick another connection or node.
/// </summary>
internal interface IFeedCursorSource
{
    /// <summary>Runs the changefeed query and returns its cursor.</summary>
    Task<Cursor<Change<T>>> OpenAsync<T>(ReqlExpr query, CancellationToken cancellationToken);

    /// <summary>Makes the next <see cref="OpenAsync{T}"/> possible after a lost connection (reconnects).</summary>
    /// <exception cref="ReqlDriverError">Recovering failed this time; the feed waits and tries again.</exception>
    Task RecoverAsync(CancellationToken cancellationToken);

    /// <summary>Whether a driver error means the connection was lost (worth reopening), not a failure of the query.</summary>
    bool IsConnectionLoss(ReqlDriverError error);
}
