using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <content>Grouping: <c>group</c> (by fields or functions), <c>count</c> of groups, <c>ungroup</c>.</content>
internal sealed partial class QueryRun
{
    private GroupedValue Group(Args args)
    {
        if (args.RawOptArg("index") is not null || (args.OptArg("multi") is { } multi && AsBool(multi)))
        {
            throw Fail(ErrorType.QueryLogic, "The test server supports group() by fields or functions only (no index, no multi).");
        }
        var sequence = AsSequence(args[0]);
        var keys = new List<Func<JsonNode?, JsonNode?>>();
        for (var i = 1; i < args.Count; i++)
        {
            var key = args[i];
            if (key is FuncValue function)
            {
                keys.Add(row => AsDatum(Call(function, row)));
            }
            else
            {
                var field = AsString(key);
                keys.Add(row => row is JsonObject obj && obj.TryGetPropertyValue(field, out var value)
                    ? value
                    : throw Fail(ErrorType.NonExistence, $"No attribute `{field}` in object:\n{Datum.Print(row)}"));
            }
        }
        if (keys.Count == 0)
        {
            throw Fail(ErrorType.QueryLogic, "Cannot group by nothing.");
        }
        var groups = new SortedDictionary<GroupKey, JsonArray>(Comparer<GroupKey>.Create((a, b) => Datum.Compare(a.Node, b.Node)));
        foreach (var row in sequence.Rows)
        {
            // A key that does not exist groups the row under null, as the server's group_trans_t.
            var parts = keys.Select(k => KeyOrMissing(k, row) is (false, var value) ? value : null).ToList();
            var key = new GroupKey(parts.Count == 1 ? Datum.Own(parts[0]) : new JsonArray([.. parts.Select(Datum.Own)]));
            if (!groups.TryGetValue(key, out var rows))
            {
                groups[key] = rows = [];
            }
            rows.Add(Datum.Own(row));
        }
        return new GroupedValue([.. groups.Select(g => (g.Key.Node, (JsonNode?)g.Value))]);
    }

    private DatumValue CountGroups(GroupedValue grouped, Args args)
    {
        if (args.Count != 1)
        {
            throw Fail(ErrorType.QueryLogic, "The test server supports count() without arguments after group().");
        }
        return Made(GroupedData(grouped.Groups.Select(g => (g.Key, (JsonNode?)Datum.NumberNode(((JsonArray)g.Reduction!).Count)))));
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
            result.Add(new JsonObject { ["group"] = Datum.Own(key), ["reduction"] = Datum.Own(reduction) });
        }
        return Made(result);
    }

    /// <summary>The GROUPED_DATA pseudo-type the server sends for grouped results (<c>to_datum_for_client_serialization</c>).</summary>
    private static JsonObject GroupedData(IEnumerable<(JsonNode? Key, JsonNode? Reduction)> groups)
    {
        var data = new JsonArray();
        foreach (var (key, reduction) in groups)
        {
            data.Add(new JsonArray(Datum.Own(key), Datum.Own(reduction)));
        }
        return new JsonObject { [Datum.ReqlType] = "GROUPED_DATA", ["data"] = data };
    }

    /// <summary>A group key; a wrapper because dictionaries cannot hold the null key.</summary>
    private readonly record struct GroupKey(JsonNode? Node);
}
