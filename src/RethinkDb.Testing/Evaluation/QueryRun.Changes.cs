using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;
using RethinkDb.Testing.Evaluation.Feeds;

namespace RethinkDb.Testing.Evaluation;

/// <content>Changefeeds (<c>changes()</c>): options checked as the server's <c>changes_term_t</c>, then the feed.</content>
internal sealed partial class QueryRun
{
    private FeedValue Changes(Args args)
    {
        // The server reads the options first (in this order), then its argument.
        var squash = CheckSquash(args.OptArg("squash"));
        var includeStates = args.OptArg("include_states") is { } s && AsBool(s);
        var includeTypes = args.OptArg("include_types") is { } t && AsBool(t);
        var includeInitial = args.OptArg("include_initial") is { } ii && AsBool(ii);
        var includeOffsets = args.OptArg("include_offsets") is { } io && AsBool(io);
        var source = FeedSourceOf(args.Raw(0), 0);
        var queueLimit = FeedQueue.DefaultLimit;
        if (args.OptArg("changefeed_queue_size") is { } queueSize)
        {
            queueLimit = CheckLimit("changefeed queue size", queueSize);
        }
        if (includeOffsets && source.Kind != FeedKind.OrderByLimit)
        {
            // new_sub: only orderBy().limit() feeds have offsets.
            throw Fail(ErrorType.QueryLogic,
                $"Cannot include offsets for {(source.Kind == FeedKind.Point ? "point" : "range")} subs.");
        }
        var table = source.Table;
        var changedOnlyByTransform = !source.Transform.IsEmpty;
        var subscription = new FeedSubscription(_store, table, includeTypes)
        {
            Shape = source.Window is { } window
                ? (_, _) => window.Change(includeTypes, includeOffsets)
                : (oldValue, newValue) => source.Watches(oldValue) || source.Watches(newValue)
                    // A value outside the selection is no value: entering it is an add, leaving it a remove.
                    ? Shaped(source.Watches(oldValue) ? source.Transform.Apply(oldValue) : null,
                        source.Watches(newValue) ? source.Transform.Apply(newValue) : null, includeTypes, changedOnlyByTransform)
                    : null,
        };
        var queue = new FeedQueue(queueLimit, squash is not null, squash ?? TimeSpan.Zero);
        var stream = new FeedStream(_store, queue);
        var initial = new List<JsonNode?>();
        lock (_store.Sync)
        {
            // Subscribing and reading the initial values under one lock: no change is missed or seen twice.
            stream.Add(subscription);
            table.Feeds.Add(subscription);
            if (includeInitial)
            {
                if (includeStates)
                {
                    initial.Add(ChangeShape.State("initializing", includeTypes));
                }
                initial.AddRange(InitialValues(source, includeTypes, includeOffsets));
            }
            else
            {
                source.Window?.Start();
            }
        }
        if (includeStates)
        {
            initial.Add(ChangeShape.State("ready", includeTypes));
        }
        var kindNote = source.Kind switch
        {
            FeedKind.Point => ResponseNote.AtomFeed,
            FeedKind.OrderByLimit => ResponseNote.OrderByLimitFeed,
            _ => ResponseNote.SequenceFeed,
        };
        ResponseNote[] notes = includeStates ? [kindNote, ResponseNote.IncludesStates] : [kindNote];
        return new FeedValue(new FeedResult(queue, notes, stream, initial));
    }

    /// <summary>
    /// A change after the feed's transforms: none when both values are gone, nor when the transforms make the
    /// document the same before and after (the server drops a change that changes nothing it shows).
    /// </summary>
    private static JsonObject? Shaped(JsonNode? oldValue, JsonNode? newValue, bool includeTypes, bool transformed) =>
        transformed && oldValue is not null && newValue is not null && Datum.Comparer.Compare(oldValue, newValue) == 0
            ? null
            : ChangeShape.Change(oldValue, newValue, includeTypes);

    /// <summary>The current values a feed opened with <c>include_initial</c> sends first; the caller holds the lock.</summary>
    private static List<JsonNode?> InitialValues(FeedSource source, bool includeTypes, bool includeOffsets)
    {
        if (source.Window is { } window)
        {
            // limit_sub_t::maybe_start: the window in order, each with its offset when asked.
            var shown = window.Start();
            var values = new List<JsonNode?>();
            for (var i = 0; i < shown.Count; i++)
            {
                var value = ChangeShape.Initial(shown[i], includeTypes);
                if (includeOffsets)
                {
                    value["new_offset"] = Datum.NumberNode(i);
                }
                values.Add(Datum.Normalize(value)); // keys in the server's order: new_offset first
            }
            return values;
        }
        if (source.Kind == FeedKind.Point)
        {
            // point_sub_t: always one value, {new_val: null} when the document does not exist.
            var document = source.Table.Documents.GetValueOrDefault(source.Keys![0]);
            return [ChangeShape.Initial(document, includeTypes)];
        }
        return source.Table.Scan()
            .Where(source.Watches)
            .Select(document => source.Transform.Apply(document))
            .Where(value => value is not null)
            .Select(value => (JsonNode?)ChangeShape.Initial(value, includeTypes))
            .ToList();
    }

    /// <summary>
    /// <c>squash</c>: a boolean or a non-negative number of seconds (changes_term_t). Returns how long changes are
    /// held to be squashed (zero for <c>true</c>: only while the client does not read), or null for no squashing.
    /// </summary>
    private TimeSpan? CheckSquash(Value? squash)
    {
        if (squash is null)
        {
            return null;
        }
        var node = AsDatum(squash);
        switch (Datum.Kind(node))
        {
            case JsonValueKind.Number when Datum.Number(node!) < 0:
                throw Fail(ErrorType.QueryLogic, "Expected BOOL or a positive NUMBER but found a negative NUMBER.", squash.Origin);
            case JsonValueKind.Number:
                return TimeSpan.FromSeconds(Datum.Number(node!));
            case JsonValueKind.True:
                return TimeSpan.Zero;
            case JsonValueKind.False:
                return null;
            default:
                throw Fail(ErrorType.QueryLogic, $"Expected BOOL or NUMBER but found {Datum.TypeName(node)}.", squash.Origin);
        }
    }
}
