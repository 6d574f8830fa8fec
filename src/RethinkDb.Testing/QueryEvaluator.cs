using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Testing;

/// <summary>
/// Evaluates the subset of ReQL the test server supports. Anything else answers COMPILE_ERROR saying the test
/// server does not support the term, so a test never passes against behaviour the real server lacks.
/// </summary>
internal sealed partial class QueryEvaluator
{
    public QueryResult Evaluate(JsonElement term, JsonElement globalOptArgs)
    {
        _ = globalOptArgs;
        return new AtomResult(EvaluateDatum(term));
    }

    /// <summary>Evaluates a term that must produce a single value.</summary>
    public JsonNode? EvaluateDatum(JsonElement term)
    {
        switch (term.ValueKind)
        {
            case JsonValueKind.Array:
                return EvaluateTerm(term);
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in term.EnumerateObject())
                {
                    obj[property.Name] = EvaluateDatum(property.Value);
                }
                return obj;
            default:
                return JsonNode.Parse(term.GetRawText());
        }
    }

#pragma warning disable CA1859 // returns any JSON value once more terms are evaluated
    private JsonNode? EvaluateTerm(JsonElement term)
#pragma warning restore CA1859
    {
        var type = (TermType)term[0].GetInt32();
        var args = term.GetArrayLength() > 1 ? term[1] : default;
        switch (type)
        {
            case TermType.MakeArray:
                var array = new JsonArray();
                if (args.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in args.EnumerateArray())
                    {
                        array.Add(EvaluateDatum(item));
                    }
                }
                return array;
            default:
                throw Unsupported(type);
        }
    }

    public static QueryFailure Unsupported(TermType type) =>
        QueryFailure.Compile($"The test server does not support the term {type} ({(int)type}).");
}
