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
    public void AddInfo(JsonObject info)
    {
        info["index"] = Index;
        AddBound(info, "left_bound", Bounds?.Lower, Bounds?.LowerOpen ?? false);
        AddBound(info, "right_bound", Bounds?.Upper, Bounds?.UpperOpen ?? false);
        info["sorting"] = Sorting;

        static void AddBound(JsonObject info, string name, JsonNode? bound, bool open)
        {
            if (bound is not null)
            {
                info[name] = Datum.Own(bound);
            }
            info[name + "_type"] = bound is null ? "unbounded" : open ? "open" : "closed";
        }
    }
}
