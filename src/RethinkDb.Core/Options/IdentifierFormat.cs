namespace RethinkDb;

/// <summary>How <c>changes</c> and <c>status</c> name servers and tables (the <c>identifier_format</c> optarg of <c>table</c>).</summary>
public enum IdentifierFormat
{
    /// <summary>By name (<c>"name"</c> on the wire).</summary>
    Name,

    /// <summary>By UUID (<c>"uuid"</c> on the wire).</summary>
    Uuid,
}
