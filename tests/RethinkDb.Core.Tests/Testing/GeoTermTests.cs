using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Geo terms, asserted with the real server's results and messages (src/rdb_protocol/terms/geo.cc and geo/*.cc of
/// 2.4.4); the same tests run against a real RethinkDB when RETHINKDB_HOST is set.
/// </summary>
public sealed class GeoTermTests
{
    private static async Task<string> JsonAsync(Harness h, ReqlExpr query) => (await query.RunAsync(h.Connection)).GetRawText();

    private static async Task<double> NumberAsync(Harness h, ReqlExpr query) => (await query.RunAsync(h.Connection)).GetDouble();

    private static async Task<string> FailsAsync<TError>(Harness h, ReqlExpr query) where TError : ReqlQueryError =>
        (await Assert.ThrowsAsync<TError>(() => query.RunAsync(h.Connection))).ErrorMessage;

    private static ReqlTerm Square(double size) => R.Polygon(new[] { 0, 0 }, new[] { size, 0 }, new[] { size, size }, new[] { 0, size });

    [Theory, TestServer, RealServer]
    public async Task Geometries_are_GEOMETRY_pseudo_types_holding_GeoJSON(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        Assert.Equal("{\"$reql_type$\":\"GEOMETRY\",\"coordinates\":[-122.4,37.7],\"type\":\"Point\"}", await JsonAsync(h, R.Point(-122.4, 37.7)));
        Assert.Equal("\"PTYPE<GEOMETRY>\"", await JsonAsync(h, R.Point(1, 2).TypeOf()));
        Assert.Equal("{\"$reql_type$\":\"GEOMETRY\",\"coordinates\":[[0,0],[1,1],[2,0]],\"type\":\"LineString\"}",
            await JsonAsync(h, R.Line(new[] { 0, 0 }, new[] { 1, 1 }, R.Point(2, 0))));
        // A polygon's ring is closed for it; one already closed is kept as it is.
        Assert.Equal("{\"$reql_type$\":\"GEOMETRY\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]],\"type\":\"Polygon\"}", await JsonAsync(h, Square(1)));
        Assert.Equal("[[[0,0],[1,0],[1,1],[0,0]]]",
            await JsonAsync(h, R.Polygon(new[] { 0, 0 }, new[] { 1, 0 }, new[] { 1, 1 }, new[] { 0, 0 }).ToGeoJson()["coordinates"]));
        Assert.Equal("[180,0]", await JsonAsync(h, R.Point(180, 0).ToGeoJson()["coordinates"]));
        Assert.Equal("{\"coordinates\":[1,2],\"type\":\"Point\"}", await JsonAsync(h, R.Point(1, 2).ToGeoJson()));
        // geojson drops a bbox; to_geojson takes the pseudo-type away.
        Assert.Equal("{\"$reql_type$\":\"GEOMETRY\",\"coordinates\":[1,2],\"type\":\"Point\"}",
            await JsonAsync(h, R.GeoJson(new { type = "Point", coordinates = new[] { 1, 2 }, bbox = new[] { 1, 2, 1, 2 } })));
        Assert.Equal("[[[0,0],[1,0],[1,1],[0,1],[0,0]]]",
            await JsonAsync(h, R.Line(new[] { 0, 0 }, new[] { 1, 0 }, new[] { 1, 1 }, new[] { 0, 1 }).Fill().ToGeoJson()["coordinates"]));
        Assert.Equal("[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]",
            await JsonAsync(h, Square(4).PolygonSub(R.Polygon(new[] { 1, 1 }, new[] { 2, 1 }, new[] { 2, 2 }, new[] { 1, 2 })).ToGeoJson()["coordinates"]));
        // A GEOMETRY object written in a query is a geometry too.
        var raw = R.Expr(new Dictionary<string, object> { ["$reql_type$"] = "GEOMETRY", ["type"] = "Point", ["coordinates"] = new[] { 1, 2 } });
        Assert.Equal(110576.4165241531, await NumberAsync(h, raw.Distance(R.Point(1, 3))), 6);
    }

    [Theory, TestServer, RealServer]
    public async Task Invalid_geometries_fail_with_the_servers_messages(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        Assert.Equal("Longitude must be between -180 and 180.  Got 181.", await FailsAsync<ReqlQueryLogicError>(h, R.Point(181, 0)));
        Assert.Equal("Latitude must be between -90 and 90.  Got 91.", await FailsAsync<ReqlQueryLogicError>(h, R.Point(0, 91)));
        Assert.Equal("GeoJSON LinearRing must have at least four positions.",
            await FailsAsync<ReqlQueryLogicError>(h, R.Polygon(new[] { 0, 0 }, new[] { 1, 0 }, new[] { 0, 0 })));
        Assert.Equal("Invalid LineString.  Are there antipodal or duplicate vertices?",
            await FailsAsync<ReqlQueryLogicError>(h, R.Line(new[] { 0, 0 }, new[] { 0, 0 })));
        Assert.Equal("Invalid LinearRing.  Are there antipodal or duplicate vertices? Is it self-intersecting?",
            await FailsAsync<ReqlQueryLogicError>(h, R.Polygon(new[] { 0, 0 }, new[] { 1, 1 }, new[] { 1, 0 }, new[] { 0, 1 })));
        Assert.Equal("Expected point coordinate pair.  Got 3 element array instead of a 2 element one.",
            await FailsAsync<ReqlQueryLogicError>(h, R.Line(new[] { 0, 0, 0 }, new[] { 1, 1 })));
        Assert.Equal("Expected type ARRAY but found NUMBER.", await FailsAsync<ReqlQueryLogicError>(h, R.Line(1, new[] { 1, 1 })));
        Assert.Equal("GeoJSON type `MultiPoint` is not supported.",
            await FailsAsync<ReqlQueryLogicError>(h, R.GeoJson(new { type = "MultiPoint", coordinates = new[] { new[] { 1, 2 } } })));
        Assert.Equal("Unrecognized GeoJSON type `Blob`.", await FailsAsync<ReqlQueryLogicError>(h, R.GeoJson(new { type = "Blob", coordinates = new[] { 1, 2 } })));
        Assert.Equal("Non-default coordinate reference systems are not supported in GeoJSON objects.  Make sure the `crs` field of the geometry is null or non-existent.",
            await FailsAsync<ReqlQueryLogicError>(h, R.GeoJson(new { type = "Point", coordinates = new[] { 1, 2 }, crs = new { type = "name" } })));
        Assert.Equal("A third altitude coordinate in GeoJSON positions was found, but is not supported.",
            await FailsAsync<ReqlQueryLogicError>(h, R.GeoJson(new { type = "Point", coordinates = new[] { 1, 2, 3 } })));
        Assert.Equal("Too few coordinates.  Need at least longitude and latitude.",
            await FailsAsync<ReqlQueryLogicError>(h, R.GeoJson(new { type = "Point", coordinates = new[] { 1 } })));
        Assert.Equal("First and last vertex of GeoJSON LinearRing must be identical.",
            await FailsAsync<ReqlQueryLogicError>(h, R.GeoJson(new { type = "Polygon", coordinates = new[] { new[] { new[] { 0, 0 }, new[] { 1, 0 }, new[] { 1, 1 }, new[] { 0, 1 } } } })));
        Assert.Equal("GeoJSON LineString must have at least two positions.",
            await FailsAsync<ReqlQueryLogicError>(h, R.GeoJson(new { type = "LineString", coordinates = new[] { new[] { 0, 0 } } })));
        Assert.Equal("Not a GEOMETRY pseudotype: `1`.", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(1).ToGeoJson()));
        Assert.Equal("Unrecognized field `foo` found in geometry object.", await FailsAsync<ReqlQueryLogicError>(h,
            R.Expr(new Dictionary<string, object> { ["$reql_type$"] = "GEOMETRY", ["type"] = "Point", ["coordinates"] = new[] { 1, 2 }, ["foo"] = 1 })));
        Assert.Equal("Field `type` not found in geometry object.", await FailsAsync<ReqlNonExistenceError>(h,
            R.Expr(new Dictionary<string, object> { ["$reql_type$"] = "GEOMETRY", ["coordinates"] = new[] { 1, 2 } })));
        Assert.Equal("Expected geometry of type `LineString` but found `Point`.", await FailsAsync<ReqlQueryLogicError>(h, R.Point(0, 0).Fill()));
        Assert.Equal("The second argument to `polygon_sub` is not contained in the first one.",
            await FailsAsync<ReqlQueryLogicError>(h, Square(4).PolygonSub(R.Polygon(new[] { 5, 5 }, new[] { 6, 5 }, new[] { 6, 6 }))));
        Assert.Equal("Expected a Polygon but found a LineString.",
            await FailsAsync<ReqlQueryLogicError>(h, Square(4).PolygonSub(R.Line(new[] { 1, 1 }, new[] { 2, 2 }))));
        var holed = Square(4).PolygonSub(R.Polygon(new[] { 1, 1 }, new[] { 2, 1 }, new[] { 2, 2 }, new[] { 1, 2 }));
        Assert.Equal("Expected a Polygon with only an outer shell.  This one has holes.",
            await FailsAsync<ReqlQueryLogicError>(h, holed.PolygonSub(R.Polygon(new[] { 1, 1 }, new[] { 2, 1 }, new[] { 2, 2 }, new[] { 1, 2 }))));
    }

    [Theory, TestServer, RealServer]
    public async Task Circles_are_built_with_geodesics_on_the_ellipsoid(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var polygon = await R.Circle(new[] { 20, 10 }, 1000000, new CircleOptions { NumVertices = 4 }).RunAsync(h.Connection);
        AssertCoordinates([[20, 0.9573179072549416], [10.881498866642586, 9.875322179340463], [20, 19.037822995094608],
            [29.118501133357412, 9.875322179340463], [20, 0.9573179072549416]], polygon.GetProperty("coordinates")[0]);
        Assert.Equal("Polygon", polygon.GetProperty("type").GetString());
        var line = await R.Circle(new[] { 20, 10 }, 1, new CircleOptions { NumVertices = 3, Fill = false, Unit = DistanceUnit.Kilometer }).RunAsync(h.Connection);
        Assert.Equal("LineString", line.GetProperty("type").GetString());
        AssertCoordinates([[20, 9.990959040985537], [19.99210103613253, 10.004520383935729], [20.00789896386747, 10.004520383935729],
            [20, 9.990959040985537]], line.GetProperty("coordinates"));
        Assert.Equal("Radius must be positive", await FailsAsync<ReqlQueryLogicError>(h, R.Circle(new[] { 0, 0 }, -1)));
        Assert.Equal("Radius must be smaller than a quarter of the circumference along the minor axis of the reference ellipsoid.  " +
            "Got 10000000m, but must be smaller than 9985163.1855612862855m.", await FailsAsync<ReqlQueryLogicError>(h, R.Circle(new[] { 0, 0 }, 10000000)));
        Assert.Equal("num_vertices must be positive.",
            await FailsAsync<ReqlQueryLogicError>(h, R.Circle(new[] { 0, 0 }, 1, new CircleOptions { NumVertices = 0 })));
    }

    [Theory, TestServer, RealServer]
    public async Task Circles_follow_the_geo_system(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var sphere = await R.Circle(new[] { 10, 10 }, 0.1, new CircleOptions { NumVertices = 3, GeoSystem = GeoSystem.UnitSphere }).RunAsync(h.Connection);
        AssertCoordinates([[10, 4.270422048691768], [4.912922493455869, 12.822946623349837], [15.08707750654413, 12.822946623349837],
            [10, 4.270422048691768]], sphere.GetProperty("coordinates")[0]);
        var ellipsoid = await R.Circle(new[] { 10, 10 }, 100000).OptArg("num_vertices", 3).OptArg("geo_system", new { a = 6000000, f = 0.05 }).RunAsync(h.Connection);
        AssertCoordinates([[10, 8.946099335993544], [9.160232652365034, 10.525411516925042], [10.839767347634966, 10.525411516925042],
            [10, 8.946099335993544]], ellipsoid.GetProperty("coordinates")[0]);
    }

    [Theory, TestServer, RealServer]
    public async Task Polygons_are_the_smaller_region_their_ring_bounds(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        // Edges are geodesics: this ring crosses the antimeridian, and bounds the band around it.
        var band = R.Polygon(new[] { -170, -80 }, new[] { 170, -80 }, new[] { 170, 80 }, new[] { -170, 80 });
        Assert.False((await band.Intersects(R.Point(0, 0)).RunAsync(h.Connection)).GetBoolean());
        Assert.True((await band.Intersects(R.Point(175, 0)).RunAsync(h.Connection)).GetBoolean());
        // From a hole's middle: to the hole's edge; from beyond a line's end: to that end.
        var holed = Square(4).PolygonSub(R.Polygon(new[] { 1, 1 }, new[] { 3, 1 }, new[] { 3, 3 }, new[] { 1, 3 }));
        Assert.Equal(111252.12464009758, await NumberAsync(h, holed.Distance(R.Point(2, 2))), 5);
        Assert.Equal(221.7970701626835, await NumberAsync(h,
            R.Distance(R.Line(new[] { 0, 0 }, new[] { 10, 0 }, new[] { 10, 10 }), R.Point(12, 5), new GeoOptions { Unit = DistanceUnit.Kilometer })), 8);
    }

    [Theory, TestServer, RealServer]
    public async Task A_geometry_is_no_primary_key(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("keys");
        var result = await table.Insert(new { id = R.Point(1, 1) }).RunWriteAsync(h.Connection);
        Assert.Equal(1, result.Errors);
        Assert.Equal("Cannot use a geometry value as a key value in a primary or non-geospatial secondary index.", result.FirstError);
    }

        private static void AssertCoordinates(double[][] expected, JsonElement actual)
    {
        Assert.Equal(expected.Length, actual.GetArrayLength());
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i][0], actual[i][0].GetDouble(), 1e-9);
            Assert.Equal(expected[i][1], actual[i][1].GetDouble(), 1e-9);
        }
    }

    [Theory, TestServer, RealServer]
    public async Task Distances_are_geodesic_in_the_unit_asked_for(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        Assert.Equal(4141.18144529389, await NumberAsync(h, R.Distance(R.Point(-122.4, 37.7), R.Point(-74, 40.7), new GeoOptions { Unit = DistanceUnit.Kilometer })), 9);
        Assert.Equal(97.49287181071308, await NumberAsync(h, R.Point(0, 0).Distance(R.Point(1, 1), new GeoOptions { Unit = DistanceUnit.Mile })), 9);
        Assert.Equal(84.7189893581751, await NumberAsync(h, R.Point(0, 0).Distance(R.Point(1, 1), new GeoOptions { Unit = DistanceUnit.NauticalMile })), 9);
        Assert.Equal(365.22142648711826, await NumberAsync(h, R.Point(0, 0).Distance(R.Point(0.001, 0), new GeoOptions { Unit = DistanceUnit.Foot })), 7);
        Assert.Equal(Math.PI, await NumberAsync(h, R.Point(0, 0).Distance(R.Point(180, 0), new GeoOptions { GeoSystem = GeoSystem.UnitSphere })), 12);
        Assert.Equal(146626.44230169524, await NumberAsync(h, R.Point(0, 0).Distance(R.Point(1, 1)).OptArg("geo_system", new { a = 6000000, f = 0.01 })), 6);
        // To a line or polygon: to its closest point, 0 from inside.
        Assert.Equal(221149.45337213489, await NumberAsync(h, R.Point(0, 2).Distance(R.Line(new[] { -1, 0 }, new[] { 1, 0 }))), 5);
        Assert.Equal(0, await NumberAsync(h, Square(2).Distance(R.Point(1, 1))));
        Assert.Equal(111302.64804842559, await NumberAsync(h, R.Distance(Square(2), R.Point(3, 1))), 5);
        Assert.Equal("Unrecognized distance unit `yd`.", await FailsAsync<ReqlQueryLogicError>(h, R.Point(0, 0).Distance(R.Point(1, 1)).OptArg("unit", "yd")));
        Assert.Equal("Unrecognized geo system \"mars\" (valid options: \"WGS84\", \"unit_sphere\").",
            await FailsAsync<ReqlQueryLogicError>(h, R.Point(0, 0).Distance(R.Point(1, 1)).OptArg("geo_system", "mars")));
        Assert.Equal("The flattening `f` must be in the range [0, 1).",
            await FailsAsync<ReqlQueryLogicError>(h, R.Point(0, 0).Distance(R.Point(1, 1)).OptArg("geo_system", new { a = 6000000, f = 1 })));
        Assert.Equal("Expected geometry of type `Point` but found `Polygon`.", await FailsAsync<ReqlQueryLogicError>(h, R.Distance(Square(2), Square(2))));
    }

    /// <summary>Point pairs the real server measured (Karney's algorithm): everyday, antipodal and nearly antipodal.</summary>
    [Theory, TestServer, RealServer]
    public async Task Distances_match_the_servers_geodesics_for_hard_pairs(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        (double[] Pair, double Meters)[] cases =
        [
            ([0, 0, 180, 0], 20003931.458625447),
            ([0, 0, 179.5, 0.5], 19936288.578965314),
            ([0, 0, 179.7, 0], 19995624.889961265),
            ([0, 0, 179.99, 0], 20003922.22814904),
            ([10, 20, -170, -20], 20003931.458625447),
            ([0, -89.9, 180, 89.9], 20003931.458625447),
            ([0, 90, 0, -90], 20003931.458625447),
            ([5, -30, -175, 30.1], 19992846.13005266),
            ([-122.4, 37.7, -74, 40.7], 4141181.4452938894),
            ([0, 0, 0.001, 0], 111.31949079327366),
            ([180, 0, -180, 0], 0),
        ];
        foreach (var (p, meters) in cases)
        {
            Assert.Equal(meters, await NumberAsync(h, R.Distance(R.Point(p[0], p[1]), R.Point(p[2], p[3]))), 6);
        }
    }

    [Theory, TestServer, RealServer]
    public async Task Intersects_and_includes(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        async Task<bool> Is(ReqlExpr query) => (await query.RunAsync(h.Connection)).GetBoolean();
        Assert.True(await Is(Square(2).Intersects(R.Point(1, 1))));
        Assert.False(await Is(Square(2).Intersects(R.Point(3, 1))));
        Assert.True(await Is(Square(2).Intersects(R.Point(0, 0))));
        Assert.True(await Is(R.Line(new[] { -1, 1 }, new[] { 3, 1 }).Intersects(Square(2))));
        Assert.True(await Is(R.Line(new[] { -1, 1 }, new[] { 1, -1 }).Intersects(R.Line(new[] { -1, -1 }, new[] { 1, 1 }))));
        Assert.False(await Is(R.Line(new[] { 0, 0 }, new[] { 1, 0 }).Intersects(R.Line(new[] { 0, 1 }, new[] { 1, 1 }))));
        Assert.True(await Is(Square(2).Intersects(R.Polygon(new[] { 1, 1 }, new[] { 3, 1 }, new[] { 3, 3 }, new[] { 1, 3 }))));
        Assert.False(await Is(Square(2).Intersects(R.Polygon(new[] { 5, 5 }, new[] { 6, 5 }, new[] { 6, 6 }))));
        Assert.True(await Is(R.Point(1, 1).Intersects(R.Point(1, 1))));
        Assert.True(await Is(Square(2).Includes(R.Point(1, 1))));
        Assert.True(await Is(Square(2).Includes(R.Polygon(new[] { 0.5, 0.5 }, new[] { 1, 0.5 }, new[] { 1, 1 }))));
        Assert.False(await Is(Square(2).Includes(R.Polygon(new[] { 1, 1 }, new[] { 3, 1 }, new[] { 3, 3 }, new[] { 1, 3 }))));
        Assert.True(await Is(Square(2).Includes(R.Line(new[] { 0.5, 0.5 }, new[] { 1.5, 1.5 }))));
        Assert.False(await Is(Square(2).Includes(R.Line(new[] { 0.5, 0.5 }, new[] { 3, 1.5 }))));
        // A point in a hole is not included.
        Assert.False(await Is(Square(4).PolygonSub(R.Polygon(new[] { 1, 1 }, new[] { 3, 1 }, new[] { 3, 3 }, new[] { 1, 3 })).Includes(R.Point(2, 2))));
        // On a sequence, intersects filters it.
        Assert.Equal("[{\"$reql_type$\":\"GEOMETRY\",\"coordinates\":[1,1],\"type\":\"Point\"}]",
            await JsonAsync(h, R.Expr(new object[] { R.Point(1, 1), R.Point(5, 5) }).Intersects(Square(2))));
        Assert.Equal("Not a GEOMETRY pseudotype: `{\n\t\"a\":\t1\n}`.", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(new { a = 1 }).Intersects(R.Point(1, 1))));
        Assert.Equal("Expected geometry of type `Polygon` but found `LineString`.",
            await FailsAsync<ReqlQueryLogicError>(h, R.Line(new[] { 0, 0 }, new[] { 1, 1 }).Includes(R.Point(0, 0))));
    }
}
