namespace RethinkDb;

/// <summary>The optional arguments of <c>union</c>.</summary>
public sealed class UnionOptions : ReqlOptArgs
{
    /// <summary><c>interleave</c>: false to keep each sequence's elements together, true (the default) to interleave.</summary>
    public bool? Interleave { get; init; }

    /// <summary><c>interleave</c> as a field name: merge ordered sequences by that field (takes precedence over
    /// <see cref="Interleave"/>).</summary>
    public string? InterleaveByField { get; init; }

    private protected override void Collect(OptArgCollector into) => into.Add("interleave", (object?)InterleaveByField ?? Interleave);
}
