using System.Net;

namespace RethinkDb.DataSource;

/// <content>
/// What a node of a cluster adds to a pool: its identity (address, origin, the server discovery matched), its state
/// for <see cref="RethinkDbDataSource.Nodes"/> and the health check, the background warm-up the selector triggers,
/// and the check of a node whose socket broke.
/// </content>
internal sealed partial class NodePool
{
    /// <summary><c>host:port</c> (brackets around an IPv6 address): how logs and errors name the node.</summary>
    public string Endpoint { get; }

    /// <summary>How the node became known (a seed, a seed's DNS name, discovery).</summary>
    public NodeOrigin Origin { get; }

    /// <summary>The server's name and id once discovery has matched the node to a row of <c>server_status</c>.</summary>
    public DiscoveredServer? Server { get; set; }

    /// <summary>The address the node's last socket connected to (a name's resolved address), once one opened.</summary>
    public IPAddress? RemoteAddress => Volatile.Read(ref _remoteAddress);

    /// <summary>Whether a socket to the node is open now (read without a lock).</summary>
    public bool HasOpenConnection
    {
        get
        {
            foreach (var pooled in Volatile.Read(ref _snapshot))
            {
                if (pooled.Connector.IsOpen)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Whether the node is known down (its last connection attempt failed), read without a lock.</summary>
    public bool IsKnownDown => Volatile.Read(ref _downCause) is not null;

    /// <summary>The node's state and last error for <see cref="RethinkDbDataSource.Nodes"/>.</summary>
    public RethinkDbNode Describe()
    {
        lock (_lock)
        {
            var open = 0;
            foreach (var pooled in _connections)
            {
                open += pooled.Connector.IsOpen ? 1 : 0;
            }
            var state = open > 0 ? RethinkDbNodeState.Up : _downCause is not null ? RethinkDbNodeState.Down : RethinkDbNodeState.Unknown;
            return new RethinkDbNode(Host, Port, state, _downCause?.Message ?? _lastError, Origin.IsSeed, Server?.Name, open);
        }
    }

    /// <summary>
    /// Asks the node for its server info on a pooled socket (opening one when none is open); a node known down is
    /// reported as it is, without an attempt. Never throws but for the caller's cancellation of a node not yet known.
    /// </summary>
    public async Task<RethinkDbNode> CheckAsync(CancellationToken ct)
    {
        if (IsKnownDown)
        {
            return Describe();
        }
        try
        {
            var connection = await LeaseAsync(ct).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await connection.ServerAsync(ct).ConfigureAwait(false);
            }
            return Describe();
        }
        catch (Exception ex) when (ex is ReqlError or OperationCanceledException or ObjectDisposedException)
        {
            var error = ex is OperationCanceledException ? $"{Endpoint} did not answer in time." : ex.Message;
            var now = Describe();
            return new RethinkDbNode(now.Host, now.Port, RethinkDbNodeState.Down, error, now.IsSeed, now.ServerName, now.OpenConnections);
        }
    }

    /// <summary>
    /// Starts opening a socket in the background when none is open and the node is not known down, so that a node
    /// the selector skipped gets one for the next queries (nobody waits for it).
    /// </summary>
    public void WarmUp()
    {
        if (IsKnownDown || Volatile.Read(ref _opening) is not null || HasOpenConnection)
        {
            return;
        }
        lock (_lock)
        {
            if (!_disposed && _downCause is null)
            {
                DropBrokenLocked();
                if (_connections.Count == 0)
                {
                    StartOpeningLocked();
                }
            }
        }
    }


    /// <summary>
    /// A socket of a node in a cluster broke (reset, closed, timed out): its queries have failed already. Check the
    /// node with a fresh socket at once, so that a dead node is marked down (and its other sockets dropped) without
    /// waiting for the next query to stumble on it.
    /// </summary>
    private void OnConnectionBroken(Exception reason)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _lastError = reason.Message;
            DropBrokenLocked();
            if (_downCause is null)
            {
                StartOpeningLocked();
            }
        }
    }

}
