using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Testing.Evaluation.Feeds;

namespace RethinkDb.Testing.Evaluation;

/// <content>Reading what a <c>changes()</c> term watches from the terms below it.</content>
internal sealed partial class QueryRun
{
    /// <summary>Terms that map one row to at most one row: the server passes them into the feed as transforms.</summary>
    private static readonly HashSet<TermType> RowWiseTerms =
    [
        TermType.Filter, TermType.Pluck, TermType.Without, TermType.Merge, TermType.Map, TermType.WithFields,
        TermType.HasFields, TermType.Bracket, TermType.GetField,
    ];

    /// <summary>
    /// Reads the feed's source from the raw term of <c>changes()</c>'s argument (at backtrace frame
    /// <paramref name="frame"/>): a table, <c>get</c>, <c>getAll</c>, <c>between</c> and <c>orderBy</c> on an index,
    /// <c>orderBy(index).limit(n)</c>, and row-wise transforms over the selections. The other shapes fail with the
    /// server's messages.
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
        CheckFeedShape(term, transforms.Count > 0);
        var transform = new RowTransform(_store, _user, _serverName, _globalOptArgs);
        foreach (var applied in transforms)
        {
            transform.Add(applied);
        }
        object[] changesPath = [.. _path];
        _path.AddRange(frames.Take(frames.Count - 1));
        try
        {
            var value = EvalAt(term, frames[^1]);
            // A bare JSON value (not a term array) is a datum in the wire format: r.expr(5).changes().
            var type = term.ValueKind == JsonValueKind.Array ? (TermType)term[0].GetInt32() : TermType.Datum;
            switch (value)
            {
                case TableValue table:
                    return new FeedSource(FeedKind.Range, table.Table, transform);
                case SingleSelectionValue single when transform.IsEmpty:
                    return new FeedSource(FeedKind.Point, single.Table, transform) { Keys = [single.Key] };
                case SequenceValue { Table: { } table, IsArray: false } when type is TermType.GetAll or TermType.Between or TermType.OrderBy:
                    _path.Add(frames[^1]);
                    try
                    {
                        return new FeedSource(FeedKind.Range, table, transform) { Selects = SelectionOf(term, table) };
                    }
                    finally
                    {
                        _path.RemoveAt(_path.Count - 1);
                    }
                // What is not a sequence at all is blamed on changes() itself, as the server does.
                case DatumValue { Node: not JsonArray } datum:
                    throw TypedError(datum.Node, $"Cannot convert {Datum.TypeName(datum.Node)} to SEQUENCE", changesPath);
                case SingleSelectionValue:
                    throw Fail(ErrorType.QueryLogic, "Cannot convert OBJECT to SEQUENCE", changesPath);
                case SequenceValue when type is TermType.Limit or TermType.Slice && !IsEager(term):
                    // The first elements of a stream that is not ordered by an index (those are OrderByLimitOf's).
                    throw LogicError("Cannot get changes on the first elements of an unordered stream.", changesPath);
                default:
                    throw Fail(ErrorType.QueryLogic, "Cannot call `changes` on an eager stream.", EagerPartOf(term, value.Origin));
            }
        }
        finally
        {
            _path.RemoveRange(_path.Count - (frames.Count - 1), frames.Count - 1);
        }
    }

    /// <summary>The shapes the server refuses before it looks at the values (changes_term_t / the streams' own checks).</summary>
    private void CheckFeedShape(JsonElement term, bool transformed)
    {
        if (term.ValueKind != JsonValueKind.Array || term.GetArrayLength() < 2)
        {
            return;
        }
        switch ((TermType)term[0].GetInt32())
        {
            case TermType.ConcatMap:
                throw LogicError("Cannot call `changes` after `concat_map`.");
            case TermType.Zip:
                throw LogicError("Cannot call `changes` after `zip`.");
            case TermType.Limit when transformed && IsIndexedOrderBy(term[1][0]):
                throw LogicError("Changefeeds are not supported on queries that have a transformation following a `limit` term.  " +
                    "Transformations include terms such as `filter`, `map`, `pluck`, etc.  Consider moving the transformation before the `limit` term.");
        }
    }

    private static bool IsIndexedOrderBy(JsonElement term) =>
        IsTerm(term, TermType.OrderBy) && term.GetArrayLength() > 2 && term[2].ValueKind == JsonValueKind.Object &&
        term[2].TryGetProperty("index", out _);

    /// <summary>Which documents a <c>getAll</c>, <c>between</c> or indexed <c>orderBy</c> selects, by their index keys.</summary>
    private Func<JsonObject, bool> SelectionOf(JsonElement term, MemoryTable table)
    {
        var args = new Args(this, term[1], term.GetArrayLength() > 2 ? term[2] : default, null);
        var index = args.RawOptArg("index") is not { } raw ? table.PrimaryKey
            : IsTerm(raw, TermType.Desc) || IsTerm(raw, TermType.Asc) ? AsString(EvalAt(raw[1][0], "index"))
            : AsString(args.OptArg("index")!);
        var keysOf = IndexKeysOf(table, index);
        switch ((TermType)term[0].GetInt32())
        {
            case TermType.GetAll:
                var wanted = new List<JsonNode>();
                for (var i = 1; i < args.Count; i++)
                {
                    if (AsDatum(args[i]) is { } key)
                    {
                        wanted.Add(key);
                    }
                }
                return document => keysOf(document).Any(k => wanted.Any(w => Datum.Comparer.Compare(k, w) == 0));
            case TermType.Between:
                var leftOpen = BoundIsOpen(args, "left_bound", defaultOpen: false);
                var rightOpen = BoundIsOpen(args, "right_bound", defaultOpen: true);
                var bounds = new SliceBounds(BetweenBound(args, 1), leftOpen, BetweenBound(args, 2), rightOpen);
                return document => keysOf(document).Any(bounds.Contains);
            default:
                // orderBy({index}) without a limit: every document in the index, in no particular order.
                return document => keysOf(document).Count > 0;
        }
    }

    /// <summary>
    /// The keys a document has in an index, computed as the index does (none when its function fails or gives no
    /// key; one per element for a multi index). Called when a write publishes, so on a run of its own.
    /// </summary>
    private Func<JsonObject, List<JsonNode>> IndexKeysOf(MemoryTable table, string index)
    {
        if (index == table.PrimaryKey)
        {
            return document => document[table.PrimaryKey] is { } key ? [key] : [];
        }
        if (!table.Indexes.TryGetValue(index, out var secondary))
        {
            throw OpFailedError($"Index `{index}` was not found on table `{table.QualifiedName}`.");
        }
        var (store, user, serverName, globalOptArgs) = (_store, _user, _serverName, _globalOptArgs);
        return document =>
        {
            JsonNode? value;
            try
            {
                value = new QueryRun(store, user, serverName, globalOptArgs).AsDatumOf(secondary.Function, document);
            }
            catch (QueryFailure)
            {
                return [];
            }
            var keys = secondary.Multi && value is JsonArray many ? many.ToList() : [value];
            return [.. keys.Where(IsIndexKey).Select(k => Datum.Own(k)!)];
        };
    }

    private JsonNode? AsDatumOf(FuncValue function, JsonNode? argument) => AsDatum(Call(function, argument));

    /// <summary>
    /// <c>table.orderBy({index: ...}).limit(n)</c>: evaluated first (for the errors of a missing index or a bad
    /// limit), then read from its terms. Null when the term is not of that shape.
    /// </summary>
    private FeedSource? OrderByLimitOf(JsonElement term, object frame)
    {
        if (ExtremeByIndexOf(term, frame) is { } extreme)
        {
            return extreme;
        }
        if (!IsTerm(term, TermType.Limit) || !IsIndexedOrderBy(term[1][0]))
        {
            return null;
        }
        var orderBy = term[1][0];
        if (orderBy[1].GetArrayLength() != 1)
        {
            return null;
        }
        var index = orderBy[2].GetProperty("index");
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
            var name = IsTerm(index, TermType.Desc) || IsTerm(index, TermType.Asc) ? AsString(EvalAt(index[1][0], "index")) : AsString(EvalAt(index, "index"));
            return TopOfIndexFeed(table.Table, name, descending, limit);
        }
        finally
        {
            _path.RemoveAt(_path.Count - 1);
        }
    }

    /// <summary>
    /// <c>min({index})</c>/<c>max({index})</c> of a table: the server watches them as <c>order_by({index}).limit(1)</c>
    /// (an ORDER_BY_LIMIT feed). Null when the term is not of that shape.
    /// </summary>
    private FeedSource? ExtremeByIndexOf(JsonElement term, object frame)
    {
        if (!(IsTerm(term, TermType.Min) || IsTerm(term, TermType.Max)) || term[1].GetArrayLength() != 1 ||
            term.GetArrayLength() < 3 || term[2].ValueKind != JsonValueKind.Object || !term[2].TryGetProperty("index", out var index))
        {
            return null;
        }
        Value source;
        string name;
        _path.Add(frame);
        try
        {
            source = EvalAt(term[1][0], 0);
            name = AsString(EvalAt(index, "index"));
        }
        finally
        {
            _path.RemoveAt(_path.Count - 1);
        }
        return source is TableValue table ? TopOfIndexFeed(table.Table, name, descending: IsTerm(term, TermType.Max), limit: 1) : null;
    }

    /// <summary>An ORDER_BY_LIMIT feed: the first <paramref name="limit"/> documents of a table in an index's order.</summary>
    private FeedSource TopOfIndexFeed(MemoryTable table, string index, bool descending, int limit)
    {
        var keysOf = IndexKeysOf(table, index);
        return new FeedSource(FeedKind.OrderByLimit, table, new RowTransform(_store, _user, _serverName, _globalOptArgs))
        {
            Window = new TopWindow(table, document => keysOf(document) is [var key, ..] ? key : null, descending, limit),
        };
    }

    /// <summary>
    /// Whether a stream is eager to the server (computed whole: an array, a non-indexed <c>order_by</c>, <c>distinct</c>,
    /// <c>sample</c>), looking through <c>limit</c>, <c>slice</c> and the row-wise terms down to where it comes from.
    /// </summary>
    private static bool IsEager(JsonElement term)
    {
        while (term.ValueKind == JsonValueKind.Array && term.GetArrayLength() > 1 && term[0].ValueKind == JsonValueKind.Number &&
               ((TermType)term[0].GetInt32() is TermType.Limit or TermType.Slice || RowWiseTerms.Contains((TermType)term[0].GetInt32())))
        {
            term = term[1][0];
        }
        if (term.ValueKind != JsonValueKind.Array || term.GetArrayLength() < 2 || term[0].ValueKind != JsonValueKind.Number)
        {
            return true; // a literal
        }
        return (TermType)term[0].GetInt32() switch
        {
            TermType.OrderBy => !IsIndexedOrderBy(term),
            TermType.Distinct or TermType.Sample or TermType.MakeArray or TermType.Datum => true,
            _ => false,
        };
    }

    /// <summary>
    /// Where the server blames an eager stream under <c>changes()</c>: a <c>limit</c> hands the question down to the
    /// stream it limits (through nested limits), unless that is an array literal, which makes the limit itself eager.
    /// </summary>
    private static object[] EagerPartOf(JsonElement term, object[] origin)
    {
        var path = new List<object>(origin);
        while (IsTerm(term, TermType.Limit) && term[1][0] is var source && source.ValueKind == JsonValueKind.Array &&
               source.GetArrayLength() > 1 && source[0].ValueKind == JsonValueKind.Number &&
               (TermType)source[0].GetInt32() is not (TermType.MakeArray or TermType.Datum))
        {
            path.Add(0);
            term = source;
        }
        return [.. path];
    }

    private static bool IsTerm(JsonElement term, TermType type) =>
        term.ValueKind == JsonValueKind.Array && term.GetArrayLength() > 1 && term[0].ValueKind == JsonValueKind.Number &&
        term[0].GetInt32() == (int)type;
}
