using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Testing.Differential;

/// <summary>A query from its wire JSON, built with the driver's own terms (so it prints as the original did).</summary>
internal static class WireTerm
{
    public static ReqlExpr Parse(JsonNode? node) => node switch
    {
        JsonArray term => new ReqlTerm(
            (TermType)term[0]!.GetValue<int>(),
            term.Count > 1 ? term[1]!.AsArray().Select(Parse).ToArray() : [],
            term.Count > 2 ? term[2]!.AsObject().Select(p => new KeyValuePair<string, ReqlExpr>(p.Key, Parse(p.Value))).ToArray() : null),
        JsonObject obj => R.Expr(obj.ToDictionary(p => p.Key, p => (object?)Datum(p.Value))),
        _ => R.Expr(Datum(node)),
    };

    // Objects in the generated queries hold plain values only.
    private static object? Datum(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Datum(p.Value)),
        JsonArray array => array.Select(Datum).ToArray(),
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<double>(out var number) => number,
        _ => throw new ArgumentException($"Not a plain value: {node.ToJsonString()}", nameof(node)),
    };
}
