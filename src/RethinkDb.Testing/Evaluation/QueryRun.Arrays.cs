using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Arrays: <c>append</c>, <c>prepend</c>, <c>difference</c>, the set operations, <c>insert_at</c>,
/// <c>splice_at</c>, <c>delete_at</c>, <c>change_at</c> (indexes as the server's <c>canonicalize</c>).
/// </content>
internal sealed partial class QueryRun
{
    private static void AddArrayTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Append] = (r, a) => r.ArrayOp(a, (array, other) => array.Add(Datum.Own(other)));
        table[TermType.Prepend] = (r, a) => r.ArrayOp(a, (array, other) => array.Insert(0, Datum.Own(other)));
        table[TermType.Difference] = (r, a) => r.Difference(a);
        table[TermType.SetInsert] = (r, a) => r.SetOp(a, (left, right) => [.. left, .. right.Take(1)], secondIsArray: false);
        table[TermType.SetUnion] = (r, a) => r.SetOp(a, (left, right) => [.. left, .. right], secondIsArray: true);
        table[TermType.SetIntersection] = (r, a) => r.SetOp(a, (left, right) =>
        {
            var keep = new SortedSet<JsonNode?>(left, Datum.Comparer);
            return [.. right.Where(keep.Remove)];
        }, secondIsArray: true, distinctFirst: false);
        table[TermType.SetDifference] = (r, a) => r.SetOp(a, (left, right) =>
        {
            var drop = new SortedSet<JsonNode?>(right, Datum.Comparer);
            return [.. left.Where(drop.Add)];
        }, secondIsArray: true, distinctFirst: false, checkSecondFirst: true);
        table[TermType.InsertAt] = (r, a) => r.AtOp(a, spaces: true, (array, index) =>
        {
            var item = r.AsDatum(a[2]);
            r.CheckIndex(index, array.Count, space: true);
            array.Insert((int)index, Datum.Own(item));
        });
        table[TermType.SpliceAt] = (r, a) => r.AtOp(a, spaces: true, (array, index) =>
        {
            var values = r.AsDatum(a[2]);
            r.CheckIndex(index, array.Count, space: true);
            var items = r.AsArray(values);
            for (var i = items.Count - 1; i >= 0; i--)
            {
                array.Insert((int)index, Datum.Own(items[i]));
            }
        });
        table[TermType.ChangeAt] = (r, a) => r.AtOp(a, spaces: false, (array, index) =>
        {
            var item = r.AsDatum(a[2]);
            r.CheckIndex(index, array.Count, space: false);
            array[(int)index] = Datum.Own(item);
        });
        table[TermType.DeleteAt] = (r, a) => r.AtOp(a, spaces: false, (array, index) =>
        {
            if (a.Count == 2)
            {
                r.CheckIndex(index, array.Count, space: false);
                array.RemoveAt((int)index);
                return;
            }
            var end = r.Canonical(r.DatumInteger(r.AsDatum(a[2])), array.Count);
            r.CheckIndex(index, array.Count, space: true);
            r.CheckIndex(end, array.Count, space: true);
            if (index > end)
            {
                throw r.LogicError($"Start index `{index}` is greater than end index `{end}`.");
            }
            for (var i = end - 1; i >= index; i--)
            {
                array.RemoveAt((int)i);
            }
        });
    }

    /// <summary>
    /// <c>difference</c>, which the server rewrites as <c>a.filter(row =&gt; !b.contains(row))</c>: any sequence on the
    /// left (a table gives a selection), and <c>b</c> evaluated only when there is a row to test, as a sequence.
    /// </summary>
    private SequenceValue Difference(Args args)
    {
        var source = AsSequence(args[0]);
        if (source.Rows.Count == 0)
        {
            return source;
        }
        IReadOnlyList<JsonNode?> remove;
        try
        {
            remove = AsSequence(args[1]).Rows;
        }
        catch (QueryFailure failure) when (IsNonExistence(failure))
        {
            // Inside the rewrite's filter, a missing value (b is null) fails the predicate: no row is kept.
            return new SequenceValue([], source.Table, source.IsArray);
        }
        var kept = source.Rows.Where(row => !remove.Any(x => Datum.AreEqual(x, row))).ToList();
        return new SequenceValue(kept, source.Table, source.IsArray);
    }

    private JsonArray AsArray(JsonNode? node) =>
        node as JsonArray ?? throw TypedError(node, $"Expected type ARRAY but found {Datum.TypeName(node)}.");

    // The server's array terms take both arguments as datums first, then check the array's type on the datum itself:
    // an error of the datum is reported at the term, not at the argument (as every check below).
    private DatumValue ArrayOp(Args args, Action<JsonArray, JsonNode?> change)
    {
        var first = AsDatum(args[0]);
        var other = AsDatum(args[1]);
        var array = (JsonArray)Datum.Own(AsArray(first))!;
        change(array, other);
        CheckArrayLimit(array.Count);
        return Made(array);
    }

    /// <summary>Set operations keep the first array's order and drop duplicates (compared as datums).</summary>
    private DatumValue SetOp(Args args, Func<List<JsonNode?>, List<JsonNode?>, List<JsonNode?>> combine, bool secondIsArray, bool distinctFirst = true,
        bool checkSecondFirst = false)
    {
        var first = AsDatum(args[0]);
        var second = AsDatum(args[1]);
        // set_difference reads its second array first (the set of what to drop), the others their first.
        var rightArray = checkSecondFirst ? AsArray(second) : null;
        var left = AsArray(first);
        List<JsonNode?> right = secondIsArray ? [.. rightArray ?? AsArray(second)] : [second];
        if (!distinctFirst)
        {
            return Made(ToArray(combine([.. left], right)));
        }
        var seen = new SortedSet<JsonNode?>(Datum.Comparer);
        var result = combine([.. left], right).Where(seen.Add).ToList();
        CheckArrayLimit(result.Count);
        return Made(ToArray(result));
    }

    private long Canonical(long index, int size) =>
        index >= 0 ? index : -index > size ? throw MissingError($"Index out of bounds: {index}") : size + index;

    /// <summary>The bounds check of <c>datum_array_builder_t</c>: an element index, or a space (one past the end too).</summary>
    private void CheckIndex(long index, int size, bool space)
    {
        if (space ? index > size : index >= size)
        {
            throw MissingError($"Index `{index}` out of bounds for array of size: `{size}`.");
        }
    }

    // at_term_t: the array is checked before the index is even evaluated; the index is read from its datum.
    private DatumValue AtOp(Args args, bool spaces, Action<JsonArray, long> change)
    {
        var array = (JsonArray)Datum.Own(AsArray(AsDatum(args[0])))!;
        var index = Canonical(DatumInteger(AsDatum(args[1])), array.Count + (spaces ? 1 : 0));
        change(array, index);
        return Made(array);
    }
}
