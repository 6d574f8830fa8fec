using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Sequence transformations: <c>map</c> (over several sequences too), <c>concat_map</c>, <c>slice</c>, <c>nth</c>,
/// <c>is_empty</c>, <c>distinct</c>, <c>contains</c>, <c>offsets_of</c>, <c>sample</c>, <c>between</c>.
/// Endless streams (<c>r.range()</c>) stay lazy through the terms that can stop early.
/// </content>
internal sealed partial class QueryRun
{
    private static void AddTransformTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Map] = (r, a) => r.Map(a);
        table[TermType.ConcatMap] = (r, a) => r.ConcatMap(a);
        table[TermType.Slice] = (r, a) => r.SliceTerm(a);
        table[TermType.Nth] = (r, a) => r.Nth(a);
        table[TermType.IsEmpty] = (r, a) => r.Made(JsonValue.Create(!r.AsSequence(a[0]).Rows.Any()));
        table[TermType.Distinct] = (r, a) => r.Distinct(a);
        table[TermType.Contains] = (r, a) => r.Contains(a);
        table[TermType.OffsetsOf] = (r, a) => r.OffsetsOf(a);
        table[TermType.Sample] = (r, a) => r.Sample(a);
        table[TermType.Between] = (r, a) => r.Between(a);
        // The old number of between, still answered by 2.4.
        table[TermType.BetweenDeprecated] = (r, a) => r.Between(a);
    }

    /// <summary>A sequence derived row by row from another: lazy when the source is endless, a list otherwise.</summary>
    /// <remarks>
    /// <paramref name="bounded"/>: the transformation ends even an endless source (<c>limit</c>). Its rows are read
    /// once, but the stream stays marked infinite as on the real server (2.4.4): <c>r.range().limit(3)</c> streams
    /// three rows, yet refuses <c>coerce_to('array')</c> and aggregations like any infinite stream.
    /// <para><paramref name="narrows"/>: the result is the source stream cut (<c>limit</c>, <c>skip</c>, <c>slice</c>), whose
    /// refusal the server still blames on the term that made the source; a mapped or filtered stream is blamed itself.</para>
    /// </remarks>
    private SequenceValue Derive(SequenceValue source, Func<IEnumerable<JsonNode?>, IEnumerable<JsonNode?>> transform, MemoryTable? table = null,
        bool bounded = false, bool narrows = false)
    {
        if (source.Rows is not EndlessRows endless)
        {
            return new SequenceValue([.. transform(source.Rows)], table, source.IsArray);
        }
        var rows = bounded ? [.. transform(endless.Source)] : transform(endless.Source);
        return new SequenceValue(narrows ? Wrapping(endless, rows) : Transforming(endless, rows), table, isArray: false);
    }

    /// <summary>Rows made from <paramref name="source"/> by a transformation the server adds to its stream (see <see cref="EndlessRows.Fuses"/>).</summary>
    private EndlessRows Transforming(EndlessRows source, IEnumerable<JsonNode?> rows) =>
        source.Fuses ? new EndlessRows(rows, InfiniteStreamError()) : Wrapping(source, rows);

    /// <summary>Rows of a stream that wraps <paramref name="source"/>: refused where the source is.</summary>
    private static EndlessRows Wrapping(EndlessRows source, IEnumerable<JsonNode?> rows) => new(rows, source.Infinite, fuses: false);

    /// <summary>
    /// The server's refusal of an endless stream where every row is needed, blamed on the term being evaluated now (the
    /// one making the stream): it checks the stream's own flag when asked, whatever term asks.
    /// </summary>
    private Func<Exception> InfiniteStreamError()
    {
        object[] at = [.. _path];
        return () => LogicError(EndlessRows.InfiniteMessage, at);
    }

    /// <summary>The rows of <paramref name="sequence"/>, all of which a term needs: an endless stream is refused.</summary>
    private static IReadOnlyList<JsonNode?> AllRows(SequenceValue sequence) =>
        sequence.Rows is EndlessRows endless ? throw endless.Infinite() : sequence.Rows;

    /// <summary>
    /// A function argument; with <paramref name="fieldShortcut"/> a field name stands for the function reading that
    /// field (the server's GET_FIELD_SHORTCUT).
    /// </summary>
    private Func<JsonNode?, JsonNode?> RowFunction(Value value, bool fieldShortcut)
    {
        if (value is FuncValue function)
        {
            return row => AsDatum(Call(function, row));
        }
        if (fieldShortcut && value is DatumValue datum)
        {
            return FieldShortcut(datum);
        }
        throw NotAFunction(value);
    }

    /// <summary>
    /// The server's GET_FIELD_SHORTCUT: any datum becomes <c>row =&gt; row.get_field(datum)</c>, checked row by row (the
    /// row first, then the key as a string), its errors at the argument that gave the key (the function's terms carry
    /// that argument's backtrace).
    /// </summary>
    private Func<JsonNode?, JsonNode?> FieldShortcut(DatumValue key)
    {
        string? name = null;
        return row => row is JsonObject obj
            ? obj.TryGetPropertyValue(name ??= AsString(key), out var value)
                ? value
                : throw MissingError($"No attribute `{name}` in object:\n{Datum.Print(obj)}", key.Origin)
            : throw TypedError(row, $"Cannot perform get_field on a non-object non-sequence `{Datum.TruncPrint(row)}`.", key.Origin);
    }

    private QueryFailure NotAFunction(Value value) =>
        Described(value) is not null
            ? TypeError(value, "FUNCTION")
            : LogicError($"Expected type FUNCTION but found {value.TypeName}:\nVALUE {value.TypeName}", value.Origin);

    /// <summary>A field of a row, with the errors of <c>get_field</c>.</summary>
    private JsonNode? FieldOf(JsonNode? row, string name)
    {
        if (row is not JsonObject obj)
        {
            throw TypedError(row, $"Cannot perform get_field on a non-object non-sequence `{Datum.TruncPrint(row)}`.");
        }
        return obj.TryGetPropertyValue(name, out var value)
            ? value
            : throw MissingError($"No attribute `{name}` in object:\n{Datum.Print(obj)}");
    }

    private SequenceValue Map(Args args)
    {
        var sequences = new List<SequenceValue>();
        for (var i = 0; i < args.Count - 1; i++)
        {
            sequences.Add(AsSequence(args[i]));
        }
        var last = args[args.Count - 1];
        if (last is not FuncValue function)
        {
            throw NotAFunction(last);
        }
        var arity = function.Parameters.Length;
        if (arity != 0 && arity != sequences.Count)
        {
            throw LogicError($"The function passed to `map` expects {arity} argument{(arity == 1 ? "" : "s")}, but {sequences.Count} sequence{(sequences.Count == 1 ? " was" : "s were")} found.");
        }
        if (sequences.Count == 1)
        {
            return Derive(sequences[0], rows => rows.Select(row => AsDatum(Call(function, row))));
        }
        // Several sequences: as many rows as the shortest, the function called with one row of each.
        var endless = sequences.All(s => s.Rows is EndlessRows);
        IEnumerable<JsonNode?> Zipped()
        {
            var readers = sequences.Select(s => s.Rows.GetEnumerator()).ToList();
            while (readers.All(r => r.MoveNext()))
            {
                yield return AsDatum(Call(function, [.. readers.Select(r => r.Current)]));
            }
        }
        return endless
            ? new SequenceValue(Wrapping((EndlessRows)sequences[0].Rows, Zipped()), null, isArray: false)
            : new SequenceValue([.. Zipped()], null, sequences.All(s => s.IsArray));
    }

    private SequenceValue ConcatMap(Args args)
    {
        var source = AsSequence(args[0]);
        var function = args[1] as FuncValue ?? throw NotAFunction(args[1]);
        return Derive(source, rows => rows.SelectMany(row =>
        {
            // The server converts the function's result inside its transform, and blames the function for it.
            var result = Call(function, row);
            return result is DatumValue { Node: var node } && node is not JsonArray
                ? throw TypedError(node, $"Cannot convert {Datum.TypeName(node)} to SEQUENCE", function.Origin)
                : AsSequence(result).Rows;
        }));
    }

    /// <summary><c>slice(start[, end])</c> on arrays, strings, binary and streams, with <c>left_bound</c>/<c>right_bound</c>.</summary>
    private Value SliceTerm(Args args)
    {
        var target = args[0];
        var leftOpen = BoundIsOpen(args, "left_bound", defaultOpen: false);
        var left = AsInteger(args[1]);
        var rightOpen = args.Count == 3 && BoundIsOpen(args, "right_bound", defaultOpen: true);
        var right = args.Count == 3 ? AsInteger(args[2]) : -1;
        return Slice(target, leftOpen, left, rightOpen, right);
    }

    /// <summary>
    /// <c>skip</c>: the server's rewrite <c>slice(n, -1, {right_bound: "closed"})</c>, so a string or binary value is
    /// sliced as <c>slice</c> slices it, and the count is read before the value's type is checked.
    /// </summary>
    private Value Skip(Args args)
    {
        var target = args[0];
        var left = AsInteger(args[1]);
        return Slice(target, leftOpen: false, left, rightOpen: false, right: -1);
    }

    private Value Slice(Value target, bool leftOpen, long left, bool rightOpen, long right)
    {
        if (target is DatumValue or SingleSelectionValue || target is SequenceValue { Table: null, IsArray: true })
        {
            var node = AsDatum(target);
            switch (node)
            {
                case JsonArray array:
                    var (from, to) = SliceRange(array.Count, leftOpen, left, rightOpen, right);
                    var result = new JsonArray();
                    for (var i = from; i < to && i < array.Count; i++)
                    {
                        result.Add(Datum.Own(array[(int)i]));
                    }
                    return Made(result);
                case JsonValue when Datum.Kind(node) == JsonValueKind.String:
                    var runes = Datum.String(node!).EnumerateRunes().ToList();
                    var (start, end) = SliceRange(runes.Count, leftOpen, left, rightOpen, right);
                    end = Math.Min(end, runes.Count);
                    return Made(JsonValue.Create(start <= end ? string.Concat(runes.Skip((int)start).Take((int)(end - start)).Select(r => r.ToString())) : ""));
                default:
                    if (Binary.Is(node))
                    {
                        var bytes = Binary.Bytes(node!);
                        var (b0, b1) = SliceRange(bytes.Length, leftOpen, left, rightOpen, right);
                        b1 = Math.Min(b1, bytes.Length);
                        var slice = b0 <= b1 ? bytes[(int)b0..(int)b1] : [];
                        return Made(Binary.Of(slice));
                    }
                    // rfail_target(v, LOGIC, ...): a logic error even for null.
                    throw LogicError($"Expected ARRAY, BINARY, or STRING, but found {Datum.TypeName(node)}.", target.Origin);
            }
        }
        var sequence = AsSequence(target);
        if (left < 0)
        {
            throw LogicError("Cannot use a negative left index on a stream.");
        }
        if (right < -1)
        {
            throw LogicError("Cannot use a right index < -1 on a stream.");
        }
        if (right == -1 && rightOpen)
        {
            throw LogicError("Cannot slice to an open right index of -1 on a stream.");
        }
        var skip = left + (leftOpen ? 1 : 0);
        long? take = right == -1 ? null : Math.Max(0, right + (rightOpen ? 0 : 1) - skip);
        return Derive(sequence, rows => take is { } n ? rows.Skip((int)Math.Min(skip, int.MaxValue)).Take((int)Math.Min(n, int.MaxValue)) : rows.Skip((int)Math.Min(skip, int.MaxValue)), sequence.Table, bounded: take is not null, narrows: true);
    }

    private bool BoundIsOpen(Args args, string name, bool defaultOpen)
    {
        if (args.OptArg(name) is not { } bound)
        {
            return defaultOpen;
        }
        return AsString(bound) switch
        {
            "open" => true,
            "closed" => false,
            var other => throw LogicError($"Expected `open` or `closed` for optarg `{name}` (got `{RapidJsonText.Quote(other)}`)."),
        };
    }

    /// <summary>Array/string slice bounds as the server's <c>canon_helper</c>: negative indexes count from the end.</summary>
    private static (long From, long To) SliceRange(int size, bool leftOpen, long left, bool rightOpen, long right)
    {
        static (long Index, bool OutOfBounds) Canonical(long index, int size) =>
            index >= 0 ? (index, false) : -index > size ? (0, true) : (size + index, false);
        var (from, leftOut) = Canonical(left, size);
        if (leftOpen && !leftOut)
        {
            from++;
        }
        var (to, rightOut) = Canonical(right, size);
        if (!rightOpen && !rightOut)
        {
            to++;
        }
        return (from, to);
    }

    private Value Nth(Args args) => Nth(args[0], args[1]);

    /// <summary><c>nth</c>, and <c>bracket</c> with a number (the same <c>nth_term_impl</c>).</summary>
    private Value Nth(Value target, Value indexValue)
    {
        // As nth_term_impl: both arguments evaluated, the value converted to a sequence (a datum's error, at the term),
        // then the index read.
        var node = target is DatumValue or SingleSelectionValue || target is SequenceValue { Table: null, IsArray: true } ? AsDatum(target) : null;
        if (target is DatumValue or SingleSelectionValue && node is not JsonArray)
        {
            throw TypedError(node, $"Cannot convert {Datum.TypeName(node)} to SEQUENCE");
        }
        var index = AsInteger(indexValue);
        if (index < int.MinValue || index > int.MaxValue)
        {
            throw LogicError($"Integer too large: {index}");
        }
        if (node is JsonArray array)
        {
            var at = index >= 0 ? index : array.Count + index;
            return at >= 0 && at < array.Count ? Made(array[(int)at]) : throw MissingError($"Index out of bounds: {index}");
        }
        var sequence = AsSequence(target);
        if (index < -1)
        {
            throw LogicError($"Cannot use an index < -1 ({index}) on a stream.");
        }
        JsonNode? found = null;
        var any = false;
        var i = 0L;
        foreach (var row in AllRows(sequence))
        {
            found = row;
            any = true;
            if (i++ == index)
            {
                return Selected(sequence.Table, row);
            }
        }
        return index == -1 && any ? Selected(sequence.Table, found) : throw MissingError($"Index out of bounds: {index}");
    }

    /// <summary>A row of a selection stays a selection (writes can follow); any other row is a datum.</summary>
    private Value Selected(MemoryTable? table, JsonNode? row) =>
        table is not null && row is JsonObject document && document.TryGetPropertyValue(table.PrimaryKey, out var key)
            ? new SingleSelectionValue(table, key!, document)
            : Made(row);

    private Value Distinct(Args args)
    {
        var source = args[0];
        if (args.OptArg("index") is { } index)
        {
            var table = source is TableValue t ? t.Table : throw LogicError("Can only perform an indexed distinct on a TABLE.");
            var name = AsString(index);
            var keys = IndexEntries(table, name).Select(e => e.Key).Distinct(new DatumEquality()).ToList();
            return new SequenceValue(keys, null, isArray: false);
        }
        if (source is TableValue whole)
        {
            lock (_store.Sync)
            {
                return new SequenceValue([.. whole.Table.Documents.Values], null, isArray: false);
            }
        }
        var distinct = new SortedSet<JsonNode?>(Datum.Comparer);
        foreach (var row in AllRows(AsSequence(source)))
        {
            distinct.Add(row);
            CheckArrayLimit(distinct.Count);
        }
        return Made(ToArray(distinct));
    }

    private DatumValue Contains(Args args)
    {
        var sequence = AsSequence(args[0]);
        var values = new List<JsonNode?>();
        var functions = new List<FuncValue>();
        for (var i = 1; i < args.Count; i++)
        {
            var wanted = args[i];
            if (wanted is FuncValue function)
            {
                functions.Add(function);
            }
            else
            {
                values.Add(AsDatum(wanted));
            }
        }
        if (values.Count == 0 && functions.Count == 0)
        {
            return Made(JsonValue.Create(true));
        }
        // Bag semantics: each wanted value or predicate is matched by a different row.
        foreach (var row in AllRows(sequence))
        {
            var v = values.FindIndex(x => Datum.AreEqual(x, row));
            if (v >= 0)
            {
                values.RemoveAt(v);
            }
            var f = functions.FindIndex(x => AsBool(Call(x, row)));
            if (f >= 0)
            {
                functions.RemoveAt(f);
            }
            if (values.Count == 0 && functions.Count == 0)
            {
                return Made(JsonValue.Create(true));
            }
        }
        return Made(JsonValue.Create(false));
    }

    private SequenceValue OffsetsOf(Args args)
    {
        // offsets_of_term_t reads what to look for before converting the value to a sequence.
        var wanted = args[1];
        var sequence = AsSequence(args[0]);
        // A predicate failing on a missing value (a missing field) is false for that row, as in filter.
        Func<JsonNode?, bool> matches = wanted is FuncValue function
            ? row => Matches(function, row, defaultValue: null)
            : AsDatum(wanted) is var value ? row => Datum.AreEqual(row, value) : _ => false;
        return Derive(sequence, rows => rows.Select((row, i) => (row, i)).Where(x => matches(x.row)).Select(x => (JsonNode?)Datum.NumberNode(x.i)));
    }

    private Value Sample(Args args)
    {
        // sample_term_t checks the count before converting the value to a sequence.
        var count = AsInteger(args[1]);
        if (count < 0)
        {
            throw LogicError($"Number of items to sample must be non-negative, got `{count}`.");
        }
        CheckArrayLimit((int)Math.Min(count, int.MaxValue));
        var sequence = AsSequence(args[0]);
        var rows = AllRows(sequence).ToList();
        var picked = rows.OrderBy(_ => Random.Shared.Next()).Take((int)Math.Min(count, rows.Count)).ToList();
        // Sampled from a table, the rows stay a selection (SELECTION<ARRAY>: writable, not a datum).
        return sequence.Table is { } table ? new SequenceValue(picked, table, isArray: true) : Made(ToArray(picked));
    }

    /// <summary>Compares rows by several orderings (as <c>order_by</c>; a missing key sorts first).</summary>
    private static Comparer<JsonNode?> RowComparer(List<(bool Descending, Func<JsonNode?, JsonNode?> Key)> orderings) =>
        Comparer<JsonNode?>.Create((a, b) =>
        {
            foreach (var (descending, key) in orderings)
            {
                var (missingA, keyA) = KeyOrMissing(key, a);
                var (missingB, keyB) = KeyOrMissing(key, b);
                var c = missingA && missingB ? 0 : missingA ? -1 : missingB ? 1 : Datum.Compare(keyA, keyB);
                if (c != 0)
                {
                    return descending ? -c : c;
                }
            }
            return 0;
        });

    /// <summary>Datum equality for hashing containers: a structural hash that equal datums share (1 and 1.0 alike).</summary>
    private sealed class DatumEquality : IEqualityComparer<JsonNode?>
    {
        public bool Equals(JsonNode? x, JsonNode? y) => Datum.AreEqual(x, y);

        public int GetHashCode(JsonNode? obj) => obj switch
        {
            null => 0,
            JsonArray array => array.Aggregate(17, (hash, item) => (hash * 31) + GetHashCode(item)),
            // Key order does not matter to datum equality: combine the pairs' hashes without order.
            JsonObject o => o.Aggregate(19, (hash, pair) => hash ^ HashCode.Combine(StringComparer.Ordinal.GetHashCode(pair.Key), GetHashCode(pair.Value))),
            _ => Datum.Kind(obj) switch
            {
                JsonValueKind.Number => Datum.Number(obj).GetHashCode(),
                JsonValueKind.String => StringComparer.Ordinal.GetHashCode(Datum.String(obj)),
                var kind => kind.GetHashCode(),
            },
        };
    }
}
