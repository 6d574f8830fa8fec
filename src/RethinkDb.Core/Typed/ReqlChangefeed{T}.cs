namespace RethinkDb;

/// <summary>A changefeed of documents of type <typeparamref name="T"/>; it runs as a never-ending cursor of
/// <see cref="Change{T}"/>.</summary>
/// <typeparam name="T">The document type.</typeparam>
public sealed class ReqlChangefeed<T> : ReqlTypedExpr
{
    internal ReqlChangefeed(ReqlExpr term) : base(term)
    {
    }

    /// <summary>Starts the feed; dispose the cursor (or cancel the token) to stop it.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">The connection failed.</exception>
    public new Task<Cursor<Change<T>>> RunAsync(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunChangesAsync<T>(connection, options, cancellationToken);

    /// <summary>Starts the feed on a connection of the data source; dispose the cursor (or cancel the token) to stop it.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">No server of the data source could run it.</exception>
    public new Task<Cursor<Change<T>>> RunAsync(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunChangesAsync<T>(dataSource, options, cancellationToken);
}
