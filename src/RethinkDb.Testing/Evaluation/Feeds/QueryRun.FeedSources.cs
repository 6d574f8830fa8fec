using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Testing.Evaluation.Feeds;

namespace RethinkDb.Testing.Evaluation;

/// <content>Reading what a <c>changes()</c> term watches from the terms below it.</content>
internal sealed partial class QueryRun
{
    /// <summary>Terms that map one row to at most one row: the server passes them into the feed as transforms.</summary>
    private static readonly HashSet<TermType> RowWiseTerms = [TermType.Filter, TermType.Pluck, TermType.Without, TermType.Merge];

    /// <summary>
    /// Reads the feed's source from the raw term of <c>changes()</c>'s argument (at backtrace frame
    /// <paramref name="frame"/>): a table, <c>get</c>, <c>getAll</c> on the primary key, and row-wise transforms over
    /// a table or <c>getAll</c>. Whatever else is evaluated, so that its own errors come first.
    /// </summary>
    private FeedSource FeedSourceOf(JsonElement term, object frame)
    {
        if (OrderByLimitOf(term, frame) is { } window)
        {
            return window;
        }
        var transforms = new List<JsonElement>();
        var frames = new List<object> { frame };
        // Walk down through the row-wise transforms to the selection they apply to.
        while (term.ValueKind == JsonValueKind.Array && term.GetArrayLength() > 1 &&
               RowWiseTerms.Contains((TermType)term[0].GetInt32()))
        {
            transforms.Insert(0, term);
            term = term[1][0];
            frames.Add(0);
        }
        var transform = new RowTransform(_store, _user, _serverName, _globalOptArgs);
        foreach (var applied in transforms)
        {
            transform.Add(applied);
        }
        _path.AddRange(frames.Take(frames.Count - 1));
        try
        {
            var value = EvalAt(term, frames[^1]);
            switch (value)
            {
                case TableValue table:
                    return new FeedSource(FeedKind.Range, table.Table, transform);
                case SingleSelectionValue single when transform.IsEmpty:
                    return new FeedSource(FeedKind.Point, single.Table, transform) { Keys = [single.Key] };
                case SequenceValue { Table: { } table, IsArray: false } when (TermType)term[0].GetInt32() == TermType.GetAll:
                    return new FeedSource(FeedKind.Range, table, transform) { Keys = GetAllKeys(term) };
                default:
                    throw Fail(ErrorType.QueryLogic,
                        $"The test server supports changes() on a table, get, getAll and filter/pluck/without/merge of them, not on {value.TypeName}.",
                        value.Origin);
            }
        }
        finally
        {
            _path.RemoveRange(_path.Count - (frames.Count - 1), frames.Count - 1);
        }
    }

    /// <summary>The keys of a <c>getAll</c> term (evaluated again: they are datums, so this has no effect).</summary>
    private List<JsonNode> GetAllKeys(JsonElement getAll)
    {
        var keys = new List<JsonNode>();
        for (var i = 1; i < getAll[1].GetArrayLength(); i++)
        {
            if (AsDatum(EvalAt(getAll[1][i], i)) is { } key)
            {
                keys.Add(key);
            }
        }
        return keys;
    }

    /// <summary>
    /// <c>table.orderBy({index: ...}).limit(n)</c>: evaluated first (for the errors of a missing index or a bad
    /// limit), then read from its terms. Null when the term is not of that shape.
    /// </summary>
    private FeedSource? OrderByLimitOf(JsonElement term, object frame)
    {
        if (!IsTerm(term, TermType.Limit) || !IsTerm(term[1][0], TermType.OrderBy))
        {
            return null;
        }
        var orderBy = term[1][0];
        if (orderBy.GetArrayLength() < 3 || orderBy[2].ValueKind != JsonValueKind.Object ||
            !orderBy[2].TryGetProperty("index", out var index) || orderBy[1].GetArrayLength() != 1)
        {
            return null;
        }
        EvalAt(term, frame);
        _path.Add(frame);
        try
        {
            if (EvalAt(orderBy[1][0], 0) is not TableValue table)
            {
                return null;
            }
            var limit = (int)AsNumber(EvalAt(term[1][1], 1));
            var descending = IsTerm(index, TermType.Desc);
            var field = IsTerm(index, TermType.Desc) || IsTerm(index, TermType.Asc) ? AsString(EvalAt(index[1][0], "index")) : AsString(EvalAt(index, "index"));
            return new FeedSource(FeedKind.OrderByLimit, table.Table, new RowTransform(_store, _user, _serverName, _globalOptArgs))
            {
                Window = new TopWindow(table.Table, field, descending, limit),
            };
        }
        finally
        {
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private static bool IsTerm(JsonElement term, TermType type) =>
        term.ValueKind == JsonValueKind.Array && term.GetArrayLength() > 1 && term[0].ValueKind == JsonValueKind.Number &&
        term[0].GetInt32() == (int)type;
}
