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
        CheckSquash(args.OptArg("squash"));
        var includeStates = args.OptArg("include_states") is { } s && AsBool(s);
        var includeTypes = args.OptArg("include_types") is { } t && AsBool(t);
        var includeInitial = args.OptArg("include_initial") is { } ii && AsBool(ii);
        var includeOffsets = args.OptArg("include_offsets") is { } io && AsBool(io);
        var source = FeedSourceOf(args.Raw(0), 0);
        if (args.OptArg("changefeed_queue_size") is { } queueSize)
        {
            CheckQueueSize(queueSize);
        }
        if (includeOffsets && source.Kind != FeedKind.OrderByLimit)
        {
            // new_sub: only orderBy().limit() feeds have offsets.
            throw Fail(ErrorType.QueryLogic,
                $"Cannot include offsets for {(source.Kind == FeedKind.Point ? "point" : "range")} subs.");
        }
        var table = source.Table;
        var subscription = new FeedSubscription(_store, table, includeTypes)
        {
            Shape = source.Window is { } window
                ? (_, _) => window.Change(includeTypes, includeOffsets)
                : (oldValue, newValue) => source.Watches(oldValue) || source.Watches(newValue)
                    ? ChangeShape.Change(source.Transform.Apply(oldValue), source.Transform.Apply(newValue), includeTypes)
                    : null,
        };
        var initial = new List<JsonNode?>();
        lock (_store.Sync)
        {
            // Subscribing and reading the initial values under one lock: no change is missed or seen twice.
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
        return new FeedValue(new FeedResult(subscription.Reader, notes, subscription, initial));
    }

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
                values.Add(value);
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

    /// <summary><c>squash</c>: a boolean or a non-negative number of seconds (changes_term_t).</summary>
    private void CheckSquash(Value? squash)
    {
        if (squash is null)
        {
            return;
        }
        var node = AsDatum(squash);
        switch (Datum.Kind(node))
        {
            case JsonValueKind.Number when Datum.Number(node!) < 0:
                throw Fail(ErrorType.QueryLogic, "Expected BOOL or a positive NUMBER but found a negative NUMBER.", squash.Origin);
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                // The test server sends every change at once: squashing is the server's freedom to merge changes to
                // one document that arrive within the window, never a promise to.
                return;
            default:
                throw Fail(ErrorType.QueryLogic, $"Expected BOOL or NUMBER but found {Datum.TypeName(node)}.", squash.Origin);
        }
    }

    /// <summary><c>changefeed_queue_size</c>: an integer of at least 1 (configured_limits.cc check_limit).</summary>
    private void CheckQueueSize(Value queueSize)
    {
        var size = AsNumber(queueSize);
        if (size != Math.Floor(size))
        {
            throw Fail(ErrorType.QueryLogic, $"Number not an integer: {Datum.Print(Datum.NumberNode(size))}", queueSize.Origin);
        }
        if (size < 1)
        {
            throw Fail(ErrorType.QueryLogic, $"Illegal changefeed queue size `{size:0}`.  (Must be >= 1.)", []);
        }
    }
}
