using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// Runs one query against the <see cref="MemoryStore"/>: evaluates the term tree (already checked by
/// <see cref="TermCompiler"/>) the way the server's terms do, keeping the backtrace of the term being evaluated so
/// errors point where the real server's would.
/// </summary>
internal sealed partial class QueryRun
{
    // Whether r.literal may be evaluated here (see Eval), and whether the term being dispatched was given that.
    private bool _literalOk;
    private bool _termLiteralOk;

    // Set while a sum/avg/min/max runs for one group (read and cleared by it first thing): see EvalTerm.
    private bool _groupedTerminal;

    private const int DefaultArrayLimit = 100_000;

    private readonly MemoryStore _store;
    private readonly string _user;
    private readonly string _serverName;
    private readonly JsonElement _globalOptArgs;
    private List<object> _path = [];
    private Dictionary<int, JsonNode?> _variables = [];
    private JsonNode? _implicit;
    private int _arrayLimit = DefaultArrayLimit;
    private QueryProfile? _profile;

    public QueryRun(MemoryStore store, string user, string serverName, JsonElement globalOptArgs)
    {
        _store = store;
        _user = user;
        _serverName = serverName;
        _globalOptArgs = globalOptArgs;
    }

    public QueryResult Run(JsonElement term)
    {
        // configured_limits.cc: the queue size first, then the array limit, each an integer of at least 1.
        if (GlobalOptArg("changefeed_queue_size") is { } queueSize)
        {
            CheckLimit("changefeed queue size", Eval(queueSize));
        }
        if (GlobalOptArg("array_limit") is { } limit)
        {
            _arrayLimit = CheckLimit("array size limit", Eval(limit));
        }
        if (GlobalOptArg("profile") is { ValueKind: JsonValueKind.True })
        {
            _profile = new QueryProfile();
        }
        Value value;
        try
        {
            value = Eval(term);
        }
        catch (EmptyErrorFailure empty)
        {
            throw empty.Inner;
        }
        if (value is DatumValue { Node: var result } && HasLiteral(result))
        {
            throw LogicError("Stray literal keyword found: literal is only legal inside of the object passed to merge or update and cannot nest inside other literals.");
        }
        var answer = Result(value);
        return _profile is null ? answer : answer switch
        {
            AtomResult atom => atom with { Profile = _profile.ToJson() },
            SequenceResult sequence => sequence with { Profile = _profile.ToJson() },
            _ => answer,
        };
    }

    /// <summary>A configured limit (<c>changefeed_queue_size</c>, <c>array_limit</c>): an integer of at least 1 (configured_limits.cc check_limit).</summary>
    private int CheckLimit(string name, Value limit)
    {
        var size = AsNumber(limit);
        if (size != Math.Floor(size))
        {
            throw Fail(ErrorType.QueryLogic, $"Number not an integer: {Datum.Print(Datum.NumberNode(size))}", limit.Origin);
        }
        if (size < 1)
        {
            throw Fail(ErrorType.QueryLogic, $"Illegal {name} `{size:0}`.  (Must be >= 1.)", []);
        }
        return (int)Math.Min(size, int.MaxValue);
    }

    private QueryResult Result(Value value)
    {
        return value switch
        {
            DatumValue datum => new AtomResult(Datum.Normalize(datum.Node)),
            SingleSelectionValue single => new AtomResult(Datum.Normalize(single.Document)),
            SequenceValue { IsArray: true } array => new AtomResult(Datum.Normalize(ToArray(array.Rows))),
            SequenceValue stream => new SequenceResult(stream.Rows.Select(Datum.Normalize)),
            TableValue table => new SequenceResult(Snapshot(table.Table).Rows),
            FeedValue feed => feed.Feed,
            GroupedValue grouped => new AtomResult(Datum.Normalize(GroupedData(grouped.Groups))),
            _ => throw Fail(ErrorType.QueryLogic,
                $"Query result must be of type DATUM, GROUPED_DATA, or STREAM (got {value.TypeName})."),
        };
    }

    /// <summary>True when <c>r.literal</c> is left in a value (it is legal only inside merge and update).</summary>
    private static bool HasLiteral(JsonNode? node) => node switch
    {
        JsonObject obj => Datum.PseudoType(obj) == "LITERAL" || obj.Any(p => HasLiteral(p.Value)),
        JsonArray array => array.Any(HasLiteral),
        _ => false,
    };

    private JsonElement? GlobalOptArg(string name) =>
        _globalOptArgs.ValueKind == JsonValueKind.Object && _globalOptArgs.TryGetProperty(name, out var value) ? value : null;

    /// <summary>Evaluates a term: arrays are terms, objects build objects (MAKE_OBJ), the rest are datums.</summary>
    private Value Eval(JsonElement term)
    {
        Nesting.EnsureStack();
        switch (term.ValueKind)
        {
            case JsonValueKind.Array:
                // The server's LITERAL_OK flag: given to the arguments of merge and update (and the functions they
                // call), passed on by objects to their values, and by nothing else.
                var literalOk = _literalOk;
                _literalOk = term.GetArrayLength() > 0 && term[0].ValueKind == JsonValueKind.Number
                    && term[0].GetInt32() == (int)TermType.MakeObj && literalOk;
                _termLiteralOk = literalOk;
                try
                {
                    var value = _profile is null ? EvalTerm(term) : ProfiledEvalTerm(term);
                    if (value.Origin.Length == 0)
                    {
                        value.Origin = [.. _path];
                    }
                    return value;
                }
                finally
                {
                    _literalOk = literalOk;
                }
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in term.EnumerateObject())
                {
                    _path.Add(property.Name);
                    try
                    {
                        obj[property.Name] = Datum.Own(AsDatum(Eval(property.Value)));
                    }
                    finally
                    {
                        _path.RemoveAt(_path.Count - 1);
                    }
                }
                return Made(SanitizePseudoType(obj));
            case JsonValueKind.String:
                _profile?.Datum();
                return Made(JsonValue.Create(term.GetString()));
            case JsonValueKind.Number:
                _profile?.Datum();
                return Made(Datum.NumberNode(term.GetDouble()));
            case JsonValueKind.True or JsonValueKind.False:
                _profile?.Datum();
                return Made(JsonValue.Create(term.GetBoolean()));
            default:
                _profile?.Datum();
                return Made(null);
        }
    }

    /// <summary>A term evaluated as a task of the query's profile.</summary>
    private Value ProfiledEvalTerm(JsonElement term)
    {
        _profile!.Begin((TermType)term[0].GetInt32());
        try
        {
            return EvalTerm(term);
        }
        finally
        {
            _profile.End();
        }
    }

        private DatumValue Made(JsonNode? node) => new(node) { Origin = [.. _path] };

    /// <summary>
    /// Evaluates one term through the term table (<see cref="Evaluators"/>). As the server's <c>op_term_t</c>: the
    /// first argument is evaluated first, and when it is grouped data the term runs once per group (except for the
    /// few terms that see groups whole).
    /// </summary>
    private Value EvalTerm(JsonElement term)
    {
        var type = (TermType)term[0].GetInt32();
        var (args, optArgs) = TermCompiler.PartsOf(term);
        if (type == TermType.Datum)
        {
            return Made(args.ValueKind == JsonValueKind.Array && args.GetArrayLength() > 0 ? JsonNode.Parse(args[0].GetRawText(), documentOptions: Nesting.Document) : null);
        }
        if (!Evaluators.TryGetValue(type, out var evaluate))
        {
            throw QueryEvaluator.Unsupported(type);
        }
        if (TermCompiler.HasSplicedArgs(args))
        {
            args = SpliceArgs(args);
            TermCompiler.CheckArity(type, args.GetArrayLength(), spec => Fail(ErrorType.QueryLogic, spec));
        }
        if (args.ValueKind != JsonValueKind.Array || args.GetArrayLength() == 0 || SeesGroupsWhole.Contains(type))
        {
            return evaluate(this, new Args(this, args, optArgs, null));
        }
        var first = EvalFirstArgument(type, args[0]);
        if (first is FeedValue feed)
        {
            return OnFeed(type, args, optArgs, feed, evaluate); // Feeds/QueryRun.FeedTerms.cs
        }
        if (type == TermType.Union && UnionWithFeedLater(args, optArgs, first) is { } unioned)
        {
            return unioned;
        }
        if (first is not GroupedValue grouped)
        {
            return evaluate(this, new Args(this, args, optArgs, first));
        }
        var results = new List<(JsonNode? Key, JsonNode? Reduction)>(grouped.Groups.Count);
        var stillStreams = true;
        foreach (var (key, data) in grouped.Groups)
        {
            Value result;
            // The server accumulates a grouped terminal row by row: a group none of whose rows gave a value (all skipped
            // by a missing field) has no entry at all, where the same terminal on a plain stream would fail or give 0.
            _groupedTerminal = type is TermType.Sum or TermType.Avg or TermType.Min or TermType.Max or TermType.Count;
            try
            {
                result = evaluate(this, new Args(this, args, optArgs, new DatumValue(data) { Origin = first.Origin }));
            }
            catch (EmptyGroupException)
            {
                continue;
            }
            finally
            {
                _groupedTerminal = false;
            }
            stillStreams &= result is SequenceValue;
            results.Add((key, AsDatum(result)));
        }
        return new GroupedValue(results) { IsStream = stillStreams && grouped.IsStream };
    }

    /// <summary>Replaces each <c>r.args(array)</c> argument by the array's elements, as the server's <c>args_t</c>.</summary>
    private JsonElement SpliceArgs(JsonElement args)
    {
        var spliced = new JsonArray();
        for (var i = 0; i < args.GetArrayLength(); i++)
        {
            var arg = args[i];
            if (!TermCompiler.IsArgsTerm(arg))
            {
                spliced.Add(JsonNode.Parse(arg.GetRawText(), documentOptions: Nesting.Document));
                continue;
            }
            _path.Add(i);
            try
            {
                var array = EvalAt(arg[1][0], 0);
                var node = AsDatum(array);
                if (node is not JsonArray items)
                {
                    // Blamed on r.args itself (the path here), not on its argument.
                    throw DatumTypeError(node, "ARRAY");
                }
                foreach (var item in items)
                {
                    // DATUM terms carry any JSON value as it is, arrays and objects included.
                    spliced.Add((JsonNode)new JsonArray((int)TermType.Datum, new JsonArray(Datum.Own(item))));
                }
            }
            finally
            {
                _path.RemoveAt(_path.Count - 1);
            }
        }
        return ToElement(spliced);
    }

    private DatumValue MakeArray(Args args)
    {
        var array = new JsonArray();
        for (var i = 0; i < args.Count; i++)
        {
            array.Add(Datum.Own(AsDatum(args[i])));
        }
        CheckArrayLimit(array.Count);
        return Made(array);
    }

    private DatumValue MakeObject(Args args)
    {
        var obj = new JsonObject();
        foreach (var name in args.OptArgNames)
        {
            obj[name] = Datum.Own(AsDatum(args.OptArg(name)!));
        }
        return Made(SanitizePseudoType(obj));
    }

    private FuncValue MakeFunction(JsonElement args)
    {
        var parameters = TermCompiler.FunctionParameters(args[0])!;
        return new FuncValue(parameters, args[1], [.. _path, 1], new Dictionary<int, JsonNode?>(_variables));
    }

    /// <summary>Calls a function with arguments, as the server's <c>func_t::call</c>.</summary>
    private Value Call(FuncValue function, params JsonNode?[] arguments)
    {
        if (function.Parameters.Length != arguments.Length && function.Parameters.Length != 0)
        {
            // Blamed on the function's body, as the server does.
            throw Fail(ErrorType.QueryLogic,
                $"Expected function with {arguments.Length} argument{(arguments.Length == 1 ? "" : "s")} but found function with {function.Parameters.Length} argument{(function.Parameters.Length == 1 ? "" : "s")}.",
                [.. function.BodyPath]);
        }
        var savedVariables = _variables;
        var savedImplicit = _implicit;
        var savedPath = _path;
        _variables = new Dictionary<int, JsonNode?>(function.Captured);
        for (var i = 0; i < function.Parameters.Length; i++)
        {
            _variables[function.Parameters[i]] = arguments[i];
        }
        if (function.Parameters.Length == 1)
        {
            _implicit = arguments[0];
        }
        _path = [.. function.BodyPath];
        try
        {
            return Eval(function.Body);
        }
        finally
        {
            _variables = savedVariables;
            _implicit = savedImplicit;
            _path = savedPath;
        }
    }

    /// <summary>A function argument, or a constant used as a function that returns it (as the server does).</summary>
    private Value CallOrConstant(Value functionOrValue, params JsonNode?[] arguments) =>
        functionOrValue is FuncValue function ? Call(function, arguments) : functionOrValue;

    /// <summary>Evaluates with <c>r.literal</c> allowed at the top (the server's LITERAL_OK: merge's and update's
    /// arguments and the functions they call).</summary>
    private T WithLiteralsAllowed<T>(Func<T> evaluate)
    {
        var saved = _literalOk;
        _literalOk = true;
        try
        {
            return evaluate();
        }
        finally
        {
            _literalOk = saved;
        }
    }

    private void CheckArrayLimit(int count)
    {
        if (count > _arrayLimit)
        {
            throw Fail(ErrorType.ResourceLimit,
                $"Array over size limit `{_arrayLimit}`.  To raise the number of allowed elements, modify the `array_limit` option to `.run` (not available in the Data Explorer), or use an index.");
        }
    }

    /// <summary>A node as a JsonElement, without the reflection-based serializer (the package is AOT-compatible).</summary>
    private static JsonElement ToElement(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString(), Nesting.Document);
        return document.RootElement.Clone();
    }

    private static JsonArray ToArray(IEnumerable<JsonNode?> rows)
    {
        var array = new JsonArray();
        foreach (var row in rows)
        {
            array.Add(Datum.Own(row));
        }
        return array;
    }

    /// <summary>The arguments of one term, evaluated on demand with the backtrace frame of each.</summary>
    private readonly struct Args(QueryRun evaluation, JsonElement args, JsonElement optArgs, Value? first)
    {
        public int Count => args.ValueKind == JsonValueKind.Array ? args.GetArrayLength() : 0;

        /// <summary>Argument <paramref name="index"/>, evaluated now (the first one was evaluated once, up front).</summary>
        public Value this[int index] => index == 0 && first is not null ? first : evaluation.EvalAt(args[index], index);

        public JsonElement Raw(int index) => args[index];

        public JsonElement RawArgs => args;

        public IEnumerable<string> OptArgNames => optArgs.ValueKind == JsonValueKind.Object
            ? optArgs.EnumerateObject().Select(p => p.Name).ToList()
            : [];

        public JsonElement? RawOptArg(string name) =>
            optArgs.ValueKind == JsonValueKind.Object && optArgs.TryGetProperty(name, out var term) ? term : null;

        public Value? OptArg(string name) =>
            optArgs.ValueKind == JsonValueKind.Object && optArgs.TryGetProperty(name, out var term) ? evaluation.EvalAt(term, name) : null;
    }

    private Value EvalAt(JsonElement term, object frame)
    {
        _path.Add(frame);
        try
        {
            // A value passed through (or, and, branch, default, a function's body) keeps the backtrace of the term
            // that made it, as the server's val_t does; a new value has this term's already.
            var value = Eval(term);
            if (value.Origin.Length == 0)
            {
                value.Origin = [.. _path];
            }
            return value;
        }
        finally
        {
            _path.RemoveAt(_path.Count - 1);
        }
    }

    /// <summary>A grouped terminal found no value in its group: the group has no entry in the result.</summary>
    private sealed class EmptyGroupException : Exception
    {
    }

    /// <summary>Whether this terminal runs for one group (and so drops a group without values); clears the mark.</summary>
    private bool TakeGroupedTerminal()
    {
        var grouped = _groupedTerminal;
        _groupedTerminal = false;
        return grouped;
    }

    /// <summary><c>r.error()</c> without a message: in a <c>default</c>, it re-raises the error being defaulted.</summary>
    private sealed class EmptyErrorFailure(QueryFailure inner) : Exception(inner.Message)
    {
        public QueryFailure Inner { get; } = inner;
    }
}
