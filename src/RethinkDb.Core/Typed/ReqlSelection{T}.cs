using System.Linq.Expressions;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>A selection of documents of a table (a table, <c>getAll</c>, <c>between</c>, a filtered selection): a
/// sequence that can also be written and watched.</summary>
/// <typeparam name="T">The document type.</typeparam>
public class ReqlSelection<T> : ReqlSequence<T>
{
    internal ReqlSelection(ReqlExpr term) : base(term)
    {
    }

    /// <summary>The documents for which <paramref name="predicate"/> is true, still a selection (<c>filter</c>).</summary>
    public new ReqlSelection<T> Filter(Expression<Func<T, bool>> predicate, FilterOptions? options = null) =>
        new(Optional(new ReqlTerm(TermType.Filter, [Term, Lambda(predicate)]), options));

    /// <summary>Query syntax's <c>where</c>: the same as <see cref="Filter"/>.</summary>
    public new ReqlSelection<T> Where(Expression<Func<T, bool>> predicate) => Filter(predicate);

    /// <summary>
    /// Updates each document with the members <paramref name="changes"/> assigns (<c>update</c>): only those members
    /// are sent, the others are kept.
    /// </summary>
    /// <example><code>heroes.Filter(h =&gt; h.Team == "avengers").Update(h =&gt; new Hero { Age = h.Age + 1 })</code></example>
    public ReqlWrite<T> Update(Expression<Func<T, T>> changes, UpdateOptions? options = null) =>
        new(Optional(new ReqlTerm(TermType.Update, [Term, Lambda(changes)]), options));

    /// <summary>Updates each document with a partial object (<c>new { age = 31 }</c>, named as the serializer names
    /// it) (<c>update</c>).</summary>
    public new ReqlWrite<T> Update(object changes, UpdateOptions? options = null) =>
        new(Optional(new ReqlTerm(TermType.Update, [Term, R.Expr(changes)]), options));

    /// <summary>Replaces each document with what <paramref name="replacement"/> computes (<c>replace</c>).</summary>
    public ReqlWrite<T> Replace(Expression<Func<T, T>> replacement, UpdateOptions? options = null) =>
        new(Optional(new ReqlTerm(TermType.Replace, [Term, Lambda(replacement)]), options));

    /// <summary>Deletes the documents (<c>delete</c>).</summary>
    public new ReqlWrite<T> Delete(DeleteOptions? options = null) => new(Optional(new ReqlTerm(TermType.Delete, [Term]), options));

    /// <summary>The changefeed of the selection (<c>changes</c>); run it with
    /// <see cref="ReqlChangefeed{T}.RunAsync(Connection, RunOptions?, CancellationToken)"/>.</summary>
    public new ReqlChangefeed<T> Changes(ChangesOptions? options = null) => new(Optional(new ReqlTerm(TermType.Changes, [Term]), options));
}
