using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RethinkDb.Net;
using RethinkDb.Telemetry;

namespace RethinkDb.DataSource;

/// <summary>
/// The sockets of a data source to one server: opened lazily up to <see cref="ConnectionOptions.MaxConnections"/>,
/// broken ones dropped and replaced on demand, attempts to a failed server spaced out by
/// <see cref="ReconnectBackoff"/> while callers fail fast with the last cause, and a bounded drain on dispose.
/// </summary>
/// <remarks>
/// One per server, so that a cluster (several seeds, discovered nodes) becomes several of these behind the same
/// data source. Only one socket opens at a time: a burst of callers after a restart causes one handshake.
/// </remarks>
internal sealed partial class NodePool : IAsyncDisposable
{
    /// <summary>How long disposing waits for noreply queries at most (less when the connect timeout is shorter).</summary>
    internal static readonly TimeSpan MaxDrainTime = TimeSpan.FromSeconds(5);

    private readonly ConnectionOptions _options;
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly ILogger _connectionLogger;
    private readonly JsonSerializerOptions _jsonOptions;
    private readonly QueryTelemetry _telemetry;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _lock = new();
    private readonly List<Pooled> _connections = [];
    private readonly INodeEvents? _events;

    // Read without the lock by queries that need no lease: replaced (never mutated) under the lock.
    private Pooled[] _snapshot = [];
    private uint _next;

    private Task<Pooled>? _opening;
    private int _failures;
    private Exception? _downCause;
    private long _retryAt;
    private bool _disposed;
    private int _attempts;
    private string? _lastError;
    private IPAddress? _remoteAddress;

    /// <param name="options">Validated options whose <see cref="ConnectionOptions.Host"/> and <see cref="ConnectionOptions.Port"/> name this node.</param>
    /// <param name="name">The data source's name.</param>
    /// <param name="logger">The data source's logger.</param>
    /// <param name="connectionLogger">The connections' logger.</param>
    /// <param name="jsonOptions">The data source's serializer options.</param>
    /// <param name="telemetry">The telemetry of this node's queries (tagged with its address).</param>
    /// <param name="events">The node set to tell when the node goes down or comes back; null for a lone server.</param>
    /// <param name="origin">How the node became known.</param>
    public NodePool(ConnectionOptions options, string name, ILogger logger, ILogger connectionLogger, JsonSerializerOptions jsonOptions,
        QueryTelemetry telemetry, INodeEvents? events = null, NodeOrigin origin = default)
    {
        _options = options;
        _name = name;
        _logger = logger;
        _connectionLogger = connectionLogger;
        _jsonOptions = jsonOptions;
        _telemetry = telemetry;
        _events = events;
        Origin = origin;
        Endpoint = new HostEntry(options.Host, options.Port).ToString();
    }

    public string Host => _options.Host;

    /// <summary>The node's options: the data source's, at the node's address.</summary>
    public ConnectionOptions Options => _options;

    public int Port => _options.Port;

    /// <summary>Connection attempts made so far (successful or not).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Whether a socket is being opened now.</summary>
    public bool IsOpening => Volatile.Read(ref _opening) is not null;

    /// <summary>Why the server is considered down, or null while it is not.</summary>
    public Exception? DownCause
    {
        get
        {
            lock (_lock)
            {
                return _downCause;
            }
        }
    }

    /// <summary>Open connections with nothing running, with leases or queries, and queries awaiting answers.</summary>
    public PoolCounts Count()
    {
        lock (_lock)
        {
            int idle = 0, used = 0, pending = 0;
            foreach (var pooled in _connections)
            {
                if (!pooled.Connector.IsOpen)
                {
                    continue;
                }
                var waiting = pooled.Connector.PendingCount;
                pending += waiting;
                if (pooled.Leases == 0 && waiting == 0)
                {
                    idle++;
                }
                else
                {
                    used++;
                }
            }
            return new PoolCounts(idle, used, pending);
        }
    }

    /// <summary>Hands out a handle on the open socket with the fewest handles out, opening one when none is.</summary>
    public async ValueTask<Connection> LeaseAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            if (TryLeaseLocked(out var leased))
            {
                return leased;
            }
        }
        await GetOpenAsync(ct).ConfigureAwait(false);
        lock (_lock)
        {
            if (TryLeaseLocked(out var leased))
            {
                return leased;
            }
        }
        throw new ReqlDriverError($"The connection to {Endpoint} closed right after it was opened.");
    }

    /// <summary>Waits for noreply queries on every open socket.</summary>
    public Task NoreplyWaitAsync(CancellationToken ct)
    {
        var open = Volatile.Read(ref _snapshot);
        var waits = new Task[open.Length];
        for (var i = 0; i < open.Length; i++)
        {
            waits[i] = open[i].Connector.IsOpen ? open[i].Connector.NoreplyWaitAsync(_options.Db, ct) : Task.CompletedTask;
        }
        return Task.WhenAll(waits);
    }

    /// <summary>Waits (bounded) for noreply queries on every socket, then closes them all.</summary>
    public async ValueTask DisposeAsync()
    {
        Pooled[] connections;
        Task<Pooled>? opening;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            connections = [.. _connections];
            _connections.Clear();
            Volatile.Write(ref _snapshot, []);
            opening = _opening;
        }
        await _disposing.CancelAsync().ConfigureAwait(false);
        if (opening is not null)
        {
            // Cancelled above; it closes what it opened itself.
            await ((Task)opening).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        if (connections.Length > 0)
        {
            DataSourceLog.Draining(_logger, _name, connections.Length, Host, Port);
            var closing = new Task[connections.Length];
            for (var i = 0; i < connections.Length; i++)
            {
                closing[i] = DrainAndCloseAsync(connections[i].Connector);
            }
            await Task.WhenAll(closing).ConfigureAwait(false);
        }
        _disposing.Dispose();
    }

    private async Task DrainAndCloseAsync(Connector connector)
    {
        // Bounded: a stalled server must not hold up the host's shutdown for the whole connect timeout.
        using var timeout = new CancellationTokenSource(TimeSpan.FromTicks(Math.Min(_options.Timeout.Ticks, MaxDrainTime.Ticks)));
        try
        {
            await connector.CloseAsync(noreplyWait: true, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ReqlError or OperationCanceledException)
        {
            DataSourceLog.DrainFailed(_logger, _name, Host, Port, ex.Message);
            await connector.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool TryLeaseLocked(out Connection leased)
    {
        ObjectDisposedException.ThrowIf(_disposed, typeof(RethinkDbDataSource));
        DropBrokenLocked();
        Pooled? best = null;
        foreach (var pooled in _connections)
        {
            if (best is null || pooled.Leases < best.Leases)
            {
                best = pooled;
            }
        }
        if (best is null)
        {
            leased = null!;
            return false;
        }
        if (best.Leases > 0 && _downCause is null)
        {
            // Every open socket has handles out: grow in the background, and don't make this caller wait for it.
            StartOpeningLocked();
        }
        best.Leases++;
        leased = Connection.Lease(best.Connector, best.Return);
        return true;
    }

    /// <summary>An open socket, opening one when none is; fails at once while the server is known down.</summary>
    private async ValueTask<Pooled> GetOpenAsync(CancellationToken ct)
    {
        Task<Pooled> opening;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(RethinkDbDataSource));
            DropBrokenLocked();
            if (_connections.Count > 0)
            {
                return _connections[0];
            }
            if (_downCause is { } cause)
            {
                throw ServerDownError(cause);
            }
            opening = StartOpeningLocked()!;
        }
        return await opening.WaitAsync(ct).ConfigureAwait(false);
    }

    private ReqlDriverError ServerDownError(Exception cause)
    {
        var retryInMs = Math.Max(0, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _retryAt).TotalMilliseconds);
        return new ReqlDriverError(
            $"{Endpoint} is unavailable ({_failures} failed connection attempt(s); the next in {retryInMs:F0} ms). Last cause: {cause.Message}",
            cause);
    }

    private void DropBrokenLocked()
    {
        var dropped = false;
        for (var i = _connections.Count - 1; i >= 0; i--)
        {
            var pooled = _connections[i];
            if (!pooled.Connector.IsOpen)
            {
                _connections.RemoveAt(i);
                dropped = true;
                DataSourceLog.DroppedBroken(_logger, _name, Host, Port);
                // Its socket is already gone; disposing only releases what is left. Handles still out fail on use.
                _ = pooled.Connector.DisposeAsync().AsTask().ContinueWith(
                    static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
        if (dropped)
        {
            Volatile.Write(ref _snapshot, [.. _connections]);
        }
    }

    /// <summary>Starts opening a socket unless one is opening or the pool is full; returns the opening task.</summary>
    private Task<Pooled>? StartOpeningLocked()
    {
        if (_opening is not null || _disposed || _connections.Count >= _options.MaxConnections)
        {
            return _opening;
        }
        var number = _connections.Count + 1;
        // Task.Run: the open starts outside this lock, and belongs to the pool, not to the caller that triggered it.
        var opening = Task.Run(() => OpenAsync(number));
        // Observe a failure nobody waits for (a background open or probe): it is logged, not left unobserved.
        _ = opening.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _opening = opening;
        return opening;
    }

    private async Task<Pooled> OpenAsync(int number)
    {
        DataSourceLog.Opening(_logger, _name, number, _options.MaxConnections, Host, Port);
        Interlocked.Increment(ref _attempts);
        var started = Stopwatch.GetTimestamp();
        Connector connector;
        try
        {
            connector = await Connector.OpenAsync(_options, _connectionLogger, _jsonOptions, _telemetry, _disposing.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            OnOpenFailed(ex);
            throw;
        }
        var pooled = new Pooled(this, connector);
        Volatile.Write(ref _remoteAddress, connector.RemoteEndPoint.Address);
        if (_events is not null)
        {
            connector.Multiplexer.Broken = pooled.OnBroken;
        }
        int open, recoveredAfter;
        lock (_lock)
        {
            _opening = null;
            recoveredAfter = _failures;
            _failures = 0;
            _downCause = null;
            if (!_disposed)
            {
                _connections.Add(pooled);
                Volatile.Write(ref _snapshot, [.. _connections]);
                open = _connections.Count;
            }
            else
            {
                open = -1;
            }
        }
        if (open < 0)
        {
            await connector.DisposeAsync().ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(RethinkDbDataSource));
        }
        if (recoveredAfter > 0)
        {
            DataSourceLog.ServerBack(_logger, _name, Host, Port, recoveredAfter);
            _events?.NodeUp(this);
        }
        if (!connector.IsOpen)
        {
            // Broke before the hook was set: nobody else will notice.
            OnConnectionBroken(connector.ClosedReason ?? new ReqlDriverError($"Connection to {Endpoint} closed."));
        }
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        DataSourceLog.Opened(_logger, _name, Host, Port, elapsedMs, open);
        return pooled;
    }

    private void OnOpenFailed(Exception error)
    {
        TimeSpan delay;
        int failures;
        Pooled[] abandoned = [];
        lock (_lock)
        {
            _opening = null;
            if (_disposed)
            {
                return;
            }
            failures = ++_failures;
            _downCause = error;
            delay = ReconnectBackoff.Delay(failures, _options.ReconnectDelay, _options.MaxReconnectDelay);
            _retryAt = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            if (_events is not null && _connections.Count > 0)
            {
                // In a cluster a node that refuses a new socket is down: its other sockets go too, so that their
                // queries fail now and new ones go to the other nodes, instead of waiting on a half-dead server.
                abandoned = [.. _connections];
                _connections.Clear();
                Volatile.Write(ref _snapshot, []);
            }
        }
        foreach (var pooled in abandoned)
        {
            pooled.Connector.Multiplexer.Fail(new ReqlDriverError($"Connection to {Endpoint} closed: the node is down ({error.Message})", error),
                closedByUs: true);
            _ = pooled.Connector.DisposeAsync().AsTask().ContinueWith(
                static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        if (_telemetry.MetricsEnabled)
        {
            var tags = new TagList { Instruments.PoolName(_name), { "server.address", Host }, { "server.port", Port },
                { "error.type", error.GetType().FullName } };
            Instruments.ConnectionFailures.Add(1, tags);
            if (error is ReqlTimeoutError)
            {
                Instruments.ConnectionTimeouts.Add(1, tags);
            }
        }
        // Warning once per transition to down; every further failed attempt is detail.
        DataSourceLog.ServerDown(_logger, failures == 1 ? LogLevel.Warning : LogLevel.Debug, _name, Host, Port, failures,
            delay.TotalMilliseconds, error.Message);
        if (failures == 1)
        {
            _events?.NodeDown(this, error);
        }
        _ = ProbeAfterAsync(delay);
    }

    /// <summary>Tries the server again in the background once the backoff delay has passed.</summary>
    private async Task ProbeAfterAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _disposing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        lock (_lock)
        {
            if (!_disposed && _connections.Count == 0)
            {
                StartOpeningLocked();
            }
        }
    }
}
