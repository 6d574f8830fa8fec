namespace RethinkDb;

/// <summary>
/// The root of every error raised by the RethinkDB driver, mirroring the official drivers' <c>ReqlError</c>.
/// </summary>
/// <remarks>Messages never contain a password or auth key.</remarks>
public class ReqlError : Exception
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlError(string message) : base(message) { }

    /// <summary>Creates an error with a message and the exception that caused it.</summary>
    public ReqlError(string message, Exception? innerException) : base(message, innerException) { }
}
