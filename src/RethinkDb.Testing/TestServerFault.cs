namespace RethinkDb.Testing;

/// <summary>How the test server misbehaves on the connections it accepts while the fault is set.</summary>
public enum TestServerFault
{
    /// <summary>Behave like a healthy RethinkDB server.</summary>
    None = 0,

    /// <summary>Accept the TCP connection and never read or write a byte (a stalled handshake).</summary>
    AcceptAndStall,

    /// <summary>Read the client's magic number, then close the connection.</summary>
    CloseDuringHandshake,

    /// <summary>Complete SCRAM but send a server signature that does not match the password (an impostor).</summary>
    WrongServerSignature,

    /// <summary>Complete the handshake, then answer the first query with bytes that are not a valid response.</summary>
    Garbage,

    /// <summary>Complete the handshake, then answer the first query with a frame header announcing ~2 GiB.</summary>
    HugeLengthPrefix,

    /// <summary>Complete the handshake, then read queries and never answer them.</summary>
    StallQueries,

    /// <summary>
    /// Complete the handshake, then read nothing more (a server stuck or gone without closing): once the socket
    /// buffers fill, the client's writes block.
    /// </summary>
    StopReading,

    /// <summary>
    /// Complete the handshake, hold queries unanswered until <see cref="TestServerOptions.ResetAfterQueries"/> have
    /// arrived, then reset the connection (TCP RST).
    /// </summary>
    ResetAfterQueries,

    /// <summary>
    /// Each query takes a random time of up to <see cref="TestServerOptions.MaxResponseDelay"/> to run, so answers
    /// overtake one another (those of one token stay in order, as on the real server).
    /// </summary>
    SlowOutOfOrder,
}
