using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>Pseudo-type objects built by a query or read from JSON text, checked and normalized as the server does.</content>
internal sealed partial class QueryRun
{
    /// <summary>
    /// Checks and normalizes a pseudo-type object the query builds or JSON text holds, as the server's datum
    /// constructor does: a TIME (<c>sanitize_time</c>: milliseconds, the zone sanitized), a BINARY (its base64 decoded
    /// and written again), a GEOMETRY (<c>sanitize_geometry</c>); any other <c>$reql_type$</c> is refused.
    /// </summary>
    private JsonObject SanitizePseudoType(JsonObject obj)
    {
        if (!obj.TryGetPropertyValue(Datum.ReqlType, out var type))
        {
            return obj;
        }
        if (Datum.Kind(type) != JsonValueKind.String)
        {
            throw LogicError($"Error: Field `$reql_type$` must be a string (got `{Datum.TruncPrint(type)}` of type {Datum.TypeName(type)}):\n{Datum.TruncPrint(obj)}");
        }
        switch (Datum.String(type!))
        {
            case GeometryType:
                SanitizeGeometry(obj);
                return obj;
            case TimeType:
                return SanitizeTime(obj);
            case Binary.TypeName:
                return SanitizeBinary(obj);
            case var other:
                throw LogicError($"Unknown $reql_type$ `PTYPE<{other}>`.");
        }
    }

    /// <summary>
    /// A TIME's fields in the server's (sorted) order, up to the first that is wrong: the epoch time rounded to the
    /// millisecond, the zone sanitized (<c>Z</c> and <c>+01</c> become <c>+00:00</c> and <c>+01:00</c>).
    /// </summary>
    private JsonObject SanitizeTime(JsonObject obj)
    {
        string? problem = null;
        foreach (var key in obj.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray())
        {
            var value = obj[key];
            var zone = key == "timezone" && Datum.Kind(value) == JsonValueKind.String ? ValidTimezone(Datum.String(value!)) : null;
            problem = key switch
            {
                Datum.ReqlType => null,
                "epoch_time" when Datum.Kind(value) == JsonValueKind.Number => null,
                "epoch_time" => $"field `epoch_time` must be a number (got `{Datum.TruncPrint(value)}` of type {Datum.TypeName(value)})",
                "timezone" when Datum.Kind(value) == JsonValueKind.String => zone is null ? $"invalid timezone string `{Datum.TruncPrint(value)}`" : null,
                "timezone" => $"field `timezone` must be a string (got `{Datum.TruncPrint(value)}` of type {Datum.TypeName(value)})",
                _ => $"unrecognized field `{key}`",
            };
            if (problem is not null)
            {
                break;
            }
            if (key == "epoch_time")
            {
                obj["epoch_time"] = Datum.NumberNode(RoundEpoch(Datum.Number(value!)));
            }
            else if (key == "timezone")
            {
                obj["timezone"] = zone;
            }
        }
        problem ??= !obj.ContainsKey("epoch_time") ? "no field `epoch_time`" : !obj.ContainsKey("timezone") ? "no field `timezone`" : null;
        return problem is null ? obj : throw Fail(ErrorType.QueryLogic, $"Invalid time object constructed ({problem}):\n{Datum.TruncPrint(obj)}");
    }

    /// <summary>The zone as <c>sanitize::tz</c> writes it, or null when it refuses it.</summary>
    private static string? ValidTimezone(string text)
    {
        try
        {
            return Iso8601Sanitizer.Timezone(text);
        }
        catch (Iso8601Sanitizer.Error)
        {
            return null;
        }
    }

    /// <summary>A BINARY: only <c>data</c> beside its type, a string of base64 read as the server reads it, and written again.</summary>
    private JsonObject SanitizeBinary(JsonObject obj)
    {
        if (obj.Select(p => p.Key).Order(StringComparer.Ordinal).FirstOrDefault(key => key is not (Datum.ReqlType or "data")) is { } illegal)
        {
            throw LogicError($"Invalid binary pseudotype: illegal `{illegal}` key.");
        }
        if (!obj.TryGetPropertyValue("data", out var data))
        {
            throw LogicError("Invalid binary pseudotype: lacking `data` key.");
        }
        if (Datum.Kind(data) != JsonValueKind.String)
        {
            throw TypedError(data, $"Expected type STRING but found {Datum.TypeName(data)}.");
        }
        try
        {
            obj["data"] = Binary.Base64(ServerBase64.Decode(Datum.String(data!)));
        }
        catch (FormatException error)
        {
            throw LogicError(error.Message);
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
