using System.Text.Json;
using System.Text.Json.Serialization;
using RethinkDb.Core.Tests.Ast;
using static RethinkDb.Core.Tests.Typed.TypedAssert;

namespace RethinkDb.Core.Tests.Typed;

/// <summary>Each construct a typed lambda may use, against the untyped query it must send.</summary>
public sealed class TranslationTests
{
    private static readonly ReqlTable<Hero> Heroes = R.Table<Hero>("heroes");
    private static readonly ReqlTerm Untyped = R.Table("heroes");

    [Fact]
    public void Comparisons_and_logic_on_members_use_the_camel_case_names_of_the_default_options()
    {
        SameWire(Untyped.Filter(h => (h["age"] > 30) & (h["team"] == "avengers")),
            Heroes.Filter(h => h.Age > 30 && h.Team == "avengers"));
        SameWire(Untyped.Filter(h => (h["age"] <= 30) | !(h["score"] >= 2.5)),
            Heroes.Filter(h => h.Age <= 30 || !(h.Score >= 2.5)));
        SameWire(Untyped.Filter(h => (h["age"] < 3) & (h["name"] != "x")), Heroes.Filter(h => h.Age < 3 & h.Name != "x"));
    }

    [Fact]
    public void JsonPropertyName_wins_over_the_naming_policy()
    {
        SameWire(Untyped.Filter(h => h["real_name"] == "Tony"), Heroes.Filter(h => h.RealName == "Tony"));
    }

    [Fact]
    public void The_naming_policy_is_the_one_of_the_options_the_query_is_written_with()
    {
        var pascal = new JsonSerializerOptions { PropertyNamingPolicy = null };
        var snake = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var query = Heroes.Filter(h => h.Age > 30 && h.Address!.City == "NY" && h.RealName == "x");

        SameWire(Untyped.Filter(h => (h["Age"] > 30) & (h["Address"]["City"] == "NY") & (h["real_name"] == "x")), query, pascal);
        SameWire(Untyped.Filter(h => (h["age"] > 30) & (h["address"]["city"] == "NY") & (h["real_name"] == "x")), query, snake);
    }

    [Fact]
    public void A_JsonIgnore_member_is_a_compile_error_naming_it_and_the_lambda()
    {
        var error = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Filter(h => h.Secret == "x"));
        Assert.Contains("Secret", error.Message);
        Assert.Contains("h => ", error.Message);
    }

    [Fact]
    public void Arithmetic_and_string_concatenation()
    {
        SameWire(Untyped.Map(h => h["age"] + 1 - 2 * h["score"] / 4.0), Heroes.Map(h => h.Age + 1 - 2 * h.Score / 4.0));
        SameWire(Untyped.Map(h => h["age"] % 7), Heroes.Map(h => h.Age % 7));
        SameWire(Untyped.Map(h => h["name"] + "!"), Heroes.Map(h => h.Name + "!"));
        SameWire(Untyped.Map(h => R.Expr(0) - h["age"]), Heroes.Map(h => -h.Age));
    }

    [Fact]
    public void Integer_division_is_refused_because_ReQL_does_not_truncate()
    {
        var error = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Map(h => h.Age / 2));
        Assert.Contains("integer division", error.Message);
        SameWire(Untyped.Map(h => h["age"] / 2.0), Heroes.Map(h => h.Age / 2.0));
    }

    [Fact]
    public void String_methods()
    {
        SameWire(Untyped.Filter(h => h["name"].Match("^I") != null), Heroes.Filter(h => h.Name.StartsWith('I')));
        SameWire(Untyped.Filter(h => h["name"].Match(@"man\.$") != null), Heroes.Filter(h => h.Name.EndsWith("man.")));
        SameWire(Untyped.Filter(h => h["name"].Match(@"(?i)a\(b\)") != null), Heroes.Filter(h => h.Name.Contains("a(b)", StringComparison.OrdinalIgnoreCase)));
        SameWire(Untyped.Map(h => h["name"].Upcase()), Heroes.Map(h => h.Name.ToUpperInvariant()));
        SameWire(Untyped.Map(h => h["name"].Downcase()), Heroes.Map(h => h.Name.ToLowerInvariant()));
        SameWire(Untyped.Map(h => h["name"].Count()), Heroes.Map(h => h.Name.Length));
        SameWire(Untyped.Filter(h => h["team"].Default("") == ""), Heroes.Filter(h => string.IsNullOrEmpty(h.Team)));
    }

    [Fact]
    public void Culture_sensitive_string_comparison_is_refused()
    {
        var error = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Filter(h => h.Name.StartsWith("I", StringComparison.CurrentCulture)));
        Assert.Contains("CurrentCulture", error.Message);
    }

    [Fact]
    public void StartsWith_an_argument_computed_on_the_server_is_refused()
    {
        var error = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Filter(h => h.Name.StartsWith(h.Team!)));
        Assert.Contains("StartsWith", error.Message);
    }

    [Fact]
    public void Collection_membership_both_ways()
    {
        var names = new List<string> { "a", "b" };
        var array = new[] { "a", "b" };
        SameWire(Untyped.Filter(h => h["powers"].Contains("flight")), Heroes.Filter(h => h.Powers.Contains("flight")));
        SameWire(Untyped.Filter(h => R.Expr(names).Contains(h["name"])), Heroes.Filter(h => names.Contains(h.Name)));
        SameWire(Untyped.Filter(h => R.Expr(array).Contains(h["name"])), Heroes.Filter(h => array.Contains(h.Name)));
        SameWire(Untyped.Filter(h => R.Expr(array).Contains(h["name"])), Heroes.Filter(h => Enumerable.Contains(array, h.Name)));
        SameWire(Untyped.Map(h => h["powers"].Count()), Heroes.Map(h => h.Powers.Count));
        SameWire(Untyped.Map(h => h["tags"].Count()), Heroes.Map(h => h.Tags.Length));
        SameWire(Untyped.Filter(h => !h["powers"].IsEmpty()), Heroes.Filter(h => h.Powers.Any()));
        SameWire(Untyped.Filter(h => h["powers"].Contains(p => p == "x")), Heroes.Filter(h => h.Powers.Any(p => p == "x")));
    }

    [Fact]
    public void Nullable_members()
    {
        SameWire(Untyped.Filter(h => h["rank"].Default(null) != null), Heroes.Filter(h => h.Rank.HasValue));
        SameWire(Untyped.Filter(h => h["rank"] > 3), Heroes.Filter(h => h.Rank > 3));
        SameWire(Untyped.Filter(h => h["rank"] > 3), Heroes.Filter(h => h.Rank!.Value > 3));
        SameWire(Untyped.Filter(h => h["team"].Default(null) == null), Heroes.Filter(h => h.Team == null));
        SameWire(Untyped.Map(h => h["team"].Default("none")), Heroes.Map(h => h.Team ?? "none"));
        SameWire(Untyped.Map(h => h["rank"].Default(0)), Heroes.Map(h => h.Rank.GetValueOrDefault()));
    }

    [Fact]
    public void DateTimeOffset_comparisons_send_the_time_and_its_parts_are_time_terms()
    {
        var cutoff = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        SameWire(Untyped.Filter(h => h["born"].Lt(cutoff)), Heroes.Filter(h => h.Born < cutoff));
        SameWire(Untyped.Map(h => h["born"].Year()), Heroes.Map(h => h.Born.Year));
    }

    [Fact]
    public void Guid_values_are_sent_as_the_serializer_writes_them()
    {
        var token = Guid.Parse("9b2c3f7e-5d1a-4c7b-9e0f-1a2b3c4d5e6f");
        SameWire(Untyped.Filter(h => h["token"] == "9b2c3f7e-5d1a-4c7b-9e0f-1a2b3c4d5e6f"), Heroes.Filter(h => h.Token == token));
    }

    [Fact]
    public void Enums_are_sent_as_the_serializer_writes_them()
    {
        SameWire(Untyped.Filter(h => h["side"] == 1), Heroes.Filter(h => h.Side == Side.Villain));
        var names = RethinkDb.Protocol.RethinkDbJson.WithDriverTypes(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } });
        SameWire(Untyped.Filter(h => h["side"] == "Villain"), Heroes.Filter(h => h.Side == Side.Villain), names);
        SameWire(Untyped.Filter(h => R.Expr("Hero").Ne(h["side"])), Heroes.Filter(h => Side.Hero != h.Side), names);
    }

    [Fact]
    public void Nested_members_and_indexes()
    {
        SameWire(Untyped.Filter(h => h["address"]["city"] == "NY"), Heroes.Filter(h => h.Address!.City == "NY"));
        SameWire(Untyped.Map(h => h["powers"][0]), Heroes.Map(h => h.Powers[0]));
        SameWire(Untyped.Map(h => h["tags"][1]), Heroes.Map(h => h.Tags[1]));
    }

    [Fact]
    public void Math_rounding()
    {
        SameWire(Untyped.Map(h => h["score"].Floor()), Heroes.Map(h => Math.Floor(h.Score)));
        SameWire(Untyped.Map(h => h["score"].Ceil()), Heroes.Map(h => Math.Ceiling(h.Score)));
        SameWire(Untyped.Map(h => h["score"].Round()), Heroes.Map(h => Math.Round(h.Score, MidpointRounding.AwayFromZero)));
        var error = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Map(h => Math.Round(h.Score)));
        Assert.Contains("AwayFromZero", error.Message);
    }

    [Fact]
    public void Captured_variables_and_client_expressions_are_evaluated_on_the_client()
    {
        var min = 30;
        var team = new Team { Name = "avengers" };
        SameWire(Untyped.Filter(h => (h["age"] > 30) & (h["team"] == "avengers")), Heroes.Filter(h => h.Age > min && h.Team == team.Name));
        SameWire(Untyped.Filter(h => h["age"] > 60), Heroes.Filter(h => h.Age > min * 2));
        SameWire(Untyped.Filter(h => h["name"] == "ab"), Heroes.Filter(h => h.Name == string.Concat("a", "b")));
    }

    [Fact]
    public void Conditionals_become_branch()
    {
        SameWire(Untyped.Map(h => R.Branch(h["age"] > 30, "old", "young")), Heroes.Map(h => h.Age > 30 ? "old" : "young"));
    }

    [Fact]
    public void Anonymous_objects_and_arrays()
    {
        SameWire(Untyped.Map(h => R.Expr(new Dictionary<string, object?> { ["name"] = h["name"], ["older"] = h["age"] + 1 })),
            Heroes.Map(h => new { h.Name, Older = h.Age + 1 }));
        SameWire(Untyped.Map(h => R.Expr(new object[] { h["name"], h["age"] })), Heroes.Map(h => new object[] { h.Name, h.Age }));
    }

    [Fact]
    public void Update_with_an_object_initializer_sends_only_the_assigned_members()
    {
        SameWire(Untyped.Update(h => R.Expr(new Dictionary<string, object?> { ["age"] = h["age"] + 1 })),
            Heroes.Update(h => new Hero { Age = h.Age + 1 }));
        SameWire(Untyped.Update(h => R.Expr(new Dictionary<string, object?> { ["address"] = new Dictionary<string, object?> { ["city"] = "NY" }, ["real_name"] = h["name"] })),
            Heroes.Update(h => new Hero { Address = new Address { City = "NY" }, RealName = h.Name }));
    }

    [Fact]
    public void Member_names_are_resolved_once_per_member_and_options()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = new CountingPolicy() };
        var query = Heroes.Filter(h => h.Age > 1 && h.Age < 9);
        Wire.Json(query, options);
        Wire.Json(query, options);
        Assert.Equal(1, ((CountingPolicy)options.PropertyNamingPolicy!).Calls(nameof(Hero.Age)));
    }

    [Fact]
    public void The_printed_query_shows_the_field_names()
    {
        var text = Heroes.Filter(h => h.RealName == "x").Map(h => new { h.Name }).ToString();
        Assert.Contains("\"real_name\"", text);
        Assert.Contains("name", text.Split(".map(")[1]);
        Assert.StartsWith("r.table(\"heroes\").filter(", text);
    }

    private sealed class CountingPolicy : JsonNamingPolicy
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _calls = new();

        public int Calls(string name) => _calls.GetValueOrDefault(name);

        public override string ConvertName(string name)
        {
            _calls.AddOrUpdate(name, 1, static (_, n) => n + 1);
            return name.ToLowerInvariant();
        }
    }
}
