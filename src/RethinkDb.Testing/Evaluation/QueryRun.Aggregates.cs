using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Aggregations: <c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c> (with a field, a function or an index),
/// <c>reduce</c>, <c>fold</c> (with <c>emit</c>/<c>final_emit</c>) and <c>for_each</c>. On grouped data each runs per
/// group (see <see cref="EvalTerm"/>).
/// </content>
internal sealed partial class QueryRun
{
    private static void AddAggregateTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Sum] = (r, a) => r.SumOrAverage(a, average: false);
        table[TermType.Avg] = (r, a) => r.SumOrAverage(a, average: true);
        table[TermType.Min] = (r, a) => r.Extreme(a, "min");
        table[TermType.Max] = (r, a) => r.Extreme(a, "max");
        table[TermType.Reduce] = (r, a) => r.Reduce(a);
        table[TermType.Fold] = (r, a) => r.Fold(a);
        table[TermType.ForEach] = (r, a) => r.ForEach(a);
    }

    /// <summary>The rows and the value of each (a field or function), rows without the value skipped (<c>skip_terminal_t</c>).</summary>
    private IEnumerable<(JsonNode? Row, JsonNode? Value)> AggregateValues(SequenceValue sequence, Value? selector)
    {
        var map = selector is null ? null : RowFunction(selector, fieldShortcut: true);
        foreach (var row in AllRows(sequence))
        {
            JsonNode? value;
            try
            {
                value = map is null ? row : map(row);
            }
            catch (QueryFailure failure) when (IsNonExistence(failure))
            {
                continue;
            }
            yield return (row, value);
        }
    }

    /// <summary>
    /// The value of a terminal run over a stream (<c>run_terminal</c>): the server gives it the stream's backtrace, so a
    /// later error about it points at the stream, not at the terminal.
    /// </summary>
    private static DatumValue StreamResult(JsonNode? node, Value stream) => new(node) { Origin = stream.Origin };

    private (SequenceValue Sequence, Value? Selector) AggregateArgs(Args args, string name)
    {
        var selector = args.Count == 2 ? args[1] : null;
        if (args.OptArg("index") is not null)
        {
            throw selector is not null
                ? LogicError($"Cannot provide both a function and an index to {name}.")
                : LogicError($"Cannot call {name} on an index.");
        }
        return (AsSequence(args[0]), selector);
    }

    private DatumValue SumOrAverage(Args args, bool average)
    {
        var inGroup = TakeGroupedTerminal();
        var (sequence, selector) = AggregateArgs(args, average ? "avg" : "sum");
        double total = 0;
        var count = 0;
        foreach (var (_, value) in AggregateValues(sequence, selector))
        {
            if (value is null)
            {
                // Adding null fails with NON_EXISTENCE, which the server's terminal skips as a missing field:
                // r.expr([1, null]).sum() is 1, and the average of [null] is that of an empty stream.
                continue;
            }
            total += NumberOperand(value);
            count++;
        }
        if (inGroup && count == 0)
        {
            throw new EmptyGroupException();
        }
        if (average && count == 0)
        {
            throw MissingError("Cannot take the average of an empty stream.  (If you passed `avg` a field name, it may be that no elements of the stream had that field.)");
        }
        return StreamResult(Datum.NumberNode(average ? total / count : total), args[0]);
    }

    /// <summary><c>min</c>/<c>max</c>: the row (not the value) with the least/greatest value; or by an index.</summary>
    private Value Extreme(Args args, string name)
    {
        var inGroup = TakeGroupedTerminal();
        var source = args[0];
        var selector = args.Count == 2 ? args[1] : null;
        var index = args.OptArg("index");
        if (index is not null && selector is not null)
        {
            throw LogicError($"Cannot provide both a function and an index to {name}.");
        }
        if (index is not null)
        {
            var table = AsTable(source);
            var entries = IndexEntries(table, AsString(index!));
            if (entries.Count == 0)
            {
                throw MissingError($"`{name}` found no entries in the specified index.");
            }
            var pick = name == "min" ? entries[0] : entries[^1];
            return Selected(table, pick.Row);
        }
        var sequence = AsSequence(source);
        JsonNode? bestRow = null;
        JsonNode? bestValue = null;
        var found = false;
        foreach (var (row, value) in AggregateValues(sequence, selector))
        {
            var c = found ? Datum.Compare(value, bestValue) : 0;
            if (!found || (name == "min" ? c < 0 : c > 0))
            {
                (bestRow, bestValue, found) = (row, value, true);
            }
        }
        // By a field or function the row comes back as a value, not a selection (checked on 2.4.4: it is no sequence
        // either); by an index (above) it stays a single selection.
        return found
            ? StreamResult(bestRow, source)
            : inGroup ? throw new EmptyGroupException() : throw MissingError($"Cannot take the {name} of an empty stream.  (If you passed `{name}` a field name, it may be that no elements of the stream had that field.)");
    }

    private DatumValue Reduce(Args args)
    {
        var sequence = AsSequence(args[0]);
        var function = args[1] as FuncValue ?? throw NotAFunction(args[1]);
        JsonNode? accumulator = null;
        var any = false;
        foreach (var row in AllRows(sequence))
        {
            accumulator = any ? AsDatum(Call(function, accumulator, row)) : row;
            any = true;
        }
        // The server blames the reducing function's body (checked on 2.4.4: r.expr([]).reduce(f) answers b [1, 1]).
        return any ? StreamResult(accumulator, args[0]) : throw MissingError("Cannot reduce over an empty stream.", function.BodyPath);
    }

    /// <summary><c>fold(base, acc[, emit, final_emit])</c>: with <c>emit</c> a stream of emitted values, else the result.</summary>
    private Value Fold(Args args)
    {
        var sequence = AsSequence(args[0]);
        var accumulator = AsDatum(args[1]);
        var function = args[2] as FuncValue ?? throw NotAFunction(args[2]);
        if (function.Parameters.Length is not (0 or 2))
        {
            throw LogicError("The accumulator function passed to `fold` should expect 2 arguments");
        }
        var emit = args.OptArg("emit");
        var finalEmit = args.OptArg("final_emit");
        if (emit is null)
        {
            foreach (var row in AllRows(sequence))
            {
                accumulator = AsDatum(Call(function, accumulator, row));
            }
            return finalEmit is FuncValue final ? Made(AsDatum(Call(final, accumulator))) : Made(accumulator);
        }
        var emitFunction = emit as FuncValue ?? throw NotAFunction(emit);
        IEnumerable<JsonNode?> Emitted(IEnumerable<JsonNode?> rows)
        {
            foreach (var row in rows)
            {
                var next = AsDatum(Call(function, accumulator, row));
                var emitted = AsDatum(Call(emitFunction, accumulator, row, next));
                accumulator = next;
                foreach (var item in emitted as JsonArray ?? throw TypedError(emitted, $"Expected type ARRAY but found {Datum.TypeName(emitted)}."))
                {
                    yield return item;
                }
            }
            if (finalEmit is FuncValue final)
            {
                var last = AsDatum(Call(final, accumulator));
                foreach (var item in last as JsonArray ?? throw TypedError(last, $"Expected type ARRAY but found {Datum.TypeName(last)}."))
                {
                    yield return item;
                }
            }
        }
        return sequence.Rows is EndlessRows endless
            ? new SequenceValue(Transforming(endless, Emitted(endless.Source)), null, isArray: false)
            : new SequenceValue([.. Emitted(sequence.Rows)], null, sequence.IsArray);
    }

    /// <summary><c>for_each</c>: runs the write query made for each row and adds up the write summaries.</summary>
    private DatumValue ForEach(Args args)
    {
        const string FailMessage = "FOR_EACH expects one or more basic write queries.";
        var sequence = AsSequence(args[0]);
        var function = args[1];
        // What the function gives is blamed on its body (or on the constant given instead), as the server does.
        object[] blame = function is FuncValue f ? [.. f.BodyPath] : function.Origin;
        var total = new JsonObject();
        foreach (var row in AllRows(sequence).ToList())
        {
            var result = AsDatum(CallOrConstant(function, row));
            IEnumerable<JsonNode?> summaries = result switch
            {
                JsonObject one => new JsonNode?[] { one },
                JsonArray many => many,
                _ => throw TypedError(result, $"{FailMessage}  Expected type ARRAY but found {Datum.TypeName(result)}.", blame),
            };
            foreach (var summary in summaries)
            {
                MergeStats(total, summary as JsonObject
                    ?? throw TypedError(summary, $"{FailMessage}  Expected type OBJECT but found {Datum.TypeName(summary)}.", blame));
            }
        }
        // No row, no write: the server answers an empty object.
        return Made(total);
    }

    /// <summary>Adds write summaries as the server's <c>stats_merge</c>: numbers add, arrays concatenate, the first error stays.</summary>
    private static void MergeStats(JsonObject total, JsonObject stats)
    {
        foreach (var (key, value) in stats)
        {
            if (!total.TryGetPropertyValue(key, out var existing))
            {
                total[key] = Datum.Own(value);
            }
            else if (existing is JsonArray list && value is JsonArray more)
            {
                foreach (var item in more)
                {
                    list.Add(Datum.Own(item));
                }
            }
            else if (Datum.Kind(existing) == System.Text.Json.JsonValueKind.Number && Datum.Kind(value) == System.Text.Json.JsonValueKind.Number)
            {
                total[key] = Datum.NumberNode(Datum.Number(existing!) + Datum.Number(value!));
            }
        }
    }
}
