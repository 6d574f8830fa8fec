namespace RethinkDb;

/// <summary>How <c>r.http</c> reads the response body (the <c>result_format</c> optarg).</summary>
public enum HttpResultFormat
{
    /// <summary>By the response's content type (<c>"auto"</c> on the wire).</summary>
    Auto,

    /// <summary>As a string (<c>"text"</c> on the wire).</summary>
    Text,

    /// <summary>As JSON (<c>"json"</c> on the wire).</summary>
    Json,

    /// <summary>As JSONP (<c>"jsonp"</c> on the wire).</summary>
    Jsonp,

    /// <summary>As binary data (<c>"binary"</c> on the wire).</summary>
    Binary,
}
