using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Objects: <c>pluck</c>/<c>without</c>/<c>has_fields</c>/<c>with_fields</c> with nested selectors (the server's
/// pathspec), <c>merge</c> with <c>literal</c>, <c>keys</c>, <c>values</c>, <c>object</c>. On a sequence each maps
/// (or filters) the rows.
/// </content>
internal sealed partial class QueryRun
{
    private const string LiteralType = "LITERAL";

    private static void AddObjectTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Pluck] = (r, a) => r.ObjectOrRows(a, "pluck", (row, paths) => Project(row, paths, recurse: false));
        table[TermType.Without] = (r, a) => r.ObjectOrRows(a, "without", (row, paths) => Unproject(row, paths, recurse: false));
        table[TermType.HasFields] = (r, a) => r.HasFields(a);
        table[TermType.WithFields] = (r, a) => r.WithFields(a);
        table[TermType.Merge] = (r, a) => r.Merge(a);
        table[TermType.Literal] = (r, a) => !r._termLiteralOk
            ? throw r.LogicError("Stray literal keyword found: literal is only legal inside of the object passed to merge or update and cannot nest inside other literals.")
            : r.Made(a.Count == 0
            ? new JsonObject { [Datum.ReqlType] = LiteralType }
            : new JsonObject { [Datum.ReqlType] = LiteralType, ["value"] = Datum.Own(r.AsDatum(a[0])) });
        table[TermType.Keys] = (r, a) => r.Made(new JsonArray([.. r.PlainObject(a[0], "keys").Select(p => (JsonNode?)JsonValue.Create(p.Key))]));
        table[TermType.Values] = (r, a) => r.Made(new JsonArray([.. r.PlainObject(a[0], "values").Select(p => Datum.Own(p.Value))]));
        table[TermType.Object] = (r, a) => r.MakeObjectFromPairs(a);
    }

    /// <summary>The paths of pluck/without/has_fields arguments, as one array pathspec.</summary>
    private JsonArray Paths(Args args)
    {
        var paths = new JsonArray();
        for (var i = 1; i < args.Count; i++)
        {
            var path = AsDatum(args[i]);
            CheckPath(path);
            paths.Add(Datum.Own(path));
        }
        return paths;
    }

    private void CheckPath(JsonNode? path)
    {
        switch (path)
        {
            case JsonArray list:
                foreach (var item in list)
                {
                    CheckPath(item);
                }
                break;
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    if (Datum.Kind(value) != JsonValueKind.True)
                    {
                        CheckPath(value);
                    }
                }
                break;
            case JsonValue when Datum.Kind(path) == JsonValueKind.String:
                break;
            default:
                throw LogicError($"Invalid path argument `{Datum.Print(path)}`.");
        }
    }

    /// <summary>Applies an object operation to an object, or to every row of an array or sequence.</summary>
    private Value ObjectOrRows(Args args, string name, Func<JsonNode?, JsonNode, JsonNode?> apply)
    {
        // As the server, the paths are read only for an object (for a sequence, at its first object row): a target of
        // another type is reported first, and an empty sequence never reads them.
        var target = args[0];
        JsonArray? paths = null;
        return ObjectOrRows(target, name, row => apply(row, paths ??= Paths(args)));
    }

    private Value ObjectOrRows(Value target, string name, Func<JsonNode?, JsonNode?> apply, bool filter = false)
    {
        var node = target is DatumValue or SingleSelectionValue || target is SequenceValue { IsArray: true, Table: null } ? AsDatum(target) : null;
        if (node is JsonObject obj && !Binary.Is(obj))
        {
            CheckNotPseudo(obj, name, target.Origin);
            return Made(apply(obj));
        }
        if (node is JsonArray || target is SequenceValue or TableValue)
        {
            var sequence = AsSequence(target);
            JsonNode? Row(JsonNode? row)
            {
                if (row is JsonObject o && !Binary.Is(o))
                {
                    CheckNotPseudo(o, name, target.Origin);
                    return apply(o);
                }
                throw NotAnObjectRow(name, row);
            }
            return filter
                ? Derive(sequence, rows => rows.Where(row => Datum.IsTruthy(Row(row))), sequence.Table)
                : Derive(sequence, rows => rows.Select(Row));
        }
        var printed = target is DatumValue or SingleSelectionValue ? Datum.TruncPrint(node) : "VALUE " + target.TypeName;
        throw TypedError(target is DatumValue or SingleSelectionValue ? node : JsonValue.Create(0),
            $"Cannot perform {name} on a non-object non-sequence `{printed}`.", target.Origin);
    }

    /// <summary>An object operation's error for a row of a sequence that is not an object (the server calls the
    /// operation on each row, an array row being a sequence of sequences); for a null row, a missing-value error.</summary>
    private QueryFailure NotAnObjectRow(string name, JsonNode? row) => row is JsonArray
        ? LogicError($"Cannot perform {name} on a sequence of sequences.")
        : TypedError(row, $"Cannot perform {name} on a non-object non-sequence `{Datum.TruncPrint(row)}`.");

    private void CheckNotPseudo(JsonObject obj, string name, object[] at)
    {
        if (Datum.PseudoType(obj) is not null)
        {
            throw LogicError($"Cannot call `{name}` on objects of type `{Datum.TypeName(obj)}`.", at);
        }
    }

    private List<KeyValuePair<string, JsonNode?>> PlainObject(Value value, string name)
    {
        var node = AsDatum(value);
        if (node is not JsonObject obj || Datum.PseudoType(obj) is not null)
        {
            throw LogicError($"Cannot call `{name}` on objects of type `{Datum.TypeName(node)}`.", value.Origin);
        }
        return Datum.Normalize(obj)!.AsObject().ToList();
    }

    private DatumValue MakeObjectFromPairs(Args args)
    {
        if (args.Count % 2 != 0)
        {
            throw LogicError($"OBJECT expects an even number of arguments (but found {args.Count}).");
        }
        var obj = new JsonObject();
        for (var i = 0; i < args.Count; i += 2)
        {
            var key = AsString(args[i]);
            var value = AsDatum(args[i + 1]);
            if (obj.TryGetPropertyValue(key, out var existing))
            {
                throw LogicError($"Duplicate key {Datum.Print(JsonValue.Create(key))} in object.  (got {Datum.TruncPrint(existing)} and {Datum.TruncPrint(value)} as values)");
            }
            obj[key] = Datum.Own(value);
        }
        return Made(obj);
    }

    private Value HasFields(Args args)
    {
        var target = args[0];
        JsonArray? paths = null;
        return ObjectOrRows(target, "has_fields", row => JsonValue.Create(ContainsPaths(row, paths ??= Paths(args))), filter: true);
    }

    /// <summary><c>with_fields</c>: the rows that have the fields, plucked to them (the server's rewrite).</summary>
    private SequenceValue WithFields(Args args)
    {
        // The server's rewrite has_fields(...).pluck(...): has_fields filters row by row, and a row that is not an
        // object fails it (a null row only drops out, its error being a missing value).
        var target = args[0];
        if (target is DatumValue { Node: not JsonArray } or SingleSelectionValue)
        {
            // has_fields on one value: an object gives a bool, which pluck then refuses; anything else is refused first.
            var node = AsDatum(target);
            throw node is JsonObject && !Binary.Is(node)
                ? LogicError($"Cannot perform pluck on a non-object non-sequence `{(ContainsPaths(node, Paths(args)) ? "true" : "false")}`.")
                : TypedError(node, $"Cannot perform has_fields on a non-object non-sequence `{Datum.TruncPrint(node)}`.", target.Origin);
        }
        var sequence = AsSequence(target);
        JsonArray? paths = null;
        bool Keep(JsonNode? row) => row switch
        {
            JsonObject when !Binary.Is(row) => ContainsPaths(row, paths ??= Paths(args)),
            null => false,
            _ => throw NotAnObjectRow("has_fields", row),
        };
        return Derive(sequence, rows => rows.Where(Keep).Select(row => Project(row, paths!, recurse: false)));
    }

    /// <summary>The server's <c>project</c>: keeps the selected paths.</summary>
    private static JsonNode? Project(JsonNode? datum, JsonNode path, bool recurse)
    {
        if (datum is JsonArray array && recurse)
        {
            return new JsonArray([.. array.Select(item => Project(item, path, recurse: false))]);
        }
        if (datum is not JsonObject obj || Binary.Is(obj))
        {
            throw new PathMismatch(); // a binary is a leaf to paths, not an object
        }
        var result = new JsonObject();
        switch (NormalizePath(path))
        {
            case string field:
                if (obj.TryGetPropertyValue(field, out var value))
                {
                    result[field] = Datum.Own(value);
                }
                break;
            case List<JsonNode> many:
                foreach (var sub in many)
                {
                    foreach (var (key, value2) in ((JsonObject)Project(obj, sub, recurse)!).ToList())
                    {
                        result[key] = Datum.Own(value2);
                    }
                }
                break;
            case Dictionary<string, JsonNode> nested:
                foreach (var (field, sub) in nested)
                {
                    if (obj.TryGetPropertyValue(field, out var inner))
                    {
                        try
                        {
                            result[field] = Project(inner, sub, recurse: true);
                        }
                        catch (PathMismatch)
                        {
                            // A path into a non-object keeps nothing there, as the server's project.
                        }
                    }
                }
                break;
        }
        return result;
    }

    /// <summary>The server's <c>unproject</c>: removes the selected paths.</summary>
    private static JsonNode? Unproject(JsonNode? datum, JsonNode path, bool recurse)
    {
        if (datum is JsonArray array && recurse)
        {
            return new JsonArray([.. array.Select(item => Unproject(item, path, recurse: false))]);
        }
        if (datum is not JsonObject obj || Binary.Is(obj))
        {
            throw new PathMismatch(); // a binary is a leaf to paths, not an object
        }
        var result = (JsonObject)Datum.Own(obj)!;
        Remove(result, path);
        return result;

        static void Remove(JsonObject target, JsonNode path)
        {
            switch (NormalizePath(path))
            {
                case string field:
                    target.Remove(field);
                    break;
                case List<JsonNode> many:
                    foreach (var sub in many)
                    {
                        Remove(target, sub);
                    }
                    break;
                case Dictionary<string, JsonNode> nested:
                    foreach (var (field, sub) in nested)
                    {
                        if (target.TryGetPropertyValue(field, out var inner))
                        {
                            try
                            {
                                target[field] = Unproject(inner, sub, recurse: true);
                            }
                            catch (PathMismatch)
                            {
                                // As the server: a path into a non-object removes nothing.
                            }
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>The server's pathspec <c>contains</c>: every path exists and is not null.</summary>
    private static bool ContainsPaths(JsonNode? datum, JsonNode path)
    {
        switch (NormalizePath(path))
        {
            case string field:
                return datum is JsonObject obj && !Binary.Is(obj) && obj.TryGetPropertyValue(field, out var value) && value is not null;
            case List<JsonNode> many:
                return many.All(sub => ContainsPaths(datum, sub));
            case Dictionary<string, JsonNode> nested:
                return nested.All(p => datum is JsonObject o && !Binary.Is(o) && o.TryGetPropertyValue(p.Key, out var inner) && ContainsPaths(inner, p.Value));
            default:
                return false;
        }
    }

    /// <summary>
    /// A pathspec as the server builds it: a field name (string), a list of pathspecs, or nested pathspecs by field; in
    /// an object, <c>{field: true}</c> selects the field whole.
    /// </summary>
    private static object NormalizePath(JsonNode path)
    {
        switch (path)
        {
            case JsonArray list:
                return list.Select(item => item!).ToList();
            case JsonObject obj:
                var whole = new List<JsonNode>();
                var nested = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
                foreach (var (key, value) in obj)
                {
                    if (Datum.Kind(value) == JsonValueKind.True)
                    {
                        whole.Add(JsonValue.Create(key));
                    }
                    else
                    {
                        nested[key] = value!;
                    }
                }
                if (whole.Count == 0)
                {
                    return nested;
                }
                if (nested.Count > 0)
                {
                    var rest = new JsonObject();
                    foreach (var (key, value) in nested)
                    {
                        rest[key] = Datum.Own(value);
                    }
                    whole.Add(rest);
                }
                return whole;
            default:
                return Datum.String(path);
        }
    }

    /// <summary>A path met a value that is not an object: the server drops that part silently.</summary>
    private sealed class PathMismatch : Exception;

    private Value Merge(Args args)
    {
        var target = args[0];
        // Read only for an object (for a sequence, at its first object row), as the server does; with r.literal allowed.
        List<Value>? others = null;
        List<Value> Others()
        {
            var values = new List<Value>();
            for (var i = 1; i < args.Count; i++)
            {
                values.Add(WithLiteralsAllowed(() => args[i]));
            }
            return values;
        }
        JsonNode? Apply(JsonNode? row)
        {
            var result = row;
            foreach (var other in others ??= Others())
            {
                var patch = AsDatum(WithLiteralsAllowed(() => CallOrConstant(other, result)));
                // A binary is a value, not an object: like a number, it replaces what it is merged into.
                if (patch is JsonObject p && Datum.PseudoType(p) is { } type && type is not (LiteralType or Binary.TypeName))
                {
                    throw LogicError($"Cannot merge objects of type `PTYPE<{type}>`.", other.Origin);
                }
                result = MergeValues(result, patch);
            }
            return result;
        }
        return ObjectOrRows(target, "merge", Apply);
    }

    /// <summary>
    /// Merges as <c>datum_t::merge</c>: objects merge key by key, recursively; anything else replaces;
    /// <c>r.literal(v)</c> replaces without merging, and <c>r.literal()</c> removes the key.
    /// </summary>
    private static JsonNode? MergeValues(JsonNode? left, JsonNode? right)
    {
        if (Datum.PseudoType(right) == LiteralType)
        {
            return DropLiterals(((JsonObject)right!).TryGetPropertyValue("value", out var literal) ? literal : null);
        }
        if (left is not JsonObject l || right is not JsonObject r || Datum.PseudoType(right) is not null || Datum.PseudoType(left) is not null)
        {
            return DropLiterals(right);
        }
        var result = (JsonObject)Datum.Own(l)!;
        foreach (var (key, value) in r)
        {
            if (Datum.PseudoType(value) == LiteralType && !((JsonObject)value!).ContainsKey("value"))
            {
                result.Remove(key);
                continue;
            }
            result[key] = result.TryGetPropertyValue(key, out var existing) ? MergeValues(existing, value) : DropLiterals(value);
        }
        return result;
    }

    /// <summary>A copy with every <c>r.literal</c> replaced by its value (and keys holding an empty literal removed).</summary>
    private static JsonNode? DropLiterals(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject literal when Datum.PseudoType(literal) == LiteralType:
                return DropLiterals(literal.TryGetPropertyValue("value", out var inner) ? inner : null);
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (Datum.PseudoType(value) == LiteralType && !((JsonObject)value!).ContainsKey("value"))
                    {
                        continue;
                    }
                    copy[key] = DropLiterals(value);
                }
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(DropLiterals)]);
            default:
                return Datum.Own(node);
        }
    }
}
