using System.Buffers;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>A parsed SUCCESS_ATOM response <c>[1]</c>, in a pooled buffer as the reader hands it over (dispatcher tests).</summary>
internal static class OneAtomResponse
{
    public static Response For(long token)
    {
        var body = "{\"t\":1,\"r\":[1]}"u8;
        var buffer = ArrayPool<byte>.Shared.Rent(body.Length);
        body.CopyTo(buffer);
        return Response.Parse(token, buffer, body.Length);
    }
}
