namespace RethinkDb;

/// <summary>
/// Opening a connection did not complete within <see cref="ConnectionOptions.Timeout"/>
/// (DNS, TCP connect, TLS and the handshake together).
/// </summary>
public class ReqlTimeoutError : ReqlDriverError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlTimeoutError(string message) : base(message) { }

    /// <summary>Creates an error with a message and the exception that caused it.</summary>
    public ReqlTimeoutError(string message, Exception? innerException) : base(message, innerException) { }
}
