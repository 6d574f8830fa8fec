using System.Text.Json;
using RethinkDb.Core.Tests.Ast;

namespace RethinkDb.Core.Tests.Typed;

internal static class TypedAssert
{
    /// <summary>Both expressions send the same wire JSON (lambda variables renumbered).</summary>
    public static void SameWire(ReqlExpr expected, ReqlExpr actual, JsonSerializerOptions? options = null)
    {
        var e = Wire.Normalize(Wire.Json(expected, options));
        var a = Wire.Normalize(Wire.Json(actual, options));
        Assert.True(Wire.Same(e, a), $"\n expected (untyped): {e?.ToJsonString()}\n actual (typed):     {a?.ToJsonString()}");
    }
}
