namespace RethinkDb;

/// <summary>
/// One item of a changefeed (<see cref="ReqlExpr.RunChangesAsync{T}(Connection, RunOptions?, CancellationToken)"/>) or one entry of
/// <see cref="WriteResult{T}.Changes"/>: a document's old and new value, or a state note.
/// </summary>
/// <typeparam name="T">The document type.</typeparam>
/// <remarks>
/// The server leaves out what does not apply: an initial value (<c>include_initial</c>) has no <c>old_val</c>, a
/// state note (<c>include_states</c>) has neither value, only <see cref="State"/>. Absent values read as
/// <see langword="null"/> (or <c>default</c> for a value type).
/// </remarks>
public sealed class Change<T>
{
    /// <summary>The document before the change (<c>old_val</c>); null for an insert or an initial value.</summary>
    public T? OldVal { get; init; }

    /// <summary>The document after the change (<c>new_val</c>); null for a delete.</summary>
    public T? NewVal { get; init; }

    /// <summary>
    /// The kind of change (<c>type</c>), sent when the feed was opened with <c>include_types</c>: <c>"add"</c>,
    /// <c>"remove"</c>, <c>"change"</c>, <c>"initial"</c>, <c>"uninitial"</c> or <c>"state"</c>.
    /// </summary>
    public string? Type { get; init; }

    /// <summary>
    /// For a state note (<c>include_states</c>): <c>"initializing"</c> or <c>"ready"</c>; otherwise null.
    /// </summary>
    public string? State { get; init; }

    /// <summary>The old position in an <c>orderBy().limit()</c> feed opened with <c>include_offsets</c>.</summary>
    public long? OldOffset { get; init; }

    /// <summary>The new position in an <c>orderBy().limit()</c> feed opened with <c>include_offsets</c>.</summary>
    public long? NewOffset { get; init; }

    /// <summary>
    /// The error for this document in a write result with <c>return_changes: "always"</c>; otherwise null.
    /// </summary>
    public string? Error { get; init; }

    /// <summary>Whether this is a state note rather than a document change (a gap marker is one too).</summary>
    public bool IsState => State is not null;

    /// <summary>
    /// Set on the marker a resumable feed (<see cref="ResumableFeed{T}"/>) yields after it lost its connection and
    /// reopened the query: changes made in between may be missing. Its <see cref="State"/> is <c>"resumed"</c>.
    /// </summary>
    public FeedGap? Gap { get; init; }

    /// <summary>Whether this is a resumable feed's gap marker (<see cref="Gap"/>): check it before skipping state notes.</summary>
    public bool IsGap => Gap is not null;
}
