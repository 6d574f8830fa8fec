using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Geo indexes read by get_intersecting and get_nearest, asserted with the real server's results and messages
/// (terms/geo.cc, geo_traversal.cc, store.cc of 2.4.4); the same tests run against a real RethinkDB when
/// RETHINKDB_HOST is set.
/// </summary>
public sealed class GeoIndexTests
{
    private static async Task<string> JsonAsync(Harness h, ReqlExpr query) => (await query.RunAsync(h.Connection)).GetRawText();

    private static async Task<string> FailsAsync<TError>(Harness h, ReqlExpr query) where TError : ReqlQueryError =>
        (await Assert.ThrowsAsync<TError>(() => query.RunAsync(h.Connection))).ErrorMessage;

    /// <summary>get_nearest's answer as (distance, id) pairs, the documents checked whole for the first.</summary>
    private static async Task<List<(double Dist, int Id)>> NearestAsync(Harness h, ReqlExpr query)
    {
        var result = await query.RunAsync(h.Connection);
        return [.. result.EnumerateArray().Select(r => (r.GetProperty("dist").GetDouble(), r.GetProperty("doc").GetProperty("id").GetInt32()))];
    }

    private static void AssertNearest((double Dist, int Id)[] expected, List<(double Dist, int Id)> actual)
    {
        Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Dist, actual[i].Dist, 1e-6);
        }
    }

    private static async Task<ReqlTerm> PlacesAsync(Harness h)
    {
        var table = await h.CreateTableAsync("places");
        await table.Insert(new object[]
        {
            new { id = 1, loc = R.Point(0, 0) },
            new { id = 2, loc = R.Point(0.001, 0) },
            new { id = 3, loc = R.Point(0.01, 0) },
            new { id = 4, loc = R.Point(10, 10) },
            new { id = 5, loc = "nowhere" },
            new { id = 6, locs = new object[] { R.Point(0, 0.002), R.Point(5, 5) } },
        }).RunWriteAsync(h.Connection);
        await table.IndexCreate("loc", new IndexCreateOptions { Geo = true }).RunAsync(h.Connection);
        await table.IndexCreate("locs", new IndexCreateOptions { Geo = true, Multi = true }).RunAsync(h.Connection);
        await table.IndexCreate("plain", row => row["id"]).RunAsync(h.Connection);
        await table.IndexWait().RunAsync(h.Connection);
        return table;
    }

    private static string Point(double lon, double lat) =>
        $"{{\"$reql_type$\":\"GEOMETRY\",\"coordinates\":[{lon},{lat}],\"type\":\"Point\"}}";

    [Theory, TestServer, RealServer]
    public async Task Get_nearest_answers_documents_by_distance_within_max_dist(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await PlacesAsync(h);
        // Default: within 100 km, at most 100 results, in metres; documents whose value is no geometry are left out.
        AssertNearest([(0, 1), (111.31949079327366, 2), (1113.194907932736, 3)],
            await NearestAsync(h, table.GetNearest(R.Point(0, 0), new GetNearestOptions { Index = "loc" })));
        Assert.Equal($"{{\"id\":1,\"loc\":{Point(0, 0)}}}",
            await JsonAsync(h, table.GetNearest(R.Point(0, 0), new GetNearestOptions { Index = "loc" }).Nth(0)["doc"]));
        AssertNearest([(0, 1), (0.11131949079327366, 2)],
            await NearestAsync(h, table.GetNearest(R.Point(0, 0), new GetNearestOptions { Index = "loc", MaxResults = 2, Unit = DistanceUnit.Kilometer })));
        AssertNearest([(0, 1), (0.11131949079327366, 2), (1.113194907932736, 3), (1565.1090992178897, 4)],
            await NearestAsync(h, table.GetNearest(new[] { 0, 0 }, new GetNearestOptions { Index = "loc", MaxDist = 2000, Unit = DistanceUnit.Kilometer })));
        AssertNearest([(221.14855164409087, 6)], await NearestAsync(h, table.GetNearest(R.Point(0, 0), new GetNearestOptions { Index = "locs" })));
        AssertNearest([(0, 1), (111.31949079327366, 2), (1113.194907932736, 3), (1565109.0992178896, 4)],
            await NearestAsync(h, table.GetNearest(R.Point(0, 0), new GetNearestOptions { Index = "loc", MaxDist = 9000000, MaxResults = 10 })));
    }

    [Theory, TestServer, RealServer]
    public async Task Get_nearest_fails_as_the_server_once_its_search_grows_too_wide(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await PlacesAsync(h);
        Assert.Equal("[]", await JsonAsync(h, table.GetNearest(R.Point(100, 0), new GetNearestOptions { Index = "loc", MaxDist = 9100000 })));
        Assert.Equal("The distance has become too large for continuing the indexed nearest traversal.  Consider specifying a smaller " +
            "`max_dist` parameter.  (Radius must be smaller than a quarter of the circumference along the minor axis of the reference " +
            "ellipsoid.  Got 10420491.095482358709m, but must be smaller than 9985163.1855612862855m.)",
            await FailsAsync<ReqlQueryLogicError>(h, table.GetNearest(R.Point(100, 0), new GetNearestOptions { Index = "loc", MaxDist = 9500000 })));
    }

    [Theory, TestServer, RealServer]
    public async Task Get_intersecting_answers_the_documents_whose_geometry_meets_the_query(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await PlacesAsync(h);
        Assert.Equal("[1,2]", await JsonAsync(h, table.GetIntersecting(R.Circle(new[] { 0, 0 }, 500), new IndexOptions { Index = "loc" }).OrderBy("id")["id"]));
        Assert.Equal("[6]", await JsonAsync(h,
            table.GetIntersecting(R.Polygon(new[] { 4, 4 }, new[] { 6, 4 }, new[] { 6, 6 }, new[] { 4, 6 }), new IndexOptions { Index = "locs" })["id"].CoerceTo("array")));
        Assert.Equal("\"SELECTION<STREAM>\"", await JsonAsync(h, table.GetIntersecting(R.Point(0, 0), new IndexOptions { Index = "loc" }).TypeOf()));
        Assert.Equal("{\"geo\":true,\"index\":\"loc\",\"multi\":false}", await JsonAsync(h, table.IndexStatus("loc").Nth(0).Pluck("geo", "index", "multi")));
    }

    [Theory, TestServer, RealServer]
    public async Task Geo_indexes_are_used_only_by_geo_terms(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await PlacesAsync(h);
        Assert.Equal("get_nearest requires an index argument.", await FailsAsync<ReqlQueryLogicError>(h, table.GetNearest(R.Point(0, 0))));
        Assert.Equal("get_nearest cannot use the primary index.", await FailsAsync<ReqlQueryLogicError>(h, table.GetNearest(R.Point(0, 0), new GetNearestOptions { Index = "id" })));
        Assert.Equal("Index `plain` is not a geospatial index.  get_nearest can only be used with a geospatial index.",
            await FailsAsync<ReqlQueryLogicError>(h, table.GetNearest(R.Point(0, 0), new GetNearestOptions { Index = "plain" })));
        Assert.Equal($"Index `nope` was not found on table `{h.Db}.places`.",
            await FailsAsync<ReqlOpFailedError>(h, table.GetNearest(R.Point(0, 0), new GetNearestOptions { Index = "nope" })));
        Assert.Equal("max_dist must be positive.", await FailsAsync<ReqlQueryLogicError>(h, table.GetNearest(R.Point(0, 0), new GetNearestOptions { Index = "loc", MaxDist = 0 })));
        Assert.Equal("max_results must be positive.", await FailsAsync<ReqlQueryLogicError>(h, table.GetNearest(R.Point(0, 0), new GetNearestOptions { Index = "loc", MaxResults = 0 })));
        Assert.Equal("get_intersecting requires an index argument.", await FailsAsync<ReqlQueryLogicError>(h, table.GetIntersecting(R.Point(0, 0))));
        Assert.Equal("get_intersecting cannot use the primary index.",
            await FailsAsync<ReqlQueryLogicError>(h, table.GetIntersecting(R.Point(0, 0), new IndexOptions { Index = "id" })));
        Assert.Equal("Index `plain` is not a geospatial index.  get_intersecting can only be used with a geospatial index.",
            await FailsAsync<ReqlQueryLogicError>(h, table.GetIntersecting(R.Point(0, 0), new IndexOptions { Index = "plain" })));
        Assert.Equal("Cannot use a geospatial index with `get_all`. Use `get_intersecting` instead.",
            await FailsAsync<ReqlQueryLogicError>(h, table.GetAll(R.Point(0, 0)).OptArg("index", "loc")));
        Assert.Equal("Index `loc` is a geospatial index.  Only get_nearest and get_intersecting can use a geospatial index.",
            await FailsAsync<ReqlQueryLogicError>(h, table.Between(0, 5).OptArg("index", "loc")));
        Assert.Equal("Index `loc` is a geospatial index.  Only get_nearest and get_intersecting can use a geospatial index.",
            await FailsAsync<ReqlQueryLogicError>(h, table.OrderBy().OptArg("index", "loc")));
    }
}
