namespace RethinkDb;

/// <summary>The optional arguments of <c>slice</c> and <c>during</c>: whether each end is included.</summary>
public sealed class RangeBounds : ReqlOptArgs
{
    /// <summary><c>left_bound</c>: whether the start is included (closed by default).</summary>
    public Bound? LeftBound { get; init; }

    /// <summary><c>right_bound</c>: whether the end is included (open by default).</summary>
    public Bound? RightBound { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("left_bound", LeftBound);
        into.Add("right_bound", RightBound);
    }
}
