using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// The server's term walker (term_walker.cc), which runs before anything else is checked: each term's shape and type,
/// where <c>asc</c>/<c>desc</c> may stand, and no write nested in a stream operation's functions.
/// </content>
internal static partial class TermCompiler
{
    /// <summary>The server's term walker alone: term types and placement (see <see cref="Check(JsonElement)"/>).</summary>
    public static void CheckPlacement(JsonElement term) =>
        CheckPlacement(term, [], parent: null, grandParent: null, writesLegal: true);

    // term_walker.cc: term_is_write_or_meta and term_forbids_writes.
    private static readonly HashSet<TermType> WritesOrMeta =
    [
        TermType.Update, TermType.Delete, TermType.Insert, TermType.Replace, TermType.DbCreate, TermType.DbDrop,
        TermType.TableCreate, TermType.TableDrop, TermType.Wait, TermType.Reconfigure, TermType.Rebalance, TermType.Sync,
        TermType.Grant, TermType.SetWriteHook, TermType.GetWriteHook, TermType.IndexCreate, TermType.IndexDrop,
        TermType.IndexWait, TermType.IndexRename,
    ];

    private static readonly HashSet<TermType> ForbidWritesInFunctions =
    [
        TermType.Reduce, TermType.Map, TermType.Fold, TermType.Filter, TermType.ConcatMap, TermType.Group,
        TermType.InnerJoin, TermType.OuterJoin, TermType.EqJoin, TermType.Update, TermType.Delete, TermType.Replace,
        TermType.Insert, TermType.Count, TermType.Sum, TermType.Avg, TermType.Min, TermType.Max,
    ];

    /// <summary>
    /// The server's term walker, in pre-order: each term's shape (one to three elements, a known type first, then
    /// arguments and optional arguments), <c>asc</c>/<c>desc</c> only as an argument of <c>order_by</c> or
    /// <c>union</c> (or in an array given to <c>union</c>), and no write or meta operation in any argument but the
    /// first of a stream operation (its functions).
    /// </summary>
    private static void CheckPlacement(JsonElement term, List<object> path, TermType? parent, TermType? grandParent, bool writesLegal)
    {
        Nesting.EnsureStack();
        TermType type;
        JsonElement args = default;
        JsonElement optArgs = default;
        if (term.ValueKind == JsonValueKind.Object)
        {
            type = TermType.MakeObj;
            optArgs = term;
        }
        else if (term.ValueKind == JsonValueKind.Array)
        {
            // The server's walker reads every term's shape and type first, before the global optargs and the
            // arguments are checked (term_walker.cc).
            var length = term.GetArrayLength();
            if (length is < 1 or > 3)
            {
                throw Fail(path, $"Expected between 1 and 3 elements in a raw term, but found {length}.");
            }
            if (term[0].ValueKind != JsonValueKind.Number)
            {
                throw Fail(path, $"Expected a TermType as a NUMBER but found {QueryFrame.TypeName(term[0])}.");
            }
            if (!term[0].TryGetInt32(out var number) || !Enum.IsDefined((TermType)number))
            {
                throw Fail(path, $"Unrecognized TermType: {UnrecognizedTypeNumber(term[0])}.");
            }
            type = (TermType)number;
            (args, optArgs) = PartsOf(term);
        }
        else
        {
            return; // a datum
        }
        if (type is TermType.Asc or TermType.Desc
            && parent is not (TermType.OrderBy or TermType.Union)
            && !(parent == TermType.MakeArray && grandParent == TermType.Union))
        {
            throw Fail(path, $"{(type == TermType.Asc ? "ASC" : "DESC")} may only be used as an argument to ORDER_BY or UNION.");
        }
        if (!writesLegal && WritesOrMeta.Contains(type))
        {
            throw Fail(path, "Cannot nest writes or meta ops in stream operations.  Use FOR_EACH instead.");
        }
        if (term.ValueKind == JsonValueKind.Array)
        {
            CheckShape(term, path, type);
        }
        if (type == TermType.Datum)
        {
            return;
        }
        var forbids = ForbidWritesInFunctions.Contains(type);
        if (args.ValueKind == JsonValueKind.Array)
        {
            var count = args.GetArrayLength();
            for (var i = 0; i < count; i++)
            {
                path.Add(i);
                CheckPlacement(args[i], path, type, parent, writesLegal && (i == 0 || !forbids));
                path.RemoveAt(path.Count - 1);
            }
        }
        if (optArgs.ValueKind == JsonValueKind.Object)
        {
            foreach (var optArg in optArgs.EnumerateObject())
            {
                path.Add(optArg.Name);
                CheckPlacement(optArg.Value, path, type, parent, writesLegal && !forbids);
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    /// <summary>
    /// A term array's arguments and optional arguments as the server's walker reads them: <c>[type]</c>,
    /// <c>[type, args]</c>, <c>[type, optargs]</c> or <c>[type, args, optargs]</c> (a DATUM's second element is its
    /// value, whatever it is).
    /// </summary>
    public static (JsonElement Args, JsonElement OptArgs) PartsOf(JsonElement term)
    {
        var length = term.GetArrayLength();
        var second = length > 1 ? term[1] : default;
        return second.ValueKind == JsonValueKind.Object && term[0].GetInt32() != (int)TermType.Datum
            ? (default, second)
            : (second, length > 2 ? term[2] : default);
    }

    /// <summary>The walker's checks of a term's second and third elements, after its type and placement.</summary>
    private static void CheckShape(JsonElement term, List<object> path, TermType type)
    {
        var length = term.GetArrayLength();
        var second = length > 1 ? term[1] : default;
        var secondIsOptArgs = second.ValueKind == JsonValueKind.Object && type != TermType.Datum;
        if (length > 1 && second.ValueKind != JsonValueKind.Array && !secondIsOptArgs && type != TermType.Datum)
        {
            throw Fail(path, "Second element in a Term is neither arguments nor optional arguments.");
        }
        if (length > 2)
        {
            if (secondIsOptArgs)
            {
                throw Fail(path, "Second and third element in a term are both optional arguments.");
            }
            if (term[2].ValueKind != JsonValueKind.Object)
            {
                throw Fail(path, "Third element in a Term is not optional arguments.");
            }
        }
    }

    /// <summary>
    /// The number the server names in ``Unrecognized TermType: n.``: an integer as it is; a number written with a
    /// fraction or an exponent (a double to rapidjson) as the low 32 bits of its IEEE 754 form, which is what
    /// rapidjson's GetInt returns for one (<c>[1.5]</c> and <c>[3.0]</c> are type 0 there). Such a type is never run,
    /// even when those bits name a term.
    /// </summary>
    private static long UnrecognizedTypeNumber(JsonElement number) =>
        number.TryGetInt32(out var type) ? type
        : number.TryGetDouble(out var value) ? (int)BitConverter.DoubleToInt64Bits(value) : 0;
}
