using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// <c>union</c>: interleaved (the default), concatenated (<c>interleave: false</c>), or merged by an ordering
/// (<see cref="OrderedUnion"/>).
/// </content>
internal sealed partial class QueryRun
{
    private static void AddUnionTerms(Dictionary<TermType, TermEvaluator> table) =>
        table[TermType.Union] = (r, a) => r.Union(a);

    private SequenceValue Union(Args args)
    {
        var sequences = new List<SequenceValue>();
        for (var i = 0; i < args.Count; i++)
        {
            sequences.Add(AsSequence(args[i]));
        }
        var isArray = sequences.All(s => s.IsArray);
        if (sequences.Select(s => s.Rows).OfType<EndlessRows>().FirstOrDefault() is { } firstEndless)
        {
            return new SequenceValue(Wrapping(firstEndless, sequences.SelectMany(s => s.Rows is EndlessRows e ? e.Source : s.Rows)),
                null, isArray: false);
        }
        // Interleaving (the default), the server reads its inputs side by side and an array's rows are there at once:
        // they come before a stream's (checked on 2.4.4: table.orderBy({index: "id"}).union([1, 2]) is [1, 2, ...rows],
        // while an orderBy without index is an array, kept in argument order); interleave: false concatenates in order.
        List<JsonNode?> Interleaved() => [.. sequences.Where(s => s.IsArray).Concat(sequences.Where(s => !s.IsArray)).SelectMany(s => s.Rows)];
        List<JsonNode?> Concatenated() => [.. sequences.SelectMany(s => s.Rows)];
        if (args.RawOptArg("interleave") is not { } raw)
        {
            return new SequenceValue(Interleaved(), null, isArray);
        }
        List<(bool Descending, Func<JsonNode?, JsonNode?> Key)> orderings;
        if (IsTerm(raw, TermType.MakeArray))
        {
            // A list of orderings, each a field, a function or either in r.asc/r.desc, blamed at its place in the list.
            orderings = [];
            _path.Add("interleave");
            try
            {
                var items = raw[1];
                for (var i = 0; i < items.GetArrayLength(); i++)
                {
                    orderings.Add(Ordering(items[i], i));
                }
            }
            finally
            {
                _path.RemoveAt(_path.Count - 1);
            }
        }
        else if (IsTerm(raw, TermType.Asc) || IsTerm(raw, TermType.Desc))
        {
            orderings = [Ordering(raw, "interleave")];
        }
        else
        {
            var interleave = args.OptArg("interleave")!;
            if (interleave is DatumValue { Node: JsonValue flag } && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                return new SequenceValue(flag.GetValueKind() == JsonValueKind.True ? Interleaved() : Concatenated(), null, isArray);
            }
            // Any other datum is a field name, read from each row (null and objects too: the row is checked first).
            orderings = [(false, RowFunction(interleave, fieldShortcut: true))];
        }
        if (orderings.Count == 0)
        {
            return new SequenceValue(Concatenated(), null, isArray);
        }
        var comparer = RowComparer(orderings);
        var merged = OrderedUnion.Merge([.. sequences.Select(s => s.Rows.ToList())], (l, r) => comparer.Compare(l, r) < 0,
            () => LogicError("The streams given as arguments are not ordered by given ordering."));
        return new SequenceValue(merged, null, isArray);
    }
}
