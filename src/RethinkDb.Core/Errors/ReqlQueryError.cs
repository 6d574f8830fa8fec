namespace RethinkDb;

/// <summary>
/// Base of the errors that belong to one query (compile and runtime errors). Carries the query printed in
/// ReQL form and, when the server sent a backtrace, a caret line under the failing part.
/// </summary>
/// <remarks>Not one of the official drivers' classes: it lets a caller catch "the query failed" in one place.</remarks>
public abstract class ReqlQueryError : ReqlError
{
    /// <summary>Creates an error with a message.</summary>
    protected ReqlQueryError(string message) : base(message) { }

    /// <summary>Creates an error with a message and the exception that caused it.</summary>
    protected ReqlQueryError(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The query, printed in ReQL form, when known.</summary>
    public string? Query { get; init; }

    /// <summary>The line of carets marking the failing part of <see cref="Query"/>, when the server sent a backtrace.</summary>
    public string? Carets { get; init; }

    /// <summary>The raw backtrace frames sent by the server (array indexes and optional-argument names).</summary>
    public IReadOnlyList<object>? Backtrace { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        if (Query is null)
        {
            return base.ToString();
        }
        return Carets is null
            ? $"{base.ToString()}{Environment.NewLine}in:{Environment.NewLine}{Query}"
            : $"{base.ToString()}{Environment.NewLine}in:{Environment.NewLine}{Query}{Environment.NewLine}{Carets}";
    }
}
