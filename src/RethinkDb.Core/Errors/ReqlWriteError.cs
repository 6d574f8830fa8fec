namespace RethinkDb;

/// <summary>
/// Thrown by <see cref="WriteResult.EnsureSuccess"/>: the server carried out a write but reported errors for
/// some documents (for example a duplicate primary key). The message is the server's <c>first_error</c>.
/// </summary>
/// <remarks>
/// Not one of the official drivers' classes (they only return the counts). It derives from
/// <see cref="ReqlQueryError"/>, not from <see cref="ReqlRuntimeError"/>, because the server did not answer
/// RUNTIME_ERROR: other documents of the same write may have been written; <see cref="Result"/> tells which counts.
/// </remarks>
public class ReqlWriteError : ReqlQueryError
{
    /// <summary>Creates an error for a write result with errors.</summary>
    public ReqlWriteError(string message, WriteResult result) : base(message)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    /// <summary>The whole write result, with the counts of what was written.</summary>
    public WriteResult Result { get; }
}
