namespace RethinkDb;

/// <summary>The optional arguments of <c>union</c>.</summary>
public sealed class UnionOptions : ReqlOptArgs
{
    /// <summary><c>interleave</c>: false to keep each sequence's elements together, true (the default) to interleave.</summary>
    public bool? Interleave { get; init; }

    /// <summary><c>interleave</c> as a field name: merge ordered sequences by that field (takes precedence over
    /// <see cref="Interleave"/>).</summary>
    public string? InterleaveByField { get; init; }

    /// <summary><c>interleave</c> as a function: merge ordered sequences by the key it computes from each element
    /// (takes precedence over <see cref="InterleaveByField"/> and <see cref="Interleave"/>).</summary>
    /// <example><code>R.Union(new UnionOptions { InterleaveBy = x =&gt; x["name"] }, ordered1, ordered2)</code></example>
    public Func<ReqlExpr, ReqlExpr>? InterleaveBy { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        if (InterleaveBy is { } function)
        {
            into.Add("interleave", function);
        }
        else
        {
            into.Add("interleave", (object?)InterleaveByField ?? Interleave);
        }
    }
}
