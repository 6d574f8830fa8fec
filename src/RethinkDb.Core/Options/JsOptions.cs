namespace RethinkDb;

/// <summary>The optional arguments of <c>r.js</c>.</summary>
public sealed class JsOptions : ReqlOptArgs
{
    /// <summary><c>timeout</c>: how long the script may run (5 seconds by default; sent in seconds).</summary>
    public TimeSpan? Timeout { get; init; }

    private protected override void Collect(OptArgCollector into) => into.Add("timeout", Timeout);
}
