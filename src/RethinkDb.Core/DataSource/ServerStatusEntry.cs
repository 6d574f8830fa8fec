using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace RethinkDb.DataSource;

/// <summary>
/// What discovery needs from a row of <c>rethinkdb.server_status</c>: the server's id and name, its canonical
/// addresses (<c>network.canonical_addresses[].host</c>; their <c>port</c> is the cluster port, not the driver's)
/// and its driver port (<c>network.reql_port</c>).
/// </summary>
internal sealed record ServerStatusEntry(string Id, string Name, IReadOnlyList<string> Hosts, int ReqlPort)
{
    /// <summary>Reads a row; null when it lacks what a node needs (a row of another shape is ignored, never a crash).</summary>
    public static ServerStatusEntry? TryParse(JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Object
            || !row.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
            || !row.TryGetProperty("network", out var network) || network.ValueKind != JsonValueKind.Object
            || !network.TryGetProperty("reql_port", out var port) || !port.TryGetInt32(out var reqlPort) || reqlPort is < 1 or > 65535
            || !network.TryGetProperty("canonical_addresses", out var addresses) || addresses.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var hosts = new List<string>();
        foreach (var address in addresses.EnumerateArray())
        {
            if (address.ValueKind == JsonValueKind.Object && address.TryGetProperty("host", out var host)
                && host.ValueKind == JsonValueKind.String && host.GetString() is { Length: > 0 and < 256 } text
                && HostEntry.TryParse(text.Contains(':', StringComparison.Ordinal) ? $"[{text}]" : text, reqlPort, out _) is null)
            {
                hosts.Add(text);
            }
        }
        var name = row.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : id.GetString()!;
        return hosts.Count == 0 ? null : new ServerStatusEntry(id.GetString()!, name, hosts, reqlPort);
    }

    /// <summary>
    /// The address to reach the server at: one that looks like the address the data source reached the cluster
    /// through. Through loopback (a local cluster, tests, a port-forward), a loopback address; otherwise a routable
    /// one before loopback and link-local ones (which would lead to the client's own machine). Then the same
    /// address family before the other, then the server's own order.
    /// </summary>
    public HostEntry ChooseAddress(IPAddress? reachedThrough)
    {
        var viaLoopback = reachedThrough is not null && IPAddress.IsLoopback(reachedThrough);
        var family = reachedThrough is null ? AddressFamily.InterNetwork
            : reachedThrough.IsIPv4MappedToIPv6 ? AddressFamily.InterNetwork : reachedThrough.AddressFamily;
        string? best = null;
        var bestScore = int.MinValue;
        foreach (var host in Hosts)
        {
            var score = Score(host, viaLoopback, family);
            if (score > bestScore)
            {
                best = host;
                bestScore = score;
            }
        }
        return new HostEntry(best!, ReqlPort);
    }

    private static int Score(string host, bool viaLoopback, AddressFamily family)
    {
        if (!IPAddress.TryParse(host, out var address))
        {
            // A name (--canonical-address rethink-0.rethink): routable as far as we can tell, any family.
            var loopbackName = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
            return (loopbackName == viaLoopback ? 4 : 0) + 1;
        }
        var loopback = IPAddress.IsLoopback(address);
        var linkLocal = address.IsIPv6LinkLocal || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes() is [169, 254, ..]);
        var score = loopback == viaLoopback ? 4 : 0;
        if (linkLocal && !viaLoopback)
        {
            score -= 2;
        }
        return score + (address.AddressFamily == family ? 2 : 0);
    }
}
