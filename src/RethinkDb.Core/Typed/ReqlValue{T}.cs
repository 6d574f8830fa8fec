namespace RethinkDb;

/// <summary>A value computed by the server (<c>count</c>, <c>sum</c>, <c>avg</c>), read as <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class ReqlValue<T> : ReqlTypedExpr
{
    internal ReqlValue(ReqlExpr term) : base(term)
    {
    }

    /// <summary>Runs the query and reads the value.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">The connection failed.</exception>
    public new Task<T> RunAsync(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<T>(connection, options, cancellationToken);

    /// <summary>Runs the query on the data source and reads the value.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">No server of the data source could run it.</exception>
    public new Task<T> RunAsync(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<T>(dataSource, options, cancellationToken);
}
