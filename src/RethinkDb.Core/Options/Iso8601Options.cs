namespace RethinkDb;

/// <summary>The optional arguments of <c>r.ISO8601</c>.</summary>
public sealed class Iso8601Options : ReqlOptArgs
{
    /// <summary><c>default_timezone</c>: the timezone of a string that has none, such as <c>"+02:00"</c> or <c>"Z"</c>.</summary>
    public string? DefaultTimezone { get; init; }

    private protected override void Collect(OptArgCollector into) => into.Add("default_timezone", DefaultTimezone);
}
