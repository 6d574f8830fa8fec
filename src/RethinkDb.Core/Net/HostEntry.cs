using System.Globalization;
using System.Net;

namespace RethinkDb;

/// <summary>
/// One server a driver connects to: a host name or IP address and a driver port, parsed from an entry of
/// <see cref="ConnectionOptions.Hosts"/> (<c>host</c>, <c>host:port</c>, <c>[IPv6]</c>, <c>[IPv6]:port</c> or a bare
/// IPv6 address).
/// </summary>
internal readonly record struct HostEntry(string Host, int Port)
{
    /// <summary>Formats the entry as <c>host:port</c>, with brackets around an IPv6 address.</summary>
    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>
    /// Parses <paramref name="entry"/>; a missing port is <paramref name="defaultPort"/>. Returns why the entry is
    /// invalid, or <see langword="null"/> on success.
    /// </summary>
    public static string? TryParse(string? entry, int defaultPort, out HostEntry result)
    {
        result = default;
        var text = entry?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return "is empty";
        }
        if (text.Contains('@', StringComparison.Ordinal))
        {
            // Never echo the entry: it may carry a password (user:password@host).
            return "contains '@': credentials belong in User and Password, not in a host entry";
        }

        string host;
        string? portText = null;
        if (text[0] == '[')
        {
            // [IPv6] or [IPv6]:port
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return $"'{text}' has no closing ']'";
            }
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return $"'{text}' has text after ']' that is not ':port'";
                }
                portText = rest[1..];
            }
            if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return $"'{host}' in brackets is not an IPv6 address";
            }
        }
        else if (text.Count(static c => c == ':') > 1)
        {
            // A bare IPv6 address: it cannot carry a port without brackets.
            if (!IPAddress.TryParse(text, out _))
            {
                return $"'{text}' is not an IPv6 address (write [address]:port to give a port)";
            }
            host = text;
        }
        else
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? text : text[..colon];
            portText = colon < 0 ? null : text[(colon + 1)..];
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            return $"'{text}' has no valid host";
        }

        var port = defaultPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            return $"'{text}' has an invalid port (between 1 and 65535)";
        }

        result = new HostEntry(host, port);
        return null;
    }
}
