namespace RethinkDb;

/// <summary>The optional arguments of <c>insert</c>.</summary>
/// <example><code>
/// R.Table("heroes").Insert(hero, new InsertOptions { Conflict = Conflict.Update, ReturnChanges = true, Durability = Durability.Soft })
/// </code></example>
public sealed class InsertOptions : WriteOptions
{
    /// <summary><c>conflict</c>: what to do when the primary key exists (the server's default is <see cref="RethinkDb.Conflict.Error"/>).</summary>
    public Conflict? Conflict { get; init; }

    /// <summary><c>conflict</c> as a function <c>(id, oldDoc, newDoc) =&gt; doc</c> that computes the stored document;
    /// takes precedence over <see cref="Conflict"/>.</summary>
    public Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr>? ConflictResolver { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        if (ConflictResolver is not null)
        {
            into.Add("conflict", ConflictResolver);
        }
        else
        {
            into.Add("conflict", Conflict is { } conflict ? OptArgCollector.WireName(conflict) : null);
        }
        base.Collect(into);
    }
}
