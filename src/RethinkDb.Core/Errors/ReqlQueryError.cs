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

    /// <summary>The error's own text, without the query that <see cref="Message"/> appends
    /// (<c>Expected type NUMBER but found STRING.</c>).</summary>
    public string ErrorMessage => base.Message;

    /// <summary>
    /// The message as the official drivers print it: when the query is known, the error's text (without its final
    /// period) followed by <c>in:</c>, the query in ReQL form and the caret line under the failing part:
    /// <c>Expected type NUMBER but found STRING in:\nr.expr(1).add("a")\n^^^^^^^^^^^^^^^^^^</c>.
    /// </summary>
    /// <remarks>The printed query never shows the values of fields named like secrets (passwords, keys).</remarks>
    public override string Message => _message ??= Compose();

    // Built once: loggers read Message more than once, and the printed query of an insert can be large.
    private string? _message;

    private string Compose()
    {
        var text = base.Message;
        if (Query is null)
        {
            return text;
        }
        // As the JavaScript driver: "Some error." becomes "Some error in:\n...".
        if (text.EndsWith('.'))
        {
            text = text[..^1];
        }
        return Carets is null ? $"{text} in:\n{Query}" : $"{text} in:\n{Query}\n{Carets}";
    }
}
