namespace RethinkDb.DataSource;

/// <summary>How a node became known to a data source.</summary>
/// <param name="IsSeed">It comes from the configured hosts: never removed, only marked down.</param>
/// <param name="SeedName">The DNS name it was resolved from (kept as the TLS host name; re-resolved while down).</param>
internal readonly record struct NodeOrigin(bool IsSeed, string? SeedName)
{
    public static NodeOrigin Seed(string? seedName = null) => new(true, seedName);

    public static NodeOrigin Discovered => new(false, null);
}

/// <summary>The server a node was matched to in <c>rethinkdb.server_status</c>.</summary>
internal sealed record DiscoveredServer(string Id, string Name);

/// <summary>What a node tells the set that holds it.</summary>
internal interface INodeEvents
{
    /// <summary>The node went down (its first failed attempt after being up or unknown).</summary>
    void NodeDown(NodePool node, Exception cause);

    /// <summary>The node answered again after being down.</summary>
    void NodeUp(NodePool node);
}
