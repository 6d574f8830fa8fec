namespace RethinkDb.Testing;

/// <summary><see cref="TestServerFault.Garbage"/>: each query is answered with a frame whose body is not JSON.</summary>
internal sealed class GarbageFault : ConnectionFault
{
    public override async ValueTask<FaultAction> OnQueryAsync(ServerConnection connection, long token)
    {
        await connection.WriteRawAsync(ResponseFrame.Frame(token, "this is not json at all \u0001\u0002"u8)).ConfigureAwait(false);
        return FaultAction.Skip;
    }
}
