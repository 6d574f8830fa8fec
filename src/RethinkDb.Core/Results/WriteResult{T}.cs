namespace RethinkDb;

/// <summary>
/// A <see cref="WriteResult"/> with the changes the server returned for a write run with <c>return_changes</c>
/// (<see cref="ReqlExpr.RunWriteAsync{T}(Connection, RunOptions?, CancellationToken)"/>).
/// </summary>
/// <typeparam name="T">The document type of <see cref="Change{T}.OldVal"/> and <see cref="Change{T}.NewVal"/>.</typeparam>
public sealed class WriteResult<T> : WriteResult
{
    /// <summary>The changed documents (<c>changes</c>); empty unless the write asked for <c>return_changes</c>.</summary>
    public IReadOnlyList<Change<T>> Changes { get; init; } = [];
}
