using System.Text.Json;

namespace RethinkDb.Testing;

/// <summary>
/// The body of one query frame, checked as the real server checks it before running anything
/// (<c>json_protocol_t::parse_query_from_buffer</c> and the <c>json_term_storage_t</c> constructor of v2.4.4).
/// A malformed body is answered with CLIENT_ERROR and the connection stays open, as there.
/// </summary>
internal sealed class QueryFrame
{
    private const string ParseErrorPrefix = "Server could not parse query: ";

    private QueryFrame(QueryType type, JsonElement term, JsonElement globalOptArgs, bool noreply)
    {
        Type = type;
        Term = term;
        GlobalOptArgs = globalOptArgs;
        NoReply = noreply;
    }

    public QueryType Type { get; }

    /// <summary>The query's term (START); <see cref="JsonValueKind.Undefined"/> when the frame has none.</summary>
    public JsonElement Term { get; }

    /// <summary>The global optional arguments; <see cref="JsonValueKind.Undefined"/> when the frame has none.</summary>
    public JsonElement GlobalOptArgs { get; }

    /// <summary>Whether the client wants no answer (the <c>noreply</c> global optarg).</summary>
    public bool NoReply { get; }

    /// <summary>Parses and checks a frame body.</summary>
    /// <exception cref="QueryFailure">CLIENT_ERROR with the real server's message.</exception>
    public static QueryFrame Parse(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Evaluation.Nesting.Document);
        }
        catch (JsonException)
        {
            throw ClientError("Client is buggy (failed to deserialize query).");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw ClientError($"{ParseErrorPrefix}Expected a query to be an array, but found {TypeName(root)}.");
            }
            var size = root.GetArrayLength();
            if (size is 0 or > 3)
            {
                throw ClientError($"{ParseErrorPrefix}Expected 1 to 3 elements in the top-level query, but found {size}.");
            }
            if (root[0].ValueKind != JsonValueKind.Number)
            {
                throw ClientError($"{ParseErrorPrefix}Expected a query type as a number, but found {TypeName(root[0])}.");
            }
            var type = root[0].TryGetInt32(out var number) ? (QueryType)number : QueryType.None;
            if (type is not (QueryType.Start or QueryType.Continue or QueryType.Stop or QueryType.NoreplyWait or QueryType.ServerInfo))
            {
                throw ClientError($"{ParseErrorPrefix}Unrecognized QueryType: {(root[0].TryGetInt32(out var shown) ? shown : 0)}.");
            }
            var optArgs = size == 3 ? root[2] : default;
            if (size == 3 && optArgs.ValueKind != JsonValueKind.Object)
            {
                throw ClientError($"{ParseErrorPrefix}Expected global optargs as an object, but found {TypeName(optArgs)}.");
            }
            return new QueryFrame(
                type,
                size >= 2 ? root[1].Clone() : default,
                size == 3 ? optArgs.Clone() : default,
                IsNoReply(optArgs));
        }
    }

    /// <summary>
    /// <c>static_optarg_as_bool("noreply")</c>: a JSON <c>true</c>, or the datum term <c>[1, true]</c>; anything else
    /// means a reply is wanted.
    /// </summary>
    private static bool IsNoReply(JsonElement optArgs)
    {
        if (optArgs.ValueKind != JsonValueKind.Object || !optArgs.TryGetProperty("noreply", out var value))
        {
            return false;
        }
        return value.ValueKind == JsonValueKind.True ||
               (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2 &&
                value[0].ValueKind == JsonValueKind.Number && value[0].TryGetInt32(out var term) && term == (int)TermType.Datum &&
                value[1].ValueKind == JsonValueKind.True);
    }

    /// <summary>The type names of <c>rapidjson_typestr</c>.</summary>
    private static string TypeName(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => "NULL",
        JsonValueKind.True or JsonValueKind.False => "BOOL",
        JsonValueKind.Object => "OBJECT",
        JsonValueKind.Array => "ARRAY",
        JsonValueKind.String => "STRING",
        _ => "NUMBER",
    };

    private static QueryFailure ClientError(string message) => new(ResponseType.ClientError, ErrorType.None, message);
}
