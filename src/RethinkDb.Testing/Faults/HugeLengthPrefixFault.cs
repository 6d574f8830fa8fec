using System.Buffers.Binary;

namespace RethinkDb.Testing;

/// <summary>
/// <see cref="TestServerFault.HugeLengthPrefix"/>: each query is answered with a frame header announcing ~2 GiB, and
/// no body: a client that allocates what the header says, or waits for it, is caught.
/// </summary>
internal sealed class HugeLengthPrefixFault : ConnectionFault
{
    public override async ValueTask<FaultAction> OnQueryAsync(ServerConnection connection, long token)
    {
        var header = new byte[WireConstants.FrameHeaderSize];
        BinaryPrimitives.WriteInt64LittleEndian(header, token);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), int.MaxValue - 1);
        await connection.WriteRawAsync(header).ConfigureAwait(false);
        return FaultAction.Skip;
    }
}
