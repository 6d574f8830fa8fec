using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <content>Grouping: <c>group</c> (by fields or functions), <c>count</c> of groups, <c>ungroup</c>.</content>
internal sealed partial class QueryRun
{
    /// <summary>
    /// <c>group</c> by fields or functions (several give array keys), by an index, and with <c>multi</c> (an array key
    /// puts the row in the group of each element), as the server's <c>group_trans_t</c>.
    /// </summary>
    private GroupedValue Group(Args args)
    {
        var keys = new List<Func<JsonNode?, JsonNode?>>();
        for (var i = 1; i < args.Count; i++)
        {
            keys.Add(RowFunction(args[i], fieldShortcut: true));
        }
        // Each row, with its index value when grouping by an index (a row of a multi index comes once per value).
        List<(JsonNode? Row, JsonNode? IndexKey)> items;
        var byIndex = args.RawOptArg("index") is not null;
        if (byIndex)
        {
            var table = AsTable(args[0]);
            items = [.. IndexEntries(table, AsString(args.OptArg("index")!)).Select(e => ((JsonNode?)e.Row, e.Key))];
        }
        else
        {
            items = [.. AllRows(AsSequence(args[0])).Select(row => (row, (JsonNode?)null))];
        }
        if (keys.Count == 0 && !byIndex)
        {
            throw LogicError("Cannot group by nothing.");
        }
        var multi = args.OptArg("multi") is { } m && AsBool(m);
        var groups = new SortedDictionary<GroupKey, JsonArray>(Comparer<GroupKey>.Create((a, b) => Datum.Compare(a.Node, b.Node)));
        void Add(JsonNode? key, JsonNode? row)
        {
            var groupKey = new GroupKey(key);
            if (!groups.TryGetValue(groupKey, out var rows))
            {
                groups[groupKey] = rows = [];
                if (groups.Count > _arrayLimit)
                {
                    throw LimitError($"Too many groups (> {_arrayLimit}).");
                }
            }
            rows.Add(Datum.Own(row));
        }
        foreach (var (row, indexKey) in items)
        {
            // A key that does not exist groups the row under null, as the server's group_trans_t.
            var parts = keys.Select(k => KeyOrMissing(k, row) is (false, var value) ? value : null).ToList();
            if (byIndex)
            {
                parts.Add(indexKey);
            }
            if (!multi)
            {
                Add(parts.Count == 1 ? Datum.Own(parts[0]) : new JsonArray([.. parts.Select(Datum.Own)]), row);
                continue;
            }
            // multi: every combination of the elements of array keys.
            IEnumerable<List<JsonNode?>> combinations = [[]];
            foreach (var part in parts)
            {
                // An empty array puts the row in the null group, as on the server.
                var choices = part is JsonArray many ? (many.Count == 0 ? [null] : many.ToList()) : [part];
                combinations = combinations.SelectMany(c => choices.Select(choice => (List<JsonNode?>)[.. c, choice])).ToList();
            }
            foreach (var combination in combinations)
            {
                Add(combination.Count == 1 ? Datum.Own(combination[0]) : new JsonArray([.. combination.Select(Datum.Own)]), row);
            }
        }
        return new GroupedValue([.. groups.Select(g => (g.Key.Node, (JsonNode?)g.Value))]);
    }

    private DatumValue Ungroup(Args args)
    {
        var source = args[0];
        var groups = source switch
        {
            GroupedValue grouped => grouped.Groups,
            DatumValue { Node: JsonObject data } when Datum.PseudoType(data) == "GROUPED_DATA" =>
                [.. ((JsonArray)data["data"]!).Select(pair => (pair![0], pair[1]))],
            _ => throw TypeError(source, "GROUPED_DATA"),
        };
        var result = new JsonArray();
        foreach (var (key, reduction) in groups)
        {
            result.Add((JsonNode)new JsonObject { ["group"] = Datum.Own(key), ["reduction"] = Datum.Own(reduction) });
        }
        return Made(result);
    }

    /// <summary>The GROUPED_DATA pseudo-type the server sends for grouped results (<c>to_datum_for_client_serialization</c>).</summary>
    private static JsonObject GroupedData(IEnumerable<(JsonNode? Key, JsonNode? Reduction)> groups)
    {
        var data = new JsonArray();
        foreach (var (key, reduction) in groups)
        {
            data.Add((JsonNode)new JsonArray(Datum.Own(key), Datum.Own(reduction)));
        }
        return new JsonObject { [Datum.ReqlType] = "GROUPED_DATA", ["data"] = data };
    }

    /// <summary>A group key; a wrapper because dictionaries cannot hold the null key.</summary>
    private readonly record struct GroupKey(JsonNode? Node);
}
