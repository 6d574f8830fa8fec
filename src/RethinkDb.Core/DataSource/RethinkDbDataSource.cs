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
    // One pool per server: a cluster adds more behind the same data source.
    private readonly NodePool _node;
    private int _disposed;

    internal RethinkDbDataSource(ConnectionOptions options, string name, ILoggerFactory? loggerFactory)
    {
        _options = options;
        Name = name;
        JsonOptions = RethinkDbJson.WithDriverTypes(options.JsonSerializerOptions);
        var telemetry = new QueryTelemetry(options.Host, options.Port, name, options.EnableTracing, options.EnableMetrics);
        var logger = (ILogger?)loggerFactory?.CreateLogger(DataSourceLog.Category) ?? NullLogger.Instance;
        var connectionLogger = (ILogger?)loggerFactory?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        _node = new NodePool(options, name, logger, connectionLogger, JsonOptions, telemetry);
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

    /// <summary>How many sockets are open now.</summary>
    public int OpenConnections
    {
        get
        {
            var counts = _node.Count();
            return counts.Idle + counts.Used;
        }
    }

    /// <summary>
    /// Why the server is considered down (the last connection attempt's error), or <see langword="null"/> while it
    /// is not. Callers meanwhile fail at once, and a background attempt follows the backoff.
    /// </summary>
    public Exception? ServerDownCause => _node.DownCause;

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
        return _node.LeaseAsync(cancellationToken);
    }

    /// <summary>
    /// Opens a new connection outside the pool (a full handshake) with the data source's settings; the caller owns
    /// and closes it. For long-lived work that should not share a socket, such as a busy changefeed.
    /// </summary>
    /// <exception cref="ReqlDriverError">The connection could not be opened.</exception>
    public Task<Connection> OpenNewConnectionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Connection.OpenAsync(_options, cancellationToken);
    }

    /// <summary>Waits until every noreply query sent through the data source has been processed.</summary>
    /// <exception cref="ReqlDriverError">A connection broke.</exception>
    public Task NoreplyWaitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _node.NoreplyWaitAsync(cancellationToken);
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
        await _node.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Disposes synchronously (blocks for the bounded drain; prefer <see cref="DisposeAsync"/>).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Describes the data source without any secret.</summary>
    public override string ToString() => $"RethinkDbDataSource({Name}: {Host}:{Port}, {OpenConnections}/{MaxConnections} open)";

    /// <summary>Connection attempts made so far (tests count them while the server is down).</summary>
    internal int ConnectionAttempts => _node.Attempts;

    /// <summary>Whether a socket is being opened now (tests wait for a background open).</summary>
    internal bool IsOpening => _node.IsOpening;

    /// <summary>A connection for one query without a lease, when one is open; see <see cref="GetQueryConnectionAsync"/>.</summary>
    internal bool TryGetQueryConnection(out Connection connection)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            connection = null!;
            return false;
        }
        return _node.TryGetQueryConnection(out connection);
    }

    /// <summary>A connection for one query without a lease, opening a socket when none is open.</summary>
    internal ValueTask<Connection> GetQueryConnectionAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _node.GetQueryConnectionAsync(ct);
    }

    PoolCounts IPoolMetrics.CountConnections() => _node.Count();
}
