using System.Text.Json;
using RethinkDb.Core.Tests.Ast;
using static RethinkDb.Core.Tests.Typed.TypedAssert;

namespace RethinkDb.Core.Tests.Typed;

/// <summary>The constructs added after the first typed release (Math.Abs, Split, Second, dictionary keys, group into
/// select, Zip, descending index, interleave by function), against the untyped
/// queries they must send, and the constructs with no exact ReQL meaning, rejected with a message.</summary>
public sealed class ConstructTranslationTests
{
    private static readonly ReqlTable<Hero> Heroes = R.Table<Hero>("heroes");
    private static readonly ReqlTerm Untyped = R.Table("heroes");

    [Fact]
    public void Math_Abs_is_a_branch_on_the_sign()
    {
        SameWire(Untyped.Map(h => R.Branch(h["score"] < 0, R.Expr(0) - h["score"], h["score"])), Heroes.Map(h => Math.Abs(h.Score)));
        SameWire(Untyped.Map(h => R.Branch(h["age"] < 0, R.Expr(0) - h["age"], h["age"])), Heroes.Map(h => Math.Abs(h.Age)));
    }

    [Fact]
    public void Split_on_one_separator_known_on_the_client()
    {
        var comma = ",";
        SameWire(Untyped.Map(h => h["name"].Split(" ")), Heroes.Map(h => h.Name.Split(' ')));
        SameWire(Untyped.Map(h => h["name"].Split(",")), Heroes.Map(h => h.Name.Split(comma)));
        SameWire(Untyped.Map(h => h["name"].Split(",")), Heroes.Map(h => h.Name.Split(new[] { ',' })));
        SameWire(Untyped.Map(h => h["name"].Split(", ")), Heroes.Map(h => h.Name.Split(", ", StringSplitOptions.None)));
    }

    [Fact]
    public void Split_forms_with_another_meaning_in_ReQL_are_rejected()
    {
        AssertRejected(() => Heroes.Map(h => h.Name.Split(Array.Empty<char>())), "Split");
        AssertRejected(() => Heroes.Map(h => h.Name.Split(',', StringSplitOptions.RemoveEmptyEntries)), "Split");
        AssertRejected(() => Heroes.Map(h => h.Name.Split("")), "empty separator");
        AssertRejected(() => Heroes.Map(h => h.Name.Split(h.Team)), "computed from the document");
    }

    [Fact]
    public void Trim_and_Substring_have_no_exact_ReQL_equivalent()
    {
        AssertRejected(() => Heroes.Map(h => h.Name.Trim()), "string.Trim", "Match");
        AssertRejected(() => Heroes.Map(h => h.Name.TrimEnd()), "string.TrimEnd");
        AssertRejected(() => Heroes.Map(h => h.Name.Substring(1, 2)), "string.Substring", "Slice");
    }

    [Fact]
    public void Second_is_the_floor_of_the_seconds_as_CSharp_has_no_fraction()
    {
        SameWire(Untyped.Filter(h => h["born"].Seconds().Floor() == 30), Heroes.Filter(h => h.Born.Second == 30));
        SameWire(Untyped.Filter(h => (h["born"].Hours() == 1) & (h["born"].Minutes() == 2)), Heroes.Filter(h => h.Born.Hour == 1 && h.Born.Minute == 2));
    }

    [Fact]
    public void DayOfWeek_is_the_servers_day_modulo_7_and_compares_as_a_number()
    {
        SameWire(Untyped.Filter(h => h["born"].DayOfWeek().Mod(7) == 0), Heroes.Filter(h => h.Born.DayOfWeek == DayOfWeek.Sunday));
        SameWire(Untyped.Map(h => h["born"].DayOfWeek().Mod(7)), Heroes.Map(h => (int)h.Born.DayOfWeek));
        AssertRejected(() => Heroes.Filter(h => h.Born.Millisecond == 0), "Millisecond");
    }

    [Fact]
    public void Dictionary_keys_are_data_never_renamed_by_the_naming_policy()
    {
        var query = Heroes.Filter(h => h.Stats["HP"] > 10 && h.Stats.ContainsKey("MaxHP"));
        var snake = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower };

        SameWire(Untyped.Filter(h => (h["stats"]["HP"] > 10) & h["stats"].HasFields("MaxHP")), query);
        SameWire(Untyped.Filter(h => (h["Stats"]["HP"] > 10) & h["Stats"].HasFields("MaxHP")), query, new JsonSerializerOptions { PropertyNamingPolicy = null });
        SameWire(Untyped.Filter(h => (h["stats"]["HP"] > 10) & h["stats"].HasFields("MaxHP")), query, snake);
    }

    [Fact]
    public void A_dictionary_built_in_a_lambda_keeps_its_keys_and_reads_captured_values_on_every_call()
    {
        static ReqlSequence<Dictionary<string, double>> Build(double bonus) =>
            Heroes.Map(h => new Dictionary<string, double> { { "HP", h.Age }, { "Max HP", h.Score + bonus } });
        var pascal = new JsonSerializerOptions { PropertyNamingPolicy = null, DictionaryKeyPolicy = JsonNamingPolicy.CamelCase };

        SameWire(Untyped.Map(h => R.Expr(new Dictionary<string, object> { ["HP"] = h["Age"], ["Max HP"] = h["Score"] + 1.5 })), Build(1.5), pascal);
        SameWire(Untyped.Map(h => R.Expr(new Dictionary<string, object> { ["HP"] = h["age"], ["Max HP"] = h["score"] + 2.5 })), Build(2.5));
        AssertRejected(() => Heroes.Map(h => new Dictionary<string, int> { { h.Name, 1 } }), "dictionary key");
    }

    [Fact]
    public void Select_after_group_into_maps_the_ungrouped_groups()
    {
        SameWire(Untyped.Group("team").Ungroup().Map(g => R.Expr(new { team = g["group"], count = g["reduction"].Count() })),
            from h in Heroes group h by h.Team into g select new { Team = g.Key, Count = g.Count() });
        SameWire(Untyped.Group("team").Ungroup().Map(g => R.Expr(new { team = g["group"], total = g["reduction"].Sum(x => x["age"]) })),
            Heroes.GroupBy(h => h.Team).Select(g => new { Team = g.Key, Total = g.Sum(x => x.Age) }));
    }

    [Fact]
    public void Zip_merges_join_pairs_and_only_those()
    {
        SameWire(Untyped.EqJoin("team", R.Table("teams")).Zip(), Heroes.EqJoin(h => h.Team, R.Table<Team>("teams")).Zip<Hero>());
        var error = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Zip<Hero>());
        Assert.Contains("join", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OrderBy_a_descending_index()
    {
        SameWire(Untyped.OrderBy().OptArg("index", R.Desc("name")), Heroes.OrderBy(IndexOptions.Desc("name")));
        SameWire(Untyped.OrderBy().OptArg("index", "name"), Heroes.OrderBy(IndexOptions.Of("name")));
    }

    [Fact]
    public void Union_interleaves_by_a_function()
    {
        SameWire(R.Table("heroes").Union(R.Table("villains")).OptArg("interleave", (Func<ReqlExpr, ReqlExpr>)(x => x["name"])),
            R.Table("heroes").Union(new UnionOptions { InterleaveBy = x => x["name"], InterleaveByField = "ignored" }, R.Table("villains")));
    }

    private static void AssertRejected(Func<object> build, params string[] fragments)
    {
        var error = Assert.Throws<ReqlDriverCompileError>(build);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }
    }
}
