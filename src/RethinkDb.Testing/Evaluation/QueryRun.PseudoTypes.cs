using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>Pseudo-type objects built by a query or read from JSON text, checked and normalized as the server does.</content>
internal sealed partial class QueryRun
{
    /// <summary>
    /// Validates and normalizes TIME objects as the server's <c>sanitize_time</c> (milliseconds, +00:00); checks GEOMETRY
    /// objects' fields (<c>sanitize_geometry</c>).
    /// </summary>
    private JsonObject SanitizePseudoType(JsonObject obj)
    {
        if (Datum.PseudoType(obj) == GeometryType)
        {
            SanitizeGeometry(obj);
            return obj;
        }
        if (Datum.PseudoType(obj) != "TIME")
        {
            return obj;
        }
        string? problem = null;
        foreach (var (key, value) in obj.ToList())
        {
            switch (key)
            {
                case Datum.ReqlType:
                    break;
                case "epoch_time" when Datum.Kind(value) == JsonValueKind.Number:
                    obj["epoch_time"] = Datum.NumberNode(RoundEpoch(Datum.Number(value!)));
                    break;
                case "epoch_time":
                    problem ??= $"field `epoch_time` must be a number (got `{Datum.TruncPrint(value)}` of type {Datum.TypeName(value)})";
                    break;
                case "timezone" when Datum.Kind(value) == JsonValueKind.String:
                    if (Datum.String(value!) == "Z")
                    {
                        obj["timezone"] = "+00:00";
                    }
                    break;
                case "timezone":
                    problem ??= $"field `timezone` must be a string (got `{Datum.TruncPrint(value)}` of type {Datum.TypeName(value)})";
                    break;
                default:
                    problem ??= $"unrecognized field `{key}`";
                    break;
            }
        }
        problem ??= !obj.ContainsKey("epoch_time") ? "no field `epoch_time`" : !obj.ContainsKey("timezone") ? "no field `timezone`" : null;
        if (problem is not null)
        {
            throw Fail(ErrorType.QueryLogic, $"Invalid time object constructed ({problem}):\n{Datum.TruncPrint(obj)}");
        }
        return obj;
    }

    /// <summary>The pseudo-types of a parsed value, checked and normalized as objects the query builds (a TIME's <c>Z</c> becomes <c>+00:00</c>).</summary>
    private void SanitizePseudoTypes(JsonNode? node)
    {
        Nesting.EnsureStack();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj.ToList())
                {
                    SanitizePseudoTypes(value);
                }
                SanitizePseudoType(obj);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    SanitizePseudoTypes(item);
                }
                break;
        }
    }
}
