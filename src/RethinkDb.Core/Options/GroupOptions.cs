namespace RethinkDb;

/// <summary>The optional arguments of <c>group</c>.</summary>
public sealed class GroupOptions : ReqlOptArgs
{
    /// <summary><c>index</c>: group by a secondary index.</summary>
    public string? Index { get; init; }

    /// <summary><c>multi</c>: a document whose key is an array joins the group of each element.</summary>
    public bool? Multi { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("index", Index);
        into.Add("multi", Multi);
    }
}
