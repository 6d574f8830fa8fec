using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Ast;

/// <summary>
/// The wire JSON of each catalogue query must be what the official JavaScript driver sends for it
/// (Golden/queries.json, made by tests/golden-generator), up to the numbering of lambda variables.
/// </summary>
public sealed class GoldenTests
{
    private static readonly Lazy<Dictionary<string, (string Js, JsonNode? Wire)>> Golden = new(Load);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Golden.Value.Keys)
        {
            data.Add(name);
        }
        return data;
    }

    private static Dictionary<string, (string, JsonNode?)> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "queries.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var result = new Dictionary<string, (string, JsonNode?)>();
        foreach (var query in root["queries"]!.AsArray())
        {
            result.Add(query!["name"]!.GetValue<string>(), (query["js"]!.GetValue<string>(), query["wire"]?.DeepClone()));
        }
        return result;
    }

    [Fact]
    public void Catalogue_is_large_and_both_sides_name_the_same_queries()
    {
        Assert.True(Golden.Value.Count >= 150, $"only {Golden.Value.Count} golden queries");
        Assert.Equal(Golden.Value.Keys.Order(), GoldenCatalogue.Queries.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Query_is_sent_as_the_javascript_driver_sends_it(string name)
    {
        var (js, expectedWire) = Golden.Value[name];
        var actualJson = Wire.Json(GoldenCatalogue.Queries[name]());

        var expected = Wire.Normalize(expectedWire?.ToJsonString() ?? "null");
        var actual = Wire.Normalize(actualJson);

        Assert.True(Wire.Same(expected, actual),
            $"{name}: {js}\n expected (JavaScript driver): {expected?.ToJsonString() ?? "null"}\n actual (this driver):         {actual?.ToJsonString() ?? "null"}");
    }

    [Fact]
    public void Every_term_type_is_sent_by_some_catalogue_query()
    {
        var found = new HashSet<int>();
        foreach (var make in GoldenCatalogue.Queries.Values)
        {
            Wire.CollectTermTypes(JsonNode.Parse(Wire.Json(make())), found);
        }

        var missing = Enum.GetValues<TermType>()
            .Where(t => !TermInfo.NotSent.Contains(t) && !found.Contains((int)t))
            .ToList();
        Assert.True(missing.Count == 0, "term types no catalogue query sends: " + string.Join(", ", missing));
        Assert.DoesNotContain((int)TermType.BetweenDeprecated, found);
    }

    [Fact]
    public void Golden_file_is_valid_json_with_wire_terms()
    {
        // Guards the comparison itself: a golden entry that lost its wire JSON would compare null with null.
        var nulls = Golden.Value.Where(p => p.Value.Wire is null).Select(p => p.Key).ToList();
        Assert.Equal(["null_value"], nulls);
        Assert.Equal(JsonValueKind.Array, Golden.Value["db_list"].Wire!.GetValueKind());
    }
}
