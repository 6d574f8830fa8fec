using System.Linq.Expressions;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>A sequence grouped by a key (<c>group</c>): aggregate each group, or run it to read the groups.</summary>
/// <typeparam name="TKey">The group key type.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ReqlGrouped<TKey, T> : ReqlTypedExpr
{
    internal ReqlGrouped(ReqlExpr term) : base(term)
    {
    }

    /// <summary>The number of elements of each group (<c>count</c>).</summary>
    public new ReqlGroupedValue<TKey, long> Count() => new(new ReqlTerm(TermType.Count, [Term]));

    /// <summary>The sum of a member or expression in each group (<c>sum</c>).</summary>
    public ReqlGroupedValue<TKey, double> Sum<TNumber>(Expression<Func<T, TNumber>> selector) => new(new ReqlTerm(TermType.Sum, [Term, Key(selector)]));

    /// <summary>The average of a member or expression in each group (<c>avg</c>).</summary>
    public ReqlGroupedValue<TKey, double> Avg<TNumber>(Expression<Func<T, TNumber>> selector) => new(new ReqlTerm(TermType.Avg, [Term, Key(selector)]));

    /// <summary>The element with the smallest key in each group (<c>min</c>).</summary>
    public ReqlGroupedValue<TKey, T> Min<TValue>(Expression<Func<T, TValue>> key) => new(new ReqlTerm(TermType.Min, [Term, Key(key)]));

    /// <summary>The element with the largest key in each group (<c>max</c>).</summary>
    public ReqlGroupedValue<TKey, T> Max<TValue>(Expression<Func<T, TValue>> key) => new(new ReqlTerm(TermType.Max, [Term, Key(key)]));

    /// <summary>
    /// Query syntax's <c>select</c> after <c>group ... by ... into g</c>: each group projected by
    /// <paramref name="selector"/>, where <c>g.Key</c> is the group's key and <c>g</c> its elements
    /// (<c>group(...).ungroup().map(g =&gt; ...)</c>, with <c>g("group")</c> and <c>g("reduction")</c>).
    /// </summary>
    /// <example><code>from h in heroes group h by h.Team into g select new { Team = g.Key, Count = g.Count() }</code></example>
    public ReqlSequence<TResult> Select<TResult>(Expression<Func<IGrouping<TKey, T>, TResult>> selector) =>
        new(new ReqlTerm(TermType.Map, [new ReqlTerm(TermType.Ungroup, [Term]), Lambda(selector)]));

    /// <summary>Runs the query and reads each group with its elements.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    public new Task<List<Grouping<TKey, List<T>>>> RunAsync(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<List<Grouping<TKey, List<T>>>>(connection, options, cancellationToken);

    /// <summary>Runs the query on the data source and reads each group with its elements.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">No server of the data source could run it.</exception>
    public new Task<List<Grouping<TKey, List<T>>>> RunAsync(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<List<Grouping<TKey, List<T>>>>(dataSource, options, cancellationToken);
}
