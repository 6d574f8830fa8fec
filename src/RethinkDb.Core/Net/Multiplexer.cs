using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using RethinkDb.Protocol;

namespace RethinkDb.Net;

/// <summary>
/// Carries many queries over one open socket: coordinates the pieces that write frames, read them, match them to
/// their queries and resume the callers.
/// </summary>
/// <remarks>
/// One instance per socket; <see cref="Connection.ReconnectAsync"/> replaces it. When the socket breaks, every
/// waiting query fails at once with <see cref="ReqlDriverError"/> and the multiplexer stays closed.
/// <para>
/// The path of one query: the caller registers its waiter (<see cref="PendingQueries"/>), encodes its frame into the
/// pending write batch and, unless callers of just-delivered responses are still resuming (one of them will), writes
/// the batch with a blocking send (<see cref="FrameWriter"/>). The connection's thread (<see cref="ConnectionThread"/>)
/// runs <see cref="ResponseReader"/>: blocking receives (waiting for several answers while they stream in:
/// <see cref="ReceiveCoalescing"/>) cut into frames (<see cref="FrameReader"/>), each matched to
/// its waiter; then <see cref="Dispatcher"/> resumes their callers, whose next frames go out in one send by the last
/// of them. <see cref="ReaderHandOver"/> moves the reading to a new thread when a caller holds the reader.
/// </para>
/// </remarks>
internal sealed class Multiplexer : IAsyncDisposable
{
    /// <summary>How long closing waits for queued frames to be written.</summary>
    internal static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Transport.Opened _transport;
    private readonly string _endpoint;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _inFlight;
    private readonly PendingQueries _pending = new();
    private readonly FrameWriter _writer;
    private readonly Dispatcher _dispatcher;
    private readonly ResponseReader _reader;
    private Exception? _closedReason;

    // Whether the check before the first frame is done (see CheckBeforeFirstFrame); set under the gate.
    private readonly Lock _firstFrameGate = new();
    private volatile bool _firstFrameChecked;

    /// <summary>Takes over an open, handshaken socket; <see cref="ReadLoop"/> must then run on the connection's thread.</summary>
    /// <param name="transport">The socket and the stream over it (TLS or not).</param>
    /// <param name="leftover">Bytes read past the handshake: none from a server that follows the protocol (any frame there is a protocol error, see <see cref="ResponseReader"/>).</param>
    /// <param name="options">The connection's options.</param>
    /// <param name="logger">Where breakage and dropped responses are logged.</param>
    public Multiplexer(Transport.Opened transport, byte[] leftover, ConnectionOptions options, ILogger logger)
    {
        _transport = transport;
        _endpoint = $"{options.Host}:{options.Port}";
        _logger = logger;
        _inFlight = new SemaphoreSlim(options.MaxInFlightQueries, options.MaxInFlightQueries);
        var isPlainSocket = !transport.IsTls;
        _writer = new FrameWriter(transport.Socket, transport.Stream, isPlainSocket, options.Timeout, _endpoint, error => Fail(error));
        _dispatcher = new Dispatcher(_writer, options.ResumeOnReaderThread, waiting: () => _pending.Count);
        var coalescing = new ReceiveCoalescing(transport.Socket);
        // Through TLS, a receive that waited for several answers times out below SslStream: the socket's stream takes
        // that back itself (a plain socket's receive is the frame reader's own, which does the same).
        transport.Network.Coalescing = coalescing;
        var frames = new FrameReader(transport.Socket, transport.Stream, isPlainSocket, leftover, _endpoint, options.MaxResponseSize,
            coalescing);
        _reader = new ResponseReader(this, frames, _pending, _dispatcher, _writer, logger, _endpoint);
    }

    public IPEndPoint RemoteEndPoint => _transport.RemoteEndPoint;

    public bool IsTls => _transport.IsTls;

    /// <summary>Whether small responses may resume their callers on the reader thread (<see cref="ConnectionOptions.ResumeOnReaderThread"/>).</summary>
    public bool ResumeOnReaderThread => _dispatcher.ResumeOnReaderThread;

    public bool IsOpen => Volatile.Read(ref _closedReason) is null;

    /// <summary>Why the multiplexer closed, once it has.</summary>
    public Exception? ClosedReason => Volatile.Read(ref _closedReason);

    /// <summary>Number of queries waiting for a response.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Whether this thread is this connection's reader, resuming one of its callers inline right now.</summary>
    public bool IsResumingInlineOnThisThread => ReferenceEquals(Dispatcher.ResumingInlineOnThisThread, _dispatcher);

    /// <summary>
    /// Called once when the socket breaks (not when closed on purpose), after its waiters have failed: a data source
    /// uses it to check the node at once instead of on the next query. Set right after opening; it must not throw.
    /// </summary>
    public Action<Exception>? Broken { get; set; }

    /// <summary>
    /// Sends one frame and waits for the response with the same token. The frame is encoded by
    /// <paramref name="encode"/> straight into the pending write batch.
    /// </summary>
    /// <remarks>
    /// Every call awaits a response, so its state machine always goes to the heap: the pooling builder reuses
    /// those boxes instead of allocating one per query (the ValueTask is awaited exactly once by every caller).
    /// </remarks>
    /// <param name="token">The query's token; its response carries the same.</param>
    /// <param name="state">What <paramref name="encode"/> writes.</param>
    /// <param name="encode">Writes the frame's JSON body.</param>
    /// <param name="stopOnCancel">Send STOP for the token when <paramref name="ct"/> cancels the wait.</param>
    /// <param name="ct">Cancels the wait (the query is then stopped, see <paramref name="stopOnCancel"/>).</param>
    /// <param name="throttle">
    /// Whether the query takes one of the connection's in-flight slots until answered. CONTINUEs do not: a
    /// changefeed's CONTINUE may wait forever for a change, and the real server does not throttle them either
    /// (query_cache.cc), so open feeds must never starve the other queries of the connection.
    /// </param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Response> SendAsync<TState>(long token, TState state, FrameEncoder<TState> encode, bool stopOnCancel,
        bool throttle, CancellationToken ct)
    {
        CallerCodeTiming.Ends();
        ThrowIfClosed();
        CheckBeforeFirstFrame();
        if (throttle)
        {
            await _inFlight.WaitAsync(ct).ConfigureAwait(false);
        }
        // Throttled queries are the ones answered as soon as they have run (CONTINUEs are not: a changefeed's waits).
        var pending = PendingQuery.Rent(token, this, stopOnCancel, answersPromptly: throttle);
        try
        {
            if (!_pending.TryAdd(token, pending))
            {
                ThrowIfClosed(); // Fail sets the reason before it closes the table
            }
            try
            {
                _writer.Enqueue(token, state, encode);
            }
            catch
            {
                // The query could not be encoded (a value the serializer rejects): nothing was queued.
                _pending.Remove(token);
                throw;
            }
            CancellationTokenRegistration registration = default;
            if (ct.CanBeCanceled)
            {
                // The waiter itself is the state (no boxed tuple per query): it is only reused after the
                // registration is disposed below, so the callback never sees it with another query's token.
                registration = ct.UnsafeRegister(
                    static (s, cancelled) =>
                    {
                        var waiter = (PendingQuery)s!;
                        waiter.Owner!.Cancel(waiter, waiter.Token, waiter.StopOnCancel, cancelled);
                    },
                    pending);
            }
            Response response;
            bool uncounted;
            HandedOffBatch? handedOff;
            try
            {
                // Registered before flushing: a caller whose large batch waits on a server that does not read still
                // honours its token (the write goes on in the background; the cancellation sends STOP). A small batch
                // is one blocking send, bounded by the socket's send timeout.
                if (!_dispatcher.FlushesWithBatch() && !DeferredToResumingBatch())
                {
                    var flush = _writer.FlushAsync();
                    if (!flush.IsCompletedSuccessfully)
                    {
                        try
                        {
                            await (ct.CanBeCanceled ? flush.AsTask().WaitAsync(ct) : flush.AsTask()).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (ct.IsCancellationRequested)
                        {
                            // Not thrown from here: the registration completes the waiter (unless a response won the
                            // race), so the waiter below is the one place its outcome is consumed.
                        }
                    }
                }
                // Otherwise a caller whose response was just dispatched has yet to resume: the last of those
                // flushes (after its await below; or, its continuation being short, the dispatcher does when it
                // returns), so the frames of one batch of responses' callers go out together.
                response = await pending.Task.ConfigureAwait(false);
                uncounted = pending.Uncounted;
                handedOff = pending.HandedOff;
            }
            finally
            {
                await registration.DisposeAsync().ConfigureAwait(false);
                pending.Return();
            }
            // Only the dispatcher completes a waiter with a response, and it counted the waiter as resuming (unless it
            // handed it off in a small batch).
            if (!uncounted && _dispatcher.Resumed(handedOff))
            {
                _dispatcher.FlushDeferred();
                if (_writer.HasQueuedFrames())
                {
                    await FlushForOthersAsync().ConfigureAwait(false);
                }
            }
            CallerCodeTiming.Starts();
            return response;
        }
        finally
        {
            if (throttle)
            {
                _inFlight.Release();
            }
        }
    }

    /// <summary>
    /// Whether this caller's frame waits for the end of another connection's batch: a caller resumed inline by another
    /// connection's reader (on a data source), while callers of that batch are still to resume, leaves the send to
    /// the last of them (<see cref="Dispatcher.DeferFlush"/>).
    /// </summary>
    private bool DeferredToResumingBatch() =>
        Dispatcher.ResumingInlineOnThisThread is { } other && !ReferenceEquals(other, _dispatcher) && other.DeferFlush(_writer);

    /// <summary>Sends a frame that gets no response (noreply queries, STOP after a cancellation).</summary>
    public ValueTask SendNoReplyAsync<TState>(long token, TState state, FrameEncoder<TState> encode)
    {
        CallerCodeTiming.Ends();
        ThrowIfClosed();
        CheckBeforeFirstFrame();
        _writer.Enqueue(token, state, encode);
        return _writer.FlushAsync();
    }

    /// <summary>
    /// Writes the frames other callers queued while this one's answer was in hand. A failed write breaks the
    /// connection and fails those callers (<see cref="Fail"/>); this caller keeps its answer whatever happens.
    /// </summary>
    private async ValueTask FlushForOthersAsync()
    {
        try
        {
            await _writer.FlushAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Not this caller's failure: the callers whose frames were lost hear of it through Fail.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    /// <summary>
    /// Runs <see cref="EnsureNothingUnasked"/> once, before the connection's first frame is queued. Every caller passes
    /// here before queueing, and none passes while the check runs: a caller that found no frame queued yet (several
    /// start at once on a new connection of a busy data source) must not look at the socket after another caller's
    /// first query went out, and take its answers, already waiting, for bytes the server sent unasked.
    /// </summary>
    private void CheckBeforeFirstFrame()
    {
        if (_firstFrameChecked)
        {
            return;
        }
        lock (_firstFrameGate)
        {
            if (!_firstFrameChecked)
            {
                EnsureNothingUnasked();
                _firstFrameChecked = true;
            }
        }
    }

    /// <summary>
    /// Before the first frame: the server sends nothing unasked, so bytes already waiting on the socket are a protocol
    /// error (a frame there must never be taken for the answer to the query about to go out). The reader catches what
    /// it receives before the first frame is queued; this catches what has arrived but not yet been received. TLS
    /// records (session tickets) may legitimately wait there, so only a plain socket is checked.
    /// </summary>
    private void EnsureNothingUnasked()
    {
        int waiting;
        try
        {
            waiting = _transport.IsTls ? 0 : _transport.Socket.Available;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            ThrowIfClosed();
            throw new ReqlDriverError($"Connection to {_endpoint} closed: {ex.Message}", ex);
        }
        if (waiting > 0)
        {
            Fail(new ReqlDriverError($"Connection to {_endpoint} closed: protocol error, the server sent {waiting} bytes before the first query."));
        }
        ThrowIfClosed();
    }

    private void Cancel(PendingQuery waiter, long token, bool sendStop, CancellationToken cancelled)
    {
        // Only the one who removes a waiter completes it: a response arriving at the same moment is dropped.
        if (!_pending.TryRemove(token, waiter))
        {
            return;
        }
        waiter.TrySetException(new OperationCanceledException(cancelled));
        if (sendStop && IsOpen)
        {
            // The server may still be running the query (a changefeed, a long scan): STOP frees it and its token.
            // Whatever it answers is dropped, since no waiter is registered for the token any more.
            // This runs inside CancellationTokenSource.Cancel (maybe on a timer thread): it must never throw, nor
            // block on a socket buffer the server has stopped draining, so the frame is written from the pool.
            _writer.Enqueue(token, QueryType.Stop, QueryEncoder.Simple);
            _writer.FlushInBackground();
        }
    }

    /// <summary>
    /// Reads response frames and hands each to its waiter until the socket closes. Runs on the connection's own
    /// thread (see <see cref="ConnectionThread"/>), with blocking receives; never throws.
    /// </summary>
    public void ReadLoop() => _reader.Run();

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closedReason) is { } reason)
        {
            // Every reason given to Fail already reads "Connection to host:port closed...".
            throw new ReqlDriverError(reason.Message, reason);
        }
    }

    /// <summary>Marks the multiplexer closed and fails every waiting query with <paramref name="reason"/>.</summary>
    public void Fail(Exception reason, bool closedByUs = false)
    {
        if (Interlocked.CompareExchange(ref _closedReason, reason, null) is not null)
        {
            return;
        }
        _writer.Close(); // first: no write loop may go on on a socket about to close
        _dispatcher.Close(); // other connections' frames left to this connection's callers to flush go out now
        var waiters = _pending.Close();
        foreach (var waiter in waiters)
        {
            waiter.TrySetException(reason);
        }
        try
        {
            _transport.Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing to shut down.
        }
        _transport.Socket.Close();
        if (!closedByUs)
        {
            // Last: a throwing logger must not leave waiters hanging or the socket open.
            Log.Broken(_logger, _endpoint, waiters.Length, reason.Message);
            Broken?.Invoke(reason);
        }
    }

    /// <summary>Writes whatever is queued, then closes the socket. Pending queries fail as closed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (IsOpen && _writer.HasUnwrittenFrames())
        {
            try
            {
                // Queued frames (noreply queries) go out before the socket closes, unless the server stops reading:
                // then closing must not hang with it.
                // On the pool: the writes are blocking sends, and the timeout must bound them too.
                await Task.Run(_writer.DrainAsync).WaitAsync(DrainTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Fail below closes the socket, which ends the stuck write.
            }
        }
        Fail(new ReqlDriverError($"Connection to {_endpoint} is closed."), closedByUs: true);
        await _reader.Ended.ConfigureAwait(false); // only ever set with a result: the loop reports through Fail
        await _transport.Stream.DisposeAsync().ConfigureAwait(false);
    }
}
