namespace RethinkDb;

/// <summary>The optional arguments of <c>eqJoin</c>.</summary>
public sealed class EqJoinOptions : ReqlOptArgs
{
    /// <summary><c>index</c>: the index of the right table (its primary key when null).</summary>
    public string? Index { get; init; }

    /// <summary><c>ordered</c>: keep the order of the left sequence.</summary>
    public bool? Ordered { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("index", Index);
        into.Add("ordered", Ordered);
    }
}
