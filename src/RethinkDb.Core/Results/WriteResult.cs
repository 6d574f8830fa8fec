namespace RethinkDb;

/// <summary>
/// The summary the server returns for <c>insert</c>, <c>update</c>, <c>replace</c> and <c>delete</c>
/// (<see cref="ReqlExpr.RunWriteAsync(Connection, RunOptions?, CancellationToken)"/>).
/// </summary>
/// <remarks>
/// A write that fails for some documents does not throw: the server counts them in <see cref="Errors"/> and
/// describes the first in <see cref="FirstError"/>. Call <see cref="EnsureSuccess"/> to turn that into an exception.
/// </remarks>
public class WriteResult
{
    /// <summary>Documents inserted.</summary>
    public long Inserted { get; init; }

    /// <summary>Documents replaced or updated.</summary>
    public long Replaced { get; init; }

    /// <summary>Documents that would have been modified, except that the new value was the same as the old.</summary>
    public long Unchanged { get; init; }

    /// <summary>Documents that were skipped because they did not exist (an update or delete of a missing key).</summary>
    public long Skipped { get; init; }

    /// <summary>Documents deleted.</summary>
    public long Deleted { get; init; }

    /// <summary>Documents that could not be written.</summary>
    public long Errors { get; init; }

    /// <summary>The text of the first error, when <see cref="Errors"/> is not zero.</summary>
    public string? FirstError { get; init; }

    /// <summary>The primary keys the server generated for inserted documents that had none (UUIDs).</summary>
    public IReadOnlyList<string> GeneratedKeys { get; init; } = [];

    /// <summary>Warnings of the server (for example that the list of changes was truncated).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Throws when the server reported errors for any document.</summary>
    /// <exception cref="ReqlWriteError"><see cref="Errors"/> is greater than zero; the message is
    /// <see cref="FirstError"/>.</exception>
    public void EnsureSuccess()
    {
        if (Errors > 0)
        {
            throw new ReqlWriteError(FirstError ?? $"The write failed for {Errors} document(s).", this);
        }
    }
}
