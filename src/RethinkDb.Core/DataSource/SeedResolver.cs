using System.Net;
using System.Net.Sockets;

namespace RethinkDb.DataSource;

/// <summary>
/// Turns the configured seeds into nodes: an IP address is one node; a DNS name becomes one node per address it
/// resolves to (a Kubernetes headless service naming every pod of a StatefulSet, or <c>localhost</c> resolving to
/// <c>127.0.0.1</c> and <c>::1</c>). A name that does not resolve stays one node under its name, so that its
/// connection attempts report the DNS error and back off like any other failure.
/// </summary>
internal sealed class SeedResolver(Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    /// <summary>Resolves with the system's DNS.</summary>
    public static SeedResolver System { get; } = new(static (host, ct) => Dns.GetHostAddressesAsync(host, ct));

    /// <summary>A node to create: its address and, when it came from a DNS name, that name.</summary>
    public readonly record struct Resolved(HostEntry Entry, string? SeedName);

    /// <summary>Whether <paramref name="host"/> needs resolving (it is not an IP address).</summary>
    public static bool IsName(string host) => !IPAddress.TryParse(host, out _);

    /// <summary>The nodes of <paramref name="seeds"/>, in their order, without duplicates.</summary>
    public async Task<IReadOnlyList<Resolved>> ResolveAsync(IReadOnlyList<HostEntry> seeds, CancellationToken ct)
    {
        var lookups = new Task<IReadOnlyList<Resolved>>[seeds.Count];
        for (var i = 0; i < seeds.Count; i++)
        {
            lookups[i] = ResolveOneAsync(seeds[i], ct);
        }
        var result = new List<Resolved>();
        foreach (var lookup in lookups)
        {
            foreach (var node in await lookup.ConfigureAwait(false))
            {
                if (!result.Exists(n => n.Entry == node.Entry))
                {
                    result.Add(node);
                }
            }
        }
        return result;
    }

    /// <summary>The nodes of one seed: itself when it is an address or does not resolve.</summary>
    public async Task<IReadOnlyList<Resolved>> ResolveOneAsync(HostEntry seed, CancellationToken ct)
    {
        if (!IsName(seed.Host))
        {
            return [new Resolved(seed, null)];
        }
        IPAddress[] addresses;
        try
        {
            addresses = await resolve(seed.Host, ct).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return [new Resolved(seed, null)];
        }
        var nodes = new List<Resolved>(addresses.Length);
        foreach (var address in addresses)
        {
            if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            {
                continue;
            }
            var entry = new HostEntry((address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString(), seed.Port);
            if (!nodes.Exists(n => n.Entry == entry))
            {
                nodes.Add(new Resolved(entry, seed.Host));
            }
        }
        return nodes.Count > 0 ? nodes : [new Resolved(seed, null)];
    }
}
