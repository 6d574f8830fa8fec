using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Ast;

/// <summary>Serializes expressions as the driver sends them, and compares wire JSON.</summary>
internal static class Wire
{
    /// <summary>The wire JSON of <paramref name="expr"/> with the driver's default serializer options.</summary>
    public static string Json(ReqlExpr expr, JsonSerializerOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            expr.WriteTo(writer, options ?? RethinkDbJson.DefaultOptions);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses wire JSON and renumbers lambda variables 1, 2, 3... in order of appearance.</summary>
    public static JsonNode? Normalize(string json)
    {
        var node = JsonNode.Parse(json);
        var ids = new Dictionary<double, int>();
        Renumber(node, ids);
        return node;
    }

    private static void Renumber(JsonNode? node, Dictionary<double, int> ids)
    {
        switch (node)
        {
            case JsonArray { Count: >= 2 } term when IsTerm(term, TermType.Func)
                && term[1] is JsonArray { Count: 2 } funcArgs
                && funcArgs[0] is JsonArray { Count: 2 } parameters && IsTerm(parameters, TermType.MakeArray)
                && parameters[1] is JsonArray paramIds:
                for (var i = 0; i < paramIds.Count; i++)
                {
                    var id = paramIds[i]!.GetValue<double>();
                    var fresh = ids.Count + 1;
                    ids[id] = fresh;
                    paramIds[i] = (double)fresh;
                }
                Renumber(funcArgs[1], ids);
                break;
            case JsonArray { Count: 2 } term when IsTerm(term, TermType.Var) && term[1] is JsonArray { Count: 1 } varArgs:
                var varId = varArgs[0]!.GetValue<double>();
                // An id no function declared stays visible as negative, so a mismatch shows in the comparison.
                varArgs[0] = ids.TryGetValue(varId, out var mapped) ? (double)mapped : -varId;
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Renumber(item, ids);
                }
                break;
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Renumber(value, ids);
                }
                break;
        }
    }

    private static bool IsTerm(JsonArray array, TermType type) =>
        array.Count > 0 && array[0] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() == (int)type;

    /// <summary>Structural equality: objects ignore member order, numbers compare as doubles.</summary>
    public static bool Same(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) && Same(p.Value, other)),
        (JsonValue x, JsonValue y) => SameValue(x, y),
        _ => false,
    };

    private static bool SameValue(JsonValue x, JsonValue y)
    {
        var kind = x.GetValueKind();
        if (kind != y.GetValueKind())
        {
            return false;
        }
        return kind switch
        {
            JsonValueKind.Number => x.GetValue<double>() == y.GetValue<double>(),
            JsonValueKind.String => x.GetValue<string>() == y.GetValue<string>(),
            _ => true, // true, false, null: the kind is the value
        };
    }

    /// <summary>The term types that occur in wire JSON: a JSON object in term position counts as MAKE_OBJ, a plain
    /// value as DATUM.</summary>
    public static void CollectTermTypes(JsonNode? node, ISet<int> found)
    {
        switch (node)
        {
            case JsonArray array when array.Count >= 2 && array[0] is JsonValue head && head.GetValueKind() == JsonValueKind.Number:
                found.Add(head.GetValue<int>());
                if (array[1] is JsonArray args)
                {
                    foreach (var arg in args)
                    {
                        CollectTermTypes(arg, found);
                    }
                }
                if (array.Count > 2 && array[2] is JsonObject optArgs)
                {
                    foreach (var (_, value) in optArgs)
                    {
                        CollectTermTypes(value, found);
                    }
                }
                break;
            case JsonObject obj:
                found.Add((int)TermType.MakeObj);
                foreach (var (_, value) in obj)
                {
                    CollectTermTypes(value, found);
                }
                break;
            default:
                found.Add((int)TermType.Datum);
                break;
        }
    }
}
