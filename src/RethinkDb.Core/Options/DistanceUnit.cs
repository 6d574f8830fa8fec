namespace RethinkDb;

/// <summary>The unit of distances of geometry commands (the <c>unit</c> optarg).</summary>
public enum DistanceUnit
{
    /// <summary>Meters (<c>"m"</c> on the wire).</summary>
    Meter,

    /// <summary>Kilometers (<c>"km"</c> on the wire).</summary>
    Kilometer,

    /// <summary>International miles (<c>"mi"</c> on the wire).</summary>
    Mile,

    /// <summary>Nautical miles (<c>"nm"</c> on the wire).</summary>
    NauticalMile,

    /// <summary>International feet (<c>"ft"</c> on the wire).</summary>
    Foot,
}
