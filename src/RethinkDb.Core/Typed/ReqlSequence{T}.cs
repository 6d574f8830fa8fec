using System.Linq.Expressions;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// A sequence of <typeparamref name="T"/> (a table, a filtered or mapped sequence...): its commands take C# lambdas,
/// translated to ReQL when the query is built, and its result reads back as <c>List&lt;T&gt;</c>.
/// </summary>
/// <remarks>
/// <para>Member names become field names exactly as the connection's <see cref="System.Text.Json.JsonSerializerOptions"/>
/// write them (<c>[JsonPropertyName]</c>, the naming policy); <c>[JsonIgnore]</c>d members cannot be used. A lambda
/// with no ReQL translation throws <see cref="ReqlDriverCompileError"/> when the query is built.</para>
/// <para>The methods <c>Where</c>, <c>Select</c>, <c>SelectMany</c>, <c>OrderBy</c>, <c>ThenBy</c>, <c>GroupBy</c> and
/// <c>Join</c> make C# query syntax work:
/// <c>from h in R.Table&lt;Hero&gt;("heroes") where h.Age &gt; 30 orderby h.Name select h.Name</c>.</para>
/// </remarks>
/// <typeparam name="T">The element type, deserialized with the connection's serializer options.</typeparam>
public class ReqlSequence<T> : ReqlTypedExpr
{
    internal ReqlSequence(ReqlExpr term) : base(term)
    {
    }

    /// <summary>The elements for which <paramref name="predicate"/> is true (<c>filter</c>).</summary>
    /// <example><code>R.Table&lt;Hero&gt;("heroes").Filter(h =&gt; h.Age &gt; 30 &amp;&amp; h.Team == "avengers")</code></example>
    public ReqlSequence<T> Filter(Expression<Func<T, bool>> predicate, FilterOptions? options = null) =>
        new(Optional(new ReqlTerm(TermType.Filter, [Term, Lambda(predicate)]), options));

    /// <summary>Query syntax's <c>where</c>: the same as <see cref="Filter"/>.</summary>
    public ReqlSequence<T> Where(Expression<Func<T, bool>> predicate) => Filter(predicate);

    /// <summary>Each element transformed by <paramref name="selector"/> (<c>map</c>).</summary>
    /// <example><code>heroes.Map(h =&gt; new { h.Name, Older = h.Age + 1 })</code></example>
    public ReqlSequence<TResult> Map<TResult>(Expression<Func<T, TResult>> selector) =>
        new(new ReqlTerm(TermType.Map, [Term, Lambda(selector)]));

    /// <summary>Query syntax's <c>select</c>: the same as <see cref="Map{TResult}"/>.</summary>
    public ReqlSequence<TResult> Select<TResult>(Expression<Func<T, TResult>> selector) => Map(selector);

    /// <summary>The concatenated collections <paramref name="selector"/> gives for each element (<c>concatMap</c>).</summary>
    public ReqlSequence<TResult> ConcatMap<TResult>(Expression<Func<T, IEnumerable<TResult>>> selector) =>
        new(new ReqlTerm(TermType.ConcatMap, [Term, Lambda(selector)]));

    /// <summary>Query syntax's second <c>from</c>: the same as <see cref="ConcatMap{TResult}"/>.</summary>
    public ReqlSequence<TResult> SelectMany<TResult>(Expression<Func<T, IEnumerable<TResult>>> selector) => ConcatMap(selector);

    /// <summary>Query syntax's second <c>from</c> with a result: <c>concatMap(x =&gt; collection(x).map(c =&gt; result(x, c)))</c>.</summary>
    public ReqlSequence<TResult> SelectMany<TCollection, TResult>(
        Expression<Func<T, IEnumerable<TCollection>>> collectionSelector, Expression<Func<T, TCollection, TResult>> resultSelector)
    {
        ArgumentNullException.ThrowIfNull(collectionSelector);
        ArgumentNullException.ThrowIfNull(resultSelector);
        var function = ReqlLambda.Create(x => new ReqlTerm(TermType.Map,
            [LambdaTranslator.Body(collectionSelector, x), ReqlLambda.Create(c => LambdaTranslator.Body(resultSelector, x, c))]));
        return new(new ReqlTerm(TermType.ConcatMap, [Term, function]));
    }

    /// <summary>Sorted by a key, ascending (<c>orderBy</c>); refine with <c>ThenBy</c>.</summary>
    public ReqlOrderedSequence<T> OrderBy<TKey>(Expression<Func<T, TKey>> key) => new(Term, [Key(key)], null);

    /// <summary>Sorted by a key, descending (<c>orderBy(r.desc(...))</c>).</summary>
    public ReqlOrderedSequence<T> OrderByDescending<TKey>(Expression<Func<T, TKey>> key) =>
        new(Term, [new ReqlTerm(TermType.Desc, [Key(key)])], null);

    /// <summary>Sorted by a secondary index (<c>orderBy({index})</c>), which a table can do without reading it all.</summary>
    public ReqlOrderedSequence<T> OrderBy(IndexOptions options) => new(Term, [], options);

    /// <summary>The first <paramref name="count"/> elements (<c>limit</c>).</summary>
    public ReqlSequence<T> Limit(int count) => new(new ReqlTerm(TermType.Limit, [Term, new ReqlDatum((long)count)]));

    /// <summary>All but the first <paramref name="count"/> elements (<c>skip</c>).</summary>
    public ReqlSequence<T> Skip(int count) => new(new ReqlTerm(TermType.Skip, [Term, new ReqlDatum((long)count)]));

    /// <summary>The elements from <paramref name="start"/> up to <paramref name="end"/>, excluded unless the bounds say
    /// otherwise (<c>slice</c>).</summary>
    public ReqlSequence<T> Slice(int start, int end, RangeBounds? bounds = null) =>
        new(Optional(new ReqlTerm(TermType.Slice, [Term, new ReqlDatum((long)start), new ReqlDatum((long)end)]), bounds));

    /// <summary>The element at <paramref name="index"/> (<c>nth</c>).</summary>
    public ReqlSingle<T> Nth(int index) => new(new ReqlTerm(TermType.Nth, [Term, new ReqlDatum((long)index)]));

    /// <summary>The elements with only the given members (<c>pluck</c>); the others read as their defaults.</summary>
    /// <example><code>heroes.Pluck(h =&gt; h.Name, h =&gt; h.Age)</code></example>
    public ReqlSequence<T> Pluck(params Expression<Func<T, object?>>[] members) => new(new ReqlTerm(TermType.Pluck, [Term, .. Fields(members)]));

    /// <summary>The elements without the given members (<c>without</c>).</summary>
    public ReqlSequence<T> Without(params Expression<Func<T, object?>>[] members) => new(new ReqlTerm(TermType.Without, [Term, .. Fields(members)]));

    /// <summary>The distinct elements (<c>distinct</c>).</summary>
    public new ReqlSequence<T> Distinct() => new(new ReqlTerm(TermType.Distinct, [Term]));

    /// <summary>The number of elements (<c>count</c>).</summary>
    public new ReqlValue<long> Count() => new(new ReqlTerm(TermType.Count, [Term]));

    /// <summary>The number of elements for which <paramref name="predicate"/> is true (<c>count</c>).</summary>
    public ReqlValue<long> Count(Expression<Func<T, bool>> predicate) => new(new ReqlTerm(TermType.Count, [Term, Lambda(predicate)]));

    /// <summary>The sum of a numeric member or expression (<c>sum</c>).</summary>
    public ReqlValue<double> Sum<TNumber>(Expression<Func<T, TNumber>> selector) => new(new ReqlTerm(TermType.Sum, [Term, Key(selector)]));

    /// <summary>The average of a numeric member or expression (<c>avg</c>); null for an empty sequence.</summary>
    public ReqlValue<double?> Avg<TNumber>(Expression<Func<T, TNumber>> selector) => new(new ReqlTerm(TermType.Avg, [Term, Key(selector)]));

    /// <summary>The element with the smallest key (<c>min</c>).</summary>
    public ReqlSingle<T> Min<TKey>(Expression<Func<T, TKey>> key) => new(new ReqlTerm(TermType.Min, [Term, Key(key)]));

    /// <summary>The element with the largest key (<c>max</c>).</summary>
    public ReqlSingle<T> Max<TKey>(Expression<Func<T, TKey>> key) => new(new ReqlTerm(TermType.Max, [Term, Key(key)]));

    /// <summary>Grouped by a key (<c>group</c>); aggregate the groups with <see cref="ReqlGrouped{TKey, T}.Count"/> and friends.</summary>
    /// <example><code>heroes.Group(h =&gt; h.Team).Count()  // runs as List&lt;Grouping&lt;string, long&gt;&gt;</code></example>
    public ReqlGrouped<TKey, T> Group<TKey>(Expression<Func<T, TKey>> key, GroupOptions? options = null) =>
        new(Optional(new ReqlTerm(TermType.Group, [Term, Key(key)]), options));

    /// <summary>Query syntax's <c>group ... by</c>: the same as <see cref="Group{TKey}"/>.</summary>
    public ReqlGrouped<TKey, T> GroupBy<TKey>(Expression<Func<T, TKey>> key) => Group(key);

    /// <summary>Pairs each element with the rows of <paramref name="table"/> whose primary key (or
    /// <see cref="EqJoinOptions.Index"/>) equals <paramref name="leftKey"/> (<c>eqJoin</c>).</summary>
    public ReqlSequence<JoinResult<T, TRight>> EqJoin<TRight, TKey>(Expression<Func<T, TKey>> leftKey, ReqlTable<TRight> table, EqJoinOptions? options = null) =>
        new(Optional(new ReqlTerm(TermType.EqJoin, [Term, Key(leftKey), table]), options));

    /// <summary>Pairs each element with the elements of <paramref name="other"/> that satisfy
    /// <paramref name="predicate"/> (<c>innerJoin</c>).</summary>
    public ReqlSequence<JoinResult<T, TRight>> InnerJoin<TRight>(ReqlSequence<TRight> other, Expression<Func<T, TRight, bool>> predicate) =>
        new(new ReqlTerm(TermType.InnerJoin, [Term, other, Lambda(predicate)]));

    /// <summary>As <see cref="InnerJoin{TRight}"/>, keeping elements without a match (their <c>Right</c> is absent) (<c>outerJoin</c>).</summary>
    public ReqlSequence<JoinResult<T, TRight>> OuterJoin<TRight>(ReqlSequence<TRight> other, Expression<Func<T, TRight, bool>> predicate) =>
        new(new ReqlTerm(TermType.OuterJoin, [Term, other, Lambda(predicate)]));

    /// <summary>
    /// Query syntax's <c>join ... on ... equals ...</c>: an <c>eqJoin</c> on <paramref name="inner"/>, whose key must
    /// be one member that is its primary key or names a secondary index, then the result selector on each pair.
    /// </summary>
    public ReqlSequence<TResult> Join<TInner, TKey, TResult>(ReqlTable<TInner> inner, Expression<Func<T, TKey>> outerKey,
        Expression<Func<TInner, TKey>> innerKey, Expression<Func<T, TInner, TResult>> resultSelector)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(innerKey);
        ArgumentNullException.ThrowIfNull(resultSelector);
        var index = LambdaTranslator.SimpleField(innerKey) ?? throw new ReqlDriverCompileError(
            $"join ... equals `{innerKey}`: the inner key of a join must be one member of {typeof(TInner).Name}, its primary key or the name of a secondary index.");
        var join = new ReqlTerm(TermType.EqJoin, [Term, Key(outerKey), inner]).OptArg("index", index);
        var map = ReqlLambda.Create(pair => LambdaTranslator.Body(resultSelector, pair["left"], pair["right"]));
        return new(new ReqlTerm(TermType.Map, [join, map]));
    }

    /// <summary>
    /// The pairs of <c>EqJoin</c>, <c>InnerJoin</c> or <c>OuterJoin</c> merged into one object each, the right
    /// document's fields over the left's (<c>zip</c>), read as <typeparamref name="TResult"/>.
    /// </summary>
    /// <example><code>heroes.EqJoin(h =&gt; h.Team, R.Table&lt;Team&gt;("teams")).Zip&lt;HeroWithTeam&gt;()</code></example>
    /// <exception cref="ReqlDriverCompileError">The elements are not the pairs of a join.</exception>
    public ReqlSequence<TResult> Zip<TResult>() =>
        typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(JoinResult<,>)
            ? new(new ReqlTerm(TermType.Zip, [Term]))
            : throw new ReqlDriverCompileError($"Zip merges the pairs of a join; a sequence of {typeof(T).Name} has none (use EqJoin, InnerJoin or OuterJoin first).");

    /// <summary>Adds an optional argument by wire name, for those the typed API does not model.</summary>
    public ReqlSequence<T> OptArg(string name, object? value) => new(WithOptArg(name, value));

    /// <summary>Runs the query and reads every element (all batches) as a list.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">The connection failed.</exception>
    public new Task<List<T>> RunAsync(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<List<T>>(connection, options, cancellationToken);

    /// <summary>Runs the query on the data source and reads every element (all batches) as a list.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">No server of the data source could run it.</exception>
    public new Task<List<T>> RunAsync(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<List<T>>(dataSource, options, cancellationToken);

    /// <summary>Runs the query and returns a cursor over its elements; dispose it to stop the query.</summary>
    public Task<Cursor<T>> RunCursorAsync(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunCursorAsync<T>(connection, options, cancellationToken);

    private protected static ReqlTerm Optional(ReqlTerm term, ReqlOptArgs? options) => options is null ? term : options.ApplyTo(term);

    private static ReqlExpr[] Fields(Expression<Func<T, object?>>[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return Array.ConvertAll(members, m => (ReqlExpr?)LambdaTranslator.SimpleField(m) ?? throw new ReqlDriverCompileError(
            $"`{m}` is not one member of {typeof(T).Name}; pluck and without take members such as h => h.Name."));
    }
}
