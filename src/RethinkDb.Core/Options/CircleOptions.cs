namespace RethinkDb;

/// <summary>The optional arguments of <c>r.circle</c>.</summary>
public sealed class CircleOptions : ReqlOptArgs
{
    /// <summary><c>num_vertices</c>: the vertices of the polygon that approximates the circle (32 by default).</summary>
    public int? NumVertices { get; init; }

    /// <summary><c>geo_system</c>: the reference ellipsoid.</summary>
    public GeoSystem? GeoSystem { get; init; }

    /// <summary><c>unit</c>: the unit of the radius.</summary>
    public DistanceUnit? Unit { get; init; }

    /// <summary><c>fill</c>: a polygon (true, the default) or a line.</summary>
    public bool? Fill { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("num_vertices", NumVertices);
        into.Add("geo_system", GeoSystem);
        into.Add("unit", Unit);
        into.Add("fill", Fill);
    }
}
