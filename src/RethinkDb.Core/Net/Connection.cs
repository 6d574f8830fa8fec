using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RethinkDb.Net;
using RethinkDb.Protocol;
using RethinkDb.Telemetry;

namespace RethinkDb;

/// <summary>
/// An open connection to a RethinkDB server. Thread-safe: any number of callers may run queries at once; each
/// query gets its own token and the responses are matched back by token.
/// </summary>
/// <remarks>
/// Open one with <see cref="OpenAsync(ConnectionOptions, CancellationToken)"/> (or <see cref="R.ConnectAsync(ConnectionOptions, CancellationToken)"/>).
/// Disposing closes the connection without waiting for noreply queries, like leaving a <c>with</c> block in the
/// official Python driver; call <see cref="CloseAsync"/> to wait for them.
/// <para>
/// Each connection owns a background thread that reads its responses. Code awaiting a small response resumes on
/// that thread while continuations are short (under a <see cref="SynchronizationContext"/>, on the context as
/// usual); the driver times them and hands responses to the thread pool while they run long, and code awaiting a
/// large response (over 32 KiB) always resumes on the pool. Blocking there does not deadlock the connection, but
/// delays its other queries by 10–20 ms until a new reader takes over: keep continuations asynchronous, or set
/// <see cref="ConnectionOptions.ResumeOnReaderThread"/> to <see langword="false"/> (always the pool).
/// </para>
/// <para>
/// A connection from <see cref="RethinkDbDataSource.OpenConnectionAsync"/> is a handle on a socket the data source
/// owns and shares: disposing it returns it, and never closes the socket.
/// </para>
/// </remarks>
public sealed class Connection : IAsyncDisposable
{
    private readonly Connector _connector;
    private readonly bool _ownsConnector;
    private readonly Action<Connection>? _onReturned;
    private string _db;
    private int _returned;

    private Connection(Connector connector, bool ownsConnector, Action<Connection>? onReturned)
    {
        _connector = connector;
        _ownsConnector = ownsConnector;
        _onReturned = onReturned;
        _db = connector.Options.Db;
    }

    /// <summary>The host the connection was opened to.</summary>
    public string Host => _connector.Options.Host;

    /// <summary>The port the connection was opened to.</summary>
    public int Port => _connector.Options.Port;

    /// <summary>The default database of queries, as set by the options or <see cref="Use"/>.</summary>
    public string Db => Volatile.Read(ref _db);

    /// <summary>Whether the connection is open (not closed by the caller, the server or a network failure).</summary>
    public bool IsOpen => !IsReturned && _connector.IsOpen;

    /// <summary>Whether the connection runs over TLS.</summary>
    public bool IsTls => _connector.IsTls;

    /// <summary>The server's address as connected.</summary>
    public IPEndPoint RemoteEndPoint => _connector.RemoteEndPoint;

    /// <summary>The serializer options used for documents and results on this connection.</summary>
    public JsonSerializerOptions JsonOptions => _connector.JsonOptions;

    /// <summary>Opens a connection to <paramref name="host"/> with every other option at its default.</summary>
    /// <exception cref="ReqlDriverError">The connection could not be opened.</exception>
    public static Task<Connection> OpenAsync(string host, CancellationToken cancellationToken = default) =>
        OpenAsync(new ConnectionOptions { Host = host }, cancellationToken);

    /// <summary>
    /// Opens a connection: DNS, TCP, TLS when <see cref="ConnectionOptions.Ssl"/> is set, and the handshake, all
    /// within <see cref="ConnectionOptions.Timeout"/>. With <see cref="ConnectionOptions.Hosts"/>: to the first host,
    /// in their order, that answers (each tried within the timeout; a rejected password stops there).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (the message names the setting).</exception>
    /// <exception cref="ReqlAuthError">The server rejected the credentials, or could not prove it knows them.</exception>
    /// <exception cref="ReqlTimeoutError">Opening took longer than the timeout.</exception>
    /// <exception cref="ReqlDriverError">Any other failure to connect; the cause is the inner exception.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<Connection> OpenAsync(ConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        options.Validate();
        var logger = (ILogger?)options.LoggerFactory?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        var jsonOptions = RethinkDbJson.WithDriverTypes(options.JsonSerializerOptions);
        if (options.Hosts is not { Count: > 0 })
        {
            return await OpenOneAsync(options, logger, jsonOptions, cancellationToken).ConfigureAwait(false);
        }
        // Several hosts: the first, in order, that answers (each within the timeout); every cause when none does.
        var failures = new List<ReqlDriverError>();
        foreach (var host in options.SeedHosts())
        {
            var one = options.Clone();
            one.Host = host.Host;
            one.Port = host.Port;
            one.Hosts = new List<string>();
            try
            {
                return await OpenOneAsync(one, logger, jsonOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (ReqlDriverError error) when (error is not ReqlAuthError)
            {
                failures.Add(error);
            }
        }
        if (failures.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0]);
        }
        throw new ReqlDriverError($"Could not connect to any of {failures.Count} hosts: {string.Join("; ", failures.Select(static f => f.Message))}",
            new AggregateException(failures));
    }

    private static async Task<Connection> OpenOneAsync(ConnectionOptions options, ILogger logger, JsonSerializerOptions jsonOptions,
        CancellationToken cancellationToken)
    {
        var telemetry = new QueryTelemetry(options.Host, options.Port, poolName: null, options.EnableTracing, options.EnableMetrics);
        var connector = await Connector.OpenAsync(options, logger, jsonOptions, telemetry, cancellationToken).ConfigureAwait(false);
        return new Connection(connector, ownsConnector: true, onReturned: null);
    }

    /// <summary>A handle on a socket a data source owns: closing or disposing it calls <paramref name="onReturned"/> once.</summary>
    internal static Connection Lease(Connector connector, Action<Connection>? onReturned) => new(connector, ownsConnector: false, onReturned);

    /// <summary>Changes the default database of the queries run from now on (<c>conn.use(db)</c>).</summary>
    public void Use(string db)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(db);
        Volatile.Write(ref _db, db);
    }

    /// <summary>Asks the server who it is (<c>conn.server()</c>).</summary>
    /// <exception cref="ReqlDriverError">The connection is closed or broke.</exception>
    public async Task<ServerInfo> ServerAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfReturned();
        using var response = await _connector.SendAsync(QueryType.ServerInfo, Db, cancellationToken).ConfigureAwait(false);
        ResponseErrors.ThrowIfError(response);
        if (response.Type != ResponseType.ServerInfo)
        {
            throw new ReqlDriverError($"Unexpected response type {response.Type} to SERVER_INFO.");
        }
        try
        {
            var reader = new Utf8JsonReader(response.Results);
            reader.Read(); // [
            reader.Read(); // {
            return JsonSerializer.Deserialize(ref reader, DriverJsonContext.Default.ServerInfo)
                ?? throw new ReqlDriverError("The server sent an empty SERVER_INFO response.");
        }
        catch (JsonException ex)
        {
            throw new ReqlDriverError($"The server sent an invalid SERVER_INFO response: {ex.Message}", ex);
        }
    }

    /// <summary>Waits until every noreply query sent on this connection has been processed (<c>conn.noreplyWait()</c>).</summary>
    /// <remarks>On a data source's connection, this covers the whole shared socket.</remarks>
    /// <exception cref="ReqlDriverError">The connection is closed or broke.</exception>
    public Task NoreplyWaitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfReturned();
        return _connector.NoreplyWaitAsync(Db, cancellationToken);
    }

    /// <summary>
    /// Closes the connection (<c>conn.close()</c>). By default first waits for noreply queries to complete, as the
    /// official drivers do. Queries still waiting fail with <see cref="ReqlDriverError"/>. A data source's
    /// connection is returned instead (its socket stays open for others).
    /// </summary>
    public async Task CloseAsync(bool noreplyWait = true, CancellationToken cancellationToken = default)
    {
        if (!_ownsConnector)
        {
            await ReturnAsync(noreplyWait, cancellationToken).ConfigureAwait(false);
            return;
        }
        await _connector.CloseAsync(noreplyWait, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the connection (waiting for noreply queries first when asked) and opens it again with the same
    /// options (<c>conn.reconnect()</c>). Cursors of the old connection stop working.
    /// </summary>
    /// <exception cref="ReqlDriverError">The connection could not be opened again.</exception>
    /// <exception cref="InvalidOperationException">The connection is a data source's handle, whose socket others share.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    public Task ReconnectAsync(bool noreplyWait = true, CancellationToken cancellationToken = default)
    {
        if (!_ownsConnector)
        {
            throw new InvalidOperationException(
                "A pooled connection cannot be reconnected: its socket is shared. Dispose it and open another from the data source.");
        }
        return _connector.ReconnectAsync(noreplyWait, cancellationToken);
    }

    /// <summary>Closes the connection without waiting for noreply queries. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_ownsConnector)
        {
            await ReturnAsync(noreplyWait: false, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        await _connector.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Describes the connection without any secret.</summary>
    public override string ToString() =>
        $"RethinkDb.Connection({Host}:{Port}, db={Db}, {(IsOpen ? "open" : "closed")}{(_ownsConnector ? "" : ", pooled")})";

    /// <summary>
    /// Another handle on this connection's socket (and token counter) that does not own it: disposing the handle
    /// only calls <paramref name="onReturned"/>; a returned handle refuses new queries but still sends STOP for its
    /// cursors, so the server frees them.
    /// </summary>
    internal Connection Borrow(Action<Connection>? onReturned = null) => Lease(_connector, onReturned);

    private bool IsReturned => Volatile.Read(ref _returned) != 0;

    /// <summary>The socket to send a new query on; a returned handle refuses.</summary>
    private Multiplexer MultiplexerForQuery
    {
        get
        {
            ThrowIfReturned();
            return _connector.Multiplexer;
        }
    }

    private void ThrowIfReturned()
    {
        if (IsReturned)
        {
            throw new ReqlDriverError("This connection was returned to its pool (closed, disposed, or its scope ended); open another one from the data source.");
        }
    }

    /// <summary>Queries waiting for a response on the socket (tests check that none leaks).</summary>
    internal int PendingCount => _connector.PendingCount;

    internal long NextToken() => _connector.NextToken();

    /// <summary>Sends START and waits for the first response. The response's token continues a cursor.</summary>
    internal ValueTask<Response> StartAsync(ReqlExpr term, RunOptions? options, CancellationToken ct)
    {
        ThrowIfReturned();
        return _connector.StartAsync(term, Db, options, ct);
    }

    /// <summary>Sends START with <c>noreply</c>; the server sends nothing back.</summary>
    internal ValueTask StartNoReplyAsync(ReqlExpr term, RunOptions? options)
    {
        var query = new QueryEncoder.StartQuery(term, Db, options, NoReply: true, JsonOptions);
        return MultiplexerForQuery.SendNoReplyAsync(NextToken(), query, QueryEncoder.Start);
    }

    /// <summary>Asks for the next batch of the query with <paramref name="token"/>.</summary>
    internal ValueTask<Response> ContinueAsync(long token, CancellationToken ct) =>
        ContinueAsync(token, stopOnCancel: true, ct);

    /// <summary>
    /// Asks for the next batch. With <paramref name="stopOnCancel"/> false a cancellation only drops the waiter:
    /// the caller (a <see cref="Cursor{T}"/>) sends STOP itself, exactly once, whether or not the CONTINUE left.
    /// </summary>
    internal ValueTask<Response> ContinueAsync(long token, bool stopOnCancel, CancellationToken ct) =>
        MultiplexerForQuery.SendAsync(token, QueryType.Continue, QueryEncoder.Simple, stopOnCancel, throttle: false, ct);

    /// <summary>
    /// Stops the query with <paramref name="token"/>. Its answers are not awaited: any response that still arrives
    /// for the token is dropped, so a changefeed can be stopped while a CONTINUE is outstanding.
    /// </summary>
    internal ValueTask StopAsync(long token)
    {
        // Deliberately not MultiplexerForQuery: a cursor outliving its returned handle must still free the server's.
        var multiplexer = _connector.Multiplexer;
        return multiplexer.IsOpen ? multiplexer.SendNoReplyAsync(token, QueryType.Stop, QueryEncoder.Simple) : ValueTask.CompletedTask;
    }

    private async Task ReturnAsync(bool noreplyWait, CancellationToken ct)
    {
        if (IsReturned)
        {
            return;
        }
        try
        {
            // NOREPLY_WAIT covers the whole shared socket: a superset of this handle's own noreply queries.
            if (noreplyWait && _connector.IsOpen)
            {
                await _connector.NoreplyWaitAsync(Db, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                _onReturned?.Invoke(this);
            }
        }
    }
}
