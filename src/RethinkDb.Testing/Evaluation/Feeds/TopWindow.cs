using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.Feeds;

/// <summary>
/// The documents an <c>orderBy(index).limit(n)</c> feed shows, and how a write changes them (the server's
/// <c>limit_sub_t</c>): at most one document leaves the window (<c>old_val</c>, at <c>old_offset</c> in the window
/// before) and at most one enters it (<c>new_val</c>, at <c>new_offset</c> in the window after). A document updated in
/// place leaves as its old version and enters as its new one. Offsets count from the first document in the feed's
/// order.
/// </summary>
internal sealed class TopWindow(MemoryTable table, Func<JsonObject, JsonNode?> indexKey, bool descending, int limit)
{
    private List<JsonObject> _shown = [];

    /// <summary>Computes the window from the table; the caller holds the store lock.</summary>
    public IReadOnlyList<JsonObject> Start()
    {
        _shown = Compute();
        return _shown;
    }

    /// <summary>What a write changed in the window (the table already holds the write), or null when nothing.</summary>
    public JsonObject? Change(bool includeTypes, bool includeOffsets)
    {
        var before = _shown;
        var after = Compute();
        _shown = after;
        var leftAt = before.FindIndex(d => !after.Exists(a => Datum.Comparer.Compare(a, d) == 0));
        var enteredAt = after.FindIndex(d => !before.Exists(b => Datum.Comparer.Compare(b, d) == 0));
        if (leftAt < 0 && enteredAt < 0)
        {
            return null;
        }
        var change = new JsonObject
        {
            ["old_val"] = leftAt < 0 ? null : Datum.Clone(before[leftAt]),
            ["new_val"] = enteredAt < 0 ? null : Datum.Clone(after[enteredAt]),
        };
        if (includeOffsets)
        {
            change["old_offset"] = leftAt < 0 ? null : Datum.NumberNode(leftAt);
            change["new_offset"] = enteredAt < 0 ? null : Datum.NumberNode(enteredAt);
        }
        if (includeTypes)
        {
            change["type"] = leftAt < 0 ? "add" : enteredAt < 0 ? "remove" : "change";
        }
        return (JsonObject)Datum.Normalize(change)!; // keys in the server's order: new_offset, new_val, old_offset…
    }

    private List<JsonObject> Compute()
    {
        // Documents without a key in the index are never in the window.
        var indexed = table.Documents.Values.Select(d => (Key: indexKey(d), Document: d)).Where(e => e.Key is not null);
        var ordered = descending
            ? indexed.OrderByDescending(e => e.Key, Datum.Comparer).ThenByDescending(e => e.Document[table.PrimaryKey], Datum.Comparer)
            : indexed.OrderBy(e => e.Key, Datum.Comparer).ThenBy(e => e.Document[table.PrimaryKey], Datum.Comparer);
        return [.. ordered.Take(limit).Select(e => e.Document)];
    }
}
