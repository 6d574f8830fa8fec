namespace RethinkDb;

/// <summary>The optional arguments of <c>getNearest</c> (<see cref="Index"/> is required by the server).</summary>
public sealed class GetNearestOptions : ReqlOptArgs
{
    /// <summary><c>index</c>: the geospatial index.</summary>
    public string? Index { get; init; }

    /// <summary><c>max_results</c>: at most this many documents (100 by default).</summary>
    public int? MaxResults { get; init; }

    /// <summary><c>max_dist</c>: the largest distance, in <see cref="Unit"/> (100 km by default).</summary>
    public double? MaxDist { get; init; }

    /// <summary><c>unit</c>: the unit of distances.</summary>
    public DistanceUnit? Unit { get; init; }

    /// <summary><c>geo_system</c>: the reference ellipsoid.</summary>
    public GeoSystem? GeoSystem { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("index", Index);
        into.Add("max_results", MaxResults);
        into.Add("max_dist", MaxDist);
        into.Add("unit", Unit);
        into.Add("geo_system", GeoSystem);
    }
}
