namespace RethinkDb;

/// <summary>The optional arguments every write takes (<c>insert</c>, <c>update</c>, <c>replace</c>, <c>delete</c>).</summary>
public abstract class WriteOptions : ReqlOptArgs
{
    /// <summary><c>durability</c>: when the write is acknowledged; the table's setting when null.</summary>
    public Durability? Durability { get; init; }

    /// <summary><c>return_changes</c>: whether the write result carries the old and new values
    /// (true), or also unchanged documents (<see cref="ReturnChangesAlways"/>).</summary>
    public bool? ReturnChanges { get; init; }

    /// <summary><c>return_changes: "always"</c>: report every document, changed or not (takes precedence over
    /// <see cref="ReturnChanges"/>).</summary>
    public bool ReturnChangesAlways { get; init; }

    /// <summary><c>ignore_write_hook</c>: skip the table's write hook (needs config permission).</summary>
    public bool? IgnoreWriteHook { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("durability", Durability);
        into.Add("return_changes", ReturnChangesAlways ? "always" : ReturnChanges);
        into.Add("ignore_write_hook", IgnoreWriteHook);
    }
}
