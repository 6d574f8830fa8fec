using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Joins: <c>eq_join</c> (by primary key), <c>inner_join</c>, <c>outer_join</c>, <c>zip</c>; and <c>between</c> and
/// <c>r.minval</c>/<c>r.maxval</c>.
/// </content>
internal sealed partial class QueryRun
{
    private static void AddJoinTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.EqJoin] = (r, a) => r.EqJoin(a);
        table[TermType.InnerJoin] = (r, a) => r.NestedJoin(a, outer: false);
        table[TermType.OuterJoin] = (r, a) => r.NestedJoin(a, outer: true);
        table[TermType.Zip] = (r, a) => r.Zip(a);
        table[TermType.Minval] = (r, _) => new BoundValue(max: false) { Origin = [.. r._path] };
        table[TermType.Maxval] = (r, _) => new BoundValue(max: true) { Origin = [.. r._path] };
    }

    private static JsonObject JoinPair(JsonNode? left, JsonNode? right) =>
        new() { ["left"] = Datum.Own(left), ["right"] = Datum.Own(right) };

    private SequenceValue EqJoin(Args args)
    {
        var sequence = AsSequence(args[0]);
        var key = RowFunction(args[1], fieldShortcut: true);
        var table = AsTable(args[2]);
        var index = args.OptArg("index") is { } i ? AsString(i) : table.PrimaryKey;
        var ordered = args.OptArg("ordered") is { } o && AsBool(o);
        var lookup = IndexLookup(table, index);
        var pairs = new List<(JsonNode? Key, JsonNode? Pair)>();
        foreach (var row in sequence.Rows)
        {
            JsonNode? value;
            try
            {
                value = key(row);
            }
            catch (QueryFailure failure) when (IsNonExistence(failure))
            {
                // A row without the join field joins nothing.
                continue;
            }
            foreach (var match in lookup(value))
            {
                pairs.Add((value, JoinPair(row, match)));
            }
        }
        if (ordered)
        {
            pairs = [.. pairs.OrderBy(p => p.Key, Datum.Comparer)];
        }
        return new SequenceValue([.. pairs.Select(p => p.Pair)], null, sequence.IsArray);
    }

    private SequenceValue NestedJoin(Args args, bool outer)
    {
        var left = AsSequence(args[0]);
        var right = AsSequence(args[1]).Rows.ToList();
        // A datum is a predicate that always answers it, as the server reads a join's function.
        Func<JsonNode?, JsonNode?, bool> matches = args[2] switch
        {
            FuncValue function => (l, r) => AsBool(Call(function, l, r)),
            DatumValue constant => (_, _) => Datum.IsTruthy(constant.Node),
            var other => throw NotAFunction(other),
        };
        IEnumerable<JsonNode?> Joined(IEnumerable<JsonNode?> lefts)
        {
            foreach (var l in lefts)
            {
                var any = false;
                foreach (var r in right)
                {
                    if (matches(l, r))
                    {
                        yield return JoinPair(l, r);
                        any = true;
                    }
                }
                if (outer && !any)
                {
                    yield return new JsonObject { ["left"] = Datum.Own(l) };
                }
            }
        }
        // Row by row, as the server's join (a concat_map): an endless left side streams.
        return Derive(left, Joined);
    }

    private SequenceValue Zip(Args args)
    {
        var sequence = AsSequence(args[0]);
        return Derive(sequence, rows => rows.Select(row =>
        {
            // As the server's get_field: a row that is no object is a type error; an object without "left" is not
            // the result of a join.
            if (row is not JsonObject pair)
            {
                throw Fail(row is null ? ErrorType.NonExistence : ErrorType.QueryLogic, $"Expected type OBJECT but found {Datum.TypeName(row)}.");
            }
            if (!pair.TryGetPropertyValue("left", out var left))
            {
                throw LogicError("ZIP can only be called on the result of a join.");
            }
            return pair.TryGetPropertyValue("right", out var right) ? MergeValues(left, right) : Datum.Own(left);
        }));
    }

    /// <summary>
    /// A table, or a table slice (<c>as_table_slice</c>), with where its table came from (errors about combining
    /// slices are blamed there).
    /// </summary>
    private (MemoryTable Table, TableSlice? Slice, object[] TableOrigin) AsTableSlice(Value value) => value switch
    {
        TableValue table => (table.Table, null, value.Origin),
        SequenceValue { Slice: { } slice, Table: { } table } => (table, slice, slice.TableOrigin),
        _ => throw TypeError(value, "TABLE_SLICE"),
    };

    /// <summary>
    /// <c>between(lower, upper)</c> on a table, or on a table ordered by an index (whose index it then reads): left bound
    /// closed, right bound open unless told otherwise. Unordered, its rows come in scan order, as the server's shards
    /// answer them, not in key order.
    /// </summary>
    private SequenceValue Between(Args args)
    {
        var (table, slice, tableOrigin) = AsTableSlice(args[0]);
        if (slice?.Bounds is not null)
        {
            throw LogicError("Cannot perform multiple BETWEENs on the same table.", tableOrigin);
        }
        var leftOpen = BoundIsOpen(args, "left_bound", defaultOpen: false);
        var rightOpen = BoundIsOpen(args, "right_bound", defaultOpen: true);
        var lower = BetweenBound(args, 1);
        var upper = BetweenBound(args, 2);
        var named = args.OptArg("index") is { } i ? AsString(i) : null;
        if (slice is not null && named is not null && named != slice.Index)
        {
            throw LogicError($"Cannot call BETWEEN on index `{named}` after ordering on index `{slice.Index}`.", tableOrigin);
        }
        var bounds = new SliceBounds(lower, leftOpen, upper, rightOpen);
        return SliceRows(table, new TableSlice(named ?? slice?.Index ?? table.PrimaryKey, bounds, slice?.Sorting ?? TableSlice.Unordered, tableOrigin), []);
    }

    /// <summary>
    /// Bound <paramref name="index"/> of a <c>between</c>: null for r.minval/r.maxval (unbounded), a datum otherwise (a null
    /// datum is refused, as in 2.4); an array literal holding r.minval/r.maxval (a compound index's range) is read item
    /// by item, since those bounds are datums on the server but not JSON.
    /// </summary>
    private BoundKey? BetweenBound(Args args, int index)
    {
        var raw = args.Raw(index);
        if (IsTerm(raw, TermType.MakeArray) && HoldsExtreme(raw))
        {
            _path.Add(index);
            try
            {
                return ArrayBound(raw);
            }
            finally
            {
                _path.RemoveAt(_path.Count - 1);
            }
        }
        var bound = args[index];
        if (bound is BoundValue)
        {
            return null;
        }
        var node = AsDatum(bound);
        return node is null
            ? throw LogicError("Cannot use `null` in BETWEEN, use `r.minval` or `r.maxval` to denote unboundedness.", bound.Origin)
            : new BoundKey.DatumKey(node);
    }

    private BoundKey.ArrayKey ArrayBound(JsonElement makeArray)
    {
        var items = new List<BoundKey>();
        var raw = makeArray[1];
        for (var i = 0; i < raw.GetArrayLength(); i++)
        {
            var item = raw[i];
            if (IsTerm(item, TermType.Minval) || IsTerm(item, TermType.Maxval))
            {
                items.Add(new BoundKey.ExtremeKey(IsTerm(item, TermType.Maxval)));
            }
            else if (IsTerm(item, TermType.MakeArray) && HoldsExtreme(item))
            {
                _path.Add(i);
                try
                {
                    items.Add(ArrayBound(item));
                }
                finally
                {
                    _path.RemoveAt(_path.Count - 1);
                }
            }
            else
            {
                items.Add(new BoundKey.DatumKey(Datum.Own(AsDatum(EvalAt(item, i)))));
            }
        }
        return new BoundKey.ArrayKey(items);
    }

    /// <summary>Whether an array literal holds r.minval/r.maxval, at any depth of array literals.</summary>
    private static bool HoldsExtreme(JsonElement makeArray) =>
        makeArray[1].ValueKind == JsonValueKind.Array && makeArray[1].EnumerateArray().Any(item =>
            IsTerm(item, TermType.Minval) || IsTerm(item, TermType.Maxval) || (IsTerm(item, TermType.MakeArray) && HoldsExtreme(item)));

    /// <summary>What the server says of <c>r.minval</c>/<c>r.maxval</c> (named by <paramref name="extreme"/>) where a term must write JSON.</summary>
    private QueryFailure CannotWriteAsJson(string extreme) => LogicError($"Cannot convert `r.{extreme}` to JSON.");

    /// <summary><c>r.minval</c> / <c>r.maxval</c>: below or above every datum, usable as <c>between</c> bounds.</summary>
    private sealed class BoundValue(bool max) : Value
    {
        public bool IsMax { get; } = max;

        /// <summary><c>minval</c> or <c>maxval</c>.</summary>
        public string Name => BoundKey.ExtremeKey.NameOf(IsMax);

        public override string TypeName => "DATUM";
    }
}
