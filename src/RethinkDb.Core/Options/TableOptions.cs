namespace RethinkDb;

/// <summary>The optional arguments of <c>table</c>.</summary>
public sealed class TableOptions : ReqlOptArgs
{
    /// <summary><c>read_mode</c>: which replicas reads may use.</summary>
    public ReadMode? ReadMode { get; init; }

    /// <summary><c>identifier_format</c>: names or UUIDs in changefeeds and status documents.</summary>
    public IdentifierFormat? IdentifierFormat { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("read_mode", ReadMode is { } mode ? OptArgCollector.WireName(mode) : null);
        into.Add("identifier_format", IdentifierFormat is { } format ? OptArgCollector.WireName(format) : null);
    }
}
