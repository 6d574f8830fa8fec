namespace RethinkDb;

/// <summary>The optional arguments of <c>distance</c>: the ellipsoid and the unit.</summary>
public sealed class GeoOptions : ReqlOptArgs
{
    /// <summary><c>geo_system</c>: the reference ellipsoid (WGS84 by default).</summary>
    public GeoSystem? GeoSystem { get; init; }

    /// <summary><c>unit</c>: the unit of distances (meters by default).</summary>
    public DistanceUnit? Unit { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("geo_system", GeoSystem);
        into.Add("unit", Unit);
    }
}
