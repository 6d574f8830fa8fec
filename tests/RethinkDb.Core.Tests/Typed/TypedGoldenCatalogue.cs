namespace RethinkDb.Core.Tests.Typed;

/// <summary>
/// The typed block of the golden catalogue: C# typed forms whose wire JSON must equal what the official JavaScript
/// driver sends for the queries of the same names (the "typed" block of tests/golden-generator/catalogue.js).
/// </summary>
internal static class TypedGoldenCatalogue
{
    private static readonly ReqlTable<Hero> Heroes = R.Table<Hero>("heroes");

    public static IReadOnlyDictionary<string, Func<ReqlExpr>> Queries { get; } = new Dictionary<string, Func<ReqlExpr>>
    {
        ["typed_filter"] = () => Heroes.Filter(h => h.Age > 30 && h.Team == "avengers"),
        ["typed_json_property_name"] = () => Heroes.Filter(h => h.RealName == "Tony"),
        ["typed_db_table_get"] = () => R.Db("marvel").Table<Hero>("heroes").Get("tony"),
        ["typed_order_then"] = () => Heroes.OrderBy(h => h.Name).ThenByDescending(h => h.Age),
        ["typed_map_anonymous"] = () => Heroes.Map(h => new { h.Name, Older = h.Age + 1 }),
        ["typed_update_member_init"] = () => Heroes.Get("tony").Update(h => new Hero { Age = h.Age + 1 }),
        ["typed_starts_with"] = () => Heroes.Filter(h => h.Name.StartsWith('I')),
        ["typed_contains_captured"] = () => ContainsCaptured(["a", "b"]),
        ["typed_powers_contains"] = () => Heroes.Filter(h => h.Powers.Contains("flight")),
        ["typed_null_compare"] = () => Heroes.Filter(h => h.Team == null),
        ["typed_group_count"] = () => Heroes.Group(h => h.Team).Count(),
        ["typed_query_syntax"] = () => from h in Heroes where h.Age > 30 orderby h.Name select h.Name,
        ["typed_join"] = () => from h in Heroes join t in R.Table<Team>("teams") on h.Team equals t.Id select new { Hero = h.Name, Team = t.Name },
        ["typed_insert_options"] = () => R.Table("heroes").Insert(new { name = "x" },
            new InsertOptions { Conflict = Conflict.Update, ReturnChanges = true, Durability = Durability.Soft }),
        ["typed_changes_options"] = () => Heroes.Changes(new ChangesOptions { IncludeInitial = true, Squash = TimeSpan.FromMilliseconds(200), IncludeTypes = true }),
        ["typed_between_options"] = () => Heroes.Between(10, 20, new BetweenOptions { Index = "age", RightBound = Bound.Closed }),
        ["typed_table_create_options"] = () => R.Db("marvel").TableCreate("heroes",
            new TableCreateOptions { PrimaryKey = "name", Shards = 2, Replicas = 3, Durability = Durability.Soft }),
        ["typed_expr_list"] = () => R.Expr(new List<SmallHero> { new() { Id = "a", Name = "A", Age = 40 } }).Filter(h => h.Age > 30),
        ["typed_order_by_desc_index"] = () => Heroes.OrderBy(IndexOptions.Desc("name")),
        ["typed_math_abs"] = () => Heroes.Map(h => Math.Abs(h.Score)),
        ["typed_split"] = () => Heroes.Map(h => h.Name.Split(' ')),
        ["typed_second"] = () => Heroes.Filter(h => h.Born.Second == 0),
        ["typed_day_of_week"] = () => Heroes.Filter(h => h.Born.DayOfWeek == DayOfWeek.Sunday),
        ["typed_group_into_select"] = () => from h in Heroes group h by h.Team into g select new { Team = g.Key, Count = g.Count() },
        ["typed_zip"] = () => Heroes.EqJoin(h => h.Team, R.Table<Team>("teams")).Zip<Hero>(),
        ["typed_dictionary_init"] = () => Heroes.Map(h => new Dictionary<string, double> { { "HP", h.Age }, { "Max HP", h.Score } }),
        ["typed_dictionary_keys"] = () => Heroes.Filter(h => h.Stats["HP"] > 10 && h.Stats.ContainsKey("MaxHP")),
        ["typed_union_interleave_function"] = () => R.Table("heroes").Union(new UnionOptions { InterleaveBy = x => x["name"] }, R.Table("villains")),
        ["typed_circle_options"] = () => R.Circle(R.Point(0, 0), 10, new CircleOptions { NumVertices = 16, Unit = DistanceUnit.Kilometer, Fill = false }),
    };

    private static ReqlSelection<Hero> ContainsCaptured(List<string> names) => Heroes.Filter(h => names.Contains(h.Name));

    /// <summary>A document with only the members the JavaScript side writes.</summary>
    internal sealed class SmallHero
    {
        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        public int Age { get; set; }
    }
}
