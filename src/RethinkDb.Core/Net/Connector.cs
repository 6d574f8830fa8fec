using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RethinkDb.Protocol;
using RethinkDb.Telemetry;

namespace RethinkDb.Net;

/// <summary>
/// One socket to a server and what belongs to it alone: its multiplexer, its token counter, the serializer options
/// and the telemetry of its queries. Users never see it: they hold <see cref="Connection"/> handles, which either
/// own a connector (<see cref="Connection.OpenAsync(ConnectionOptions, CancellationToken)"/>) or share one that a
/// <see cref="RethinkDbDataSource"/> owns.
/// </summary>
internal sealed class Connector : IAsyncDisposable
{
    private readonly SemaphoreSlim _reconnectLock = new(1, 1);
    private Multiplexer _multiplexer;
    // Unguessable first token: a frame a server sends before any query cannot name a token it will be asked about.
    private long _nextToken = Random.Shared.NextInt64(1L << 32, 1L << 52);
    private int _disposed;

    private Connector(ConnectionOptions options, ILogger logger, JsonSerializerOptions jsonOptions, QueryTelemetry telemetry,
        Multiplexer multiplexer)
    {
        Options = options;
        Logger = logger;
        JsonOptions = jsonOptions;
        Telemetry = telemetry;
        _multiplexer = multiplexer;
    }

    /// <summary>The validated options the socket was opened with (never changed afterwards).</summary>
    public ConnectionOptions Options { get; }

    public ILogger Logger { get; }

    /// <summary>Shared by every handle: a <see cref="JsonSerializerOptions"/> per handle would rebuild its metadata cache.</summary>
    public JsonSerializerOptions JsonOptions { get; }

    public QueryTelemetry Telemetry { get; }

    /// <summary>The current socket; a reconnect replaces it.</summary>
    public Multiplexer Multiplexer => Volatile.Read(ref _multiplexer);

    public bool IsOpen => Multiplexer.IsOpen;

    public bool IsTls => Multiplexer.IsTls;

    public IPEndPoint RemoteEndPoint => Multiplexer.RemoteEndPoint;

    /// <summary>Why the socket closed, once it has (the cause a data source reports while the server is down).</summary>
    public Exception? ClosedReason => Multiplexer.ClosedReason;

    public int PendingCount => Multiplexer.PendingCount;

    /// <summary>Whether this thread is this socket's reader, resuming one of its callers inline right now.</summary>
    public bool IsResumingInlineOnThisThread => Multiplexer.IsResumingInlineOnThisThread;

    public long NextToken() => Interlocked.Increment(ref _nextToken);

    /// <summary>
    /// Opens a socket: DNS, TCP, TLS and the handshake, all within <see cref="ConnectionOptions.Timeout"/>.
    /// <paramref name="options"/> must be validated and not changed afterwards.
    /// </summary>
    public static async Task<Connector> OpenAsync(ConnectionOptions options, ILogger logger, JsonSerializerOptions jsonOptions,
        QueryTelemetry telemetry, CancellationToken ct)
    {
        var multiplexer = await OpenMultiplexerAsync(options, logger, telemetry, ct).ConfigureAwait(false);
        return new Connector(options, logger, jsonOptions, telemetry, multiplexer);
    }

    /// <summary>Sends a query without a term (SERVER_INFO, NOREPLY_WAIT) and waits for its answer.</summary>
    public ValueTask<Response> SendAsync(QueryType type, string db, CancellationToken ct)
    {
        var sent = Multiplexer.SendAsync(NextToken(), type, QueryEncoder.Simple, stopOnCancel: false, throttle: true, ct);
        return Telemetry.IsActive ? ObserveAsync(Telemetry, null, type, db, sent) : sent;
    }

    /// <summary>Sends START and waits for the first response.</summary>
    public ValueTask<Response> StartAsync(ReqlExpr term, string db, RunOptions? options, CancellationToken ct)
    {
        var query = new QueryEncoder.StartQuery(term, db, options, NoReply: false, JsonOptions);
        var sent = Multiplexer.SendAsync(NextToken(), query, QueryEncoder.Start, stopOnCancel: true, throttle: true, ct);
        return Telemetry.IsActive ? ObserveAsync(Telemetry, term, QueryType.Start, db, sent) : sent;
    }

    /// <summary>Waits until every noreply query sent on the socket has been processed.</summary>
    public async Task NoreplyWaitAsync(string db, CancellationToken ct)
    {
        using var response = await SendAsync(QueryType.NoreplyWait, db, ct).ConfigureAwait(false);
        ResponseErrors.ThrowIfError(response);
        if (response.Type != ResponseType.WaitComplete)
        {
            throw new ReqlDriverError($"Unexpected response type {response.Type} to NOREPLY_WAIT.");
        }
    }

    /// <summary>Closes the socket, first waiting for noreply queries when asked (even when that wait fails).</summary>
    public async Task CloseAsync(bool noreplyWait, CancellationToken ct)
    {
        var multiplexer = Multiplexer;
        var wasOpen = multiplexer.IsOpen;
        try
        {
            if (noreplyWait && wasOpen)
            {
                await NoreplyWaitAsync(Options.Db, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            // Closed even when the wait for noreply queries failed or was cancelled: the caller asked to close.
            await multiplexer.DisposeAsync().ConfigureAwait(false);
            if (wasOpen)
            {
                Log.Closed(Logger, Options.Host, Options.Port);
            }
        }
    }

    /// <summary>Closes the socket and opens another with the same options.</summary>
    public async Task ReconnectAsync(bool noreplyWait, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _reconnectLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            Log.Reconnecting(Logger, Options.Host, Options.Port);
            await CloseAsync(noreplyWait, ct).ConfigureAwait(false);
            var fresh = await OpenMultiplexerAsync(Options, Logger, Telemetry, ct).ConfigureAwait(false);
            Volatile.Write(ref _multiplexer, fresh);
        }
        finally
        {
            _reconnectLock.Release();
        }
    }

    /// <summary>Closes the socket without waiting for noreply queries. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Under the reconnect lock, so a reconnect running now cannot install a fresh socket after this closes
        // the old one (it would never be closed). The lock is left undisposed: a late ReconnectAsync sees
        // _disposed and throws ObjectDisposedException instead of touching a disposed semaphore.
        await _reconnectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseAsync(noreplyWait: false, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _reconnectLock.Release();
        }
    }

    private static async Task<Multiplexer> OpenMultiplexerAsync(ConnectionOptions options, ILogger logger, QueryTelemetry telemetry,
        CancellationToken ct)
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
                var elapsed = Stopwatch.GetElapsedTime(started);
                Log.Opened(logger, options.Host, options.Port, options.User, options.HandshakeVersion, multiplexer.IsTls, elapsed.TotalMilliseconds);
                telemetry.ConnectionCreated(elapsed);
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

    // Runs for every observed query: the pooling builder reuses its state machine boxes.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Response> ObserveAsync(QueryTelemetry telemetry, ReqlExpr? term, QueryType type, string db,
        ValueTask<Response> sent)
    {
        var scope = telemetry.Start(term, type, db);
        Response response;
        try
        {
            response = await sent.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            telemetry.Stop(scope, ex);
            throw;
        }
        // The caller throws for an error response later; telemetry only needs to know which error it is.
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
        telemetry.Stop(scope, error);
        return response;
    }
}
