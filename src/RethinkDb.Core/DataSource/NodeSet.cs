using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace RethinkDb.DataSource;

/// <summary>
/// The nodes of a data source (one <see cref="NodePool"/> per server) and which of them a query or a handle goes
/// to: round-robin over the nodes with an open socket, skipping nodes that are down, so that no single node carries
/// the whole application and a dead node costs no caller a connect timeout.
/// </summary>
/// <remarks>
/// <para>
/// The node array is immutable and replaced as a whole when nodes are added (DNS, discovery) or removed, so the
/// query path reads it without a lock. With one node every call goes straight to it: the single-server data source
/// pays one array read per query, nothing more.
/// </para>
/// <para>
/// Round-robin rather than least-pending: every node runs the same query mix through a router (RethinkDB forwards a
/// query to the primary replicas wherever it arrives), so an even spread is as good, and it costs one
/// <see cref="Interlocked.Increment(ref uint)"/> instead of a scan over every socket's pending count.
/// </para>
/// </remarks>
internal sealed class NodeSet : INodeEvents, IAsyncDisposable
{
    private readonly Func<HostEntry, NodeOrigin, INodeEvents?, NodePool> _createNode;
    private readonly IReadOnlyList<HostEntry> _seeds;
    private readonly SeedResolver? _resolver;
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _resolving = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _disposing = new();
    private NodePool[] _nodes;
    private Task? _resolved;
    private uint _next;
    private bool _disposed;

    /// <param name="seeds">The configured servers.</param>
    /// <param name="resolver">Expands DNS names into one node per address (null: a name is one node, as for a lone <see cref="ConnectionOptions.Host"/>).</param>
    /// <param name="createNode">Creates the pool of a node.</param>
    /// <param name="name">The data source's name (logs).</param>
    /// <param name="logger">The data source's logger.</param>
    public NodeSet(IReadOnlyList<HostEntry> seeds, SeedResolver? resolver, Func<HostEntry, NodeOrigin, INodeEvents?, NodePool> createNode,
        string name, ILogger logger)
    {
        _seeds = seeds;
        _createNode = createNode;
        _name = name;
        _logger = logger;
        var cluster = seeds.Count > 1 || resolver is not null;
        if (resolver is not null && seeds.Any(static s => SeedResolver.IsName(s.Host)))
        {
            // Names are resolved on first use (connect time), not here: building a data source touches no network.
            _resolver = resolver;
            _nodes = [];
        }
        else
        {
            _nodes = [.. seeds.Select(s => createNode(s, NodeOrigin.Seed(), cluster ? this : null))];
            _resolved = Task.CompletedTask;
        }
    }

    /// <summary>The current nodes (possibly none before the seeds' names are resolved).</summary>
    public NodePool[] Nodes => Volatile.Read(ref _nodes);

    /// <summary>Called when a node joins (discovery, DNS), with the new node.</summary>
    public event Action<NodePool>? NodeAdded;

    /// <summary>A connection for one query, without waiting: a node with an open socket, round-robin.</summary>
    public bool TryGetQueryConnection(out Connection connection)
    {
        var nodes = Volatile.Read(ref _nodes);
        if (nodes.Length == 1)
        {
            return nodes[0].TryGetQueryConnection(out connection);
        }
        var start = Interlocked.Increment(ref _next);
        for (var i = 0u; i < (uint)nodes.Length; i++)
        {
            var node = nodes[(start + i) % (uint)nodes.Length];
            if (node.TryGetQueryConnection(out connection))
            {
                return true;
            }
            // Skipped for want of a socket: let it have one for the next queries (unless it is down).
            node.WarmUp();
        }
        connection = null!;
        return false;
    }

    /// <summary>A connection for one query on any node but <paramref name="exclude"/>, opening a socket when needed.</summary>
    public ValueTask<Connection> GetQueryConnectionAsync(NodePool? exclude, CancellationToken ct)
    {
        var nodes = Volatile.Read(ref _nodes);
        return nodes.Length == 1 && exclude is null && _resolved is { IsCompleted: true }
            ? nodes[0].GetQueryConnectionAsync(ct)
            : OnSomeNodeAsync(exclude, static (node, ct) => node.GetQueryConnectionAsync(ct), ct);
    }

    /// <summary>A handle for a unit of work, on the next node in turn that has an open socket.</summary>
    public ValueTask<Connection> LeaseAsync(CancellationToken ct)
    {
        var nodes = Volatile.Read(ref _nodes);
        return nodes.Length == 1 && _resolved is { IsCompleted: true }
            ? nodes[0].LeaseAsync(ct)
            : OnSomeNodeAsync(null, static (node, ct) => node.LeaseAsync(ct), ct);
    }

    /// <summary>The node a connection of this set runs on, or null (a connection of another data source).</summary>
    public NodePool? NodeOf(Connection connection)
    {
        foreach (var node in Volatile.Read(ref _nodes))
        {
            if (node.Port == connection.Port && string.Equals(node.Host, connection.Host, StringComparison.OrdinalIgnoreCase))
            {
                return node;
            }
        }
        return null;
    }

    /// <summary>Resolves the seeds' DNS names once (the first caller waits; later ones find it done).</summary>
    public Task EnsureResolvedAsync(CancellationToken ct)
    {
        var resolved = Volatile.Read(ref _resolved);
        if (resolved is null)
        {
            lock (_lock)
            {
                resolved = _resolved ??= Task.Run(ResolveSeedsAsync, CancellationToken.None);
            }
        }
        return resolved.IsCompleted ? resolved : resolved.WaitAsync(ct);
    }

    /// <summary>Adds a node found by discovery (or by resolving a name again) unless it is known already.</summary>
    public NodePool? Add(HostEntry entry, NodeOrigin origin, DiscoveredServer? server)
    {
        NodePool node;
        lock (_lock)
        {
            if (_disposed || Find(entry) is not null)
            {
                return null;
            }
            node = _createNode(entry, origin, this);
            node.Server = server;
            Volatile.Write(ref _nodes, [.. _nodes, node]);
        }
        NodeAdded?.Invoke(node);
        return node;
    }

    /// <summary>Removes <paramref name="node"/> and closes its sockets in the background (its queries fail).</summary>
    public bool Remove(NodePool node)
    {
        lock (_lock)
        {
            if (_disposed || Array.IndexOf(_nodes, node) < 0)
            {
                return false;
            }
            Volatile.Write(ref _nodes, [.. _nodes.Where(n => n != node)]);
        }
        _ = node.DisposeAsync().AsTask().ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return true;
    }

    /// <summary>The node at <paramref name="entry"/> (compared as IP addresses when both are), or null.</summary>
    public NodePool? Find(HostEntry entry)
    {
        foreach (var node in Volatile.Read(ref _nodes))
        {
            if (node.Port == entry.Port && SameHost(node.Host, entry.Host))
            {
                return node;
            }
        }
        return null;
    }

    /// <summary>Waits for noreply queries on every node.</summary>
    public Task NoreplyWaitAsync(CancellationToken ct) =>
        Task.WhenAll(Volatile.Read(ref _nodes).Select(n => n.NoreplyWaitAsync(ct)));

    void INodeEvents.NodeDown(NodePool node, Exception cause)
    {
        if (node.Origin.SeedName is { } name && _resolver is not null)
        {
            // The name may point elsewhere now (a pod rescheduled with a new IP): look it up again.
            _ = ReResolveAsync(name, node.Port);
        }
    }

    void INodeEvents.NodeUp(NodePool node)
    {
    }

    public async ValueTask DisposeAsync()
    {
        NodePool[] nodes;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            nodes = _nodes;
            Volatile.Write(ref _nodes, []);
        }
        await _disposing.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask())).ConfigureAwait(false);
        _disposing.Dispose();
    }

    internal static bool SameHost(string a, string b) =>
        IPAddress.TryParse(a, out var x) && IPAddress.TryParse(b, out var y)
            ? Normalize(x).Equals(Normalize(y))
            : string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>
    /// Runs <paramref name="use"/> on a node: first those with an open socket (round-robin), then the others that are
    /// not known down (opening a socket), moving on when a node fails to connect. Fails with every node's cause when
    /// none can be used.
    /// </summary>
    private async ValueTask<Connection> OnSomeNodeAsync(NodePool? exclude, Func<NodePool, CancellationToken, ValueTask<Connection>> use,
        CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, typeof(RethinkDbDataSource));
        await EnsureResolvedAsync(ct).ConfigureAwait(false);
        var nodes = Volatile.Read(ref _nodes);
        var start = Interlocked.Increment(ref _next);
        List<(NodePool Node, Exception Error)>? failures = null;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0u; i < (uint)nodes.Length; i++)
            {
                var node = nodes[(start + i) % (uint)nodes.Length];
                if (node == exclude || node.IsKnownDown)
                {
                    continue;
                }
                if (pass == 0 && !node.HasOpenConnection)
                {
                    node.WarmUp();
                    continue;
                }
                // The second pass takes every node the first did not try, whether or not it has a socket by now: the
                // warm-up started above may open one meanwhile, and a node skipped in both passes for that reason made
                // the data source report every node unavailable while one was up (seen under load).
                if (pass == 1 && failures?.Exists(f => f.Node == node) == true)
                {
                    continue;
                }
                try
                {
                    return await use(node, ct).ConfigureAwait(false);
                }
                catch (ReqlDriverError error) when (!ct.IsCancellationRequested)
                {
                    (failures ??= []).Add((node, error));
                }
            }
        }
        if (nodes.Length == 1 && failures is [{ Error: var only }])
        {
            throw only; // a lone server reports its own error, as before clusters
        }
        if (nodes.Length == 1 && nodes[0].DownCause is not null && exclude is null)
        {
            return await use(nodes[0], ct).ConfigureAwait(false); // throws the lone node's "unavailable" error
        }
        throw AllDown(nodes, exclude, failures);
    }

    private static ReqlDriverError AllDown(NodePool[] nodes, NodePool? exclude, List<(NodePool Node, Exception Error)>? failures)
    {
        var causes = new List<Exception>();
        var parts = new List<string>();
        foreach (var node in nodes)
        {
            if (node == exclude)
            {
                continue;
            }
            var cause = failures?.Find(f => f.Node == node).Error ?? node.DownCause;
            if (cause is not null)
            {
                causes.Add(cause);
                parts.Add($"{node.Endpoint}: {cause.Message}");
            }
        }
        var what = exclude is null
            ? string.Create(CultureInfo.InvariantCulture, $"All {nodes.Length} RethinkDB node(s) are unavailable")
            : string.Create(CultureInfo.InvariantCulture, $"No other RethinkDB node than {exclude.Endpoint} is available");
        var message = parts.Count == 0 ? $"{what}." : $"{what}: {string.Join("; ", parts)}";
        return new ReqlDriverError(message, causes.Count == 1 ? causes[0] : new AggregateException(causes));
    }

    private async Task ResolveSeedsAsync()
    {
        var resolved = await _resolver!.ResolveAsync(_seeds, _disposing.Token).ConfigureAwait(false);
        var names = string.Join(", ", resolved.Select(r => r.Entry.ToString()));
        DataSourceLog.NodesResolved(_logger, _name, resolved.Count, names);
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            var nodes = new List<NodePool>(_nodes);
            foreach (var (entry, seedName) in resolved)
            {
                if (!nodes.Exists(n => n.Port == entry.Port && SameHost(n.Host, entry.Host)))
                {
                    nodes.Add(_createNode(entry, NodeOrigin.Seed(seedName), this));
                }
            }
            Volatile.Write(ref _nodes, [.. nodes]);
        }
    }

    private async Task ReResolveAsync(string name, int port)
    {
        lock (_lock)
        {
            if (_disposed || !_resolving.Add(name))
            {
                return;
            }
        }
        try
        {
            var found = await _resolver!.ResolveOneAsync(new HostEntry(name, port), _disposing.Token).ConfigureAwait(false);
            foreach (var (entry, seedName) in found)
            {
                if (seedName is not null && Add(entry, NodeOrigin.Seed(seedName), server: null) is { } added)
                {
                    DataSourceLog.NodeDiscovered(_logger, _name, added.Host, added.Port, name);
                }
            }
            // Addresses the name no longer has, and that are down, are gone for good.
            foreach (var node in Volatile.Read(ref _nodes))
            {
                if (node.Origin.SeedName == name && node.IsKnownDown && !found.Any(f => f.Entry.Port == node.Port && SameHost(f.Entry.Host, node.Host))
                    && found.Any(f => f.SeedName is not null) && Remove(node))
                {
                    DataSourceLog.NodeRemoved(_logger, _name, node.Host, node.Port, "its DNS name no longer resolves to it");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed meanwhile.
        }
        finally
        {
            lock (_lock)
            {
                _resolving.Remove(name);
            }
        }
    }
}
