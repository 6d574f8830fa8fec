namespace RethinkDb.Testing.Evaluation.Geo;

/// <summary>
/// <c>intersects</c>, <c>includes</c> and <c>distance</c> between shapes, with the server's rules
/// (<c>src/rdb_protocol/geo/intersection.cc</c>, <c>inclusion.cc</c>, <c>distances.cc</c>): a point meets a line or a
/// polygon when its projection onto it is the point itself; a polygon with no vertices meets nothing.
/// </summary>
internal static class GeoRelations
{
    public static bool Intersects(GeoShape a, GeoShape b) => (a, b) switch
    {
        (PointShape p, PointShape q) => p.Point == q.Point,
        (PointShape p, LineShape l) => Array.IndexOf(l.Vertices, p.Point) >= 0 || l.Project(p.Point) == p.Point,
        (PointShape p, PolygonShape g) => !g.IsEmpty && Covers(g, p.Point),
        (LineShape l, LineShape m) => LinesMeet(l, m),
        (LineShape l, PolygonShape g) => LineMeetsPolygon(l, g),
        (PolygonShape g, PolygonShape h) => PolygonsMeet(g, h),
        _ => Intersects(b, a),
    };

    /// <summary>Whether the polygon includes the shape (its boundary counts as inside).</summary>
    public static bool Includes(PolygonShape polygon, GeoShape shape) => shape switch
    {
        PointShape p => Intersects(p, polygon),
        LineShape l => !polygon.IsEmpty && l.Vertices.All(v => Covers(polygon, v)) && !CrossesBoundary(Segments(l), polygon),
        PolygonShape g => !polygon.IsEmpty && !g.IsEmpty &&
            g.Shell.Vertices.All(v => Covers(polygon, v)) &&
            !CrossesBoundary(g.Shell.Edges, polygon) &&
            // A hole of the includer inside the included polygon leaves part of it out.
            !polygon.Holes.Any(h => h.Vertices.Any(v => g.Contains(v) && !g.HasVertex(v))),
        _ => false,
    };

    /// <summary>
    /// The distance in metres from a point to a shape (0 when the point is on or inside it), measured on the ellipsoid
    /// to the closest point found on the sphere, as the server does.
    /// </summary>
    public static double Distance(Vec3 from, GeoShape to, Ellipsoid ellipsoid)
    {
        var target = to switch
        {
            PointShape p => p.Point,
            LineShape l => l.Project(from),
            PolygonShape g => g.Project(from),
            _ => from,
        };
        if (to is not PointShape && target == from)
        {
            return 0.0;
        }
        return Geodesic.Distance(Sphere.LatitudeDegrees(from), Sphere.LongitudeDegrees(from),
            Sphere.LatitudeDegrees(target), Sphere.LongitudeDegrees(target), ellipsoid);
    }

    private static bool Covers(PolygonShape polygon, Vec3 v) => polygon.Contains(v) || polygon.HasVertex(v) || polygon.Project(v) == v;

    private static IEnumerable<(Vec3 A, Vec3 B)> Segments(LineShape line)
    {
        for (var i = 1; i < line.Vertices.Length; i++)
        {
            yield return (line.Vertices[i - 1], line.Vertices[i]);
        }
    }

    private static bool CrossesBoundary(IEnumerable<(Vec3 A, Vec3 B)> edges, PolygonShape polygon) =>
        edges.Any(e => polygon.Edges.Any(o => Sphere.Crossing(e.A, e.B, o.A, o.B) > 0));

    /// <summary>S2Polyline::Intersects: two edges cross or share a vertex.</summary>
    private static bool LinesMeet(LineShape l, LineShape m) =>
        Segments(l).Any(e => Segments(m).Any(o => Sphere.Crossing(e.A, e.B, o.A, o.B) >= 0));

    private static bool LineMeetsPolygon(LineShape line, PolygonShape polygon) =>
        !polygon.IsEmpty && (line.Vertices.Any(polygon.Contains) || CrossesBoundary(Segments(line), polygon));

    private static bool PolygonsMeet(PolygonShape g, PolygonShape h) =>
        !g.IsEmpty && !h.IsEmpty &&
        (g.Loops.Any(l => l.Vertices.Any(h.Contains)) || h.Loops.Any(l => l.Vertices.Any(g.Contains)) ||
         CrossesBoundary(g.Edges, h));
}
