using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;
using RethinkDb.Testing.Evaluation.Feeds;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Terms applied to a feed: <c>union</c> of feeds (and of a feed with other sequences), the row-wise terms and
/// <c>skip</c>/<c>limit</c> chained after <c>changes()</c>, and the terms the server refuses on an endless feed.
/// </content>
internal sealed partial class QueryRun
{
    /// <summary>Terms run on each value of a feed as it comes.</summary>
    private static readonly HashSet<TermType> FeedRowTerms =
    [
        TermType.Map, TermType.Filter, TermType.Pluck, TermType.Without, TermType.Merge, TermType.WithFields,
        TermType.HasFields, TermType.Bracket, TermType.GetField, TermType.ConcatMap, TermType.Default, TermType.Zip,
    ];

    /// <summary>Terms that need the whole stream: the server refuses them on a changefeed.</summary>
    private static readonly HashSet<TermType> FeedTerminalTerms =
    [
        TermType.Count, TermType.OrderBy, TermType.Distinct, TermType.Nth, TermType.CoerceTo, TermType.Reduce,
        TermType.Group, TermType.Sample, TermType.ForEach, TermType.Sum, TermType.Avg, TermType.Min, TermType.Max,
        TermType.Contains, TermType.Fold, TermType.IsEmpty,
    ];

    private const string FeedTerminalMessage = "Cannot call a terminal (`reduce`, `count`, etc.) on an infinite stream (such as a changefeed).";

    /// <summary>
    /// A term whose first argument is a feed. Whatever fails stops the feed's subscriptions: a query that fails
    /// leaves nothing listening.
    /// </summary>
    private Value OnFeed(TermType type, JsonElement args, JsonElement optArgs, FeedValue feed, TermEvaluator evaluate)
    {
        try
        {
            if (type == TermType.Changes)
            {
                throw LogicError("Cannot call `changes` on an eager stream.");
            }
            if (FeedTerminalTerms.Contains(type))
            {
                throw LogicError(FeedTerminalMessage);
            }
            if (type == TermType.Union)
            {
                return UnionOfFeeds(args, optArgs, feed);
            }
            FeedStep? step = null;
            if (FeedRowTerms.Contains(type))
            {
                var transform = new RowTransform(_store, _user, _serverName, _globalOptArgs) { FailuresEndFeed = true };
                transform.Add(RawTerm(type, args, optArgs));
                step = FeedStep.RowWise(transform);
            }
            else if (type is TermType.Limit or TermType.Skip)
            {
                var count = (long)AsNumber(EvalAt(args[1], 1));
                step = type == TermType.Limit ? FeedStep.Slice(0, count) : FeedStep.Slice(count, null);
            }
            else if (type == TermType.Slice)
            {
                var from = (long)AsNumber(EvalAt(args[1], 1));
                long? to = args.GetArrayLength() > 2 ? (long)AsNumber(EvalAt(args[2], 2)) : null;
                step = FeedStep.Slice(from, to - from);
            }
            if (step is null)
            {
                return evaluate(this, new Args(this, args, optArgs, feed));
            }
            var result = feed.Feed;
            var initial = result.Subscription.AddStep(step, result.Initial);
            return new FeedValue(result with { Initial = initial });
        }
        catch
        {
            feed.Feed.Subscription.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>union</c> when an argument is a feed: the rows of the other sequences come first, then the initial values
    /// of the feeds in order, then the changes of every feed as they come. Its note is the server's
    /// <c>union_of</c> of the feeds' kinds: one kind stays itself, two different kinds are UNIONED_FEED.
    /// </summary>
    private FeedValue UnionOfFeeds(JsonElement args, JsonElement optArgs, Value? first)
    {
        var values = new List<Value>();
        try
        {
            for (var i = 0; i < args.GetArrayLength(); i++)
            {
                values.Add(i == 0 && first is not null ? first : EvalAt(args[i], i));
            }
            var feeds = values.OfType<FeedValue>().Select(v => v.Feed).ToList();
            var initial = new List<JsonNode?>();
            foreach (var value in values.Where(v => v is not FeedValue))
            {
                var rows = AsSequence(value).Rows;
                if (rows is EndlessRows)
                {
                    throw LogicError("The test server does not support a union of a changefeed and an endless stream.", value.Origin);
                }
                initial.AddRange(rows.Select(Datum.Clone));
            }
            initial.AddRange(feeds.SelectMany(f => f.Initial));
            var queue = new FeedQueue();
            var stream = FeedStream.Union(_store, [.. feeds.Select(f => f.Subscription)], queue);
            var kinds = feeds.Select(f => f.Notes.First(IsFeedKind)).Distinct().ToList();
            var kind = kinds.Count == 1 ? kinds[0] : ResponseNote.UnionedFeed;
            ResponseNote[] notes = feeds.Any(f => f.Notes.Contains(ResponseNote.IncludesStates)) ? [kind, ResponseNote.IncludesStates] : [kind];
            return new FeedValue(new FeedResult(queue, notes, stream, initial));
        }
        catch
        {
            foreach (var feed in values.OfType<FeedValue>())
            {
                feed.Feed.Subscription.Dispose();
            }
            throw;
        }
    }

    /// <summary>A <c>union</c> whose arguments include a feed (not the first: <see cref="OnFeed"/> has that), or null.</summary>
    private FeedValue? UnionWithFeedLater(JsonElement args, JsonElement optArgs, Value first)
    {
        for (var i = 1; i < args.GetArrayLength(); i++)
        {
            // Read from the terms (a feed's chain has changes() down its first arguments): nothing is evaluated twice.
            if (ContainsChanges(args[i]))
            {
                return UnionOfFeeds(args, optArgs, first);
            }
        }
        return null;
    }

    private static bool ContainsChanges(JsonElement term) =>
        term.ValueKind == JsonValueKind.Array && term.GetArrayLength() > 1 && term[0].ValueKind == JsonValueKind.Number &&
        (term[0].GetInt32() == (int)TermType.Changes || (term[1].ValueKind == JsonValueKind.Array && term[1].GetArrayLength() > 0 && ContainsChanges(term[1][0])));

    private static bool IsFeedKind(ResponseNote note) =>
        note is ResponseNote.SequenceFeed or ResponseNote.AtomFeed or ResponseNote.OrderByLimitFeed or ResponseNote.UnionedFeed;

    /// <summary>The raw term <c>[type, args, optArgs]</c>, for a transform that runs it again on one value.</summary>
    private static JsonElement RawTerm(TermType type, JsonElement args, JsonElement optArgs)
    {
        var term = new JsonArray((int)type, JsonNode.Parse(args.GetRawText(), documentOptions: Nesting.Document));
        if (optArgs.ValueKind == JsonValueKind.Object)
        {
            term.Add(JsonNode.Parse(optArgs.GetRawText(), documentOptions: Nesting.Document));
        }
        return ToElement(term);
    }
}
