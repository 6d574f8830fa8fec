using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.Feeds;

/// <summary>
/// A term chained after <c>changes()</c>, run on each value of the feed as it comes: a row-wise term (<c>map</c>,
/// <c>filter</c>, <c>pluck</c>, <c>concat_map</c>, ...) run by the evaluator on that one value, or <c>skip</c> /
/// <c>limit</c> counting the values that went through (a <c>limit</c> reached ends the feed).
/// </summary>
internal sealed class FeedStep
{
    private readonly RowTransform? _transform;
    private readonly long _skip;
    private readonly long? _limit;
    private long _seen;
    private long _passed;

    private FeedStep(RowTransform? transform, long skip, long? limit)
    {
        _transform = transform;
        _skip = skip;
        _limit = limit;
    }

    /// <summary>Whether the step lets nothing more through (its limit was reached).</summary>
    public bool IsDone => _limit is { } limit && _passed >= limit;

    public static FeedStep RowWise(RowTransform transform) => new(transform, 0, null);

    /// <summary>Drops the first <paramref name="skip"/> values, then lets <paramref name="limit"/> through (null: all).</summary>
    public static FeedStep Slice(long skip, long? limit) => new(null, skip, limit);

    public List<JsonNode?> Run(JsonNode? value)
    {
        if (_transform is not null)
        {
            return _transform.ApplyAll(value);
        }
        if (IsDone || _seen++ < _skip)
        {
            return [];
        }
        _passed++;
        return [value];
    }
}
