namespace RethinkDb;

/// <summary>The optional arguments of <c>update</c> and <c>replace</c>.</summary>
public sealed class UpdateOptions : WriteOptions
{
    /// <summary><c>non_atomic</c>: allow a function that cannot run atomically (JavaScript, subqueries).</summary>
    public bool? NonAtomic { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("non_atomic", NonAtomic);
        base.Collect(into);
    }
}
