namespace RethinkDb;

/// <summary>A write on documents of type <typeparamref name="T"/> (<c>insert</c>, <c>update</c>, <c>replace</c>,
/// <c>delete</c>); it runs as a <see cref="WriteResult{T}"/>, whose changes (with <c>ReturnChanges</c>) are typed.</summary>
/// <typeparam name="T">The document type.</typeparam>
public sealed class ReqlWrite<T> : ReqlTypedExpr
{
    internal ReqlWrite(ReqlExpr term) : base(term)
    {
    }

    /// <summary>Runs the write and returns the server's summary (documents that failed are counted, not thrown).</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">The connection failed.</exception>
    public new Task<WriteResult<T>> RunAsync(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunWriteAsync<T>(connection, options, cancellationToken);

    /// <summary>Runs the write on the data source and returns the server's summary (documents that failed are counted, not thrown).</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">No server of the data source could run it.</exception>
    public new Task<WriteResult<T>> RunAsync(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunWriteAsync<T>(dataSource, options, cancellationToken);
}
