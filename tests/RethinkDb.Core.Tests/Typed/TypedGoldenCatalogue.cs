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
        ["typed_circle_options"] = () => R.Circle(R.Point(0, 0), 10, new CircleOptions { NumVertices = 16, Unit = DistanceUnit.Kilometer, Fill = false }),
    };

    private static ReqlSelection<Hero> ContainsCaptured(List<string> names) => Heroes.Filter(h => names.Contains(h.Name));
}
