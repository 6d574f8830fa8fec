namespace RethinkDb;

/// <summary>
/// An error detected by the driver rather than by a query: a connection that cannot be opened, a connection
/// that was closed or broken while queries were pending, a protocol violation, or a CLIENT_ERROR response.
/// </summary>
public class ReqlDriverError : ReqlError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlDriverError(string message) : base(message) { }

    /// <summary>Creates an error with a message and the exception that caused it.</summary>
    public ReqlDriverError(string message, Exception? innerException) : base(message, innerException) { }
}
