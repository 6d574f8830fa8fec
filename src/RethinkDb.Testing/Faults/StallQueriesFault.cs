namespace RethinkDb.Testing;

/// <summary><see cref="TestServerFault.StallQueries"/>: queries are read and never answered.</summary>
internal sealed class StallQueriesFault : ConnectionFault
{
    public override ValueTask<FaultAction> OnQueryAsync(ServerConnection connection, long token) =>
        ValueTask.FromResult(FaultAction.Skip);
}
