using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Secondary indexes: <c>index_create</c> (by field, function, compound, <c>multi</c>), <c>index_drop</c>,
/// <c>index_list</c>, <c>index_rename</c>, <c>index_status</c>, <c>index_wait</c>; and the entries that
/// <c>get_all</c>, <c>between</c>, <c>order_by</c>, <c>distinct</c>, <c>group</c>, <c>min</c>/<c>max</c> and
/// <c>eq_join</c> read through an index. Indexes are always ready: they are computed when read.
/// </content>
internal sealed partial class QueryRun
{
    private const string IndexFunctionPrefix = "$reql_index_function$";

    private static void AddIndexTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.IndexCreate] = (r, a) => r.IndexCreate(a);
        table[TermType.IndexDrop] = (r, a) => r.IndexDrop(a);
        table[TermType.IndexList] = (r, a) => r.IndexList(a);
        table[TermType.IndexRename] = (r, a) => r.IndexRename(a);
        table[TermType.IndexStatus] = (r, a) => r.IndexStatus(a, wait: false);
        table[TermType.IndexWait] = (r, a) => r.IndexStatus(a, wait: true);
    }

    private DatumValue IndexCreate(Args args)
    {
        var table = AsTable(args[0]);
        var name = AsString(args[1]);
        if (name == table.PrimaryKey)
        {
            throw LogicError($"Index name conflict: `{name}` is the name of the primary key.");
        }
        FuncValue function;
        if (args.Count == 3)
        {
            var given = args[2];
            function = given as FuncValue ?? throw NotAFunction(given);
            if (!Determinism.IsDeterministic(function.Body))
            {
                // Blamed on the function's body, as the server does.
                throw LogicError("Could not prove function deterministic.  Index functions must be deterministic.", [.. given.Origin, 1]);
            }
            function = new FuncValue(function.Parameters, function.Body.Clone(), function.BodyPath, function.Captured);
        }
        else
        {
            // The server's r.fun(x, r.var(x)[name]).
            var term = ToElement(new JsonArray((int)TermType.Func, new JsonArray(
                new JsonArray((int)TermType.MakeArray, new JsonArray(1)),
                new JsonArray((int)TermType.Bracket, new JsonArray(new JsonArray((int)TermType.Var, new JsonArray(1)), name)))));
            function = new FuncValue([1], term[1][1], [], new Dictionary<int, JsonNode?>());
        }
        var multi = args.OptArg("multi") is { } m && AsBool(m);
        var geo = args.OptArg("geo") is { } g && AsBool(g);
        RefuseSystemDb(table.Db, "you can't create secondary indexes on the tables in it.");
        RequireConfig(table.Db, table);
        lock (_store.Sync)
        {
            if (table.Indexes.ContainsKey(name))
            {
                throw OpFailedError($"Index `{name}` already exists on table `{table.QualifiedName}`.");
            }
            table.Indexes[name] = new SecondaryIndex(name, function, multi, geo);
            _store.SystemDb.Refresh();
        }
        return Made(new JsonObject { ["created"] = 1 });
    }

    private DatumValue IndexDrop(Args args)
    {
        var table = AsTable(args[0]);
        var name = AsString(args[1]);
        if (table.Source is not null)
        {
            throw OpFailedError($"Index `{name}` does not exist on table `{table.QualifiedName}`.");
        }
        RequireConfig(table.Db, table);
        lock (_store.Sync)
        {
            if (!table.Indexes.Remove(name))
            {
                throw OpFailedError($"Index `{name}` does not exist on table `{table.QualifiedName}`.");
            }
            _store.SystemDb.Refresh();
        }
        return Made(new JsonObject { ["dropped"] = 1 });
    }

    private DatumValue IndexList(Args args)
    {
        var table = AsTable(args[0]);
        lock (_store.Sync)
        {
            return Made(new JsonArray([.. table.Indexes.Keys.Select(k => (JsonNode?)JsonValue.Create(k))]));
        }
    }

    private DatumValue IndexRename(Args args)
    {
        var table = AsTable(args[0]);
        var from = AsString(args[1]);
        var to = AsString(args[2]);
        foreach (var name in new[] { from, to })
        {
            if (name == table.PrimaryKey)
            {
                throw LogicError($"Index name conflict: `{name}` is the name of the primary key.");
            }
        }
        var overwrite = args.OptArg("overwrite") is { } o && AsBool(o);
        if (table.Source is not null)
        {
            throw OpFailedError($"Index `{from}` does not exist on table `{table.QualifiedName}`.");
        }
        RequireConfig(table.Db, table);
        lock (_store.Sync)
        {
            if (!table.Indexes.TryGetValue(from, out var index) || (!overwrite && from != to && table.Indexes.ContainsKey(to)))
            {
                throw OpFailedError(overwrite
                    ? $"Index `{from}` does not exist on table `{table.QualifiedName}`."
                    : $"Index `{from}` does not exist or index `{to}` already exists on table `{table.QualifiedName}`.");
            }
            if (from == to)
            {
                return Made(new JsonObject { ["renamed"] = 0 });
            }
            table.Indexes.Remove(from);
            index.Name = to;
            table.Indexes[to] = index;
            _store.SystemDb.Refresh();
        }
        return Made(new JsonObject { ["renamed"] = 1 });
    }

    /// <summary><c>index_status</c>/<c>index_wait</c>: the status of the named indexes (all when none is named), by name.</summary>
    private DatumValue IndexStatus(Args args, bool wait)
    {
        var table = AsTable(args[0]);
        var wanted = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            wanted.Add(AsString(args[i]));
        }
        var statuses = new JsonArray();
        lock (_store.Sync)
        {
            foreach (var name in wanted)
            {
                if (!table.Indexes.ContainsKey(name))
                {
                    throw OpFailedError($"Index `{name}` was not found on table `{table.QualifiedName}`.");
                }
            }
            foreach (var (name, index) in table.Indexes)
            {
                if (wanted.Count > 0 && !wanted.Contains(name))
                {
                    continue;
                }
                var source = index.Function.Body.GetRawText();
                statuses.Add((JsonNode)new JsonObject
                {
                    // The server stores a binary serialization of the function; here, its ReQL JSON.
                    ["function"] = Binary.Of(Encoding.UTF8.GetBytes(IndexFunctionPrefix + source)),
                    ["geo"] = index.Geo,
                    ["index"] = name,
                    ["multi"] = index.Multi,
                    ["outdated"] = false,
                    ["query"] = $"indexCreate('{name}', {source}{IndexOptionsText(index)})",
                    ["ready"] = true,
                });
            }
        }
        _ = wait; // every index is ready at once: waiting returns the same statuses
        return Made(statuses);
    }

    /// <summary>The options part of <c>index_status</c>'s query text, as <c>format_index_create_query</c>.</summary>
    private static string IndexOptionsText(SecondaryIndex index) => (index.Multi, index.Geo) switch
    {
        (true, true) => ", {multi: true, geo: true}",
        (true, false) => ", {multi: true}",
        (false, true) => ", {geo: true}",
        _ => "",
    };

    /// <summary>
    /// Every (key, document) of an index, in key order then primary key order. A document whose index function fails
    /// or gives a value that cannot be a key (null, an object) is not in the index; a multi index has one entry per
    /// array element.
    /// </summary>
    private List<(JsonNode? Key, JsonObject Row)> IndexEntries(MemoryTable table, string index)
    {
        lock (_store.Sync)
        {
            if (index == table.PrimaryKey)
            {
                return [.. table.Documents.Select(d => ((JsonNode?)d.Key, d.Value))];
            }
            if (!table.Indexes.TryGetValue(index, out var secondary))
            {
                throw OpFailedError($"Index `{index}` was not found on table `{table.QualifiedName}`.");
            }
            if (secondary.Geo)
            {
                throw LogicError($"Index `{index}` is a geospatial index.  Only get_nearest and get_intersecting can use a geospatial index.");
            }
            if (secondary.Cached is null || secondary.CachedVersion != table.Version)
            {
                var entries = new List<(JsonNode Key, JsonObject Row, JsonNode PrimaryKey)>();
                foreach (var (primaryKey, document) in table.Documents)
                {
                    JsonNode? value;
                    try
                    {
                        value = AsDatum(Call(secondary.Function, document));
                    }
                    catch (QueryFailure)
                    {
                        continue;
                    }
                    var keys = secondary.Multi && value is JsonArray many ? many.ToList() : [value];
                    foreach (var key in keys)
                    {
                        if (IsIndexKey(key))
                        {
                            entries.Add((Datum.Own(key)!, document, primaryKey));
                        }
                    }
                }
                entries.Sort((a, b) => Datum.Compare(a.Key, b.Key) is var c && c != 0 ? c : Datum.Compare(a.PrimaryKey, b.PrimaryKey));
                secondary.Cached = [.. entries.Select(e => ((JsonNode?)e.Key, e.Row))];
                secondary.CachedByKey = secondary.Cached.ToLookup(e => e.Key, e => e.Row, new DatumEquality());
                secondary.CachedVersion = table.Version;
            }
            // Callers only read the entries (and OrderByIndex reverses its own copy).
            return secondary.Cached;
        }
    }

    private static bool IsIndexKey(JsonNode? key) =>
        key is not null && (key is not JsonObject || Datum.PseudoType(key) is { } type && type != GeometryType) &&
        (key is not JsonArray array || array.All(IsIndexKey));

    /// <summary>The documents whose index value equals a key.</summary>
    private Func<JsonNode?, IEnumerable<JsonObject>> IndexLookup(MemoryTable table, string index)
    {
        if (index == table.PrimaryKey)
        {
            return key =>
            {
                lock (_store.Sync)
                {
                    return key is not null && table.Documents.TryGetValue(key, out var document) ? [document] : [];
                }
            };
        }
        IndexEntries(table, index);
        var byKey = table.Indexes[index].CachedByKey!;
        return key => byKey[key];
    }

    private SequenceValue GetAllByIndex(MemoryTable table, string index, Args args)
    {
        // The keys are checked first (get_key_arg), then the index is read.
        var keys = new List<JsonNode>();
        for (var i = 1; i < args.Count; i++)
        {
            var key = args[i];
            var datum = AsDatum(key);
            if (Datum.PseudoType(datum) == GeometryType)
            {
                throw LogicError("Cannot use a geospatial index with `get_all`. Use `get_intersecting` instead.", key.Origin);
            }
            keys.Add(datum ?? throw MissingError("Keys cannot be NULL.", key.Origin));
        }
        var lookup = IndexLookup(table, index);
        var rows = new List<JsonNode?>();
        foreach (var key in keys)
        {
            rows.AddRange(lookup(key));
        }
        return new SequenceValue(rows, table, isArray: false);
    }

    /// <summary>
    /// The rows of a table slice: the index's entries within its bounds, in scan order (as the server's shards answer
    /// an unordered read) or by index key, then by <paramref name="orderings"/> (<c>order_by("x", {index})</c>).
    /// </summary>
    private SequenceValue SliceRows(MemoryTable table, TableSlice slice, List<(bool Descending, Func<JsonNode?, JsonNode?> Key)> orderings)
    {
        var entries = IndexEntries(table, slice.Index).Where(e => slice.Bounds?.Contains(e.Key) ?? true).ToList();
        List<JsonNode?> rows;
        if (slice.Sorting == TableSlice.Unordered)
        {
            lock (_store.Sync)
            {
                rows = [.. table.InScanOrder(entries, e => e.Row[table.PrimaryKey]!).Select(e => (JsonNode?)e.Row)];
            }
        }
        else
        {
            var descending = slice.Sorting == TableSlice.Descending;
            if (descending)
            {
                // The index reads backwards: equal keys come in descending primary key order too (the sort is stable).
                entries.Reverse();
            }
            var then = RowComparer(orderings);
            rows = [.. entries.Order(Comparer<(JsonNode? Key, JsonObject Row)>.Create((a, b) =>
            {
                var c = Datum.Compare(a.Key, b.Key);
                return c != 0 ? (descending ? -c : c) : then.Compare(a.Row, b.Row);
            })).Select(e => (JsonNode?)e.Row)];
        }
        return new SequenceValue(rows, table, isArray: false) { Slice = slice };
    }
}
