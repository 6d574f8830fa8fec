namespace RethinkDb;

/// <summary>The optional arguments of <c>r.http</c>.</summary>
/// <example><code>
/// R.Http("https://api.example.com/items", new HttpOptions { Method = HttpRequestMethod.Post, Data = new { q = 1 }, Timeout = TimeSpan.FromSeconds(5) })
/// </code></example>
public sealed class HttpOptions : ReqlOptArgs
{
    /// <summary><c>timeout</c>: how long to wait for the response (sent in seconds).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary><c>attempts</c>: retries on failure (5 by default).</summary>
    public int? Attempts { get; init; }

    /// <summary><c>redirects</c>: redirects to follow (1 by default).</summary>
    public int? Redirects { get; init; }

    /// <summary><c>verify</c>: verify the server's certificate (true by default).</summary>
    public bool? Verify { get; init; }

    /// <summary><c>result_format</c>: how to read the body.</summary>
    public HttpResultFormat? ResultFormat { get; init; }

    /// <summary><c>method</c>: the HTTP method (GET by default).</summary>
    public HttpRequestMethod? Method { get; init; }

    /// <summary><c>auth</c>: credentials.</summary>
    public HttpAuth? Auth { get; init; }

    /// <summary><c>params</c>: query-string parameters, added to the URL.</summary>
    public IReadOnlyDictionary<string, object?>? Params { get; init; }

    /// <summary><c>header</c>: extra request headers.</summary>
    public IReadOnlyDictionary<string, string>? Header { get; init; }

    /// <summary><c>data</c>: the request body (an object is sent as JSON, a string as form data).</summary>
    public object? Data { get; init; }

    /// <summary><c>page: "link-next"</c>: follow the response's <c>Link: rel="next"</c> headers (a stream of pages).</summary>
    public bool PageLinkNext { get; init; }

    /// <summary><c>page</c> as a function <c>info =&gt; nextUrlOrNull</c> over <c>{params, header, body}</c>
    /// (takes precedence over <see cref="PageLinkNext"/>).</summary>
    public Func<ReqlExpr, ReqlExpr>? Page { get; init; }

    /// <summary><c>page_limit</c>: the number of pages to fetch (-1 for no limit).</summary>
    public int? PageLimit { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("timeout", Timeout);
        into.Add("attempts", Attempts);
        into.Add("redirects", Redirects);
        into.Add("verify", Verify);
        into.Add("result_format", ResultFormat is { } format ? OptArgCollector.WireName(format) : null);
        into.Add("method", Method is { } method ? OptArgCollector.WireName(method) : null);
        into.Add("auth", Auth?.ToWire());
        into.Add("params", Params);
        into.Add("header", Header?.ToDictionary(static p => p.Key, static p => (object?)p.Value));
        into.Add("data", Data);
        if (Page is not null)
        {
            into.Add("page", Page);
        }
        else if (PageLinkNext)
        {
            into.Add("page", "link-next");
        }
        into.Add("page_limit", PageLimit);
    }
}
