namespace RethinkDb.Testing;

/// <summary>
/// <see cref="TestServerFault.ResetAfterQueries"/>: queries are held unanswered until a number of them have arrived,
/// then the connection is reset (TCP RST), so the client has that many queries in flight when it breaks.
/// </summary>
internal sealed class ResetAfterQueriesFault(TestServerOptions options) : ConnectionFault
{
    // Only the connection's read loop calls OnQueryAsync, one frame at a time: no lock needed.
    private int _held;

    public override ValueTask<FaultAction> OnQueryAsync(ServerConnection connection, long token)
    {
        if (++_held < options.ResetAfterQueries)
        {
            return ValueTask.FromResult(FaultAction.Skip);
        }
        connection.Reset();
        return ValueTask.FromResult(FaultAction.Close);
    }
}
