using RethinkDb.Core.Tests.Ast;

namespace RethinkDb.Core.Tests.Typed;

/// <summary>A typed options object sends exactly what the untyped <c>.OptArg(...)</c> form sends.</summary>
public sealed class OptArgWireTests
{
    public static TheoryData<string> Names() => [.. Pairs.Keys];

    private static readonly Dictionary<string, (Func<ReqlExpr> Typed, Func<ReqlExpr> Untyped)> Pairs = new()
    {
        ["insert"] = (
            () => R.Table("heroes").Insert(new { name = "x" }, new InsertOptions { Conflict = Conflict.Update, ReturnChanges = true, Durability = Durability.Soft }),
            () => R.Table("heroes").Insert(new { name = "x" }).OptArg("conflict", "update").OptArg("durability", "soft").OptArg("return_changes", true)),
        ["insert_resolver"] = (
            () => R.Table("heroes").Insert(new { name = "x" }, new InsertOptions { ConflictResolver = (id, o, n) => o.Merge(n) }),
            () => R.Table("heroes").Insert(new { name = "x" }).OptArg("conflict", (ReqlExpr id, ReqlExpr o, ReqlExpr n) => o.Merge(n))),
        ["return_changes_always"] = (
            () => R.Table("heroes").Delete(new DeleteOptions { ReturnChangesAlways = true }),
            () => R.Table("heroes").Delete().OptArg("return_changes", "always")),
        ["changes"] = (
            () => R.Table("heroes").Changes(new ChangesOptions { IncludeInitial = true, Squash = TimeSpan.FromMilliseconds(200), IncludeStates = true, IncludeTypes = true, IncludeOffsets = true, ChangefeedQueueSize = 100_000 }),
            () => R.Table("heroes").Changes().OptArg("squash", 0.2).OptArg("changefeed_queue_size", 100_000).OptArg("include_initial", true)
                .OptArg("include_states", true).OptArg("include_offsets", true).OptArg("include_types", true)),
        ["squash_true"] = (
            () => R.Table("heroes").Changes(new ChangesOptions { Squash = true }),
            () => R.Table("heroes").Changes().OptArg("squash", true)),
        ["table_create"] = (
            () => R.TableCreate("heroes", new TableCreateOptions { PrimaryKey = "name", Shards = 2, Replicas = 3 }),
            () => R.TableCreate("heroes").OptArg("primary_key", "name").OptArg("shards", 2).OptArg("replicas", 3)),
        ["reconfigure_tags"] = (
            () => R.Table("heroes").Reconfigure(new ReconfigureOptions
            {
                Shards = 1, Replicas = ReplicaCount.PerTag(new Dictionary<string, int> { ["us"] = 2, ["eu"] = 1 }), PrimaryReplicaTag = "us", DryRun = true,
            }),
            () => R.Table("heroes").Reconfigure().OptArg("shards", 1).OptArg("replicas", new Dictionary<string, object?> { ["us"] = 2, ["eu"] = 1 })
                .OptArg("primary_replica_tag", "us").OptArg("dry_run", true)),
        ["between"] = (
            () => R.Table("heroes").Between(10, 20, new BetweenOptions { Index = "age", LeftBound = Bound.Open, RightBound = Bound.Closed }),
            () => R.Table("heroes").Between(10, 20).OptArg("index", "age").OptArg("left_bound", "open").OptArg("right_bound", "closed")),
        ["get_all"] = (
            () => R.Table("heroes").GetAll(IndexOptions.Of("team"), "avengers", "x-men"),
            () => R.Table("heroes").GetAll("avengers", "x-men").OptArg("index", "team")),
        ["order_by_index"] = (
            () => R.Table("heroes").OrderBy(IndexOptions.Of("age")),
            () => R.Table("heroes").OrderBy().OptArg("index", "age")),
        ["group_index"] = (
            () => R.Table("heroes").Group(new GroupOptions { Index = "team", Multi = true }),
            () => R.Table("heroes").Group().OptArg("index", "team").OptArg("multi", true)),
        ["wait"] = (
            () => R.Table("heroes").Wait(new WaitOptions { WaitFor = WaitFor.AllReplicasReady, Timeout = TimeSpan.FromSeconds(10) }),
            () => R.Table("heroes").Wait().OptArg("wait_for", "all_replicas_ready").OptArg("timeout", 10)),
        ["circle"] = (
            () => R.Circle(R.Point(0, 0), 10, new CircleOptions { NumVertices = 16, Unit = DistanceUnit.Kilometer, Fill = false }),
            () => R.Circle(R.Point(0, 0), 10).OptArg("num_vertices", 16).OptArg("unit", "km").OptArg("fill", false)),
        ["distance"] = (
            () => R.Point(0, 0).Distance(R.Point(1, 1), new GeoOptions { Unit = DistanceUnit.Mile, GeoSystem = GeoSystem.Wgs84 }),
            () => R.Point(0, 0).Distance(R.Point(1, 1)).OptArg("unit", "mi").OptArg("geo_system", "WGS84")),
        ["http"] = (
            () => R.Http("http://x", new HttpOptions { Method = HttpRequestMethod.Post, Auth = new HttpAuth("u", "p", HttpAuthType.Digest), PageLinkNext = true, Header = new Dictionary<string, string> { ["A"] = "b" } }),
            () => R.Http("http://x").OptArg("method", "POST").OptArg("auth", new Dictionary<string, object?> { ["type"] = "digest", ["user"] = "u", ["pass"] = "p" })
                .OptArg("header", new Dictionary<string, object?> { ["A"] = "b" }).OptArg("page", "link-next")),
        ["table_read_mode"] = (
            () => R.Table("heroes", new TableOptions { ReadMode = ReadMode.Outdated, IdentifierFormat = IdentifierFormat.Uuid }),
            () => R.Table("heroes").OptArg("read_mode", "outdated").OptArg("identifier_format", "uuid")),
        ["fold_emit"] = (
            () => R.Range(3).Fold(0, (a, x) => a + x, new FoldOptions { Emit = (a, x, n) => R.Expr(new[] { n }), FinalEmit = a => R.Expr(new[] { a }) }),
            () => R.Range(3).Fold(0, (a, x) => a + x).OptArg("emit", (ReqlExpr a, ReqlExpr x, ReqlExpr n) => R.Expr(new[] { n }))
                .OptArg("final_emit", (ReqlExpr a) => R.Expr(new[] { a }))),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Typed_optargs_send_the_same_json_as_OptArg(string name)
    {
        var (typed, untyped) = Pairs[name];

        var expected = Wire.Normalize(Wire.Json(untyped()));
        var actual = Wire.Normalize(Wire.Json(typed()));

        Assert.True(Wire.Same(expected, actual), $"{name}\n untyped: {expected?.ToJsonString()}\n typed:   {actual?.ToJsonString()}");
    }

    [Fact]
    public void HttpAuth_does_not_show_the_password()
    {
        Assert.DoesNotContain("secret", new HttpAuth("bob", "secret").ToString());
    }
}
