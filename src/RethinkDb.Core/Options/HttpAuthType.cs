namespace RethinkDb;

/// <summary>The authentication scheme of <c>r.http</c> (the <c>type</c> field of the <c>auth</c> optarg).</summary>
public enum HttpAuthType
{
    /// <summary>HTTP basic authentication (<c>"basic"</c> on the wire).</summary>
    Basic,

    /// <summary>HTTP digest authentication (<c>"digest"</c> on the wire).</summary>
    Digest,
}
