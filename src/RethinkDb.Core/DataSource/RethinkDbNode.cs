using System.Globalization;

namespace RethinkDb;

/// <summary>
/// A snapshot of one server (node) of a <see cref="RethinkDbDataSource"/>: its address, its state and why it is down.
/// Never carries a secret.
/// </summary>
public sealed class RethinkDbNode
{
    internal RethinkDbNode(string host, int port, RethinkDbNodeState state, string? lastError, bool isSeed, string? serverName,
        int openConnections)
    {
        Host = host;
        Port = port;
        State = state;
        LastError = lastError;
        IsSeed = isSeed;
        ServerName = serverName;
        OpenConnections = openConnections;
    }

    /// <summary>The address the data source connects to (an IP address once a seed's DNS name was resolved).</summary>
    public string Host { get; }

    /// <summary>The node's driver port.</summary>
    public int Port { get; }

    /// <summary>Whether the node is up, down or not used yet.</summary>
    public RethinkDbNodeState State { get; }

    /// <summary>
    /// Why the node is down (the last connection attempt's error), or why its last socket broke; <see langword="null"/>
    /// when nothing failed.
    /// </summary>
    public string? LastError { get; }

    /// <summary>
    /// Whether the node comes from the configured hosts (kept while it is down) rather than from discovery (dropped
    /// when it leaves the cluster).
    /// </summary>
    public bool IsSeed { get; }

    /// <summary>The server's name in <c>rethinkdb.server_status</c>, once discovery has seen it.</summary>
    public string? ServerName { get; }

    /// <summary>How many sockets to the node are open.</summary>
    public int OpenConnections { get; }

    /// <summary><c>host:port</c> (with brackets around an IPv6 address).</summary>
    public string Endpoint => new HostEntry(Host, Port).ToString();

    /// <summary>Describes the node (address, state, server name, last error).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Endpoint} {State}{(ServerName is null ? "" : $" ({ServerName})")}{(LastError is null ? "" : $": {LastError}")}");
}
