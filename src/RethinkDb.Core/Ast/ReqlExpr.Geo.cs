using RethinkDb.Protocol;

namespace RethinkDb;

// Geospatial commands.
public abstract partial class ReqlExpr
{
    /// <summary>The distance to another geometry (<c>distance</c>); optargs: <c>geo_system</c>, <c>unit</c>.</summary>
    public ReqlTerm Distance(object geometry) => Chain(TermType.Distance, geometry);

    /// <summary>The polygon enclosed by a closed line (<c>fill</c>).</summary>
    public ReqlTerm Fill() => Chain(TermType.Fill);

    /// <summary>Whether this geometry completely contains <paramref name="geometry"/>, or the elements of a sequence
    /// that do (<c>includes</c>).</summary>
    public ReqlTerm Includes(object geometry) => Chain(TermType.Includes, geometry);

    /// <summary>Whether this geometry intersects <paramref name="geometry"/>, or the elements of a sequence that do
    /// (<c>intersects</c>).</summary>
    public ReqlTerm Intersects(object geometry) => Chain(TermType.Intersects, geometry);

    /// <summary>This polygon with <paramref name="polygon"/> cut out (<c>polygonSub</c>).</summary>
    public ReqlTerm PolygonSub(object polygon) => Chain(TermType.PolygonSub, polygon);

    /// <summary>The geometry as a GeoJSON object (<c>toGeojson</c>).</summary>
    public ReqlTerm ToGeoJson() => Chain(TermType.ToGeojson);

    /// <summary>The documents of a table whose geospatial index intersects <paramref name="geometry"/>
    /// (<c>getIntersecting</c>); optarg: <c>index</c> (required).</summary>
    public ReqlTerm GetIntersecting(object geometry) => Chain(TermType.GetIntersecting, geometry);

    /// <summary>The documents of a table nearest to <paramref name="point"/> on a geospatial index (<c>getNearest</c>);
    /// optargs: <c>index</c> (required), <c>max_results</c>, <c>max_dist</c>, <c>geo_system</c>, <c>unit</c>.</summary>
    public ReqlTerm GetNearest(object point) => Chain(TermType.GetNearest, point);
}
