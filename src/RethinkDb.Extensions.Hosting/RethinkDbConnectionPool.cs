using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RethinkDb.Net;
using RethinkDb.Protocol;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// The one owner of the sockets to a RethinkDB server in a host (a singleton, like Npgsql's data source). It opens
/// connections lazily, up to <see cref="RethinkDbOptions.MaxConnections"/>, and hands out handles to them.
/// </summary>
/// <remarks>
/// <para>
/// A <see cref="Connection"/> is thread-safe and multiplexed, so the pool does not hand a socket to one caller at a
/// time: <see cref="OpenAsync"/> returns a <em>handle</em> that shares a pooled socket with other handles. Disposing
/// or closing the handle returns it and never closes the socket; <see cref="Connection.Use"/> on a handle changes only
/// that handle's default database. Handles go to the connection with the fewest handles out; when every open
/// connection has some and fewer than the maximum are open, another opens in the background. A broken connection is
/// dropped and replaced on demand. Only one connection opens at a time, so a burst of callers (or health probes)
/// after a restart causes one handshake, not one each.
/// </para>
/// <para>
/// Disposing the pool (the host stopping) waits for noreply queries (at most 5 seconds, or the connect timeout when
/// shorter), then closes every socket.
/// </para>
/// </remarks>
public sealed class RethinkDbConnectionPool : IAsyncDisposable, IDisposable
{
    /// <summary>How long disposing waits for noreply queries at most (less when the connect timeout is shorter).</summary>
    /// <remarks>
    /// Not an option: it only has to end well within the host's shutdown timeout (30 s by default), which
    /// applications already tune. Internal rather than public, so that it is not API to keep.
    /// </remarks>
    internal static readonly TimeSpan MaxDrainTime = TimeSpan.FromSeconds(5);

    private readonly ConnectionOptions _connectionOptions;
    private readonly ILogger _logger;
    private readonly OperationTelemetry _telemetry;
    private readonly Lock _lock = new();
    private readonly List<Pooled> _connections = [];
    private readonly CancellationTokenSource _disposing = new();
    private Task<Pooled>? _opening;
    private bool _disposed;

    /// <summary>Creates a pool; no connection opens until one is asked for.</summary>
    /// <param name="options">The settings (validated here too).</param>
    /// <param name="loggerFactory">Where the pool and its connections log.</param>
    /// <param name="name">The pool's name in logs, metrics and health checks.</param>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    public RethinkDbConnectionPool(RethinkDbOptions options, ILoggerFactory? loggerFactory = null, string name = "rethinkdb")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // Options built in code skip the validator; a timeout no timer can wait must fail here, naming the setting.
        if (RethinkDbOptions.TimeoutError(options.Key(nameof(options.Timeout)), options.Timeout) is { } timeoutError)
        {
            throw new ArgumentException(timeoutError, nameof(options));
        }
        _connectionOptions = options.ToConnectionOptions(loggerFactory);
        _connectionOptions.Validate();
        Name = name;
        MaxConnections = options.MaxConnections;
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(options));
        _logger = (ILogger?)loggerFactory?.CreateLogger(Log.PoolCategory) ?? NullLogger.Instance;
        _telemetry = new OperationTelemetry(this);
        RethinkDbTelemetry.Register(this);
    }

    /// <summary>The pool's name: <c>rethinkdb</c>, or <c>rethinkdb_&lt;key&gt;</c> for a keyed instance.</summary>
    public string Name { get; }

    /// <summary>The server's host.</summary>
    public string Host => _connectionOptions.Host;

    /// <summary>The server's port.</summary>
    public int Port => _connectionOptions.Port;

    /// <summary>The default database of handed-out connections.</summary>
    public string Db => _connectionOptions.Db;

    /// <summary>The most connections the pool opens.</summary>
    public int MaxConnections { get; }

    /// <summary>How many pooled connections are open now.</summary>
    public int OpenConnections
    {
        get
        {
            var (idle, used) = CountConnections();
            return idle + used;
        }
    }

    /// <summary>
    /// Hands out a connection: a handle that shares a pooled, multiplexed socket. Opens a socket first when none is
    /// open (a real handshake); the open goes on when <paramref name="cancellationToken"/> gives up, for the next caller.
    /// </summary>
    /// <returns>A handle; dispose it to return it (disposing never closes the pooled socket).</returns>
    /// <exception cref="ReqlDriverError">No connection could be opened (<see cref="ReqlAuthError"/>,
    /// <see cref="ReqlTimeoutError"/> are subclasses).</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public ValueTask<Connection> OpenAsync(CancellationToken cancellationToken = default) => LeaseAsync(null, cancellationToken);

    /// <summary>
    /// Opens a new connection outside the pool (a full handshake) with the pool's settings; the caller owns and
    /// closes it. For long-lived work that should not share a socket, such as a busy changefeed.
    /// </summary>
    /// <exception cref="ReqlDriverError">The connection could not be opened.</exception>
    public Task<Connection> OpenNewConnectionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        return Connection.OpenAsync(_connectionOptions, cancellationToken);
    }

    /// <summary>
    /// Waits for noreply queries on every pooled connection (at most 5 seconds, or the connect timeout when
    /// shorter), then closes them.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!BeginDispose(out var connections, out var opening))
        {
            return;
        }
        if (opening is not null)
        {
            // The open was cancelled by BeginDispose; it closes what it opened itself.
            await ((Task)opening).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        if (connections.Length > 0)
        {
            Log.Draining(_logger, Name, connections.Length, Host, Port);
            await Task.WhenAll(connections.Select(CloseAsync)).ConfigureAwait(false);
        }
        _disposing.Dispose();
    }

    /// <summary>Closes every pooled connection at once, without waiting for noreply queries (prefer <see cref="DisposeAsync"/>).</summary>
    public void Dispose()
    {
        if (!BeginDispose(out var connections, out _))
        {
            return;
        }
        foreach (var pooled in connections)
        {
            // Without noreplyWait, closing a connection does no network round-trip: it completes at once.
            pooled.Connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Describes the pool without any secret.</summary>
    public override string ToString() => $"RethinkDbConnectionPool({Name}: {Host}:{Port}, {OpenConnections}/{MaxConnections} open)";

    /// <summary>Whether a connection is being opened now.</summary>
    internal bool IsOpening
    {
        get
        {
            lock (_lock)
            {
                return _opening is not null;
            }
        }
    }

    /// <summary>Open connections without handles out (idle) and with (used).</summary>
    internal (int Idle, int Used) CountConnections()
    {
        lock (_lock)
        {
            int idle = 0, used = 0;
            foreach (var pooled in _connections)
            {
                if (pooled.Connection.IsOpen)
                {
                    if (pooled.Leases == 0)
                    {
                        idle++;
                    }
                    else
                    {
                        used++;
                    }
                }
            }
            return (idle, used);
        }
    }

    /// <summary>Hands out a handle; <paramref name="onReturned"/> is told when it comes back.</summary>
    internal async ValueTask<Connection> LeaseAsync(Action<Connection>? onReturned, CancellationToken cancellationToken)
    {
        Task<Pooled>? opening;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DropBrokenLocked();
            var best = LeastLeasedLocked();
            if (best is not null)
            {
                if (best.Leases > 0)
                {
                    // Every open connection is in use: grow in the background, and don't make this caller wait for it.
                    StartOpeningLocked();
                }
                return LeaseLocked(best, onReturned);
            }
            opening = StartOpeningLocked() ?? throw new InvalidOperationException("Unreachable: an empty pool can always open.");
        }

        var opened = await opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (opened.Connection.IsOpen)
            {
                return LeaseLocked(opened, onReturned);
            }
            // Lease whatever else is open; otherwise report the failure instead of looping on a server that closes at once.
            DropBrokenLocked();
            var other = LeastLeasedLocked();
            return other is not null
                ? LeaseLocked(other, onReturned)
                : throw new ReqlDriverError($"The connection to {Host}:{Port} closed right after it was opened.");
        }
    }

    private Connection LeaseLocked(Pooled pooled, Action<Connection>? onReturned)
    {
        pooled.Leases++;
        // Without a callback of the caller's (OpenAsync), the pooled connection's own delegate: no closure per lease.
        Action<Connection> returned;
        if (onReturned is null)
        {
            returned = pooled.ReturnToPool ??= ReturnTo(pooled, null);
        }
        else
        {
            returned = ReturnTo(pooled, onReturned);
        }
        return pooled.Connection.Borrow(returned, _telemetry);
    }

    private Action<Connection> ReturnTo(Pooled pooled, Action<Connection>? onReturned) => handle => Return(pooled, handle, onReturned);

    private void Return(Pooled pooled, Connection handle, Action<Connection>? onReturned)
    {
        lock (_lock)
        {
            pooled.Leases--;
        }
        onReturned?.Invoke(handle);
    }

    private Pooled? LeastLeasedLocked()
    {
        Pooled? best = null;
        foreach (var pooled in _connections)
        {
            if (best is null || pooled.Leases < best.Leases)
            {
                best = pooled;
            }
        }
        return best;
    }

    private void DropBrokenLocked()
    {
        for (var i = _connections.Count - 1; i >= 0; i--)
        {
            var pooled = _connections[i];
            if (!pooled.Connection.IsOpen)
            {
                _connections.RemoveAt(i);
                Log.DroppedBroken(_logger, Name, Host, Port);
                // Its socket is already gone; disposing only releases what is left. Handles still out fail on use.
                _ = pooled.Connection.DisposeAsync().AsTask().ContinueWith(
                    static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Starts opening a connection unless one is opening or the pool is full; returns the opening task.</summary>
    private Task<Pooled>? StartOpeningLocked()
    {
        if (_opening is not null || _connections.Count >= MaxConnections)
        {
            return _opening;
        }
        var number = _connections.Count + 1;
        // Task.Run: the open starts outside this lock, and belongs to the pool, not to the caller that triggered it.
        var opening = Task.Run(() => OpenPooledAsync(number));
        // Observe a failure nobody waits for (a background open), so it is logged rather than left unobserved.
        _ = opening.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _opening = opening;
        return opening;
    }

    private async Task<Pooled> OpenPooledAsync(int number)
    {
        Log.Opening(_logger, Name, number, MaxConnections, Host, Port);
        var started = Stopwatch.GetTimestamp();
        Connection connection;
        try
        {
            connection = await Connection.OpenAsync(_connectionOptions, _disposing.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                _opening = null;
            }
            Log.OpenFailed(_logger, Name, Host, Port, ex.Message);
            throw;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        RethinkDbTelemetry.ConnectionCreateTime.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("db.client.connection.pool.name", Name));
        var pooled = new Pooled(connection);
        int open;
        lock (_lock)
        {
            _opening = null;
            if (!_disposed)
            {
                _connections.Add(pooled);
                open = _connections.Count;
            }
            else
            {
                open = -1;
            }
        }
        if (open < 0)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ObjectDisposedException(GetType().FullName);
        }
        Log.Opened(_logger, Name, Host, Port, elapsed.TotalMilliseconds, open);
        return pooled;
    }

    private bool BeginDispose(out Pooled[] connections, out Task<Pooled>? opening)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                connections = [];
                opening = null;
                return false;
            }
            _disposed = true;
            connections = [.. _connections];
            _connections.Clear();
            opening = _opening;
        }
        RethinkDbTelemetry.Unregister(this);
        _disposing.Cancel();
        return true;
    }

    private async Task CloseAsync(Pooled pooled)
    {
        // Bounded: a stalled server must not hold up the host's shutdown for the whole connect timeout.
        using var timeout = new CancellationTokenSource(TimeSpan.FromTicks(Math.Min(_connectionOptions.Timeout.Ticks, MaxDrainTime.Ticks)));
        try
        {
            await pooled.Connection.CloseAsync(noreplyWait: true, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ReqlError or OperationCanceledException)
        {
            Log.DrainFailed(_logger, Name, Host, Port, ex.Message);
            await pooled.Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A pooled connection and how many handles to it are out (guarded by the pool's lock).</summary>
    private sealed class Pooled(Connection connection)
    {
        public Connection Connection { get; } = connection;

        public int Leases { get; set; }

        /// <summary>The return callback of leases without a caller's own (made once, under the pool's lock).</summary>
        public Action<Connection>? ReturnToPool { get; set; }
    }

    /// <summary>Times the operations run on handed-out connections: an Activity and <c>db.client.operation.duration</c>.</summary>
    private sealed class OperationTelemetry(RethinkDbConnectionPool pool) : IOperationObserver
    {
        public object? OnStart(Connection connection, TermType? term, QueryType type)
        {
            if (!RethinkDbTelemetry.OperationDuration.Enabled && !RethinkDbTelemetry.ActivitySource.HasListeners())
            {
                return null;
            }
            var operation = RethinkDbTelemetry.OperationName(term, type);
            var db = connection.Db;
            var activity = RethinkDbTelemetry.ActivitySource.StartActivity($"{operation} {db}", ActivityKind.Client);
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag("db.system.name", RethinkDbTelemetry.DbSystem);
                activity.SetTag("db.namespace", db);
                activity.SetTag("db.operation.name", operation);
                activity.SetTag("server.address", pool.Host);
                activity.SetTag("server.port", pool.Port);
            }
            return new State(operation, db, Stopwatch.GetTimestamp(), activity);
        }

        public void OnStop(object? state, Exception? error)
        {
            if (state is not State s)
            {
                return;
            }
            var tags = new TagList
            {
                { "db.system.name", RethinkDbTelemetry.DbSystem },
                { "db.namespace", s.Db },
                { "db.operation.name", s.Operation },
                { "server.address", pool.Host },
                { "server.port", pool.Port },
            };
            var errorType = error?.GetType().FullName;
            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }
            RethinkDbTelemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(s.Started).TotalSeconds, tags);
            if (s.Activity is { } activity)
            {
                if (errorType is not null)
                {
                    activity.SetTag("error.type", errorType);
                    // The error class, never the message: the server's text can quote document values (a duplicate
                    // key error prints the document), and traces leave the process.
                    activity.SetStatus(ActivityStatusCode.Error, errorType);
                }
                activity.Dispose();
            }
        }

        private sealed record State(string Operation, string Db, long Started, Activity? Activity);
    }
}
