using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.Feeds;

/// <summary>
/// The row-wise terms between a feed's source and <c>changes()</c> (<c>filter</c>, <c>pluck</c>, <c>without</c>,
/// <c>merge</c>), applied to one document at a time as the server applies its transforms to each of a change's
/// <c>old_val</c> and <c>new_val</c>: a document the transforms drop (a filter that fails) becomes null.
/// </summary>
/// <remarks>
/// Each transform is the query's own term with its source replaced by a one-element array, run by the same
/// evaluator: a transform behaves here exactly as it does on a table.
/// </remarks>
internal sealed class RowTransform(MemoryStore store, string user, string serverName, JsonElement globalOptArgs)
{
    private readonly List<JsonElement> _terms = [];

    /// <summary>
    /// Whether a transform failing on a value fails the feed (terms chained after <c>changes()</c>: the real server
    /// ends the feed with the error) rather than dropping the value (transforms before <c>changes()</c>).
    /// </summary>
    public bool FailuresEndFeed { get; init; }

    /// <summary>Whether there is nothing to apply.</summary>
    public bool IsEmpty => _terms.Count == 0;

    /// <summary>Adds a transform applied after those already added.</summary>
    public void Add(JsonElement term) => _terms.Add(term.Clone());

    /// <summary>The document after every transform, or null when dropped (or when <paramref name="document"/> is).</summary>
    public JsonNode? Apply(JsonNode? document)
    {
        if (document is null || _terms.Count == 0)
        {
            return document;
        }
        return ApplyAll(document) is [var first, ..] ? first : null;
    }

    /// <summary>
    /// Every value the transforms make of <paramref name="value"/> (none when they drop it or fail on it, several
    /// for a <c>concat_map</c>).
    /// </summary>
    /// <exception cref="QueryFailure">A transform failed and <see cref="FailuresEndFeed"/> is set.</exception>
    public List<JsonNode?> ApplyAll(JsonNode? value)
    {
        if (_terms.Count == 0)
        {
            return [value];
        }
        var document = value;
        JsonNode current = new JsonArray((int)RethinkDb.TermType.MakeArray,
            new JsonArray(new JsonArray((int)RethinkDb.TermType.Datum, new JsonArray(Datum.Clone(document)))));
        foreach (var term in _terms)
        {
            var applied = JsonNode.Parse(term.GetRawText(), documentOptions: Nesting.Document)!.AsArray();
            applied[1]!.AsArray()[0] = current;
            current = applied;
        }
        using var query = JsonDocument.Parse(current.ToJsonString(), Nesting.Document);
        try
        {
            var result = new QueryRun(store, user, serverName, globalOptArgs).Run(query.RootElement);
            return result switch
            {
                AtomResult { Value: JsonArray rows } => [.. rows.Select(Datum.Clone)],
                SequenceResult sequence => [.. sequence.Rows.Select(Datum.Clone)],
                _ => [],
            };
        }
        catch (QueryFailure failure)
        {
            if (FailuresEndFeed)
            {
                // The failure is the feed's, not the synthetic query's: no backtrace into a query the client never sent.
                throw QueryFailure.Runtime(failure.ErrorType, failure.Message);
            }
            // A transform before changes() failing on one document drops that document from the feed.
            return [];
        }
    }
}
