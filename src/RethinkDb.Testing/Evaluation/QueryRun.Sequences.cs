using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <content>Selections and sequences: get, getAll, filter, pluck, without, merge, orderBy, limit, skip, count.</content>
internal sealed partial class QueryRun
{
    /// <summary>The table's documents now, in scan order (not key order), as a selection (a stream).</summary>
    private SequenceValue Snapshot(MemoryTable table)
    {
        lock (_store.Sync)
        {
            return new SequenceValue([.. table.Scan()], table, isArray: false);
        }
    }

    private SequenceValue AsSequence(Value value) => value switch
    {
        SequenceValue sequence => sequence,
        TableValue table => Snapshot(table.Table),
        DatumValue { Node: JsonArray array } => new SequenceValue([.. array], null, isArray: true),
        // A datum's own conversion error (datum_t::as_datum_stream): the server reports it at the term converting it,
        // not at the argument (unlike val_t's checks, such as a number or string expected).
        DatumValue datum => throw TypedError(datum.Node, $"Cannot convert {Datum.TypeName(datum.Node)} to SEQUENCE"),
        // val_t's own check (rcheck_literal_type): at the argument, with the value printed.
        SingleSelectionValue single => throw TypedError(single.Document,
            $"Expected type SEQUENCE but found SINGLE_SELECTION:\n{Datum.Print(single.Document)}", value.Origin),
        _ => throw TypeError(value, "SEQUENCE"),
    };

    /// <summary>
    /// A primary key value must be a number, string, bool, array or pseudo-type; a wrong one is blamed on the key, or
    /// on nothing when <paramref name="unblamed"/> (<c>get</c>: the server finds it reading the table, outside any
    /// term, so its backtrace is empty however deep the <c>get</c>).
    /// </summary>
    private JsonNode CheckKey(Value value, bool unblamed = false)
    {
        var key = AsDatum(value);
        return Datum.Kind(key) is JsonValueKind.Null or JsonValueKind.Object && Datum.PseudoType(key) is null
            ? throw Fail(key is null ? ErrorType.NonExistence : ErrorType.QueryLogic, BadKeyMessage(key), unblamed ? [] : value.Origin)
            : Datum.IsTooLongKey(key) ? throw Fail(ErrorType.QueryLogic, Datum.TooLongKeyMessage(key!), [])
            : key!;
    }

    private static string BadKeyMessage(JsonNode? key) =>
        $"Primary keys must be either a number, string, bool, pseudotype or array (got type {Datum.TypeName(key)}):\n{Datum.TruncPrint(key)}";

    private SingleSelectionValue Get(Args args)
    {
        var table = AsTable(args[0]);
        var key = CheckKey(args[1], unblamed: true);
        lock (_store.Sync)
        {
            return new SingleSelectionValue(table, key, table.Documents.GetValueOrDefault(key));
        }
    }

    private SequenceValue GetAll(Args args)
    {
        var table = AsTable(args[0]);
        if (args.OptArg("index") is { } index && AsString(index) is var indexName && indexName != table.PrimaryKey)
        {
            return GetAllByIndex(table, indexName, args);
        }
        var keys = new List<JsonNode>();
        for (var i = 1; i < args.Count; i++)
        {
            var key = args[i];
            var datum = AsDatum(key);
            if (Datum.PseudoType(datum) == GeometryType)
            {
                throw LogicError("Cannot use a geospatial index with `get_all`. Use `get_intersecting` instead.", key.Origin);
            }
            if (datum is null)
            {
                throw Fail(ErrorType.NonExistence, "Keys cannot be NULL.", key.Origin);
            }
            keys.Add(datum);
        }
        // The keys' types are checked as the table is read, once none is null: an error of get_all's own.
        if (keys.Find(key => Datum.Kind(key) == JsonValueKind.Object && Datum.PseudoType(key) is null) is { } badKey)
        {
            throw LogicError(BadKeyMessage(badKey));
        }
        // A document comes once per time its key was given; the real server answers them in neither the order given
        // nor key order: here, in scan order, as a table scan.
        var found = new List<(JsonNode Key, JsonNode? Document)>();
        lock (_store.Sync)
        {
            foreach (var key in keys)
            {
                if (table.Documents.TryGetValue(key, out var document))
                {
                    found.Add((key, document));
                }
            }
            // In scan order, as the server answers (checked on 2.4.4: getAll(1..8) is a scan filtered to those keys).
            return new SequenceValue([.. table.InScanOrder(found, f => f.Key).Select(f => f.Document)], table, isArray: false);
        }
    }

    private SequenceValue Filter(Args args)
    {
        var sequence = AsSequence(args[0]);
        var predicate = args[1];
        var defaultValue = DefaultOptArg(args);
        return Derive(sequence, rows => rows.Where(row => Matches(predicate, row, defaultValue)), sequence.Table);
    }

    /// <summary>
    /// One row through a filter predicate (<c>func_t::filter_call</c>): an object (literal or returned by a function
    /// whose body is an object) matches field by field; a NON_EXISTENCE error makes the row match as the
    /// <c>default</c> optarg says (false by default).
    /// </summary>
    private bool Matches(Value predicate, JsonNode? row, Value? defaultValue)
    {
        try
        {
            if (predicate is FuncValue function)
            {
                var result = AsDatum(Call(function, row));
                return result is JsonObject pattern && function.Body.ValueKind == JsonValueKind.Object
                    ? FilterMatch(pattern, row)
                    : Datum.IsTruthy(result);
            }
            var constant = AsDatum(predicate);
            return constant is JsonObject literal ? FilterMatch(literal, row) : Datum.IsTruthy(constant);
        }
        catch (QueryFailure failure) when (failure.ErrorType == ErrorType.NonExistence)
        {
            if (defaultValue is null)
            {
                return false;
            }
            if (defaultValue is EmptyErrorValue)
            {
                throw;
            }
            // A default function gets the error message, as in the server.
            return AsBool(CallOrConstant(defaultValue, JsonValue.Create(failure.Message)));
        }
    }

    /// <summary>The <c>default</c> optarg; <c>r.error()</c> there is kept unevaluated, to re-raise the original error.</summary>
    private static Value? DefaultOptArg(Args args)
    {
        if (args.RawOptArg("default") is not { } raw)
        {
            return null;
        }
        if (raw.ValueKind == JsonValueKind.Array && raw[0].GetInt32() == (int)TermType.Error &&
            (raw.GetArrayLength() < 2 || raw[1].GetArrayLength() == 0))
        {
            return new EmptyErrorValue();
        }
        return args.OptArg("default");
    }

    private sealed class EmptyErrorValue : Value
    {
        public override string TypeName => "DATUM";
    }

    private bool FilterMatch(JsonObject pattern, JsonNode? row)
    {
        if (row is not JsonObject obj)
        {
            throw Fail(row is null ? ErrorType.NonExistence : ErrorType.QueryLogic, $"Expected type OBJECT but found {Datum.TypeName(row)}.");
        }
        foreach (var (key, expected) in pattern)
        {
            if (!obj.TryGetPropertyValue(key, out var actual))
            {
                throw Fail(ErrorType.NonExistence, $"No attribute `{key}` in object.");
            }
            if (expected is JsonObject inner && actual is JsonObject)
            {
                if (!FilterMatch(inner, actual))
                {
                    return false;
                }
            }
            else if (!Datum.AreEqual(actual, expected))
            {
                return false;
            }
        }
        return true;
    }

    private SequenceValue OrderBy(Args args)
    {
        var source = args[0];
        var orderings = new List<(bool Descending, Func<JsonNode?, JsonNode?> Key)>();
        for (var i = 1; i < args.Count; i++)
        {
            orderings.Add(Ordering(args.Raw(i), i));
        }
        SequenceValue sequence;
        var byIndex = args.RawOptArg("index");
        if (byIndex is not null)
        {
            var (table, slice, tableOrigin) = source is TableValue or SequenceValue { Slice: not null }
                ? AsTableSlice(source)
                : throw LogicError("Indexed order_by can only be performed on a TABLE or TABLE_SLICE. Make sure order_by comes before any transformations (such as map) or filters.");
            var (descending, indexName) = IndexOrdering(args);
            if (slice is not null)
            {
                // A slice reads one index once: ordered after a between on the same index only.
                if (slice.Sorting != TableSlice.Unordered)
                {
                    throw LogicError("Cannot perform multiple indexed ORDER_BYs on the same table.", tableOrigin);
                }
                if (slice.Index != indexName)
                {
                    throw LogicError($"Cannot order by index `{indexName}` after calling BETWEEN on index `{slice.Index}`.", tableOrigin);
                }
            }
            return SliceRows(table, new TableSlice(indexName, slice?.Bounds, descending ? TableSlice.Descending : TableSlice.Ascending, tableOrigin), orderings);
        }
        else
        {
            sequence = AsSequence(source);
            if (orderings.Count == 0)
            {
                throw Fail(ErrorType.QueryLogic, "Must specify something to order by.");
            }
        }
        var sorted = Sort(sequence.Rows, orderings);
        // Ordering by an index keeps a stream; any other ordering loads the rows into an array.
        var isArray = byIndex is null || sequence.IsArray;
        if (isArray)
        {
            CheckArrayLimit(sorted.Count);
        }
        return new SequenceValue(sorted, sequence.Table, isArray);
    }

    /// <summary>
    /// Sorts as the server does: <c>std::stable_sort</c> with <c>lt_cmp_t</c>, which reads a row's key when it compares
    /// it (the left row's, then the right's; a later ordering only on a tie). Keys are read once each, in the order the
    /// server first reads them — an insertion sort up to 15 rows, as libstdc++'s — so the same row's error comes first,
    /// and a single row is never compared at all.
    /// </summary>
    private static List<JsonNode?> Sort(IReadOnlyList<JsonNode?> rows, List<(bool Descending, Func<JsonNode?, JsonNode?> Key)> orderings)
    {
        var keys = new (bool Missing, JsonNode? Key)?[rows.Count, orderings.Count];
        (bool Missing, JsonNode? Key) KeyAt(int row, int ordering) =>
            keys[row, ordering] ??= KeyOrMissing(orderings[ordering].Key, rows[row]);
        int Compare(int a, int b)
        {
            for (var i = 0; i < orderings.Count; i++)
            {
                var (missingA, keyA) = KeyAt(a, i);
                var (missingB, keyB) = KeyAt(b, i);
                // As lt_cmp_t: a row whose key does not exist sorts first (last when descending).
                var c = missingA && missingB ? 0 : missingA ? -1 : missingB ? 1 : Datum.Compare(keyA, keyB);
                if (c != 0)
                {
                    return orderings[i].Descending ? -c : c;
                }
            }
            return 0;
        }
        var order = Enumerable.Range(0, rows.Count).ToList();
        if (order.Count > 15)
        {
            return [.. order.Order(Comparer<int>.Create(Compare)).Select(i => rows[i])];
        }
        for (var i = 1; i < order.Count; i++)
        {
            var value = order[i];
            if (Compare(value, order[0]) < 0)
            {
                order.RemoveAt(i);
                order.Insert(0, value);
                continue;
            }
            var at = i;
            while (Compare(value, order[at - 1]) < 0)
            {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = value;
        }
        return [.. order.Select(i => rows[i])];
    }

    private static (bool Missing, JsonNode? Key) KeyOrMissing(Func<JsonNode?, JsonNode?> key, JsonNode? row)
    {
        try
        {
            return (false, key(row));
        }
        catch (QueryFailure failure) when (failure.ErrorType == ErrorType.NonExistence)
        {
            return (true, null);
        }
    }

    /// <summary>
    /// One ordering, given at <paramref name="frame"/> (an argument of <c>order_by</c>, the <c>interleave</c> of a
    /// <c>union</c> or an item of it): a field name, a function, or either wrapped in <c>r.asc</c>/<c>r.desc</c>.
    /// </summary>
    private (bool Descending, Func<JsonNode?, JsonNode?> Key) Ordering(JsonElement term, object frame)
    {
        if (IsTerm(term, TermType.Asc) || IsTerm(term, TermType.Desc))
        {
            _path.Add(frame);
            try
            {
                return (IsTerm(term, TermType.Desc), RowFunction(EvalAt(term[1][0], 0), fieldShortcut: true));
            }
            finally
            {
                _path.RemoveAt(_path.Count - 1);
            }
        }
        return (false, RowFunction(EvalAt(term, frame), fieldShortcut: true));
    }

    private (bool Descending, string Name) IndexOrdering(Args args)
    {
        var raw = args.RawOptArg("index")!.Value;
        if (raw.ValueKind == JsonValueKind.Array && raw[0].GetInt32() is (int)TermType.Asc or (int)TermType.Desc)
        {
            _path.Add("index");
            try
            {
                return (raw[0].GetInt32() == (int)TermType.Desc, AsString(EvalAt(raw[1][0], 0)));
            }
            finally
            {
                _path.RemoveAt(_path.Count - 1);
            }
        }
        return (false, AsString(args.OptArg("index")!));
    }

    /// <summary><c>limit</c>: the sequence first, then the count (as the server's <c>limit_term_t</c>).</summary>
    private SequenceValue Limit(Args args)
    {
        var sequence = AsSequence(args[0]);
        var countValue = args[1];
        var count = AsNumber(countValue);
        if (count != Math.Floor(count))
        {
            throw Fail(ErrorType.QueryLogic, $"Number not an integer: {Datum.FormatNumber(count)}", countValue.Origin);
        }
        if (count < 0)
        {
            throw Fail(ErrorType.QueryLogic, $"LIMIT takes a non-negative argument (got {(long)count})");
        }
        var n = (int)Math.Min(count, int.MaxValue);
        return Derive(sequence, rows => rows.Take(n), sequence.Table, bounded: true, narrows: true);
    }

    private DatumValue Count(Args args)
    {
        var inGroup = TakeGroupedTerminal();
        var target = args[0];
        if (args.Count == 1 && target is DatumValue { Node: var node })
        {
            // A string counts its code points, an object its keys, binary data its bytes.
            switch (node)
            {
                case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                    return Made(Datum.NumberNode(Datum.String(text).EnumerateRunes().Count()));
                case JsonObject obj when Binary.Is(obj):
                    return Made(Datum.NumberNode(Binary.Bytes(obj).Length));
                case JsonObject obj:
                    return Made(Datum.NumberNode(obj.Count));
            }
        }
        // count_term_t reads its second argument (a value or a predicate) before converting the value to a sequence.
        var predicate = args.Count == 1 ? null : args[1];
        var sequence = AsSequence(target);
        if (predicate is null)
        {
            return StreamResult(Datum.NumberNode(sequence.Rows.Count), target);
        }
        var count = 0;
        var wanted = predicate is FuncValue ? null : AsDatum(predicate);
        foreach (var row in sequence.Rows)
        {
            // count(f) filters with f: a row whose predicate fails on a missing field does not count.
            var matches = predicate is FuncValue function
                ? Matches(function, row, defaultValue: null)
                : Datum.AreEqual(row, wanted);
            if (matches)
            {
                count++;
            }
        }
        if (inGroup && count == 0)
        {
            // count(value or predicate) filters, then counts: a group none of whose rows passed has no entry.
            throw new EmptyGroupException();
        }
        // Counting with a predicate, the server's value carries the count term's backtrace (without, the stream's).
        return Made(Datum.NumberNode(count));
    }
}
