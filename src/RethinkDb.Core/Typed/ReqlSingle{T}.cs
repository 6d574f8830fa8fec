using System.Linq.Expressions;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>One document or value of type <typeparamref name="T"/> (<c>get</c>, <c>nth</c>, <c>min</c>...), null when
/// there is none.</summary>
/// <typeparam name="T">The document type.</typeparam>
public sealed class ReqlSingle<T> : ReqlTypedExpr
{
    internal ReqlSingle(ReqlExpr term) : base(term)
    {
    }

    /// <summary>Updates the document with the members <paramref name="changes"/> assigns (<c>update</c>).</summary>
    public ReqlWrite<T> Update(Expression<Func<T, T>> changes, UpdateOptions? options = null) =>
        new(Apply(new ReqlTerm(TermType.Update, [Term, Lambda(changes)]), options));

    /// <summary>Updates the document with a partial object (<c>update</c>).</summary>
    public new ReqlWrite<T> Update(object changes, UpdateOptions? options = null) =>
        new(Apply(new ReqlTerm(TermType.Update, [Term, R.Expr(changes)]), options));

    /// <summary>Replaces the document (<c>replace</c>).</summary>
    public ReqlWrite<T> Replace(T document, UpdateOptions? options = null) =>
        new(Apply(new ReqlTerm(TermType.Replace, [Term, R.Expr(document)]), options));

    /// <summary>Deletes the document (<c>delete</c>).</summary>
    public new ReqlWrite<T> Delete(DeleteOptions? options = null) => new(Apply(new ReqlTerm(TermType.Delete, [Term]), options));

    /// <summary>The changefeed of the document (<c>changes</c>).</summary>
    public new ReqlChangefeed<T> Changes(ChangesOptions? options = null) => new(Apply(new ReqlTerm(TermType.Changes, [Term]), options));

    /// <summary>Runs the query: the document, or null (default) when there is none.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">The connection failed.</exception>
    public new Task<T?> RunAsync(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<T?>(connection, options, cancellationToken);

    /// <summary>Runs the query on the data source: the document, or null (default) when there is none.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">No server of the data source could run it.</exception>
    public new Task<T?> RunAsync(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<T?>(dataSource, options, cancellationToken);

    private static ReqlTerm Apply(ReqlTerm term, ReqlOptArgs? options) => options is null ? term : options.ApplyTo(term);
}
