using System.Globalization;
using RethinkDb.Testing.Evaluation;

namespace RethinkDb.Testing;

/// <summary>
/// Several test servers in one process sharing one store — databases, tables, indexes, users and changefeeds — each
/// with its own port, server name and server id, as the nodes of a RethinkDB cluster: a write through one node shows
/// up in a changefeed opened on another. Every node answers <c>r.db("rethinkdb").table("server_status")</c> with one
/// row per running node in the real server's shape, so that seed lists, discovery, failover and load spread can be
/// tested; stopping a node resets its connections and removes it from <c>server_status</c>.
/// </summary>
/// <example>
/// <code>
/// await using var cluster = await RethinkDbTestCluster.StartAsync(3);
/// await using var conn = await Connection.OpenAsync(cluster.CreateConnectionOptions());
/// await cluster.StopNodeAsync(1);    // its connections are reset; it leaves server_status
/// await cluster.RestartNodeAsync(1); // back on the same port, with the same data
/// </code>
/// </example>
public sealed class RethinkDbTestCluster : IAsyncDisposable
{
    private readonly TestServerOptions _options;
    private readonly MemoryStore _store;
    private readonly List<RethinkDbTestServer> _nodes = [];
    private readonly SemaphoreSlim _membership = new(1, 1);

    private RethinkDbTestCluster(TestServerOptions options, MemoryStore store)
    {
        _options = options;
        _store = store;
    }

    /// <summary>
    /// Every node ever started, in the order started. A stopped node stays in the list with
    /// <see cref="RethinkDbTestServer.IsRunning"/> false, so indexes never shift.
    /// </summary>
    public IReadOnlyList<RethinkDbTestServer> Nodes
    {
        get
        {
            lock (_nodes)
            {
                return [.. _nodes];
            }
        }
    }

    /// <summary>The <c>127.0.0.1:port</c> of every node, in the order of <see cref="Nodes"/> (stopped nodes too).</summary>
    public IReadOnlyList<string> Hosts => [.. Nodes.Select(n => n.Host + ":" + n.Port.ToString(CultureInfo.InvariantCulture))];

    /// <summary>
    /// Starts a cluster of <paramref name="nodeCount"/> nodes named <c>node1</c>, <c>node2</c>… on free loopback ports
    /// (or, when <see cref="TestServerOptions.Port"/> is set, on that port and the ones after it).
    /// </summary>
    /// <param name="nodeCount">How many nodes to start; at least 1.</param>
    /// <param name="options">
    /// Settings every node uses (password, users, TLS, batch size, fault…); <see cref="TestServerOptions.ServerName"/>
    /// and <see cref="TestServerOptions.Port"/> are replaced per node. The users are those of the shared store.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nodeCount"/> is less than 1.</exception>
    public static async Task<RethinkDbTestCluster> StartAsync(int nodeCount, TestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        options ??= new TestServerOptions();
        var first = await RethinkDbTestServer.StartAsync(NodeOptions(options, 0), sharedStore: null, cancellationToken).ConfigureAwait(false);
        var cluster = new RethinkDbTestCluster(options, first.Evaluator.Store);
        cluster._nodes.Add(first);
        try
        {
            for (var i = 1; i < nodeCount; i++)
            {
                await cluster.AddNodeAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return cluster;
    }

    /// <summary>Starts a new node on the cluster's store: it appears in <c>server_status</c> (and its changefeeds).</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The new node, now last in <see cref="Nodes"/>.</returns>
    public async Task<RethinkDbTestServer> AddNodeAsync(CancellationToken cancellationToken = default)
    {
        await _membership.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int index;
            lock (_nodes)
            {
                index = _nodes.Count;
            }
            var node = await RethinkDbTestServer.StartAsync(NodeOptions(_options, index), _store, cancellationToken).ConfigureAwait(false);
            lock (_nodes)
            {
                _nodes.Add(node);
            }
            return node;
        }
        finally
        {
            _membership.Release();
        }
    }

    /// <summary>
    /// Stops node <paramref name="index"/>: its listener closes (connections are refused), every connection to it is
    /// reset (its pending queries and changefeeds fail), and it leaves <c>server_status</c>. The other nodes and the
    /// shared store are unaffected. Stopping a stopped node does nothing.
    /// </summary>
    /// <param name="index">The node's index in <see cref="Nodes"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the node's connections to end (they are reset already).</param>
    /// <exception cref="ArgumentOutOfRangeException">No node has that index.</exception>
    public Task StopNodeAsync(int index, CancellationToken cancellationToken = default) =>
        Node(index).StopAsync(cancellationToken);

    /// <summary>
    /// Starts node <paramref name="index"/> again on the same port, with the same name and server id and the shared
    /// store: it is back in <c>server_status</c> with a new <c>time_started</c>. A running node is stopped first.
    /// </summary>
    /// <param name="index">The node's index in <see cref="Nodes"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the old connections to end.</param>
    /// <exception cref="ArgumentOutOfRangeException">No node has that index.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The port was taken by another process meanwhile.</exception>
    public Task RestartNodeAsync(int index, CancellationToken cancellationToken = default) =>
        Node(index).RestartAsync(cancellationToken);

    /// <summary>
    /// Options for the driver to connect to the cluster as <c>admin</c> (with the CA file when TLS is on):
    /// <see cref="ConnectionOptions.Hosts"/> lists every node (<see cref="Hosts"/>, stopped ones too, as a seed list
    /// written before a node went down would), and <see cref="ConnectionOptions.Host"/>/<see cref="ConnectionOptions.Port"/>
    /// name the first node.
    /// </summary>
    public ConnectionOptions CreateConnectionOptions()
    {
        var options = Nodes[0].CreateConnectionOptions();
        foreach (var host in Hosts)
        {
            options.Hosts.Add(host);
        }
        return options;
    }

    /// <summary>Stops every node.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
        _membership.Dispose();
    }

    private RethinkDbTestServer Node(int index)
    {
        lock (_nodes)
        {
            return index >= 0 && index < _nodes.Count
                ? _nodes[index]
                : throw new ArgumentOutOfRangeException(nameof(index), index, $"The cluster has {_nodes.Count} nodes.");
        }
    }

    /// <summary>A node's settings: the cluster's, with its own name and port.</summary>
    private static TestServerOptions NodeOptions(TestServerOptions options, int index)
    {
        var node = new TestServerOptions
        {
            AdminPassword = options.AdminPassword,
            ScramIterations = options.ScramIterations,
            AcceptLegacyHandshake = options.AcceptLegacyHandshake,
            Tls = options.Tls,
            ServerName = "node" + (index + 1).ToString(CultureInfo.InvariantCulture),
            Fault = options.Fault,
            ResetAfterQueries = options.ResetAfterQueries,
            MaxResponseDelay = options.MaxResponseDelay,
            BatchSize = options.BatchSize,
            Port = options.Port == 0 ? 0 : options.Port + index,
        };
        foreach (var (user, password) in options.Users)
        {
            node.Users[user] = password;
        }
        return node;
    }
}
