using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace RethinkDb.DataSource;

/// <summary>
/// Keeps a data source's nodes in step with the cluster: reads <c>rethinkdb.server_status</c> and follows it with a
/// changefeed (<c>include_initial</c>, <c>include_states</c>) through any live node, adding a node for each server
/// that joins and removing the discovered nodes of servers that leave. Seeds are never removed (a proxy-only seed
/// has no row of its own; a stopped seed is only down). When the feed breaks, it starts again through another node
/// after a backoff; meanwhile the known nodes, the seeds at least, stay in use.
/// </summary>
/// <remarks>
/// A server may appear several times (the initial value, then changes, and again after the feed restarts): the
/// server's id decides whether it is known. A node is matched to a server by that id, by one of the server's
/// canonical addresses at its driver port, or by the address its sockets are connected to; only an unmatched server
/// becomes a new node, at the canonical address <see cref="ServerStatusEntry.ChooseAddress"/> picks.
/// </remarks>
internal sealed class ClusterDiscovery : IAsyncDisposable
{
    private static readonly ReqlExpr Query = R.Db("rethinkdb").Table("server_status")
        .Changes(new ChangesOptions { IncludeInitial = true, IncludeStates = true });

    private readonly NodeSet _nodes;
    private readonly ConnectionOptions _options;
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private Task? _loop;
    private int _failures;
    private int _feedsOpened;

    public ClusterDiscovery(NodeSet nodes, ConnectionOptions options, string name, ILogger logger)
    {
        _nodes = nodes;
        _options = options;
        _name = name;
        _logger = logger;
    }

    /// <summary>How many times the feed was opened (tests: it restarts after a break).</summary>
    public int FeedsOpened => Volatile.Read(ref _feedsOpened);

    /// <summary>Starts following the cluster in the background (once).</summary>
    public void EnsureStarted()
    {
        if (Volatile.Read(ref _loop) is not null)
        {
            return;
        }
        lock (_lock)
        {
            if (_loop is null && !_stopping.IsCancellationRequested)
            {
                _loop = Task.Run(RunAsync, CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }
            _stopping.Cancel();
            loop = _loop;
        }
        if (loop is not null)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var ct = _stopping.Token;
        while (!ct.IsCancellationRequested)
        {
            Exception error;
            try
            {
                await FollowAsync(ct).ConfigureAwait(false);
                error = new ReqlDriverError("The server_status changefeed ended.");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex)
            {
                error = ex;
            }
            var failures = Interlocked.Increment(ref _failures);
            var delay = ReconnectBackoff.Delay(failures, _options.ReconnectDelay, _options.MaxReconnectDelay);
            DataSourceLog.DiscoveryFailed(_logger, failures == 1 ? LogLevel.Warning : LogLevel.Debug, _name, delay.TotalMilliseconds, error.Message);
            try
            {
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FollowAsync(CancellationToken ct)
    {
        var connection = await _nodes.GetQueryConnectionAsync(exclude: null, ct).ConfigureAwait(false);
        DataSourceLog.DiscoveryFollowing(_logger, _name, connection.Host, connection.Port);
        var reachedThrough = connection.RemoteEndPoint.Address;
        var cursor = await Query.RunChangesAsync<JsonElement>(connection, options: null, ct).ConfigureAwait(false);
        Interlocked.Increment(ref _feedsOpened);
        await using (((IAsyncDisposable)cursor).ConfigureAwait(false))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var change in cursor.WithCancellation(ct).ConfigureAwait(false))
            {
                if (change.State == "ready")
                {
                    Volatile.Write(ref _failures, 0);
                    RemoveUnseen(seen);
                }
                else if (change.NewVal.ValueKind == JsonValueKind.Object)
                {
                    if (ServerStatusEntry.TryParse(change.NewVal) is { } entry)
                    {
                        seen.Add(entry.Id);
                        Upsert(entry, reachedThrough);
                    }
                }
                else if (change.OldVal.ValueKind == JsonValueKind.Object
                    && change.OldVal.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    seen.Remove(id.GetString()!);
                    RemoveServer(id.GetString()!, "it left the cluster (no longer in rethinkdb.server_status)");
                }
            }
        }
    }

    /// <summary>Matches <paramref name="entry"/> to a known node, or adds a node for it.</summary>
    internal void Upsert(ServerStatusEntry entry, IPAddress? reachedThrough)
    {
        var server = new DiscoveredServer(entry.Id, entry.Name);
        foreach (var node in _nodes.Nodes)
        {
            if (node.Server?.Id == entry.Id
                || (node.Port == entry.ReqlPort && entry.Hosts.Any(h => NodeSet.SameHost(h, node.Host)
                    || (node.RemoteAddress is { } remote && NodeSet.SameHost(h, remote.ToString())))))
            {
                node.Server = server;
                return;
            }
        }
        var address = entry.ChooseAddress(reachedThrough);
        if (_nodes.Add(address, NodeOrigin.Discovered, server) is { } added)
        {
            DataSourceLog.NodeDiscovered(_logger, _name, added.Host, added.Port, entry.Name);
        }
    }

    /// <summary>Removes the discovered node of server <paramref name="id"/> (a seed stays).</summary>
    internal void RemoveServer(string id, string why)
    {
        foreach (var node in _nodes.Nodes)
        {
            if (node.Server?.Id == id && !node.Origin.IsSeed && _nodes.Remove(node))
            {
                DataSourceLog.NodeRemoved(_logger, _name, node.Host, node.Port, why);
            }
        }
    }

    /// <summary>After the initial values: discovered nodes whose server is not among them left while the feed was down.</summary>
    private void RemoveUnseen(HashSet<string> seen)
    {
        foreach (var node in _nodes.Nodes)
        {
            if (node.Server is { } server && !node.Origin.IsSeed && !seen.Contains(server.Id) && _nodes.Remove(node))
            {
                DataSourceLog.NodeRemoved(_logger, _name, node.Host, node.Port, "it is no longer in rethinkdb.server_status");
            }
        }
    }
}
