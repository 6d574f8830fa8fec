namespace RethinkDb;

/// <summary>
/// Authentication failed: a wrong password or auth key, an unknown user (V1_0 error codes 10–20,
/// V0_4 "Incorrect authorization key"), or a server that could not prove it knows the password.
/// </summary>
public class ReqlAuthError : ReqlDriverError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlAuthError(string message) : base(message) { }

    /// <summary>Creates an error with a message and the exception that caused it.</summary>
    public ReqlAuthError(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The V1_0 handshake <c>error_code</c> the server sent, when it sent one.</summary>
    public int? ServerErrorCode { get; init; }
}
