using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <content>Changefeeds on a table (<c>changes()</c>).</content>
internal sealed partial class QueryRun
{
    private FeedValue Changes(Args args)
    {
        var source = args[0];
        if (source is not TableValue tableValue)
        {
            throw Fail(ErrorType.QueryLogic, $"The test server supports changes() on a table only, not on {source.TypeName}.", source.Origin);
        }
        var table = tableValue.Table;
        var includeInitial = args.OptArg("include_initial") is { } ii && AsBool(ii);
        var includeStates = args.OptArg("include_states") is { } s && AsBool(s);
        var includeTypes = args.OptArg("include_types") is { } t && AsBool(t);
        if (args.OptArg("include_offsets") is { } io && AsBool(io))
        {
            throw Fail(ErrorType.QueryLogic, "Cannot include offsets for range subs.");
        }
        var subscription = new FeedSubscription(_store, table, includeTypes);
        var initial = new List<JsonNode?>();
        lock (_store.Sync)
        {
            // Subscribing and reading the initial values under one lock: no change is missed or seen twice.
            table.Feeds.Add(subscription);
            if (includeInitial)
            {
                if (includeStates)
                {
                    initial.Add(State("initializing", includeTypes));
                }
                foreach (var document in table.Documents.Values)
                {
                    // Initial values have no old_val (vals_to_change with discard_old_val).
                    var change = new JsonObject { ["new_val"] = Datum.Own(document) };
                    if (includeTypes)
                    {
                        change["type"] = "initial";
                    }
                    initial.Add(change);
                }
            }
        }
        if (includeStates)
        {
            initial.Add(State("ready", includeTypes));
        }
        ResponseNote[] notes = includeStates ? [ResponseNote.SequenceFeed, ResponseNote.IncludesStates] : [ResponseNote.SequenceFeed];
        return new FeedValue(new FeedResult(subscription.Reader, notes, subscription, initial));
    }

    private static JsonObject State(string state, bool includeTypes)
    {
        var note = new JsonObject { ["state"] = state };
        if (includeTypes)
        {
            note["type"] = "state";
        }
        return note;
    }
}
