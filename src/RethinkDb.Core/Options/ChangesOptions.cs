namespace RethinkDb;

/// <summary>The optional arguments of <c>changes</c>.</summary>
/// <example><code>
/// R.Table("heroes").Changes(new ChangesOptions { IncludeInitial = true, Squash = TimeSpan.FromMilliseconds(200) })
/// </code></example>
public sealed class ChangesOptions : ReqlOptArgs
{
    /// <summary><c>squash</c>: combine changes (true, or within a delay).</summary>
    public ChangesSquash? Squash { get; init; }

    /// <summary><c>changefeed_queue_size</c>: changes the server buffers before it reports an error (100,000 by default).</summary>
    public long? ChangefeedQueueSize { get; init; }

    /// <summary><c>include_initial</c>: start with the current values.</summary>
    public bool? IncludeInitial { get; init; }

    /// <summary><c>include_states</c>: add state notes (<c>{"state":"ready"}</c>).</summary>
    public bool? IncludeStates { get; init; }

    /// <summary><c>include_offsets</c>: add the positions of changes of an <c>orderBy().limit()</c> feed.</summary>
    public bool? IncludeOffsets { get; init; }

    /// <summary><c>include_types</c>: add the kind of each change (<c>add</c>, <c>remove</c>, <c>change</c>...).</summary>
    public bool? IncludeTypes { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("squash", Squash?.Value);
        into.Add("changefeed_queue_size", ChangefeedQueueSize);
        into.Add("include_initial", IncludeInitial);
        into.Add("include_states", IncludeStates);
        into.Add("include_offsets", IncludeOffsets);
        into.Add("include_types", IncludeTypes);
    }
}
