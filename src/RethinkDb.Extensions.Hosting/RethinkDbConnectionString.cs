using System.Globalization;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Applies a connection string <c>rethinkdb://[user[:password]@]host[:port][/db][?timeout=20&amp;ssl=true&amp;caCerts=/path]</c>
/// to options: the parts it contains override the individual settings.
/// </summary>
/// <remarks>
/// Error messages name the part that is wrong, never the string or a value from it (it holds a password), nor an
/// unknown parameter's name unless it is plainly one (see <see cref="IsPlainName"/>).
/// </remarks>
internal static class RethinkDbConnectionString
{
    public const string Scheme = "rethinkdb";

    /// <summary>Applies <see cref="RethinkDbOptions.ConnectionString"/>; records a failure in <see cref="RethinkDbOptions.ConnectionStringError"/>.</summary>
    public static void Apply(RethinkDbOptions options)
    {
        options.ConnectionStringError = null;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return;
        }
        var error = TryApply(options.ConnectionString.Trim(), options);
        if (error is not null)
        {
            var source = options.ConnectionStringSource ?? options.Key(nameof(RethinkDbOptions.ConnectionString));
            options.ConnectionStringError = $"{source} is not a valid {Scheme}:// connection string: {error}.";
        }
    }

    /// <summary>
    /// Whether an unknown parameter's name may be shown in a message (<c>^[A-Za-z_]{1,32}$</c>). Messages go to
    /// exceptions, logs and health check descriptions; anything else might be a secret typed in the wrong place.
    /// </summary>
    internal static bool IsPlainName(string name) =>
        name.Length is >= 1 and <= 32 && name.All(static c => char.IsAsciiLetter(c) || c == '_');

    /// <summary>Returns why the string is invalid, or null after applying it.</summary>
    private static string? TryApply(string connectionString, RethinkDbOptions options)
    {
        if (!connectionString.StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            return $"it must start with {Scheme}://";
        }
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return "it is not a URI with a host (percent-encode special characters in the user and password)";
        }
        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return "it has a fragment ('#'); percent-encode '#' in a password as %23";
        }

        // Parse everything before changing anything, so an invalid string leaves the options as they were.
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            if (user.Length == 0)
            {
                return "the user name is empty";
            }
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.IdnHost;
        var port = uri.IsDefaultPort || uri.Port < 0 ? (int?)null : uri.Port;
        var path = uri.AbsolutePath.Trim('/');
        string? db = null;
        if (path.Length > 0)
        {
            db = Uri.UnescapeDataString(path);
            if (db.Contains('/', StringComparison.Ordinal))
            {
                return "the path must be a single database name";
            }
        }

        double? timeout = null;
        bool? ssl = null;
        string? caCerts = null, authKey = null;
        var query = uri.Query.TrimStart('?');
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            switch (name.ToUpperInvariant())
            {
                case "TIMEOUT":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                    {
                        return "the timeout parameter must be a number of seconds";
                    }
                    timeout = seconds;
                    break;
                case "SSL":
                    if (!bool.TryParse(value, out var on))
                    {
                        return "the ssl parameter must be true or false";
                    }
                    ssl = on;
                    break;
                case "CACERTS":
                    caCerts = value;
                    break;
                case "AUTHKEY":
                    authKey = value;
                    break;
                default:
                    // Never the value ("pasword=..."), and the name only when it is plainly a name: a part without '='
                    // ("authKey:hunter2") or whose '=' was escaped ("authKey%3Dhunter2") is all "name", secret included.
                    return eq >= 0 && IsPlainName(name)
                        ? $"unknown parameter '{name}' (known: timeout, ssl, caCerts, authKey)"
                        : "an unknown parameter (known: timeout, ssl, caCerts, authKey)";
            }
        }

        options.Host = host;
        if (port is { } p)
        {
            options.Port = p;
        }
        if (db is not null)
        {
            options.Db = db;
        }
        if (user is not null)
        {
            options.User = user;
            options.Password = password;
        }
        if (authKey is not null)
        {
            options.AuthKey = authKey;
        }
        if (timeout is { } t)
        {
            options.Timeout = t;
        }
        if (ssl is false)
        {
            options.Ssl = null;
        }
        else if (ssl is true || caCerts is not null)
        {
            options.Ssl ??= new RethinkDbSslOptions();
            options.Ssl.Enabled = true;
            if (caCerts is not null)
            {
                options.Ssl.CaCerts = caCerts;
            }
        }
        return null;
    }
}
