using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// What makes a selection a <c>TABLE_SLICE</c> on the server (<c>table_slice_t</c>): the table read through one index,
/// within bounds (<c>between</c>) and/or in that index's order (<c>order_by({index})</c>), each at most once.
/// </summary>
/// <param name="Index">The index read (the primary key unless named).</param>
/// <param name="Bounds">The <c>between</c> bounds, if a <c>between</c> made or narrowed the slice.</param>
/// <param name="Sorting">UNORDERED, ASCENDING or DESCENDING, as <c>info</c> names it.</param>
/// <param name="TableOrigin">Where the table came from: errors about combining slices are blamed there, as on the server.</param>
internal sealed record TableSlice(string Index, SliceBounds? Bounds, string Sorting, object[] TableOrigin)
{
    public const string Unordered = "UNORDERED";
    public const string Ascending = "ASCENDING";
    public const string Descending = "DESCENDING";

    /// <summary>The fields <c>info</c> shows for the slice (besides its type and table).</summary>
    /// <param name="info">Where the fields go.</param>
    /// <param name="cannotConvert">The error for a bound holding <c>r.minval</c>/<c>r.maxval</c> (given its name), which
    /// the server cannot write as JSON.</param>
    public void AddInfo(JsonObject info, Func<string, Exception> cannotConvert)
    {
        info["index"] = Index;
        AddBound(info, "left_bound", Bounds?.Lower, Bounds?.LowerOpen ?? false, cannotConvert);
        AddBound(info, "right_bound", Bounds?.Upper, Bounds?.UpperOpen ?? false, cannotConvert);
        info["sorting"] = Sorting;

        static void AddBound(JsonObject info, string name, BoundKey? bound, bool open, Func<string, Exception> cannotConvert)
        {
            if (bound is not null)
            {
                var datum = bound.ToDatum(out var extreme);
                info[name] = extreme is null ? Datum.Own(datum) : throw cannotConvert(extreme);
            }
            info[name + "_type"] = bound is null ? "unbounded" : open ? "open" : "closed";
        }
    }
}
