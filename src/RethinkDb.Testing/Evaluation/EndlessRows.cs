using System.Collections;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// The rows of an endless stream (<c>r.range()</c> and what is mapped or filtered from it): read lazily by the terms
/// that stop early (<c>limit</c>, <c>nth</c>, <c>slice</c>...) and by a client reading batches. Asking how many rows it
/// has is what the server refuses with an infinite stream (an aggregation, or coercion to an array).
/// </summary>
/// <param name="rows">The rows, read lazily.</param>
/// <param name="infinite">The server's refusal of the stream, blamed where the server blames it (see <see cref="Fuses"/>).</param>
/// <param name="fuses">Whether a transformation of this stream is blamed itself (see <see cref="Fuses"/>).</param>
internal sealed class EndlessRows(IEnumerable<JsonNode?> rows, Func<Exception> infinite, bool fuses = true) : IReadOnlyList<JsonNode?>
{
    /// <summary>A safety net: past this many rows an endless stream read whole fails instead of running forever.</summary>
    public const int MaterializeLimit = 10_000_000;

    public const string InfiniteMessage =
        "Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array.";

    public IEnumerable<JsonNode?> Source { get; } = rows;

    /// <summary>The server's refusal of this stream where every row is needed (an aggregation, an array, <c>nth</c>...).</summary>
    public Func<Exception> Infinite { get; } = infinite;

    /// <summary>
    /// Whether the stream is the server's lazy stream itself (<c>r.range()</c>, and what <c>map</c>, <c>filter</c> and
    /// the like add to it): a transformation added to it takes over the blame for the refusal. A stream cut by
    /// <c>limit</c>/<c>skip</c>/<c>slice</c> or combined (<c>union</c>, <c>zip</c>, joins) wraps another, and whatever is
    /// made from it is still refused at that other's term (checked on 2.4.4: <c>r.range().map(f).count()</c> is blamed on
    /// the <c>map</c>, <c>r.range().limit(3).map(f).distinct()</c> on the <c>range</c>).
    /// </summary>
    public bool Fuses { get; } = fuses;

    public int Count => throw Infinite();

    public JsonNode? this[int index] => throw Infinite();

    public IEnumerator<JsonNode?> GetEnumerator()
    {
        var read = 0;
        foreach (var row in Source)
        {
            if (++read > MaterializeLimit)
            {
                throw Infinite();
            }
            yield return row;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
