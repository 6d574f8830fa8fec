namespace RethinkDb;

/// <summary>A value per group (<c>group(...).count()</c> and the other aggregates).</summary>
/// <typeparam name="TKey">The group key type.</typeparam>
/// <typeparam name="TValue">The type of each group's value.</typeparam>
public sealed class ReqlGroupedValue<TKey, TValue> : ReqlTypedExpr
{
    internal ReqlGroupedValue(ReqlExpr term) : base(term)
    {
    }

    /// <summary>Runs the query and reads each group's key and value.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    public new Task<List<Grouping<TKey, TValue>>> RunAsync(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<List<Grouping<TKey, TValue>>>(connection, options, cancellationToken);

    /// <summary>Runs the query on the data source and reads each group's key and value.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">No server of the data source could run it.</exception>
    public new Task<List<Grouping<TKey, TValue>>> RunAsync(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<List<Grouping<TKey, TValue>>>(dataSource, options, cancellationToken);
}
