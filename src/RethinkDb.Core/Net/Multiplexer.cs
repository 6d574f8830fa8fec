using System.Buffers;
using System.Buffers.Binary;
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
/// <para>
/// The path of one query: the caller encodes its frame into a per-thread buffer, copies it into the pending batch
/// and, unless callers of just-delivered responses are still resuming (one of them will), writes the batch with a
/// blocking send. The connection's thread (<see cref="ConnectionThread"/>) receives with blocking calls, parses
/// every complete frame of a receive, then resumes their callers one after another on itself
/// (<see cref="ResponseBatch"/>); their next frames go out in one send by the last of them.
/// <see cref="DispatchWatchdog"/> moves the reading to a new thread when a caller holds this one.
/// </para>
/// </remarks>
internal sealed class Multiplexer : IAsyncDisposable
{
    // Grows on demand (doubling) and keeps its size up to RetainedWriteBuffer: small to start, since every
    // connection of a pool (and every health probe on a new connection) pays for two of them.
    private const int InitialWriteBuffer = 2 * 1024;
    private const int RetainedWriteBuffer = 1024 * 1024;

    // Batches up to this size are written by the caller that flushes (a blocking send that returns at once while the
    // socket buffer has room); larger ones on the thread pool, so the caller can still honour its cancellation.
    private const int InlineWriteLimit = 64 * 1024;

    // Room for many small responses per receive; a frame larger than this is received into an array of its own size.
    private const int InitialReadBuffer = 64 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly bool _isPlainSocket;
    private byte[] _readBuffer;
    private int _readStart, _readEnd;
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

    // The reader thread resumes the callers of a batch of responses inline (see ResponseBatch). If one of them holds
    // it for a whole watchdog tick, DispatchWatchdog hands the reading to a new thread (a new generation), which
    // resumes the rest of the batch; the old thread, once its caller returns, helps claim what is left of that batch
    // and ends. _readerLock orders that hand-over against the reader.
    private readonly Lock _readerLock = new();
    private ResponseBatch _batch = new();
    private ResponseBatch? _resumingBatch; // the batch whose callers the current reader generation is resuming
    private int _readerGeneration;
    private bool _dispatching;
    private long _progress;
    private long _seenProgress = -1;

    private readonly TaskCompletionSource _readLoopEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _closedReason;

    /// <summary>Takes over an open, handshaken socket; <see cref="ReadLoop"/> must then run on the connection's thread.</summary>
    /// <param name="transport">The socket and the stream over it (TLS or not).</param>
    /// <param name="leftover">Bytes read past the handshake (the server sends none unasked; kept in case).</param>
    /// <param name="options">The connection's options.</param>
    /// <param name="logger">Where breakage and dropped responses are logged.</param>
    public Multiplexer(Transport.Opened transport, byte[] leftover, ConnectionOptions options, ILogger logger)
    {
        _socket = transport.Socket;
        _stream = transport.Stream;
        _isPlainSocket = !transport.IsTls;
        RemoteEndPoint = transport.RemoteEndPoint;
        IsTls = transport.IsTls;
        // A blocking send waits while the socket buffer is full; if the server reads nothing for this long, the
        // connection is broken (the caller's cancellation cannot interrupt a blocking send, this bound can).
        _socket.SendTimeout = (int)Math.Clamp(options.Timeout.TotalMilliseconds, 1, int.MaxValue); // 0 would mean none
        _readBuffer = new byte[Math.Max(InitialReadBuffer, leftover.Length)];
        leftover.CopyTo(_readBuffer, 0);
        _readEnd = leftover.Length;
        _endpoint = $"{options.Host}:{options.Port}";
        _maxResponseSize = options.MaxResponseSize;
        ResumeOnReaderThread = options.ResumeOnReaderThread;
        _inFlight = new SemaphoreSlim(options.MaxInFlightQueries, options.MaxInFlightQueries);
        _logger = logger;
    }

    public IPEndPoint RemoteEndPoint { get; }

    public bool IsTls { get; }

    /// <summary>Whether small responses resume their callers on the reader thread (<see cref="ConnectionOptions.ResumeOnReaderThread"/>).</summary>
    public bool ResumeOnReaderThread { get; }

    public bool IsOpen => Volatile.Read(ref _closedReason) is null;

    /// <summary>Why the multiplexer closed, once it has.</summary>
    public Exception? ClosedReason => Volatile.Read(ref _closedReason);


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
                // Registered before flushing: a caller whose large batch waits on a server that does not read still
                // honours its token (the write goes on in the background; the cancellation sends STOP). A small batch
                // is one blocking send, bounded by the socket's send timeout.
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
            // Only ResponseBatch.Resume completes a waiter with a response, and ResumeBatch counted it in _resuming.
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
            // This runs inside CancellationTokenSource.Cancel (maybe on a timer thread): it must never throw, nor
            // block on a socket buffer the server has stopped draining, so the frame is written from the pool.
            Enqueue(token, QueryType.Stop, QueryEncoder.Simple);
            FlushInBackground();
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

    /// <summary>
    /// Writes every queued frame, on the calling thread with blocking sends (a send into a socket buffer with room
    /// returns at once). A batch over <see cref="InlineWriteLimit"/> is written on the thread pool instead, so a large
    /// insert does not hold its caller's thread while the server reads it; the returned task then completes when the
    /// queue is empty. Never throws: a failed write closes the connection and fails every waiting query.
    /// </summary>
    private ValueTask FlushAsync() => Flush() is { } background ? new ValueTask(background) : default;

    /// <summary><see cref="FlushAsync"/>: null when everything was written inline, else the background write.</summary>
    private Task? Flush()
    {
        while (true)
        {
            if (!_writeGate.Wait(0))
            {
                return null; // The current writer re-checks the batch after releasing the gate, so our frame goes out.
            }
            Task? background = null;
            try
            {
                background = WriteQueued(inline: true);
            }
            finally
            {
                if (background is null)
                {
                    _writeGate.Release();
                }
            }
            if (background is not null || !HasQueuedFrames())
            {
                return background;
            }
        }
    }

    /// <summary>
    /// With the write gate held: writes queued batches until none is left. Inline, a large batch is handed to the
    /// thread pool with the gate (the returned task); otherwise returns null.
    /// </summary>
    private Task? WriteQueued(bool inline)
    {
        try
        {
            while (true)
            {
                ArrayBufferWriter<byte> batch;
                lock (_bufferLock)
                {
                    if (_toWrite.WrittenCount == 0)
                    {
                        return null;
                    }
                    batch = _toWrite;
                    _toWrite = _writing;
                    _writing = batch;
                }
                if (inline && batch.WrittenCount > InlineWriteLimit)
                {
                    return StartBackgroundWrite(batch);
                }
                WriteBatch(batch);
            }
        }
        catch (Exception ex)
        {
            FailWrite(ex);
            return null;
        }
    }

    // Apart from WriteQueued: a lambda there would allocate its closure on every call, not only for large batches.
    private Task StartBackgroundWrite(ArrayBufferWriter<byte> batch) => Task.Run(() => WriteInBackground(batch));

    private void WriteInBackground(ArrayBufferWriter<byte> batch)
    {
        try
        {
            WriteBatch(batch);
            WriteQueued(inline: false);
        }
        catch (Exception ex)
        {
            FailWrite(ex);
        }
        finally
        {
            _writeGate.Release();
        }
        if (HasQueuedFrames())
        {
            _ = Flush(); // Queued while the gate was ours: written now (on this thread; failures close the connection).
        }
    }

    private void WriteBatch(ArrayBufferWriter<byte> batch)
    {
        var data = batch.WrittenSpan;
        if (_isPlainSocket)
        {
            while (!data.IsEmpty)
            {
                data = data[_socket.Send(data, SocketFlags.None)..];
            }
        }
        else
        {
            _stream.Write(data);
        }
        if (batch.Capacity > RetainedWriteBuffer)
        {
            _writing = new ArrayBufferWriter<byte>(InitialWriteBuffer);
        }
        else
        {
            batch.ResetWrittenCount();
        }
    }

    private void FailWrite(Exception ex) =>
        Fail(new ReqlDriverError((ex as SocketException ?? ex.InnerException as SocketException) is { SocketErrorCode: SocketError.TimedOut }
            ? $"Connection to {_endpoint} closed: the server read nothing of a query for {_socket.SendTimeout / 1000.0:0.###} s (the connection Timeout)."
            : $"Connection to {_endpoint} closed: writing to the socket failed: {ex.Message}", ex));

    /// <summary>
    /// Flushes on the thread pool: for callers that must never block on a full socket buffer (the reader thread's
    /// own code, which would then stop reading what the server is blocked writing; cancellation callbacks). The
    /// callers resumed on the reader do flush inline, as any caller does; a send that blocks them is a caller holding
    /// the reader, which the watchdog covers.
    /// </summary>
    private void FlushInBackground() =>
        ThreadPool.UnsafeQueueUserWorkItem(static m => _ = m.Flush(), this, preferLocal: false);

    /// <summary>
    /// Reads response frames and hands each to its waiter until the socket closes. Runs on the connection's own
    /// thread (see <see cref="ConnectionThread"/>), with blocking receives.
    /// </summary>
    public void ReadLoop() => ReadFromGuarded(generation: 0, leftover: null);

    private void ReadFrom(int generation, ResponseBatch? leftover)
    {
        Exception? error = null;
        var replaced = false;
        try
        {
            if (leftover is not null && !ResumeBatch(leftover, generation, counted: true))
            {
                replaced = true;
                return;
            }
            while (true)
            {
                DispatchBuffered();
                if (_batch.Count > 0)
                {
                    if (!ResumeBatch(_batch, generation, counted: false))
                    {
                        replaced = true;
                        return;
                    }
                    continue; // DispatchBuffered may have stopped before a large frame: look again before receiving.
                }
                var count = Receive(_readBuffer.AsSpan(_readEnd));
                if (count == 0)
                {
                    error = new ReqlDriverError(_readEnd == _readStart
                        ? $"Connection to {_endpoint} closed by the server."
                        : $"Connection to {_endpoint} closed by the server in the middle of a response frame.");
                    break;
                }
                _readEnd += count;
            }
        }
        catch (ReqlDriverError ex)
        {
            error = ex;
        }
        catch (Exception ex)
        {
            error = new ReqlDriverError($"Connection to {_endpoint} closed: {ex.Message}", ex);
        }
        finally
        {
            if (!replaced)
            {
                // After Fail (below, or by whoever closed the socket), so waiters see the connection closed first.
                var reason = error ?? new ReqlDriverError($"Connection to {_endpoint} closed.");
                try
                {
                    Fail(reason); // logs last: a throwing logger must not skip what follows, or closing would hang
                }
                finally
                {
                    // Responses parsed but not handed over yet (a later frame broke the connection): their callers
                    // are no longer in _pending, so Fail did not reach them.
                    _batch.FailUnclaimed(ClosedReason ?? reason);
                    DispatchWatchdog.Unwatch(this);
                    _readLoopEnded.TrySetResult();
                }
            }
        }
    }

    /// <summary>
    /// Resumes the callers of <paramref name="batch"/> on this thread. Returns false when the watchdog handed the
    /// reading to another thread meanwhile: this one must then stop.
    /// </summary>
    private bool ResumeBatch(ResponseBatch batch, int generation, bool counted)
    {
        if (!counted)
        {
            // Every caller of the batch is counted as resuming before the first resumes, so the new queries they send
            // are queued and go out in one write, flushed by the last of them (see _resuming).
            Interlocked.Add(ref _resuming, batch.Count);
            lock (_readerLock)
            {
                _resumingBatch = batch;
                MarkProgress(); // A tick between here and the first caller must not see the previous batch's count.
                Volatile.Write(ref _dispatching, true);
            }
        }
        var dropped = batch.Resume(this);
        if (dropped > 0 && Interlocked.Add(ref _resuming, -dropped) == 0 && HasQueuedFrames())
        {
            FlushInBackground();
        }
        lock (_readerLock)
        {
            if (generation != _readerGeneration)
            {
                return false;
            }
            Volatile.Write(ref _dispatching, false);
            _resumingBatch = null;
        }
        if (ReferenceEquals(batch, _batch))
        {
            batch.Clear(); // Only the reader's own batch is reused; one inherited from a stuck reader is dropped.
        }
        return true;
    }

    /// <summary>Called by <see cref="ResponseBatch"/> before resuming each caller.</summary>
    internal void MarkProgress() => Interlocked.Increment(ref _progress);

    /// <summary>
    /// Called by <see cref="DispatchWatchdog"/> every tick: when the same caller has held the reader since the last
    /// tick, a new thread resumes the rest of the batch and takes over the reading.
    /// </summary>
    internal void CheckReaderProgress()
    {
        if (!Volatile.Read(ref _dispatching))
        {
            return;
        }
        var progress = Volatile.Read(ref _progress);
        if (progress != _seenProgress)
        {
            _seenProgress = progress;
            return;
        }
        ResponseBatch stuck;
        int generation;
        lock (_readerLock)
        {
            // Closed connections too: a caller closing the connection synchronously on the reader waits for the read
            // loop to end, which the new thread does (its receive fails on the closed socket).
            if (!Volatile.Read(ref _dispatching) || Volatile.Read(ref _progress) != progress)
            {
                return;
            }
            // The batch being resumed: the reader's own, or one it inherited from a reader stuck before it.
            stuck = _resumingBatch ?? _batch;
            // Counted first: whoever sees the new reader's work (a caller unblocked by it) must see the count too.
            DispatchWatchdog.CountTakeOver();
            // Started before the generation changes: if no thread can be had, the stuck reader keeps its role.
            StartReaderThread(_readerGeneration + 1, stuck);
            generation = ++_readerGeneration;
            _batch = new ResponseBatch();
            // _dispatching stays set: the new thread resumes what is left of the stuck batch first.
        }
        // Frames queued by callers resumed so far wait for the last caller of the batch to flush them: do not let
        // them wait for the stuck one.
        if (HasQueuedFrames())
        {
            FlushInBackground();
        }
        Log.ReaderTakenOver(_logger, _endpoint, generation, DispatchWatchdog.Period.TotalMilliseconds);
    }

    private void StartReaderThread(int generation, ResponseBatch stuck) =>
        ConnectionThreadPool.Run(() => ReadFromGuarded(generation, stuck));

    /// <summary>
    /// <see cref="ReadFrom"/> on a connection thread (the first reader, which also puts the connection under the
    /// watchdog, or one taking over): nothing may escape a thread, so whatever does fails the connection instead.
    /// </summary>
    private void ReadFromGuarded(int generation, ResponseBatch? leftover)
    {
        try
        {
            if (generation == 0)
            {
                DispatchWatchdog.Watch(this);
            }
            ReadFrom(generation, leftover);
        }
#pragma warning disable CA1031 // An exception escaping a thread ends the process: the connection fails instead.
        catch (Exception ex)
        {
            Fail(new ReqlDriverError($"Connection to {_endpoint} closed: {ex.Message}", ex));
        }
#pragma warning restore CA1031
    }

    /// <summary>
    /// Dispatches every complete frame of the read buffer and makes room for the next receive. A frame too large
    /// for the buffer is received straight into a pooled array of its size (one copy fewer for large batches).
    /// </summary>
    private void DispatchBuffered()
    {
        while (_readEnd - _readStart >= WireConstants.FrameHeaderSize)
        {
            var header = _readBuffer.AsSpan(_readStart, WireConstants.FrameHeaderSize);
            var token = BinaryPrimitives.ReadInt64LittleEndian(header);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            if (length < 0 || length > _maxResponseSize)
            {
                throw new ReqlDriverError(
                    $"Connection to {_endpoint} closed: protocol error, a response frame of {(uint)length} bytes exceeds MaxResponseSize ({_maxResponseSize}).");
            }
            var available = _readEnd - _readStart - WireConstants.FrameHeaderSize;
            if (available >= length)
            {
                var body = _readBuffer.AsSpan(_readStart + WireConstants.FrameHeaderSize, length);
                _readStart += WireConstants.FrameHeaderSize + length;
                var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                body.CopyTo(buffer);
                Dispatch(token, buffer, length);
                continue;
            }
            if (length > _readBuffer.Length - WireConstants.FrameHeaderSize)
            {
                if (_batch.Count > 0)
                {
                    break; // The responses before it go to their callers first, not after the large frame is in.
                }
                ReceiveLargeFrame(token, length, available);
                continue;
            }
            break;
        }
        var left = _readEnd - _readStart;
        if (left > 0 && _readStart > 0)
        {
            _readBuffer.AsSpan(_readStart, left).CopyTo(_readBuffer);
        }
        _readStart = 0;
        _readEnd = left;
    }

    /// <summary>A blocking receive: straight from the socket, or through TLS.</summary>
    private int Receive(Span<byte> target) => _isPlainSocket ? _socket.Receive(target, SocketFlags.None) : _stream.Read(target);

    private void ReceiveLargeFrame(long token, int length, int available)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _readBuffer.AsSpan(_readStart + WireConstants.FrameHeaderSize, available).CopyTo(buffer);
            _readStart = _readEnd = 0;
            for (var received = available; received < length;)
            {
                var count = Receive(buffer.AsSpan(received, length - received));
                if (count == 0)
                {
                    throw new ReqlDriverError($"Connection to {_endpoint} closed by the server in the middle of a response frame.");
                }
                received += count;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        Dispatch(token, buffer, length);
    }

    /// <summary>Hands a response body (in a pooled array, now owned by the response) to the query waiting on its token.</summary>
    private void Dispatch(long token, byte[] body, int length)
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
            ArrayPool<byte>.Shared.Return(body);
            Log.DroppedResponse(_logger, token, _endpoint);
            return;
        }
        Response response;
        try
        {
            response = Response.Parse(token, body, length);
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
        _batch.Add(waiter, response);
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
        foreach (var waiter in waiters)
        {
            waiter.TrySetException(reason);
        }
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing to shut down.
        }
        _socket.Close();
        if (!closedByUs)
        {
            // Last: a throwing logger must not leave waiters hanging or the socket open.
            Log.Broken(_logger, _endpoint, waiters.Length, reason.Message);
        }
    }

    /// <summary>How long closing waits for queued frames to be written.</summary>
    internal static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private async Task DrainWritesAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        // Wait for a concurrent writer to finish its batch before the socket goes away, then write what was queued
        // meanwhile by a caller whose flush found the gate taken.
        await _writeGate.WaitAsync().ConfigureAwait(false);
        _writeGate.Release();
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes whatever is queued, then closes the socket. Pending queries fail as closed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (IsOpen && (HasQueuedFrames() || _writeGate.CurrentCount == 0))
        {
            try
            {
                // Queued frames (noreply queries) go out before the socket closes, unless the server stops reading:
                // then closing must not hang with it.
                // On the pool: the writes are blocking sends, and the timeout must bound them too.
                await Task.Run(DrainWritesAsync).WaitAsync(DrainTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Fail below closes the socket, which ends the stuck write.
            }
        }
        Fail(new ReqlDriverError($"Connection to {_endpoint} is closed."), closedByUs: true);
        await _readLoopEnded.Task.ConfigureAwait(false); // only ever set with a result: the loop reports through Fail
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
