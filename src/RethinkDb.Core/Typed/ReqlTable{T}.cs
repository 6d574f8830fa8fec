using System.Linq.Expressions;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// A table whose documents are <typeparamref name="T"/>: <c>R.Table&lt;Hero&gt;("heroes")</c> or
/// <c>R.Db("marvel").Table&lt;Hero&gt;("heroes")</c>.
/// </summary>
/// <example><code>
/// List&lt;Hero&gt; veterans = await R.Table&lt;Hero&gt;("heroes").Filter(h =&gt; h.Age &gt; 30).OrderBy(h =&gt; h.Name).RunAsync(connection);
/// Hero? ironMan = await R.Table&lt;Hero&gt;("heroes").Get("iron-man").RunAsync(connection);
/// </code></example>
/// <typeparam name="T">The document type, serialized and deserialized with the connection's serializer options.</typeparam>
public sealed class ReqlTable<T> : ReqlSelection<T>
{
    internal ReqlTable(ReqlTerm table) : base(table)
    {
    }

    /// <summary>The document with primary key <paramref name="key"/>, or null (<c>get</c>).</summary>
    public new ReqlSingle<T> Get(object? key) => new(new ReqlTerm(TermType.Get, [Term, R.Expr(key)]));

    /// <summary>The documents with any of the primary keys (<c>getAll</c>).</summary>
    public new ReqlSelection<T> GetAll(params object?[] keys) => new(new ReqlTerm(TermType.GetAll, Prepend(Term, keys, wrap: false)));

    /// <summary>The documents with any of the keys in <see cref="IndexOptions.Index"/> (<c>getAll</c>).</summary>
    public new ReqlSelection<T> GetAll(IndexOptions options, params object?[] keys) => new(Optional(new ReqlTerm(TermType.GetAll, Prepend(Term, keys, wrap: false)), options));

    /// <summary>The documents whose key is in the range (<c>between</c>).</summary>
    public new ReqlSelection<T> Between(object? lower, object? upper, BetweenOptions? options = null) =>
        new(Optional(new ReqlTerm(TermType.Between, [Term, R.Expr(lower), R.Expr(upper)]), options));

    /// <summary>Inserts a document (<c>insert</c>).</summary>
    public ReqlWrite<T> Insert(T document, InsertOptions? options = null) =>
        new(Optional(new ReqlTerm(TermType.Insert, [Term, R.Expr(document)]), options));

    /// <summary>Inserts documents (<c>insert</c>).</summary>
    public ReqlWrite<T> Insert(IEnumerable<T> documents, InsertOptions? options = null) =>
        new(Optional(new ReqlTerm(TermType.Insert, [Term, R.Expr(documents)]), options));

    /// <summary>Creates a secondary index computed from each document (<c>indexCreate</c>).</summary>
    /// <example><code>R.Table&lt;Hero&gt;("heroes").IndexCreate("team", h =&gt; h.Team, new IndexCreateOptions { Multi = false })</code></example>
    public ReqlTerm IndexCreate<TKey>(string name, Expression<Func<T, TKey>> key, IndexCreateOptions? options = null) =>
        Optional(new ReqlTerm(TermType.IndexCreate, [Term, new ReqlDatum(name), Lambda(key)]), options);
}
