using System.Buffers;
using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb.Benchmarks.Harness;

/// <summary>The queries the scenarios send, and their wire bytes as the driver encodes them (for the floor).</summary>
internal static class Queries
{
    /// <summary><c>r.expr(1)</c>: the smallest query that makes the server parse, compile and answer.</summary>
    public static readonly ReqlExpr One = R.Expr(1);

    /// <summary>The JSON body the driver sends for <paramref name="expr"/> on a connection whose database is <paramref name="db"/>.</summary>
    public static byte[] Body(ReqlExpr expr, string db = "test")
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        QueryEncoder.Start(buffer, new QueryEncoder.StartQuery(expr, db, null, NoReply: false, RethinkDbJson.DefaultOptions));
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>What a caller of <c>RunAsync&lt;int&gt;</c> gets: the atom, checked.</summary>
    internal static int ReadAtomInt(Response response)
    {
        ResponseErrors.ThrowIfError(response);
        if (response.Type != ResponseType.SuccessAtom)
        {
            throw new InvalidOperationException($"Unexpected response {response.Type}");
        }
        var reader = new Utf8JsonReader(response.Results);
        reader.Read(); // [
        reader.Read();
        return reader.GetInt32();
    }
}
