using System.Collections;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// The rows of an endless stream (<c>r.range()</c> and what is mapped or filtered from it): read lazily by the terms
/// that stop early (<c>limit</c>, <c>nth</c>, <c>slice</c>...) and by a client reading batches. Asking how many rows it
/// has is what the server refuses with an infinite stream (an aggregation, or coercion to an array).
/// </summary>
internal sealed class EndlessRows(IEnumerable<JsonNode?> rows, Func<Exception> infinite) : IReadOnlyList<JsonNode?>
{
    /// <summary>A safety net: past this many rows an endless stream read whole fails instead of running forever.</summary>
    public const int MaterializeLimit = 10_000_000;

    public const string InfiniteMessage =
        "Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array.";

    public IEnumerable<JsonNode?> Source { get; } = rows;

    public int Count => throw infinite();

    public JsonNode? this[int index] => throw infinite();

    public IEnumerator<JsonNode?> GetEnumerator()
    {
        var read = 0;
        foreach (var row in Source)
        {
            if (++read > MaterializeLimit)
            {
                throw infinite();
            }
            yield return row;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
