namespace RethinkDb;

/// <summary>The HTTP method of <c>r.http</c> (the <c>method</c> optarg).</summary>
public enum HttpRequestMethod
{
    /// <summary>GET (<c>"GET"</c> on the wire).</summary>
    Get,

    /// <summary>POST (<c>"POST"</c> on the wire).</summary>
    Post,

    /// <summary>PUT (<c>"PUT"</c> on the wire).</summary>
    Put,

    /// <summary>PATCH (<c>"PATCH"</c> on the wire).</summary>
    Patch,

    /// <summary>DELETE (<c>"DELETE"</c> on the wire).</summary>
    Delete,

    /// <summary>HEAD (<c>"HEAD"</c> on the wire).</summary>
    Head,
}
