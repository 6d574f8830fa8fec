using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Control and types: <c>do</c> (FUNCALL), <c>default</c>, <c>error</c>, <c>coerce_to</c>, <c>type_of</c>,
/// <c>info</c>, <c>json</c>, <c>to_json_string</c>, <c>args</c>, and the outside-world terms <c>js</c>/<c>http</c>.
/// </content>
internal sealed partial class QueryRun
{
    private static void AddControlTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Funcall] = (r, a) => r.FunctionCall(a);
        table[TermType.Default] = (r, a) => r.Default(a);
        table[TermType.Error] = (r, a) => throw (a.Count == 0
            // Outside a default block the server answers QUERY_LOGIC, not USER as for r.error(message).
            ? new EmptyErrorFailure(r.LogicError("Empty ERROR term outside a default block."))
            : (Exception)r.UserError(r.AsString(a[0])));
        table[TermType.CoerceTo] = (r, a) => r.CoerceTo(a);
        table[TermType.TypeOf] = (r, a) => r.Made(JsonValue.Create(TypeOf(a[0])));
        table[TermType.Info] = (r, a) => r.Info(a[0]);
        table[TermType.Json] = (r, a) => r.ParseJson(a);
        table[TermType.ToJsonString] = (r, a) => r.Made(JsonValue.Create(ToJsonText(r.AsDatum(a[0]))));
        table[TermType.Args] = (r, a) => r.AsArrayValue(a[0]);
        table[TermType.Binary] = (r, a) => r.MakeBinary(a[0]);
        table[TermType.Javascript] = (r, _) => throw r.LogicError("The test server cannot run JavaScript: r.js is not supported (it has no JavaScript engine).");
        table[TermType.Http] = (r, a) =>
        {
            r.AsString(a[0]); // the address is checked first, as on the server
            throw r.OpFailedError("The test server has no network access: r.http is not supported.");
        };
    }

    /// <summary><c>r.do(args..., func)</c> arrives as FUNCALL(func, args...).</summary>
    private Value FunctionCall(Args args)
    {
        var function = args[0];
        var arguments = new JsonNode?[args.Count - 1];
        for (var i = 1; i < args.Count; i++)
        {
            arguments[i - 1] = AsDatum(args[i]);
        }
        // A constant in the function's place is returned as it is (r.do(1, 2) is 2), as the server's CONSTANT_SHORTCUT.
        return function is FuncValue f ? Call(f, arguments) : function is DatumValue ? function : throw TypeError(function, "FUNCTION");
    }

    /// <summary>
    /// <c>x.default(d)</c>: a NON_EXISTENCE error or null from <c>x</c> gives <c>d</c> (or <c>d(message or null)</c>);
    /// <c>r.error()</c> as <c>d</c> re-raises the original error (as the server's <c>default_term_t</c>).
    /// </summary>
    private Value Default(Args args)
    {
        JsonNode? argument;
        QueryFailure? error = null;
        Value? value = null;
        try
        {
            value = args[0];
            if (value is not DatumValue and not SingleSelectionValue and not SequenceValue { IsArray: true, Table: null })
            {
                return value;
            }
            argument = AsDatum(value);
            if (argument is not null)
            {
                return value;
            }
        }
        catch (QueryFailure failure) when (IsNonExistence(failure))
        {
            error = failure;
            argument = JsonValue.Create(failure.Message);
        }
        try
        {
            var fallback = args[1];
            return fallback is FuncValue function ? Call(function, argument) : fallback;
        }
        catch (EmptyErrorFailure)
        {
            return error is not null ? throw error : value!;
        }
    }

    /// <summary>
    /// <c>r.binary(data)</c>: binary data stays as it is, a string becomes its UTF-8 bytes; anything else is blamed on
    /// the term itself, not its argument (the server checks the value it evaluated).
    /// </summary>
    private DatumValue MakeBinary(Value value)
    {
        var node = AsDatum(value);
        if (Binary.Is(node))
        {
            return Made(node);
        }
        return Datum.Kind(node) == JsonValueKind.String
            ? Made(Binary.Of(System.Text.Encoding.UTF8.GetBytes(Datum.String(node!))))
            : throw DatumTypeError(node, "STRING");
    }

    private Value AsArrayValue(Value value)
    {
        var node = AsDatum(value);
        // Blamed on r.args itself, not on its argument, as the server does.
        return node is JsonArray ? value : throw DatumTypeError(node, "ARRAY");
    }

    /// <summary>The server's <c>typename_of</c>: datum type names, or the kind of value.</summary>
    private static string TypeOf(Value value) => value switch
    {
        DatumValue datum => Datum.TypeName(datum.Node),
        SequenceValue { Table: null, IsArray: true } => "ARRAY",
        DbValue => "DB",
        // A datum on the server, whose type_of and info name the bound itself.
        BoundValue bound => bound.Name.ToUpperInvariant(),
        _ => value.TypeName,
    };

    private DatumValue Info(Value value)
    {
        var info = new JsonObject { ["type"] = TypeOf(value) };
        switch (value)
        {
            case DbValue db:
                info["name"] = db.Db.Name;
                info["id"] = db.Db.Id.ToString();
                break;
            case TableValue table:
                AddTableInfo(info, table.Table);
                break;
            case SingleSelectionValue single:
                info["table"] = TableInfo(single.Table);
                break;
            case SequenceValue { Table: { } selectionTable } selection:
                selection.Slice?.AddInfo(info, CannotWriteAsJson);
                info["table"] = TableInfo(selectionTable);
                break;
            case FuncValue:
                throw LogicError("The test server cannot print a function's source code for info().");
            case GroupedValue:
            case SequenceValue:
            case BoundValue:
                break;
            default:
                var node = AsDatum(value);
                if (node is not null)
                {
                    info["value"] = Datum.Print(node);
                }
                if (Binary.Is(node))
                {
                    info["count"] = Binary.Bytes(node!).Length;
                }
                break;
        }
        return Made(info);
    }

    private JsonObject TableInfo(MemoryTable table)
    {
        var info = new JsonObject { ["type"] = "TABLE" };
        AddTableInfo(info, table);
        return info;
    }

    private void AddTableInfo(JsonObject info, MemoryTable table)
    {
        info["name"] = table.Name;
        info["primary_key"] = table.PrimaryKey;
        info["db"] = new JsonObject { ["type"] = "DB", ["name"] = table.Db.Name, ["id"] = table.Db.Id.ToString() };
        info["id"] = table.Id.ToString();
        lock (_store.Sync)
        {
            info["doc_count_estimates"] = new JsonArray(table.Documents.Count);
            info["indexes"] = new JsonArray([.. table.Indexes.Keys.Select(k => (JsonNode?)JsonValue.Create(k))]);
        }
    }

    /// <summary>
    /// <c>r.json</c>: the text parsed as the server's rapidjson parses it, with its words for its errors, and the
    /// pseudo-types in it checked as any object the query builds.
    /// </summary>
    private DatumValue ParseJson(Args args)
    {
        var text = AsString(args[0]);
        // rapidjson takes a lone low surrogate escape (the server returns it encoded on its own, which the driver reads
        // as U+FFFD) and refuses a lone high one: as the strings of a query (QueryFrame).
        var utf8 = LoneLowSurrogatesReplaced(text);
        JsonNode? node;
        try
        {
            using (var document = JsonDocument.Parse(utf8, Nesting.Document))
            {
                try
                {
                    CheckParsedJson(document.RootElement, text);
                }
                catch (InvalidOperationException)
                {
                    // A key or string with a lone surrogate escape, which .NET reads but cannot decode.
                    throw LogicError($"Failed to parse \"{text}\" as JSON: The surrogate pair in string is invalid.");
                }
            }
            node = JsonNode.Parse(utf8, documentOptions: Nesting.Document);
        }
        catch (JsonException ex)
        {
            throw LogicError($"Failed to parse \"{text}\" as JSON: {JsonTextError(text, ex)}");
        }
        node = IntegerZeroesUnsigned(node);
        SanitizePseudoTypes(node);
        return Made(node);
    }

    /// <summary>
    /// rapidjson reads <c>-0</c> written as an integer as the integer 0 (only <c>-0.0</c> or <c>-0e0</c> are the double
    /// −0): the parsed value with every such number made 0. Iterative, at any depth.
    /// </summary>
    private static JsonNode? IntegerZeroesUnsigned(JsonNode? root)
    {
        static bool IsIntegerMinusZero(JsonNode? node) =>
            node is JsonValue value && value.TryGetValue(out JsonElement element) && element.ValueKind == JsonValueKind.Number
            && element.GetRawText() == "-0";
        if (IsIntegerMinusZero(root))
        {
            return JsonValue.Create(0);
        }
        var pending = new Stack<JsonNode?>([root]);
        while (pending.TryPop(out var node))
        {
            IEnumerable<JsonNode?> children = node switch
            {
                JsonObject obj => obj.Select(property => property.Value),
                JsonArray array => array,
                _ => [],
            };
            foreach (var child in children.ToArray())
            {
                if (!IsIntegerMinusZero(child))
                {
                    pending.Push(child);
                }
                else if (child!.Parent is JsonObject parent)
                {
                    parent[child.GetPropertyName()] = JsonValue.Create(0);
                }
                else
                {
                    child.Parent!.AsArray()[child.GetElementIndex()] = JsonValue.Create(0);
                }
            }
        }
        return root;
    }

    /// <summary>The text as UTF-8, each escaped lone low surrogate in its strings rewritten as <c>\ufffd</c>.</summary>
    private static byte[] LoneLowSurrogatesReplaced(string text)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(utf8, Nesting.Reader);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    // A lone high surrogate is left for the parse, which refuses it.
                    QueryFrame.ReplaceLoneLowSurrogates(utf8.AsSpan((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length));
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: the parse that follows says how.
        }
        return utf8;
    }

    /// <summary>rapidjson's words for what is wrong with a text .NET's parser refused (<see cref="RapidJsonSyntax"/>).</summary>
    private static string JsonTextError(string text, JsonException error) =>
        RapidJsonSyntax.FirstError(System.Text.Encoding.UTF8.GetBytes(text))
        // Valid to rapidjson, refused by .NET (a NUL inside, where rapidjson stops reading): .NET's reason, in rapidjson's words where known.
        ?? (error.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase) ? "The surrogate pair in string is invalid." : "Invalid value.");

    /// <summary>
    /// What .NET's parser lets through and the server does not: a lone surrogate escape (rapidjson refuses it; decoding
    /// the string throws), a number too big for a double, a key twice in one object (the server's own check).
    /// </summary>
    private void CheckParsedJson(JsonElement element, string text)
    {
        Nesting.EnsureStack();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string> keys = new(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!keys.Add(property.Name))
                    {
                        throw LogicError($"Duplicate key \"{property.Name}\" in JSON.");
                    }
                    CheckParsedJson(property.Value, text);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CheckParsedJson(item, text);
                }
                break;
            case JsonValueKind.String:
                _ = element.GetString(); // decoding refuses a lone surrogate escape (caught by ParseJson)
                break;
            case JsonValueKind.Number:
                if (!element.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    throw LogicError($"Failed to parse \"{text}\" as JSON: Number too big to be stored in double.");
                }
                break;
        }
    }

    /// <summary>Compact JSON of a datum (<c>to_json_string</c>, <c>coerce_to('string')</c>).</summary>
    private static string ToJsonText(JsonNode? node)
    {
        var builder = new System.Text.StringBuilder();
        WriteJson(Datum.Normalize(node), builder);
        return builder.ToString();
    }

    private static void WriteJson(JsonNode? node, System.Text.StringBuilder builder)
    {
        switch (node)
        {
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    builder.Append(first ? "" : ",").Append(RapidJsonText.Quote(key)).Append(':');
                    WriteJson(value, builder);
                    first = false;
                }
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i > 0 ? "," : "");
                    WriteJson(array[i], builder);
                }
                builder.Append(']');
                break;
            case null:
                builder.Append("null");
                break;
            default:
                builder.Append(Datum.PrintScalar(node));
                break;
        }
    }

    /// <summary><c>coerce_to</c>, following the server's <c>coerce_term_t</c> case by case.</summary>
    private Value CoerceTo(Args args)
    {
        var value = args[0];
        var target = AsString(args[1]).ToUpperInvariant();
        string[] known = ["DB", "TABLE", "TABLE_SLICE", "SELECTION<STREAM>", "SELECTION<ARRAY>", "STREAM", "SELECTION<OBJECT>",
            "DATUM", "FUNCTION", "GROUPED_DATA", "NULL", "BINARY", "BOOL", "NUMBER", "STRING", "ARRAY", "OBJECT", "MINVAL", "MAXVAL"];
        if (Array.IndexOf(known, target) < 0)
        {
            throw LogicError($"Unknown Type: {target}");
        }
        if (value is BoundValue bound)
        {
            // A datum the server cannot write as JSON: truthy, and nothing else, itself included.
            return target == "BOOL"
                ? Made(JsonValue.Create(true))
                : throw CannotWriteAsJson(bound.Name);
        }
        var isDatum = value is DatumValue or SingleSelectionValue || value is SequenceValue { Table: null, IsArray: true };
        var node = isDatum ? AsDatum(value) : null;
        var start = isDatum ? CoerceName(node) : TypeOf(value);
        if (start == target || (target == "DATUM" && isDatum))
        {
            return value;
        }
        if (target == "BOOL")
        {
            return Made(JsonValue.Create(start != "NULL"));
        }
        if (isDatum)
        {
            switch (start, target)
            {
                case ("BINARY", "STRING"):
                    return Made(JsonValue.Create(System.Text.Encoding.UTF8.GetString(Binary.Bytes(node!))));
                case ("STRING", "BINARY"):
                    return Made(Binary.Of(System.Text.Encoding.UTF8.GetBytes(Datum.String(node!))));
                case (_, "STRING"):
                    return Made(JsonValue.Create(ToJsonText(node)));
                case ("OBJECT", "ARRAY"):
                    return Made(new JsonArray([.. Datum.Normalize(node)!.AsObject().Select(p => (JsonNode?)new JsonArray(JsonValue.Create(p.Key), Datum.Own(p.Value)))]));
                case ("STRING", "NUMBER"):
                    var text = Datum.String(node!);
                    return ScanfNumber.TryParse(text, out var number)
                        ? Made(CheckFiniteNumber(number))
                        : throw LogicError($"Could not coerce `{text}` to NUMBER.");
            }
        }
        if (value is SequenceValue or TableValue || node is JsonArray)
        {
            var rows = AsSequence(value).Rows;
            if (target is "ARRAY" or "DATUM")
            {
                CheckArrayLimit(rows.Count);
                return Made(ToArray(rows));
            }
            if (target == "OBJECT")
            {
                var obj = new JsonObject();
                foreach (var pair in rows)
                {
                    if (pair is not JsonArray { Count: 2 } kv)
                    {
                        throw pair is JsonArray other
                            ? LogicError($"Expected array of size 2, but got size {other.Count}.")
                            : TypedError(pair, $"Expected type ARRAY but found {Datum.TypeName(pair)}.");
                    }
                    if (Datum.Kind(kv[0]) != JsonValueKind.String)
                    {
                        throw TypedError(kv[0], $"Expected type STRING but found {Datum.TypeName(kv[0])}.");
                    }
                    var key = Datum.String(kv[0]!);
                    if (obj.TryGetPropertyValue(key, out var existing))
                    {
                        throw LogicError($"Duplicate key {Datum.Print(kv[0])} in coerced object.  (got {Datum.TruncPrint(existing)} and {Datum.TruncPrint(kv[1])} as values)");
                    }
                    obj[key] = Datum.Own(kv[1]);
                }
                return Made(obj);
            }
        }
        // A selection loaded into an array (order_by on a table, sample) is still named a stream here, as on the server.
        throw TypedError(isDatum ? node : JsonValue.Create(0),
            $"Cannot coerce {(start == "SELECTION<ARRAY>" ? "SELECTION<STREAM>" : start)} to {target}.", value.Origin);
    }

    /// <summary>A datum's type as <c>coerce_to</c> names it: pseudo-types other than BINARY count as OBJECT.</summary>
    private static string CoerceName(JsonNode? node) => Datum.PseudoType(node) switch
    {
        "BINARY" => "BINARY",
        not null => "OBJECT",
        _ => Datum.TypeName(node),
    };
}
