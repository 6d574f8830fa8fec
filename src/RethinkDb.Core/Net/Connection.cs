using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RethinkDb.Net;
using RethinkDb.Protocol;

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
/// that thread (under a <see cref="SynchronizationContext"/>, on the context as usual); code awaiting a large one
/// (over 32 KiB) on the thread pool. Blocking there does not deadlock the connection, but delays its other queries
/// by 10–20 ms until a new reader takes over: keep continuations asynchronous, or set
/// <see cref="ConnectionOptions.ResumeOnReaderThread"/> to <see langword="false"/>.
/// </para>
/// </remarks>
public sealed class Connection : IAsyncDisposable
{
    private readonly ConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim? _reconnectLock; // owners only: a pooled handle cannot reconnect
    private Multiplexer _multiplexer;
    private string _db;
    // Unguessable first token: a frame a server sends before any query cannot name a token it will be asked about.
    private long _nextToken = Random.Shared.NextInt64(1L << 32, 1L << 52);
    private int _disposed;

    // Set on a borrowed handle (see Borrow): the connection whose socket and token counter the handle shares.
    private readonly Connection? _owner;
    private readonly Action<Connection>? _onReturned;
    private readonly IOperationObserver? _observer;
    private int _returned;

    private Connection(ConnectionOptions options, ILogger logger, Multiplexer multiplexer)
    {
        _options = options;
        _logger = logger;
        _multiplexer = multiplexer;
        _reconnectLock = new SemaphoreSlim(1, 1);
        _db = options.Db;
        JsonOptions = RethinkDbJson.WithDriverTypes(options.JsonSerializerOptions);
    }

    private Connection(Connection owner, Action<Connection>? onReturned, IOperationObserver? observer)
    {
        _options = owner._options;
        _logger = owner._logger;
        _multiplexer = owner.CurrentMultiplexer;
        _db = owner.Db;
        // Shared, not copied: a JsonSerializerOptions per handle would rebuild its metadata cache per handle.
        JsonOptions = owner.JsonOptions;
        _owner = owner;
        _onReturned = onReturned;
        _observer = observer;
    }

    /// <summary>The host the connection was opened to.</summary>
    public string Host => _options.Host;

    /// <summary>The port the connection was opened to.</summary>
    public int Port => _options.Port;

    /// <summary>The default database of queries, as set by the options or <see cref="Use"/>.</summary>
    public string Db => Volatile.Read(ref _db);

    /// <summary>Whether the connection is open (not closed by the caller, the server or a network failure).</summary>
    public bool IsOpen => !IsReturned && CurrentMultiplexer.IsOpen;

    /// <summary>Whether the connection runs over TLS.</summary>
    public bool IsTls => CurrentMultiplexer.IsTls;

    /// <summary>The server's address as connected.</summary>
    public IPEndPoint RemoteEndPoint => CurrentMultiplexer.RemoteEndPoint;

    /// <summary>The serializer options used for documents and results on this connection.</summary>
    public JsonSerializerOptions JsonOptions { get; }

    /// <summary>Opens a connection to <paramref name="host"/> with every other option at its default.</summary>
    /// <exception cref="ReqlDriverError">The connection could not be opened.</exception>
    public static Task<Connection> OpenAsync(string host, CancellationToken cancellationToken = default) =>
        OpenAsync(new ConnectionOptions { Host = host }, cancellationToken);

    /// <summary>
    /// Opens a connection: DNS, TCP, TLS when <see cref="ConnectionOptions.Ssl"/> is set, and the handshake, all
    /// within <see cref="ConnectionOptions.Timeout"/>.
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
        var multiplexer = await OpenMultiplexerAsync(options, logger, cancellationToken).ConfigureAwait(false);
        return new Connection(options, logger, multiplexer);
    }

    private static async Task<Multiplexer> OpenMultiplexerAsync(ConnectionOptions options, ILogger logger, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            var target = await Transport.ResolveAsync(options, linked.Token).ConfigureAwait(false);
            var multiplexer = await ConnectionThread.StartAsync(target, options, logger, linked.Token).ConfigureAwait(false);
            try
            {
                var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Log.Opened(logger, options.Host, options.Port, options.User, options.HandshakeVersion, multiplexer.IsTls, elapsedMs);
            }
            catch
            {
                await multiplexer.DisposeAsync().ConfigureAwait(false); // a throwing logger must not leak the socket
                throw;
            }
            return multiplexer;
        }
        catch (Exception ex)
        {
            var where = $"{options.Host}:{options.Port}";
            Exception error = ex switch
            {
                // The caller's own cancellation stays a cancellation, carrying the caller's token (not our linked one).
                OperationCanceledException when ct.IsCancellationRequested => new OperationCanceledException(
                    $"Opening a connection to {where} was cancelled.", ex, ct),
                OperationCanceledException when timeout.IsCancellationRequested => new ReqlTimeoutError(
                    $"Could not connect to {where}: timed out after {options.Timeout.TotalSeconds:0.###} s.", ex),
                ReqlAuthError auth => new ReqlAuthError($"Could not connect to {where}: {auth.Message}", auth)
                {
                    ServerErrorCode = auth.ServerErrorCode,
                },
                ReqlDriverError driver => new ReqlDriverError($"Could not connect to {where}: {driver.Message}", driver),
                _ => new ReqlDriverError($"Could not connect to {where}: {ex.Message}", ex),
            };
            if (error is ReqlDriverError)
            {
                Log.OpenFailed(logger, options.Host, options.Port, error.Message, error);
            }
            throw error;
        }
    }

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
        using var response = await SendAsync(QueryType.ServerInfo, cancellationToken).ConfigureAwait(false);
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
    /// <exception cref="ReqlDriverError">The connection is closed or broke.</exception>
    public async Task NoreplyWaitAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(QueryType.NoreplyWait, cancellationToken).ConfigureAwait(false);
        ResponseErrors.ThrowIfError(response);
        if (response.Type != ResponseType.WaitComplete)
        {
            throw new ReqlDriverError($"Unexpected response type {response.Type} to NOREPLY_WAIT.");
        }
    }

    /// <summary>
    /// Closes the connection (<c>conn.close()</c>). By default first waits for noreply queries to complete, as the
    /// official drivers do. Queries still waiting fail with <see cref="ReqlDriverError"/>.
    /// </summary>
    public async Task CloseAsync(bool noreplyWait = true, CancellationToken cancellationToken = default)
    {
        if (_owner is not null)
        {
            await ReturnAsync(noreplyWait, cancellationToken).ConfigureAwait(false);
            return;
        }
        var multiplexer = Volatile.Read(ref _multiplexer);
        var wasOpen = multiplexer.IsOpen;
        try
        {
            if (noreplyWait && wasOpen)
            {
                await NoreplyWaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Closed even when the wait for noreply queries failed or was cancelled: the caller asked to close.
            await multiplexer.DisposeAsync().ConfigureAwait(false);
            if (wasOpen)
            {
                Log.Closed(_logger, Host, Port);
            }
        }
    }

    /// <summary>
    /// Closes the connection (waiting for noreply queries first when asked) and opens it again with the same
    /// options (<c>conn.reconnect()</c>). Cursors of the old connection stop working.
    /// </summary>
    /// <exception cref="ReqlDriverError">The connection could not be opened again.</exception>
    /// <exception cref="InvalidOperationException">The connection is a pooled handle, whose socket others share.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    public async Task ReconnectAsync(bool noreplyWait = true, CancellationToken cancellationToken = default)
    {
        if (_owner is not null)
        {
            throw new InvalidOperationException(
                "A pooled connection cannot be reconnected: its socket is shared. Dispose it and open another from the pool.");
        }
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _reconnectLock!.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            Log.Reconnecting(_logger, Host, Port);
            await CloseAsync(noreplyWait, cancellationToken).ConfigureAwait(false);
            var fresh = await OpenMultiplexerAsync(_options, _logger, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _multiplexer, fresh);
        }
        finally
        {
            _reconnectLock.Release();
        }
    }

    /// <summary>Closes the connection without waiting for noreply queries. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_owner is not null)
        {
            await CloseAsync(noreplyWait: false).ConfigureAwait(false);
            return;
        }
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Under the reconnect lock, so a reconnect running now cannot install a fresh socket after this closes
        // the old one (it would never be closed). The lock is left undisposed: a late ReconnectAsync sees
        // _disposed and throws ObjectDisposedException instead of touching a disposed semaphore.
        await _reconnectLock!.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseAsync(noreplyWait: false).ConfigureAwait(false);
        }
        finally
        {
            _reconnectLock.Release();
        }
    }

    /// <summary>Describes the connection without any secret.</summary>
    public override string ToString() =>
        $"RethinkDb.Connection({Host}:{Port}, db={Db}, {(IsOpen ? "open" : "closed")}{(_owner is null ? "" : ", pooled")})";

    /// <summary>
    /// A handle that shares this connection's socket (and token counter) for a pool to hand out. Closing or
    /// disposing the handle only returns it (calling <paramref name="onReturned"/> once); it never closes the
    /// socket, and <see cref="Use"/> on the handle changes only the handle's default database. A returned handle
    /// refuses new queries but still sends STOP for its cursors, so the server frees them.
    /// </summary>
    /// <param name="onReturned">Called once, when the handle is first closed or disposed.</param>
    /// <param name="observer">Told of every operation the handle runs (telemetry), or <see langword="null"/>.</param>
    internal Connection Borrow(Action<Connection>? onReturned = null, IOperationObserver? observer = null) =>
        new(_owner ?? this, onReturned, observer);

    private bool IsReturned => Volatile.Read(ref _returned) != 0;

    // A handle follows its owner's current socket rather than the one it was created with.
    private Multiplexer CurrentMultiplexer => _owner is null ? Volatile.Read(ref _multiplexer) : _owner.CurrentMultiplexer;

    /// <summary>The socket to send a new query on; a returned handle refuses.</summary>
    private Multiplexer MultiplexerForQuery => IsReturned
        ? throw new ReqlDriverError("This connection was returned to its pool (closed, disposed, or its scope ended); open another one.")
        : CurrentMultiplexer;

    /// <summary>Queries waiting for a response on the socket (tests check that none leaks).</summary>
    internal int PendingCount => CurrentMultiplexer.PendingCount;

    internal long NextToken() => _owner?.NextToken() ?? Interlocked.Increment(ref _nextToken);

    /// <summary>Sends START and waits for the first response. The response's token continues a cursor.</summary>
    internal ValueTask<Response> StartAsync(ReqlExpr term, RunOptions? options, CancellationToken ct)
    {
        var query = new QueryEncoder.StartQuery(term, Db, options, NoReply: false, JsonOptions);
        var sent = MultiplexerForQuery.SendAsync(NextToken(), query, QueryEncoder.Start, stopOnCancel: true, throttle: true, ct);
        return _observer is null ? sent : ObserveAsync(_observer, this, term.TermType, QueryType.Start, sent);
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
        var multiplexer = CurrentMultiplexer;
        return multiplexer.IsOpen ? multiplexer.SendNoReplyAsync(token, QueryType.Stop, QueryEncoder.Simple) : ValueTask.CompletedTask;
    }

    private ValueTask<Response> SendAsync(QueryType type, CancellationToken ct)
    {
        var sent = MultiplexerForQuery.SendAsync(NextToken(), type, QueryEncoder.Simple, stopOnCancel: false, throttle: true, ct);
        return _observer is null ? sent : ObserveAsync(_observer, this, null, type, sent);
    }

    private async Task ReturnAsync(bool noreplyWait, CancellationToken ct)
    {
        if (Volatile.Read(ref _returned) != 0)
        {
            return;
        }
        try
        {
            // NOREPLY_WAIT covers the whole shared socket: a superset of this handle's own noreply queries.
            if (noreplyWait && CurrentMultiplexer.IsOpen)
            {
                await NoreplyWaitAsync(ct).ConfigureAwait(false);
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

    // Runs for every query of a pooled handle: the pooling builder reuses its state machine boxes.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Response> ObserveAsync(
        IOperationObserver observer, Connection connection, TermType? term, QueryType type, ValueTask<Response> sent)
    {
        var state = observer.OnStart(connection, term, type);
        Response response;
        try
        {
            response = await sent.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            observer.OnStop(state, ex);
            throw;
        }
        // The caller throws for an error response later; the observer only needs to know which error it is.
        Exception? error = null;
        if (response.IsError)
        {
            try
            {
                error = ResponseErrors.Create(response);
            }
            catch (ReqlDriverError invalid)
            {
                error = invalid; // A large error body broken past its header: the caller meets the same error.
            }
        }
        observer.OnStop(state, error);
        return response;
    }
}
