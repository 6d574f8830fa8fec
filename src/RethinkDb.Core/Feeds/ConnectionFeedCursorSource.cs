namespace RethinkDb.Feeds;

/// <summary>A resumable feed on one <see cref="Connection"/>: recovering is reconnecting it.</summary>
internal sealed class ConnectionFeedCursorSource(Connection connection, RunOptions? runOptions) : IFeedCursorSource
{
    public Task<Cursor<Change<T>>> OpenAsync<T>(ReqlExpr query, CancellationToken cancellationToken) =>
        query.RunChangesAsync<T>(connection, runOptions, cancellationToken);

    public Task RecoverAsync(CancellationToken cancellationToken) =>
        // Noreply queries of the broken connection went with it: nothing to wait for.
        connection.IsOpen ? Task.CompletedTask : connection.ReconnectAsync(noreplyWait: false, cancellationToken);

    public bool IsConnectionLoss(ReqlDriverError error) => error is not ReqlAuthError && !connection.IsOpen;
}
