using System.Globalization;

namespace RethinkDb;

/// <summary>
/// Parses a connection string
/// <c>rethinkdb://[user[:password]@]host[:port][,host[:port]...][/db][?timeout=20&amp;ssl=true&amp;caCerts=/path&amp;authKey=k]</c>
/// onto <see cref="ConnectionOptions"/>: the parts it contains override the options' settings. One host sets
/// <see cref="ConnectionOptions.Host"/> and <see cref="ConnectionOptions.Port"/>; several (each <c>host</c>,
/// <c>host:port</c> or <c>[IPv6]:port</c>) set <see cref="ConnectionOptions.Hosts"/>.
/// </summary>
/// <remarks>
/// Written by hand rather than with <see cref="Uri"/>, which cannot hold a list of hosts. The user information ends at
/// the last '@' before the query, so an unescaped '/' in a password does not cut it short. Error messages name the
/// part that is wrong, never the string or a value from it (it holds a password), nor an unknown parameter's name
/// unless it is plainly one (see <see cref="IsPlainName"/>).
/// </remarks>
internal static class ConnectionString
{
    public const string Scheme = "rethinkdb";

    private const string Known = "known: timeout, ssl, caCerts, authKey";

    /// <summary>Applies <paramref name="text"/>; returns why it is invalid (then nothing was changed), or null.</summary>
    public static string? TryApply(string text, ConnectionOptions options)
    {
        text = text.Trim();
        var prefix = Scheme + "://";
        if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return $"it must start with {prefix}";
        }
        if (text.Contains('#', StringComparison.Ordinal))
        {
            return "it has a fragment ('#'); percent-encode '#' in a password as %23";
        }
        var rest = text[prefix.Length..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart < 0 ? "" : rest[(queryStart + 1)..];
        var authority = queryStart < 0 ? rest : rest[..queryStart];

        // Parse everything before changing anything, so an invalid string leaves the options as they were.
        string? user = null, password = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (Unescape(colon < 0 ? userInfo : userInfo[..colon]) is not { } u || (colon >= 0 && Unescape(userInfo[(colon + 1)..]) is null))
            {
                return "the user information is not validly percent-encoded";
            }
            user = u;
            password = colon < 0 ? null : Unescape(userInfo[(colon + 1)..]);
            if (user.Length == 0)
            {
                return "the user name is empty";
            }
        }

        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        var hostList = slash < 0 ? authority : authority[..slash];
        string? db = null;
        if (slash >= 0 && authority[(slash + 1)..].Trim('/') is { Length: > 0 } path)
        {
            db = Unescape(path);
            if (db is null || db.Contains('/', StringComparison.Ordinal))
            {
                return "the path must be a single database name";
            }
        }

        if (hostList.Length == 0)
        {
            return "it names no host (percent-encode special characters in the user and password)";
        }
        var entries = hostList.Split(',');
        var seeds = new List<HostEntry>(entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            // Port 0 stands for "no port given": HostEntry only range-checks a port that is written.
            if (HostEntry.TryParse(entries[i], 0, out var seed) is not null)
            {
                // Never the entry: a mistyped password ("admin:pa/ss@h") lands here.
                return entries.Length == 1
                    ? "its host is not host, host:port or [IPv6]:port (percent-encode special characters in the user and password)"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"host {i + 1} of {entries.Length} is not host, host:port or [IPv6]:port");
            }
            seeds.Add(seed);
        }

        TimeSpan? timeout = null;
        bool? ssl = null;
        string? caCerts = null, authKey = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(eq < 0 ? pair : pair[..eq]) ?? "";
            var value = eq < 0 ? "" : Unescape(pair[(eq + 1)..].Replace('+', ' '));
            if (value is null)
            {
                return "a parameter's value is not validly percent-encoded";
            }
            switch (name.ToUpperInvariant())
            {
                case "TIMEOUT":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                        || !double.IsFinite(seconds) || seconds <= 0 || seconds > Math.Floor(ConnectionOptions.MaxTimeout.TotalSeconds))
                    {
                        return string.Create(CultureInfo.InvariantCulture,
                            $"the timeout parameter must be a positive number of seconds, at most {Math.Floor(ConnectionOptions.MaxTimeout.TotalSeconds)}");
                    }
                    timeout = TimeSpan.FromSeconds(seconds);
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
                        ? $"unknown parameter '{name}' ({Known})"
                        : $"an unknown parameter ({Known})";
            }
        }

        if (seeds.Count == 1)
        {
            options.Host = seeds[0].Host;
            if (seeds[0].Port != 0)
            {
                options.Port = seeds[0].Port;
            }
            options.Hosts = new List<string>();
        }
        else
        {
            options.Hosts = entries.Select(static e => e.Trim()).ToList();
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
            options.Ssl ??= new SslOptions();
            if (caCerts is not null)
            {
                options.Ssl.CaCerts = caCerts.Length == 0 ? null : caCerts;
            }
        }
        return null;
    }

    /// <summary>
    /// Whether an unknown parameter's name may be shown in a message (<c>^[A-Za-z_]{1,32}$</c>). Messages go to
    /// exceptions, logs and health check descriptions; anything else might be a secret typed in the wrong place.
    /// </summary>
    internal static bool IsPlainName(string name) =>
        name.Length is >= 1 and <= 32 && name.All(static c => char.IsAsciiLetter(c) || c == '_');

    /// <summary>Percent-decodes <paramref name="text"/>, or null when an escape is malformed.</summary>
    private static string? Unescape(string text)
    {
        for (var i = text.IndexOf('%', StringComparison.Ordinal); i >= 0; i = text.IndexOf('%', i + 1))
        {
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                return null;
            }
        }
        return Uri.UnescapeDataString(text);
    }
}
