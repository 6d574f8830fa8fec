using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RethinkDb.DataSource;
using RethinkDb.Net;
using RethinkDb.Protocol;
using RethinkDb.Telemetry;

namespace RethinkDb;

/// <summary>
/// The one owner of an application's connections to RethinkDB, like Npgsql's <c>NpgsqlDataSource</c>: create it once
/// (a singleton), run queries on it, and dispose it when the application stops.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe. It opens a few multiplexed sockets lazily (at most <see cref="ConnectionOptions.MaxConnections"/>,
/// each carrying many queries at once), drops broken ones and opens others on demand. Run a query on it directly,
/// with no lease (<c>await query.RunAsync&lt;T&gt;(dataSource, ct)</c>), or take a
/// <see cref="Connection"/> for a unit of work with <see cref="OpenConnectionAsync"/>: a handle on a shared
/// socket, whose disposal returns it without closing the socket.
/// </para>
/// <para>
/// When a connection attempt fails, the server is considered down: callers fail at once with a
/// <see cref="ReqlDriverError"/> naming the last cause (instead of each waiting a full
/// <see cref="ConnectionOptions.Timeout"/>), while the data source tries again in the background after
/// <see cref="ConnectionOptions.ReconnectDelay"/>, doubling the wait with each failure up to
/// <see cref="ConnectionOptions.MaxReconnectDelay"/>.
/// </para>
/// <para>
/// Disposing waits for noreply queries on every socket (at most 5 seconds, or the connect timeout when shorter),
/// then closes them.
/// </para>
/// </remarks>
public sealed class RethinkDbDataSource : IAsyncDisposable, IDisposable, IPoolMetrics
{
    /// <summary>The default <see cref="Name"/>.</summary>
    public const string DefaultName = "rethinkdb";

    private readonly ConnectionOptions _options;
    // One pool per server (node): the seeds, the addresses of their DNS names, the nodes discovery finds.
    private readonly NodeSet _nodes;
    private readonly ClusterDiscovery? _discovery;
    private readonly bool? _discover;
    private int _disposed;

    internal RethinkDbDataSource(ConnectionOptions options, string name, ILoggerFactory? loggerFactory, ClusterSettings cluster)
    {
        _options = options;
        Name = name;
        RetryReads = cluster.RetryReads;
        JsonOptions = RethinkDbJson.WithDriverTypes(options.JsonSerializerOptions);
        var logger = (ILogger?)loggerFactory?.CreateLogger(DataSourceLog.Category) ?? NullLogger.Instance;
        var connectionLogger = (ILogger?)loggerFactory?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        var seeds = options.SeedHosts();
        // Only an explicit seed list is a cluster: a lone Host keeps today's behaviour (one node, every address of
        // its name tried in turn), so that "localhost" does not become an IPv6 node that a local server may not serve.
        var isCluster = options.Hosts is { Count: > 0 };
        _nodes = new NodeSet(seeds, isCluster ? cluster.Resolver ?? SeedResolver.System : null,
            (entry, origin, events) =>
            {
                var nodeOptions = NodeOptions(options, entry, origin);
                var telemetry = new QueryTelemetry(nodeOptions.Host, nodeOptions.Port, name, options.EnableTracing, options.EnableMetrics);
                return new NodePool(nodeOptions, name, logger, connectionLogger, JsonOptions, telemetry, events, origin);
            },
            name, logger);
        _discover = cluster.Discover;
        if (cluster.Discover == true || (cluster.Discover is null && isCluster))
        {
            _discovery = new ClusterDiscovery(_nodes, options, name, logger);
        }
        if (options.EnableMetrics)
        {
            Instruments.Register(this);
        }
    }

    /// <summary>
    /// Creates a data source with <paramref name="options"/> (copied and validated). No socket opens until a query
    /// or a connection needs one. For serializer options, a logger factory or a name, use
    /// <see cref="RethinkDbDataSourceBuilder"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (the message names the setting).</exception>
    public static RethinkDbDataSource Create(ConnectionOptions options) => new RethinkDbDataSourceBuilder(options).Build();

    /// <summary>Creates a data source for <paramref name="host"/> with every other option at its default.</summary>
    public static RethinkDbDataSource Create(string host) => Create(new ConnectionOptions { Host = host });

    /// <summary>The data source's name in logs, metrics (<c>db.client.connection.pool.name</c>) and health checks.</summary>
    public string Name { get; }

    /// <summary>The server's host.</summary>
    public string Host => _options.Host;

    /// <summary>The server's port.</summary>
    public int Port => _options.Port;

    /// <summary>The default database of queries.</summary>
    public string Db => _options.Db;

    /// <summary>The most sockets the data source opens.</summary>
    public int MaxConnections => _options.MaxConnections;

    /// <summary>The serializer options of documents and results (the caller's, with the driver's own types added).</summary>
    public JsonSerializerOptions JsonOptions { get; }

    /// <summary>How many sockets are open now (to every node).</summary>
    public int OpenConnections
    {
        get
        {
            var counts = CountConnections();
            return counts.Idle + counts.Used;
        }
    }

    /// <summary>
    /// Why the server is considered down (the last connection attempt's error), or <see langword="null"/> while it
    /// is not. Callers meanwhile fail at once, and a background attempt follows the backoff. With several nodes: the
    /// cause of the first node that is down while none is up; <see langword="null"/> while any node is not down
    /// (see <see cref="Nodes"/> for each).
    /// </summary>
    public Exception? ServerDownCause
    {
        get
        {
            Exception? first = null;
            foreach (var node in _nodes.Nodes)
            {
                if (node.DownCause is not { } cause)
                {
                    return null;
                }
                first ??= cause;
            }
            return first;
        }
    }

    /// <summary>
    /// Whether a read that failed because its node died runs once more on another node (set with
    /// <see cref="RethinkDbDataSourceBuilder.RetryReads"/>; a query can ask for it with <see cref="RunOptions.RetryRead"/>).
    /// Never a write: see <see cref="RunOptions.RetryRead"/> for what counts as a read.
    /// </summary>
    public bool RetryReads { get; }

    /// <summary>
    /// The servers the data source knows: the seeds (<see cref="ConnectionOptions.Hosts"/>, or
    /// <see cref="ConnectionOptions.Host"/>), one per address of a seed's DNS name, and those discovery found; each
    /// with its state and last error. A snapshot: call again for fresh states.
    /// </summary>
    public IReadOnlyList<RethinkDbNode> Nodes
    {
        get
        {
            var nodes = _nodes.Nodes;
            if (nodes.Length == 0 && _disposed == 0)
            {
                // DNS names not resolved yet (nothing was run): the seeds as configured.
                return [.. _options.SeedHosts().Select(s => new RethinkDbNode(s.Host, s.Port, RethinkDbNodeState.Unknown, null, true, null, 0))];
            }
            return [.. nodes.Select(static n => n.Describe())];
        }
    }

    /// <summary>
    /// Asks every known node for its server info at once (on a pooled socket, opening one when none is open; a node
    /// known down is reported down without an attempt) and returns the nodes with their states then: the basis of a
    /// cluster's health check.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting: nodes that have not answered yet are reported down.</param>
    /// <exception cref="ObjectDisposedException">The data source was disposed.</exception>
    public async Task<IReadOnlyList<RethinkDbNode>> CheckNodesAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        StartDiscovery();
        await _nodes.EnsureResolvedAsync(cancellationToken).ConfigureAwait(false);
        var nodes = _nodes.Nodes;
        var checks = new Task<RethinkDbNode>[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            checks[i] = nodes[i].CheckAsync(cancellationToken);
        }
        return await Task.WhenAll(checks).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns a connection for a unit of work: a handle that shares a pooled, multiplexed socket. Opens a socket
    /// first when none is open. Dispose the handle to return it (disposing never closes the socket);
    /// <see cref="Connection.Use"/> on it changes only this handle's default database.
    /// </summary>
    /// <exception cref="ReqlDriverError">No connection could be opened, or the server is known to be down (the
    /// message names the last cause; <see cref="ReqlAuthError"/> and <see cref="ReqlTimeoutError"/> are subclasses).</exception>
    /// <exception cref="ObjectDisposedException">The data source was disposed.</exception>
    public ValueTask<Connection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        StartDiscovery();
        return _nodes.LeaseAsync(cancellationToken);
    }

    /// <summary>
    /// Opens a new connection outside the pool (a full handshake) with the data source's settings; the caller owns
    /// and closes it. For long-lived work that should not share a socket, such as a busy changefeed. With several
    /// nodes: to the first node, in turn, that is not known down and answers.
    /// </summary>
    /// <exception cref="ReqlDriverError">The connection could not be opened.</exception>
    public async Task<Connection> OpenNewConnectionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var nodes = _nodes.Nodes;
        if (nodes.Length <= 1)
        {
            return await Connection.OpenAsync(nodes.Length == 1 ? nodes[0].Options : _options, cancellationToken).ConfigureAwait(false);
        }
        // Each node with its own options (a node from a DNS name checks TLS against the name); down ones last.
        var failures = new List<Exception>();
        foreach (var node in nodes.OrderBy(static n => n.IsKnownDown))
        {
            try
            {
                return await Connection.OpenAsync(node.Options, cancellationToken).ConfigureAwait(false);
            }
            catch (ReqlDriverError error) when (error is not ReqlAuthError)
            {
                failures.Add(error);
            }
        }
        throw new ReqlDriverError($"Could not connect to any of {nodes.Length} nodes: {string.Join("; ", failures.Select(static f => f.Message))}",
            new AggregateException(failures));
    }

    /// <summary>Waits until every noreply query sent through the data source has been processed.</summary>
    /// <exception cref="ReqlDriverError">A connection broke.</exception>
    public Task NoreplyWaitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _nodes.NoreplyWaitAsync(cancellationToken);
    }

    /// <summary>
    /// Waits for noreply queries on every socket (at most 5 seconds, or the connect timeout when shorter), then
    /// closes them. Queries still running fail with <see cref="ReqlDriverError"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Instruments.Unregister(this);
        if (_discovery is not null)
        {
            await _discovery.DisposeAsync().ConfigureAwait(false);
        }
        await _nodes.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Disposes synchronously (blocks for the bounded drain; prefer <see cref="DisposeAsync"/>).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Describes the data source without any secret.</summary>
    public override string ToString()
    {
        var nodes = _nodes.Nodes;
        var where = nodes.Length <= 1 ? $"{Host}:{Port}" : $"{nodes.Length} nodes";
        return $"RethinkDbDataSource({Name}: {where}, {OpenConnections}/{MaxConnections} open)";
    }

    /// <summary>Connection attempts made so far, to every node (tests count them while the server is down).</summary>
    internal int ConnectionAttempts => _nodes.Nodes.Sum(static n => n.Attempts);

    /// <summary>Whether a socket is being opened now (tests wait for a background open).</summary>
    internal bool IsOpening => _nodes.Nodes.Any(static n => n.IsOpening);

    /// <summary>The node set (tests and the read retry).</summary>
    internal NodeSet NodeSet => _nodes;

    /// <summary>The discovery of the cluster's nodes, when switched on (tests).</summary>
    internal ClusterDiscovery? Discovery => _discovery;

    /// <summary>A connection for one query without a lease, when one is open; see <see cref="GetQueryConnectionAsync"/>.</summary>
    internal bool TryGetQueryConnection(out Connection connection)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            connection = null!;
            return false;
        }
        return _nodes.TryGetQueryConnection(out connection);
    }

    /// <summary>A connection for one query without a lease, opening a socket when none is open.</summary>
    internal ValueTask<Connection> GetQueryConnectionAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        StartDiscovery();
        return _nodes.GetQueryConnectionAsync(exclude: null, ct);
    }

    /// <summary>A connection for the second run of a read whose node died: any node but that one.</summary>
    internal ValueTask<Connection> GetRetryConnectionAsync(Connection failed, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _nodes.GetQueryConnectionAsync(_nodes.NodeOf(failed), ct);
    }

    PoolCounts IPoolMetrics.CountConnections() => CountConnections();

    IEnumerable<RethinkDbNode> IPoolMetrics.Nodes => _nodes.Nodes.Select(static n => n.Describe());

    private PoolCounts CountConnections()
    {
        int idle = 0, used = 0, pending = 0;
        foreach (var node in _nodes.Nodes)
        {
            var counts = node.Count();
            idle += counts.Idle;
            used += counts.Used;
            pending += counts.Pending;
        }
        return new PoolCounts(idle, used, pending);
    }

    /// <summary>
    /// Starts discovery on first use: always when asked; by default once the seeds name more than one node.
    /// Cheap after the first call (one field read).
    /// </summary>
    private void StartDiscovery()
    {
        if (_discovery is null)
        {
            return;
        }
        if (_discover == true)
        {
            _discovery.EnsureStarted();
            return;
        }
        // Automatic: decided once the seeds' names are resolved (a single name may stand for several nodes).
        var resolved = _nodes.EnsureResolvedAsync(CancellationToken.None);
        if (resolved.IsCompletedSuccessfully)
        {
            if (_nodes.Nodes.Length > 1)
            {
                _discovery.EnsureStarted();
            }
        }
        else
        {
            _ = resolved.ContinueWith(_ =>
            {
                if (_nodes.Nodes.Length > 1)
                {
                    _discovery.EnsureStarted();
                }
            }, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    /// <summary>The options of one node: the data source's, at the node's address, TLS checking the seed's name.</summary>
    private static ConnectionOptions NodeOptions(ConnectionOptions options, HostEntry entry, NodeOrigin origin)
    {
        var node = options.Clone();
        node.Host = entry.Host;
        node.Port = entry.Port;
        node.Hosts = new List<string>();
        if (node.Ssl is { TargetHost: null } ssl && origin.SeedName is { } name)
        {
            // An address from a DNS name: the certificate names the name, not the address.
            ssl.TargetHost = name;
        }
        return node;
    }
}
