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
        table[TermType.Difference] = (r, a) => r.ArrayOp(a, (array, other) =>
        {
            var remove = r.AsArray(other);
            foreach (var item in array.ToList())
            {
                if (remove.Any(x => Datum.AreEqual(x, item)))
                {
                    array.Remove(item);
                }
            }
        });
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
        }, secondIsArray: true, distinctFirst: false);
        table[TermType.InsertAt] = (r, a) => r.AtOp(a, spaces: true, (array, index) =>
        {
            r.CheckIndex(index, array.Count, space: true);
            array.Insert((int)index, Datum.Own(r.AsDatum(a[2])));
        });
        table[TermType.SpliceAt] = (r, a) => r.AtOp(a, spaces: true, (array, index) =>
        {
            r.CheckIndex(index, array.Count, space: true);
            var items = r.AsArray(r.AsDatum(a[2]));
            for (var i = items.Count - 1; i >= 0; i--)
            {
                array.Insert((int)index, Datum.Own(items[i]));
            }
        });
        table[TermType.ChangeAt] = (r, a) => r.AtOp(a, spaces: false, (array, index) =>
        {
            r.CheckIndex(index, array.Count, space: false);
            array[(int)index] = Datum.Own(r.AsDatum(a[2]));
        });
        table[TermType.DeleteAt] = (r, a) => r.AtOp(a, spaces: false, (array, index) =>
        {
            if (a.Count == 2)
            {
                r.CheckIndex(index, array.Count, space: false);
                array.RemoveAt((int)index);
                return;
            }
            var end = r.Canonical(r.AsInteger(a[2]), array.Count);
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

    private JsonArray AsArray(JsonNode? node) =>
        node as JsonArray ?? throw TypedError(node, $"Expected type ARRAY but found {Datum.TypeName(node)}.");

    private DatumValue ArrayOp(Args args, Action<JsonArray, JsonNode?> change)
    {
        var first = args[0];
        var array = (JsonArray)Datum.Own(AsDatum(first) is JsonArray a ? a : throw DatumTypeError(first, AsDatum(first), "ARRAY"))!;
        change(array, AsDatum(args[1]));
        CheckArrayLimit(array.Count);
        return Made(array);
    }

    /// <summary>Set operations keep the first array's order and drop duplicates (compared as datums).</summary>
    private DatumValue SetOp(Args args, Func<List<JsonNode?>, List<JsonNode?>, List<JsonNode?>> combine, bool secondIsArray, bool distinctFirst = true)
    {
        var first = args[0];
        var left = AsDatum(first) as JsonArray ?? throw DatumTypeError(first, AsDatum(first), "ARRAY");
        var secondValue = args[1];
        var second = AsDatum(secondValue);
        List<JsonNode?> right = secondIsArray
            ? [.. second as JsonArray ?? throw DatumTypeError(secondValue, second, "ARRAY")]
            : [second];
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

    private DatumValue AtOp(Args args, bool spaces, Action<JsonArray, long> change)
    {
        var first = args[0];
        var array = (JsonArray)Datum.Own(AsDatum(first) as JsonArray ?? throw DatumTypeError(first, AsDatum(first), "ARRAY"))!;
        var index = Canonical(AsInteger(args[1]), array.Count + (spaces ? 1 : 0));
        change(array, index);
        return Made(array);
    }
}
