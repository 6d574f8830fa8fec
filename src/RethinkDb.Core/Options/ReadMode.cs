namespace RethinkDb;

/// <summary>Which replicas a table read may use (the <c>read_mode</c> optarg of <c>table</c>).</summary>
public enum ReadMode
{
    /// <summary>The primary replica, up to date (<c>"single"</c> on the wire).</summary>
    Single,

    /// <summary>A majority of replicas, safest and slowest (<c>"majority"</c> on the wire).</summary>
    Majority,

    /// <summary>Any replica, possibly out of date (<c>"outdated"</c> on the wire).</summary>
    Outdated,
}
