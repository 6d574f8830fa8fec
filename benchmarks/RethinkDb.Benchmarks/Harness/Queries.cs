using System.Buffers;
using RethinkDb.Protocol;

namespace RethinkDb.Benchmarks.Harness;

/// <summary>The queries the scenarios send, and their wire bytes as the driver encodes them (for the floor).</summary>
internal static class Queries
{
    /// <summary><c>r.expr(1)</c>: the smallest query that makes the server parse, compile and answer.</summary>
    public static readonly ReqlExpr One = R.Expr(1);

    /// <summary>The JSON body the driver sends for <paramref name="expr"/> on a connection whose database is <paramref name="db"/>.</summary>
    public static byte[] Body(ReqlExpr expr, string db = "test", RunOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        QueryEncoder.Start(buffer, new QueryEncoder.StartQuery(expr, db, options, NoReply: false, RethinkDbJson.DefaultOptions));
        return buffer.WrittenSpan.ToArray();
    }
}
