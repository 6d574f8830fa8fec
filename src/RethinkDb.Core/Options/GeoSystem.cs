namespace RethinkDb;

/// <summary>The reference ellipsoid of geometry commands (the <c>geo_system</c> optarg).</summary>
public enum GeoSystem
{
    /// <summary>The WGS84 ellipsoid of the Earth (<c>"WGS84"</c> on the wire).</summary>
    Wgs84,

    /// <summary>A sphere of radius 1 (<c>"unit_sphere"</c> on the wire).</summary>
    UnitSphere,
}
