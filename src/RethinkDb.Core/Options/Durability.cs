namespace RethinkDb;

/// <summary>How a write is acknowledged (the <c>durability</c> optarg of writes and <c>tableCreate</c>).</summary>
public enum Durability
{
    /// <summary>Acknowledged once written to disk (<c>"hard"</c> on the wire).</summary>
    Hard,

    /// <summary>Acknowledged once in memory (<c>"soft"</c> on the wire).</summary>
    Soft,
}
