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
    private const int DefaultArrayLimit = 100_000;

    private readonly MemoryStore _store;
    private readonly string _user;
    private readonly string _serverName;
    private readonly JsonElement _globalOptArgs;
    private List<object> _path = [];
    private Dictionary<int, JsonNode?> _variables = [];
    private JsonNode? _implicit;
    private int _arrayLimit = DefaultArrayLimit;

    public QueryRun(MemoryStore store, string user, string serverName, JsonElement globalOptArgs)
    {
        _store = store;
        _user = user;
        _serverName = serverName;
        _globalOptArgs = globalOptArgs;
    }

    public QueryResult Run(JsonElement term)
    {
        if (GlobalOptArg("array_limit") is { } limit)
        {
            _arrayLimit = (int)AsNumber(Eval(limit));
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

    private JsonElement? GlobalOptArg(string name) =>
        _globalOptArgs.ValueKind == JsonValueKind.Object && _globalOptArgs.TryGetProperty(name, out var value) ? value : null;

    /// <summary>Evaluates a term: arrays are terms, objects build objects (MAKE_OBJ), the rest are datums.</summary>
    private Value Eval(JsonElement term)
    {
        switch (term.ValueKind)
        {
            case JsonValueKind.Array:
                var value = EvalTerm(term);
                if (value.Origin.Length == 0)
                {
                    value.Origin = [.. _path];
                }
                return value;
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
                return Made(JsonValue.Create(term.GetString()));
            case JsonValueKind.Number:
                return Made(Datum.NumberNode(term.GetDouble()));
            case JsonValueKind.True or JsonValueKind.False:
                return Made(JsonValue.Create(term.GetBoolean()));
            default:
                return Made(null);
        }
    }

    private DatumValue Made(JsonNode? node) => new(node) { Origin = [.. _path] };

    private Value EvalTerm(JsonElement term)
    {
        var type = (TermType)term[0].GetInt32();
        var args = term.GetArrayLength() > 1 ? term[1] : default;
        var optArgs = term.GetArrayLength() > 2 ? term[2] : default;
        var terms = new Args(this, args, optArgs);
        return type switch
        {
            TermType.Datum => Made(args.ValueKind == JsonValueKind.Array && args.GetArrayLength() > 0
                ? JsonNode.Parse(args[0].GetRawText()) : null),
            TermType.MakeArray => MakeArray(terms),
            TermType.MakeObj => MakeObject(terms),
            TermType.Var => Made(_variables[args[0].GetInt32()]),
            TermType.ImplicitVar => Made(_implicit),
            TermType.Func => MakeFunction(args),
            TermType.Error => throw (terms.Count == 0
                ? new EmptyErrorFailure(Fail(ErrorType.User, "Empty ERROR term outside a default block."))
                : (Exception)Fail(ErrorType.User, AsString(terms[0]))),
            TermType.Db => new DbValue(FindDb(AsString(terms[0]))),
            TermType.Table => Table(terms),
            TermType.DbCreate => DbCreate(terms),
            TermType.DbDrop => DbDrop(terms),
            TermType.DbList => DbList(),
            TermType.TableCreate => TableCreate(terms),
            TermType.TableDrop => TableDrop(terms),
            TermType.TableList => TableList(terms),
            TermType.Get => Get(terms),
            TermType.GetAll => GetAll(terms),
            TermType.Insert => Insert(terms),
            TermType.Update => Update(terms),
            TermType.Replace => Replace(terms),
            TermType.Delete => Delete(terms),
            TermType.Filter => Filter(terms),
            TermType.GetField => GetField(terms, bracket: false),
            TermType.Bracket => GetField(terms, bracket: true),
            TermType.Eq or TermType.Ne or TermType.Lt or TermType.Le or TermType.Gt or TermType.Ge => Compare(type, terms),
            TermType.Not => Made(JsonValue.Create(!Datum.IsTruthy(AsDatum(terms[0])))),
            TermType.And => And(terms),
            TermType.Or => Or(terms),
            TermType.Branch => Branch(terms),
            TermType.Add or TermType.Sub or TermType.Mul or TermType.Div or TermType.Mod => Arithmetic(type, terms),
            TermType.Pluck => Pluck(terms, keep: true),
            TermType.Without => Pluck(terms, keep: false),
            TermType.Merge => Merge(terms),
            TermType.OrderBy => OrderBy(terms),
            TermType.Asc or TermType.Desc => throw Fail(ErrorType.QueryLogic, $"{(type == TermType.Asc ? "ASC" : "DESC")} may only be used as an argument to ORDER_BY."),
            TermType.Limit => Slice(terms, skip: false),
            TermType.Skip => Slice(terms, skip: true),
            TermType.Count => Count(terms),
            TermType.Group => Group(terms),
            TermType.Ungroup => Ungroup(terms),
            TermType.Changes => Changes(terms),
            _ => throw QueryEvaluator.Unsupported(type),
        };
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
            throw Fail(ErrorType.QueryLogic,
                $"Expected function with {arguments.Length} argument{(arguments.Length == 1 ? "" : "s")} but found function with {function.Parameters.Length} argument{(function.Parameters.Length == 1 ? "" : "s")}.");
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

    private void CheckArrayLimit(int count)
    {
        if (count > _arrayLimit)
        {
            throw Fail(ErrorType.ResourceLimit,
                $"Array over size limit `{_arrayLimit}`.  To raise the number of allowed elements, modify the `array_limit` option to `.run` (not available in the Data Explorer), or use an index.");
        }
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

    /// <summary>Validates and normalizes TIME objects as the server's <c>sanitize_time</c> (milliseconds, +00:00).</summary>
    private JsonObject SanitizePseudoType(JsonObject obj)
    {
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
                    obj["epoch_time"] = Datum.NumberNode(Math.Round(Datum.Number(value!) * 1000, MidpointRounding.AwayFromZero) / 1000);
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

    // ----- conversions, with the server's messages -----

    private JsonNode? AsDatum(Value value) => value switch
    {
        DatumValue datum => datum.Node,
        SingleSelectionValue single => single.Document,
        SequenceValue { IsArray: true } array => ToArray(array.Rows),
        _ => throw TypeError(value, "DATUM"),
    };

    private double AsNumber(Value value)
    {
        var node = AsDatum(value);
        return Datum.Kind(node) == JsonValueKind.Number ? Datum.Number(node!) : throw DatumTypeError(value, node, "NUMBER");
    }

    private string AsString(Value value)
    {
        var node = AsDatum(value);
        return Datum.Kind(node) == JsonValueKind.String ? Datum.String(node!) : throw DatumTypeError(value, node, "STRING");
    }

    private bool AsBool(Value value) => Datum.IsTruthy(AsDatum(value));

    private JsonObject AsObject(Value value)
    {
        var node = AsDatum(value);
        return node as JsonObject ?? throw DatumTypeError(value, node, "OBJECT");
    }

    private MemoryTable AsTable(Value value) => value is TableValue table ? table.Table : throw TypeError(value, "TABLE");

    private QueryFailure TypeError(Value value, string expected) =>
        value is DatumValue datum
            ? DatumTypeError(value, datum.Node, expected)
            : Fail(ErrorType.QueryLogic, $"Expected type {expected} but found {value.TypeName}.", value.Origin);

    /// <summary>"Expected type X but found Y." — NON_EXISTENCE when the value is null, as <c>exc_type</c> decides.</summary>
    private QueryFailure DatumTypeError(Value value, JsonNode? node, string expected) =>
        Fail(node is null ? ErrorType.NonExistence : ErrorType.QueryLogic,
            $"Expected type {expected} but found {Datum.TypeName(node)}.", value.Origin);

    private QueryFailure Fail(ErrorType type, string message, object[]? at = null) =>
        QueryFailure.Runtime(type, message, at ?? [.. _path]);

    /// <summary>The arguments of one term, evaluated on demand with the backtrace frame of each.</summary>
    private readonly struct Args(QueryRun evaluation, JsonElement args, JsonElement optArgs)
    {
        public int Count => args.ValueKind == JsonValueKind.Array ? args.GetArrayLength() : 0;

        public Value this[int index] => evaluation.EvalAt(args[index], index);

        public JsonElement Raw(int index) => args[index];

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
            var value = Eval(term);
            value.Origin = [.. _path];
            return value;
        }
        finally
        {
            _path.RemoveAt(_path.Count - 1);
        }
    }

    /// <summary><c>r.error()</c> without a message: in a <c>default</c>, it re-raises the error being defaulted.</summary>
    private sealed class EmptyErrorFailure(QueryFailure inner) : Exception(inner.Message)
    {
        public QueryFailure Inner { get; } = inner;
    }
}
