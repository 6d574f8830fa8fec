namespace RethinkDb.Testing;

/// <summary>
/// How one connection misbehaves: the <see cref="TestServerFault"/> that was set when the server accepted it, as a
/// class of its own so that each fault's behaviour reads in one place and the connection asks only where it may
/// misbehave. The defaults behave like a healthy server.
/// </summary>
internal abstract class ConnectionFault
{
    /// <summary>The fault for a new connection; a fault that keeps count gets an instance of its own.</summary>
    public static ConnectionFault Create(TestServerFault fault, TestServerOptions options) => fault switch
    {
        TestServerFault.None => NoFault.Instance,
        TestServerFault.AcceptAndStall => new AcceptAndStallFault(),
        TestServerFault.CloseDuringHandshake => new CloseDuringHandshakeFault(),
        TestServerFault.WrongServerSignature => new WrongServerSignatureFault(),
        TestServerFault.Garbage => new GarbageFault(),
        TestServerFault.HugeLengthPrefix => new HugeLengthPrefixFault(),
        TestServerFault.StallQueries => new StallQueriesFault(),
        TestServerFault.StopReading => new StopReadingFault(),
        TestServerFault.ResetAfterQueries => new ResetAfterQueriesFault(options),
        TestServerFault.SlowOutOfOrder => new SlowOutOfOrderFault(options),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown test server fault."),
    };

    /// <summary>Whether the connection is accepted and then never read or written (no TLS, no handshake).</summary>
    public virtual bool StallsBeforeHandshake => false;

    /// <summary>Whether the connection closes once it has read the client's magic number.</summary>
    public virtual bool CloseAfterMagic => false;

    /// <summary>Whether the SCRAM server-final message carries a signature that does not match the password.</summary>
    public virtual bool ForgeServerSignature => false;

    /// <summary>Whether, after the handshake, the connection reads nothing more.</summary>
    public virtual bool StopsReadingQueries => false;

    /// <summary>
    /// Takes a query frame the connection has read, before it is run.
    /// </summary>
    /// <returns>What the connection does with it.</returns>
    public virtual ValueTask<FaultAction> OnQueryAsync(ServerConnection connection, long token) =>
        ValueTask.FromResult(FaultAction.Run);

    /// <summary>Runs before each step of a query (START, CONTINUE, STOP...) on the step's own task.</summary>
    public virtual Task BeforeStepAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>What the connection does with a query frame a fault has seen.</summary>
internal enum FaultAction
{
    /// <summary>Run it and answer it, as a healthy server does.</summary>
    Run,

    /// <summary>Neither run nor answer it (the fault answered it, or holds it); read the next frame.</summary>
    Skip,

    /// <summary>Read no more: the fault ended the connection.</summary>
    Close,
}
