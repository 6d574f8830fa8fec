using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using RethinkDb.Protocol;

namespace RethinkDb.Net;

/// <summary>
/// Carries many queries over one open socket: writes frames of concurrent callers together, reads response
/// frames in one loop and hands each to the query waiting on its token.
/// </summary>
/// <remarks>
/// One instance per socket; <see cref="Connection.ReconnectAsync"/> replaces it. When the socket breaks, every
/// waiting query fails at once with <see cref="ReqlDriverError"/> and the multiplexer stays closed.
/// </remarks>
internal sealed class Multiplexer : IAsyncDisposable
{
    // Grows on demand (doubling) and keeps its size up to RetainedWriteBuffer: small to start, since every
    // connection of a pool (and every health probe on a new connection) pays for two of them.
    private const int InitialWriteBuffer = 2 * 1024;
    private const int RetainedWriteBuffer = 1024 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly string _endpoint;
    private readonly int _maxResponseSize;
    private readonly ILogger _logger;

    private readonly Lock _pendingLock = new();
    private readonly Dictionary<long, PendingQuery> _pending = [];
    private readonly SemaphoreSlim _inFlight;

    // Frames of concurrent callers accumulate in _toWrite; whoever holds _writeGate swaps it with _writing and
    // writes the whole batch with one call, so 64 small queries in flight cost a few syscalls, not 64.
    private readonly Lock _bufferLock = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private ArrayBufferWriter<byte> _toWrite = new(InitialWriteBuffer);
    private ArrayBufferWriter<byte> _writing = new(InitialWriteBuffer);

    // Write coalescing across a batch of responses: the read loop counts every response it hands to a waiter, and
    // the waiter's SendAsync uncounts it when it resumes. While the count is above zero, a new query only queues
    // its frame: one of the callers still to resume will send it, and the last one to resume flushes whatever is
    // queued. When responses arrive in a batch, the next queries of their callers go out in one write instead of
    // one write each. A lone caller (count back to zero on resuming) sends at once, as before.
    private int _resuming;

    private readonly CancellationTokenSource _shutdown = new();
    private Task _readLoop = Task.CompletedTask;
    private Exception? _closedReason;

    public Multiplexer(Transport.Opened transport, PipeReader reader, ConnectionOptions options, ILogger logger)
    {
        _socket = transport.Socket;
        _stream = transport.Stream;
        RemoteEndPoint = transport.RemoteEndPoint;
        IsTls = transport.IsTls;
        _reader = reader;
        _endpoint = $"{options.Host}:{options.Port}";
        _maxResponseSize = options.MaxResponseSize;
        _inFlight = new SemaphoreSlim(options.MaxInFlightQueries, options.MaxInFlightQueries);
        _logger = logger;
    }

    public IPEndPoint RemoteEndPoint { get; }

    public bool IsTls { get; }

    public bool IsOpen => Volatile.Read(ref _closedReason) is null;

    /// <summary>Why the multiplexer closed, once it has.</summary>
    public Exception? ClosedReason => Volatile.Read(ref _closedReason);

    /// <summary>Completes when the read loop has ended (the socket closed or broke).</summary>
    public Task Completion => _readLoop;

    /// <summary>Number of queries waiting for a response.</summary>
    public int PendingCount
    {
        get
        {
            lock (_pendingLock)
            {
                return _pending.Count;
            }
        }
    }

    public void StartReading() => _readLoop = ReadLoopAsync();

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
        ThrowIfClosed();
        if (throttle)
        {
            await _inFlight.WaitAsync(ct).ConfigureAwait(false);
        }
        var pending = PendingQuery.Rent(token, this, stopOnCancel);
        try
        {
            lock (_pendingLock)
            {
                ThrowIfClosed();
                _pending.Add(token, pending);
            }
            try
            {
                Enqueue(token, state, encode);
            }
            catch
            {
                // The query could not be encoded (a value the serializer rejects): nothing was queued.
                lock (_pendingLock)
                {
                    _pending.Remove(token);
                }
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
            try
            {
                // Registered before flushing: a caller stuck writing to a server that does not read still
                // honours its token (the write goes on in the background; the cancellation sends STOP).
                if (Volatile.Read(ref _resuming) == 0)
                {
                    var flush = FlushAsync();
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
                // flushes (after its await below), so the frames of one batch of responses' callers go out together.
                response = await pending.Task.ConfigureAwait(false);
            }
            finally
            {
                await registration.DisposeAsync().ConfigureAwait(false);
                pending.Return();
            }
            // Only Dispatch completes a waiter with a response, and it counted it in _resuming.
            if (Interlocked.Decrement(ref _resuming) == 0 && HasQueuedFrames())
            {
                await FlushAsync().ConfigureAwait(false);
            }
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

    /// <summary>Sends a frame that gets no response (noreply queries, STOP after a cancellation).</summary>
    public ValueTask SendNoReplyAsync<TState>(long token, TState state, FrameEncoder<TState> encode)
    {
        ThrowIfClosed();
        Enqueue(token, state, encode);
        return FlushAsync();
    }

    private void Cancel(PendingQuery waiter, long token, bool sendStop, CancellationToken cancelled)
    {
        lock (_pendingLock)
        {
            // Only the one who removes a waiter completes it: a response arriving at the same moment is dropped.
            if (!_pending.TryGetValue(token, out var current) || !ReferenceEquals(current, waiter))
            {
                return;
            }
            _pending.Remove(token);
        }
        waiter.TrySetException(new OperationCanceledException(cancelled));
        if (sendStop && IsOpen)
        {
            // The server may still be running the query (a changefeed, a long scan): STOP frees it and its token.
            // Whatever it answers is dropped, since no waiter is registered for the token any more.
            // This runs inside CancellationTokenSource.Cancel (maybe on a timer thread): it must never throw.
            try
            {
                FireAndForget(SendNoReplyAsync(token, QueryType.Stop, QueryEncoder.Simple));
            }
            catch (ReqlDriverError)
            {
                // The connection closed between the check and the send: the server dropped the query with it.
            }
        }
    }

    private static async void FireAndForget(ValueTask task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (ReqlDriverError)
        {
            // The connection closed meanwhile; the query is gone with it.
        }
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    private void Enqueue<TState>(long token, TState state, FrameEncoder<TState> encode)
    {
        // Encode outside the lock into a per-thread buffer, so serializing a large document never holds up the
        // other callers; the lock only covers one copy into the batch.
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(4096);
        scratch.ResetWrittenCount();
        scratch.Advance(WireConstants.FrameHeaderSize);
        encode(scratch, state);
        var frameLength = scratch.WrittenCount;
        if (frameLength - WireConstants.FrameHeaderSize >= WireConstants.MaxQuerySize)
        {
            // The server answers CLIENT_ERROR to such a query and then closes the connection, failing every other
            // query on it: refuse it here, for this caller alone.
            t_scratch = null;
            throw new ReqlDriverError(
                $"The query is {frameLength - WireConstants.FrameHeaderSize} bytes; the server accepts less than {WireConstants.MaxQuerySize} (128 MiB). Split it (e.g. insert in batches).");
        }
        var written = System.Runtime.InteropServices.MemoryMarshal.AsMemory(scratch.WrittenMemory).Span;
        BinaryPrimitives.WriteInt64LittleEndian(written, token);
        BinaryPrimitives.WriteInt32LittleEndian(written[8..], frameLength - WireConstants.FrameHeaderSize);
        lock (_bufferLock)
        {
            written.CopyTo(_toWrite.GetSpan(frameLength));
            _toWrite.Advance(frameLength);
        }
        if (scratch.Capacity > RetainedWriteBuffer)
        {
            t_scratch = null;
        }
    }

    private bool HasQueuedFrames()
    {
        lock (_bufferLock)
        {
            return _toWrite.WrittenCount > 0;
        }
    }

    private async ValueTask FlushAsync()
    {
        while (true)
        {
            if (!_writeGate.Wait(0))
            {
                return; // The current writer re-checks the batch after releasing the gate, so our frame goes out.
            }
            try
            {
                while (true)
                {
                    ArrayBufferWriter<byte> batch;
                    lock (_bufferLock)
                    {
                        if (_toWrite.WrittenCount == 0)
                        {
                            break;
                        }
                        batch = _toWrite;
                        _toWrite = _writing;
                        _writing = batch;
                    }
                    await _stream.WriteAsync(batch.WrittenMemory, _shutdown.Token).ConfigureAwait(false);
                    if (batch.Capacity > RetainedWriteBuffer)
                    {
                        _writing = new ArrayBufferWriter<byte>(InitialWriteBuffer);
                    }
                    else
                    {
                        batch.ResetWrittenCount();
                    }
                }
            }
            catch (Exception ex)
            {
                Fail(new ReqlDriverError($"Connection to {_endpoint} closed: writing to the socket failed: {ex.Message}", ex));
                return;
            }
            finally
            {
                _writeGate.Release();
            }
            lock (_bufferLock)
            {
                if (_toWrite.WrittenCount == 0)
                {
                    return;
                }
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_shutdown.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryReadFrame(ref buffer, out var token, out var body))
                {
                    Dispatch(token, body);
                }
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    error = new ReqlDriverError(buffer.IsEmpty
                        ? $"Connection to {_endpoint} closed by the server."
                        : $"Connection to {_endpoint} closed by the server in the middle of a response frame.");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            error = null; // closed by us; Fail was already called with the reason
        }
        catch (ReqlDriverError ex)
        {
            error = ex;
        }
        catch (Exception ex)
        {
            error = new ReqlDriverError($"Connection to {_endpoint} closed: {ex.Message}", ex);
        }
        if (error is not null)
        {
            Fail(error);
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out long token, out ReadOnlySequence<byte> body)
    {
        token = 0;
        body = default;
        if (buffer.Length < WireConstants.FrameHeaderSize)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[WireConstants.FrameHeaderSize];
        buffer.Slice(0, WireConstants.FrameHeaderSize).CopyTo(header);
        token = BinaryPrimitives.ReadInt64LittleEndian(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (length < 0 || length > _maxResponseSize)
        {
            throw new ReqlDriverError(
                $"Connection to {_endpoint} closed: protocol error, a response frame of {(uint)length} bytes exceeds MaxResponseSize ({_maxResponseSize}).");
        }
        if (buffer.Length < WireConstants.FrameHeaderSize + length)
        {
            return false;
        }
        body = buffer.Slice(WireConstants.FrameHeaderSize, length);
        buffer = buffer.Slice(body.End);
        return true;
    }

    private void Dispatch(long token, in ReadOnlySequence<byte> body)
    {
        PendingQuery? waiter;
        lock (_pendingLock)
        {
            if (_pending.Remove(token, out waiter) is false)
            {
                waiter = null;
            }
        }
        if (waiter is null)
        {
            // A query cancelled by its caller may still be answered; its response is dropped.
            Log.DroppedResponse(_logger, token, _endpoint);
            return;
        }
        Response response;
        try
        {
            response = Response.Parse(token, body);
        }
        catch (ReqlDriverError ex)
        {
            // Mark the connection closed before the caller hears of it: whoever catches the error must already
            // see IsOpen false and have every other pending query failed.
            var error = new ReqlDriverError($"Connection to {_endpoint} closed: {ex.Message}", ex);
            Fail(error);
            waiter.TrySetException(error);
            throw error;
        }
        Interlocked.Increment(ref _resuming);
        if (!waiter.TrySetResult(response))
        {
            response.Dispose();
            if (Interlocked.Decrement(ref _resuming) == 0 && HasQueuedFrames())
            {
                FireAndForget(FlushAsync());
            }
        }
    }

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
        PendingQuery[] waiters;
        lock (_pendingLock)
        {
            waiters = [.. _pending.Values];
            _pending.Clear();
        }
        if (!closedByUs)
        {
            Log.Broken(_logger, _endpoint, waiters.Length, reason.Message);
        }
        foreach (var waiter in waiters)
        {
            waiter.TrySetException(reason);
        }
        _shutdown.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing to shut down.
        }
        _socket.Close();
    }

    /// <summary>How long closing waits for queued frames to be written.</summary>
    internal static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private async Task DrainWritesAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        // Wait for a concurrent writer to finish its batch before the socket goes away.
        await _writeGate.WaitAsync().ConfigureAwait(false);
        _writeGate.Release();
    }

    /// <summary>Writes whatever is queued, then closes the socket. Pending queries fail as closed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (IsOpen)
        {
            try
            {
                // Queued frames (noreply queries) go out before the socket closes, unless the server stops reading:
                // then closing must not hang with it.
                await DrainWritesAsync().WaitAsync(DrainTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Fail below closes the socket, which ends the stuck write.
            }
        }
        Fail(new ReqlDriverError($"Connection to {_endpoint} is closed."), closedByUs: true);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ReqlDriverError)
        {
            // The read loop reports through Fail; nothing more to do here.
        }
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }
}
