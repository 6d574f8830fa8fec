using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// Whether a term can be proved deterministic, as the server proves it before running a write hook, an index function
/// or an atomic <c>update</c>/<c>replace</c>: no term whose result may differ between calls (r.random, r.uuid() without
/// a name, r.js, r.http, a read of a table or database, and, except for writes, r.now).
/// </summary>
internal static class Determinism
{
    private static readonly HashSet<TermType> NonDeterministic =
        [TermType.Random, TermType.Javascript, TermType.Http, TermType.Table, TermType.Db];

    /// <summary>
    /// Whether <paramref name="term"/> (a wire term: <c>[type, args, optargs]</c>, or an object of terms) uses no
    /// non-deterministic term; <paramref name="nowAllowed"/>: r.now counts as deterministic (one value per query, which
    /// is all an atomic write needs).
    /// </summary>
    public static bool IsDeterministic(JsonElement term, bool nowAllowed = false)
    {
        switch (term.ValueKind)
        {
            case JsonValueKind.Array when term.GetArrayLength() > 0 && term[0].ValueKind == JsonValueKind.Number:
                var type = (TermType)term[0].GetInt32();
                var args = term.GetArrayLength() > 1 && term[1].ValueKind == JsonValueKind.Array ? term[1] : default;
                if (type == TermType.Datum)
                {
                    return true;
                }
                if (NonDeterministic.Contains(type) || (type == TermType.Now && !nowAllowed) ||
                    (type == TermType.Uuid && (args.ValueKind != JsonValueKind.Array || args.GetArrayLength() == 0)))
                {
                    return false;
                }
                var argsOk = args.ValueKind != JsonValueKind.Array || args.EnumerateArray().All(arg => IsDeterministic(arg, nowAllowed));
                return argsOk && (term.GetArrayLength() < 3 || IsDeterministic(term[2], nowAllowed));
            case JsonValueKind.Object:
                return term.EnumerateObject().All(p => IsDeterministic(p.Value, nowAllowed));
            default:
                return true;
        }
    }
}
