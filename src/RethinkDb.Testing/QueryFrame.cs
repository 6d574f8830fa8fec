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
            CheckStrings(body);
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

    /// <summary>
    /// What the server refuses in a query's strings and keys, which .NET's parser lets through: an escaped high
    /// surrogate not followed by an escaped low one (rapidjson's parse fails: CLIENT_ERROR), then bytes that are not
    /// UTF-8 (the server's own check when it makes the string: COMPILE_ERROR with its words). An escaped lone low
    /// surrogate, which rapidjson takes and the server stores encoded on its own (invalid UTF-8 the driver reads as
    /// U+FFFD), is rewritten in place as <c>\ufffd</c>, and so is a surrogate sent encoded on its own: what a client
    /// reads back is then the same from either server.
    /// Malformed JSON is left to the parser that runs next.
    /// </summary>
    private static void CheckStrings(byte[] body)
    {
        var reader = new Utf8JsonReader(body, Evaluation.Nesting.Reader);
        string? invalidText = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }
                if (reader.ValueIsEscaped && !reader.HasValueSequence)
                {
                    var start = (int)reader.TokenStartIndex + 1; // after the opening quote
                    if (!ReplaceLoneLowSurrogates(body.AsSpan(start, reader.ValueSpan.Length)))
                    {
                        throw ClientError("Client is buggy (failed to deserialize query).");
                    }
                }
                invalidText ??= Evaluation.ServerUtf8.Problem(reader.ValueSpan);
                if (invalidText is null && !reader.HasValueSequence)
                {
                    // Surrogates encoded on their own, which the server's check lets through: U+FFFD, as above.
                    Evaluation.ServerUtf8.ReplaceEncodedSurrogates(body.AsSpan((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length));
                }
            }
        }
        catch (JsonException)
        {
            return;
        }
        if (invalidText is not null)
        {
            throw QueryFailure.Compile(invalidText);
        }
    }

    /// <summary>
    /// In an escaped string's raw text: false for a high surrogate escape without a low one right after it; otherwise
    /// rewrites each lone low surrogate escape as <c>\ufffd</c> (the same six bytes long) and returns true.
    /// </summary>
    internal static bool ReplaceLoneLowSurrogates(Span<byte> text)
    {
        var highPending = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != (byte)'\\')
            {
                if (highPending)
                {
                    return false;
                }
                continue;
            }
            if (text[i + 1] != (byte)'u')
            {
                if (highPending)
                {
                    return false;
                }
                i++; // an escaped character: \\, \", \n...
                continue;
            }
            var unit = int.Parse(System.Text.Encoding.ASCII.GetString(text.Slice(i + 2, 4)), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            var isHigh = unit is >= 0xD800 and <= 0xDBFF;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (highPending)
            {
                if (!isLow)
                {
                    return false;
                }
                highPending = false;
            }
            else if (isHigh)
            {
                highPending = true;
            }
            else if (isLow)
            {
                "fffd"u8.CopyTo(text.Slice(i + 2, 4));
            }
            i += 5;
        }
        return !highPending;
    }

    /// <summary>The type names of <c>rapidjson_typestr</c> (term_storage.cc), in the parser's and the term walker's messages.</summary>
    internal static string TypeName(JsonElement element) => element.ValueKind switch
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
