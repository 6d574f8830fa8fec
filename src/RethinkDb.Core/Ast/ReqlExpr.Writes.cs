using RethinkDb.Protocol;

namespace RethinkDb;

// Writing documents.
public abstract partial class ReqlExpr
{
    /// <summary>Inserts a document or an array of documents into a table (<c>insert</c>); optargs: <c>durability</c>,
    /// <c>return_changes</c>, <c>ignore_write_hook</c>, <c>conflict</c> (<c>"error"</c>, <c>"replace"</c>,
    /// <c>"update"</c> or a function <c>(id, oldDoc, newDoc) =&gt; doc</c>).</summary>
    public ReqlTerm Insert(object? documents) => Chain(TermType.Insert, documents);

    /// <summary>Updates the selected documents with an object (or an expression using <see cref="R.Row"/>)
    /// (<c>update</c>); optargs: <c>durability</c>, <c>return_changes</c>, <c>non_atomic</c>, <c>ignore_write_hook</c>.</summary>
    public ReqlTerm Update(object? changes) => ChainFunc(TermType.Update, Wrapped(changes));

    /// <summary>Updates each selected document with the object <paramref name="function"/> computes from it (<c>update</c>).</summary>
    public ReqlTerm Update(Func<ReqlExpr, ReqlExpr>? function) => ChainFunc(TermType.Update, Function(function));

    /// <summary>Replaces the selected documents (<c>replace</c>); optargs as <see cref="Update(object?)"/>.</summary>
    public ReqlTerm Replace(object? document) => ChainFunc(TermType.Replace, Wrapped(document));

    /// <summary>Replaces each selected document with what <paramref name="function"/> computes from it (<c>replace</c>);
    /// null (<c>Replace(null)</c>) deletes them.</summary>
    public ReqlTerm Replace(Func<ReqlExpr, ReqlExpr>? function) => ChainFunc(TermType.Replace, Function(function));

    /// <summary>Deletes the selected documents (<c>delete</c>); optargs: <c>durability</c>, <c>return_changes</c>,
    /// <c>ignore_write_hook</c>.</summary>
    public ReqlTerm Delete() => Chain(TermType.Delete);

    /// <summary>Flushes a table's soft-durability writes to disk (<c>sync</c>).</summary>
    public ReqlTerm Sync() => Chain(TermType.Sync);
}
