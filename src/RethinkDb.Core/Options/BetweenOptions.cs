namespace RethinkDb;

/// <summary>The optional arguments of <c>between</c>.</summary>
/// <example><code>
/// R.Table("heroes").Between(10, 20, new BetweenOptions { Index = "age", RightBound = Bound.Closed })
/// </code></example>
public sealed class BetweenOptions : ReqlOptArgs
{
    /// <summary><c>index</c>: the secondary index (the primary key when null).</summary>
    public string? Index { get; init; }

    /// <summary><c>left_bound</c>: whether the lower key is included (closed by default).</summary>
    public Bound? LeftBound { get; init; }

    /// <summary><c>right_bound</c>: whether the upper key is included (open by default).</summary>
    public Bound? RightBound { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("index", Index);
        into.Add("left_bound", LeftBound);
        into.Add("right_bound", RightBound);
    }
}
