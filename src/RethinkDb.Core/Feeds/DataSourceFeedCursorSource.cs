namespace RethinkDb.Feeds;

/// <summary>
/// A resumable feed on a <see cref="RethinkDbDataSource"/>: every open (the first and each reopen) asks the data
/// source for a connection, so a reopen after a lost connection lands on whatever socket (or, in a cluster, node)
/// the data source hands out then. Recovering is the data source's own job (it drops broken sockets and opens others).
/// </summary>
internal sealed class DataSourceFeedCursorSource(RethinkDbDataSource dataSource, RunOptions? runOptions) : IFeedCursorSource
{
    // The connection of the last open, or null when the data source could not give one (the server is down):
    // whether an error is a lost connection is read from it.
    private Connection? _connection;

    public async Task<Cursor<Change<T>>> OpenAsync<T>(ReqlExpr query, CancellationToken cancellationToken)
    {
        _connection = null;
        var connection = dataSource.TryGetQueryConnection(out var open)
            ? open
            : await dataSource.GetQueryConnectionAsync(cancellationToken).ConfigureAwait(false);
        _connection = connection;
        return await query.RunChangesAsync<T>(connection, runOptions, cancellationToken).ConfigureAwait(false);
    }

    public Task RecoverAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public bool IsConnectionLoss(ReqlDriverError error) =>
        error is not ReqlAuthError && (Volatile.Read(ref _connection) is not { } connection || !connection.IsOpen);
}
