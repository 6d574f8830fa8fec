using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using RethinkDb.Protocol;

namespace RethinkDb.Net;

/// <summary>
/// Writes the query frames of one socket: frames of concurrent callers are queued together and written in one
/// send by whoever holds the write gate, so 64 small queries in flight cost a few syscalls, not 64.
/// </summary>
/// <remarks>
/// Sends are blocking: a send into a socket buffer with room returns at once, and the socket's send timeout (the
/// connection Timeout) bounds one the server does not drain. A write that fails reports to the owner through the
/// callback given at construction; the writer never throws to a flushing caller.
/// </remarks>
#pragma warning disable CA1001 // _writeGate: a SemaphoreSlim needs disposing only once its AvailableWaitHandle was used, never here.
internal sealed class FrameWriter
#pragma warning restore CA1001
{
    // Grows on demand (doubling) and keeps its size up to RetainedWriteBuffer: small to start, since every
    // connection of a pool (and every health probe on a new connection) pays for two of them.
    private const int InitialWriteBuffer = 2 * 1024;
    private const int RetainedWriteBuffer = 1024 * 1024;

    // Batches up to this size are written by the caller that flushes (a blocking send that returns at once while the
    // socket buffer has room); larger ones on the thread pool, so the caller can still honour its cancellation.
    private const int InlineWriteLimit = 64 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly bool _isPlainSocket;
    private readonly string _endpoint;
    private readonly TimeSpan _sendTimeout;
    private readonly Action<ReqlDriverError> _onFailed;

    // Frames of concurrent callers accumulate in _toWrite; whoever holds _writeGate swaps it with _writing and
    // writes the whole batch with one call.
    private readonly Lock _bufferLock = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private ArrayBufferWriter<byte> _toWrite = new(InitialWriteBuffer);
    private ArrayBufferWriter<byte> _writing = new(InitialWriteBuffer);
    private long _highestToken;
    private long _lowestToken;
    private bool _closed;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    private static long s_writesAttempted;

    [ThreadStatic]
    private static long t_sendTicks;

    /// <summary>
    /// Stopwatch ticks this thread has spent in sends: the dispatcher leaves them out of the time a continuation held
    /// the reader (the last caller of a batch writes the next queries of all its callers: the driver's work, not its own).
    /// </summary>
    public static long SendTicksOfThisThread => t_sendTicks;

    /// <summary>How many batches writers of this process have tried to send (for tests and diagnostics).</summary>
    public static long WritesAttempted => Interlocked.Read(ref s_writesAttempted);

    /// <param name="socket">The connected socket (its send timeout is set here).</param>
    /// <param name="stream">The stream over it (TLS, or a plain stream when <paramref name="isPlainSocket"/>).</param>
    /// <param name="isPlainSocket">Write with <see cref="Socket.Send(ReadOnlySpan{byte}, SocketFlags)"/> (no TLS).</param>
    /// <param name="sendTimeout">How long a send may block on a server that reads nothing before the connection breaks.</param>
    /// <param name="endpoint">host:port, for error messages.</param>
    /// <param name="onFailed">Breaks the connection when a write fails.</param>
    public FrameWriter(Socket socket, Stream stream, bool isPlainSocket, TimeSpan sendTimeout, string endpoint, Action<ReqlDriverError> onFailed)
    {
        _socket = socket;
        _stream = stream;
        _isPlainSocket = isPlainSocket;
        _endpoint = endpoint;
        _sendTimeout = sendTimeout;
        _onFailed = onFailed;
        // A blocking send waits while the socket buffer is full; if the server reads nothing for this long, the
        // connection is broken (the caller's cancellation cannot interrupt a blocking send, this bound can).
        _socket.SendTimeout = (int)Math.Clamp(sendTimeout.TotalMilliseconds, 1, int.MaxValue); // 0 would mean none
    }

    /// <summary>Whether a write is under way (a batch being sent, maybe blocked on the server).</summary>
    public bool IsWriting => _writeGate.CurrentCount == 0;

    /// <summary>
    /// The highest token of any frame queued so far (0 before the first): a response for a higher token answers no
    /// query of this connection.
    /// </summary>
    /// <remarks>Tokens come from one increasing counter per connection, shared by its handles.</remarks>
    public long HighestToken => Volatile.Read(ref _highestToken);

    /// <summary>
    /// The token of the first frame queued (0 before it): a response for a lower one answers no query of this
    /// connection either (the connection's first token is random, see <see cref="Connection"/>).
    /// </summary>
    public long LowestToken => Volatile.Read(ref _lowestToken);

    /// <summary>
    /// Stops writing for good (the connection broke or was closed): queued frames are dropped, and every write loop
    /// ends at its next check instead of retrying on a closed socket.
    /// </summary>
    public void Close()
    {
        lock (_bufferLock)
        {
            Volatile.Write(ref _closed, true);
            _toWrite.ResetWrittenCount();
        }
    }

    private bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>Encodes one frame (header and body) and queues it; <see cref="FlushAsync"/> writes it.</summary>
    /// <exception cref="ReqlDriverError">The query is larger than the server accepts; nothing was queued.</exception>
    public void Enqueue<TState>(long token, TState state, FrameEncoder<TState> encode)
    {
        // Encode outside the lock into a per-thread buffer, so serializing a large document never holds up the
        // other callers; the lock only covers one copy into the batch.
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(4096);
        scratch.ResetWrittenCount();
        scratch.Advance(WireConstants.FrameHeaderSize);
        try
        {
            encode(scratch, state);
        }
        catch
        {
            // A query refused while being written (too large, too deep, not serializable) may have grown the
            // buffer to hundreds of MiB: never keep such a buffer pinned to this thread.
            if (scratch.Capacity > RetainedWriteBuffer)
            {
                t_scratch = null;
            }
            throw;
        }
        var frameLength = scratch.WrittenCount;
        if (frameLength - WireConstants.FrameHeaderSize >= WireConstants.MaxQuerySize)
        {
            // The server answers CLIENT_ERROR to such a query and then closes the connection, failing every other
            // query on it: refuse it here, for this caller alone.
            t_scratch = null;
            throw new ReqlDriverError(
                $"The query is {frameLength - WireConstants.FrameHeaderSize} bytes; the server accepts less than {WireConstants.MaxQuerySize} (128 MiB). Split it (e.g. insert in batches).");
        }
        var written = MemoryMarshal.AsMemory(scratch.WrittenMemory).Span;
        BinaryPrimitives.WriteInt64LittleEndian(written, token);
        BinaryPrimitives.WriteInt32LittleEndian(written[8..], frameLength - WireConstants.FrameHeaderSize);
        lock (_bufferLock)
        {
            written.CopyTo(_toWrite.GetSpan(frameLength));
            _toWrite.Advance(frameLength);
            if (token > _highestToken)
            {
                Volatile.Write(ref _highestToken, token);
            }
            if (token < _lowestToken || _lowestToken == 0)
            {
                Volatile.Write(ref _lowestToken, token);
            }
        }
        if (scratch.Capacity > RetainedWriteBuffer)
        {
            t_scratch = null;
        }
    }

    /// <summary>Whether any frame has not gone out yet: queued, or in a write under way.</summary>
    public bool HasUnwrittenFrames() => IsWriting || HasQueuedFrames();

    /// <summary>Whether frames wait to be written.</summary>
    public bool HasQueuedFrames()
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
    public ValueTask FlushAsync() => Flush() is { } background ? new ValueTask(background) : default;

    /// <summary>
    /// <see cref="FlushAsync"/> for a caller that does not wait for it: small batches are written on this thread, a large
    /// one goes on in the background. Never throws.
    /// </summary>
    public void FlushWithoutWaiting() => _ = Flush();

    /// <summary>
    /// Flushes on the thread pool: for callers that must never block on a full socket buffer (the reader thread's
    /// own code, which would then stop reading what the server is blocked writing; cancellation callbacks). The
    /// callers resumed on the reader do flush inline, as any caller does; a send that blocks them is a caller holding
    /// the reader, which the watchdog covers.
    /// </summary>
    public void FlushInBackground() =>
        ThreadPool.UnsafeQueueUserWorkItem(static w => _ = w.Flush(), this, preferLocal: false);

    /// <summary>Writes what is queued, then waits for a concurrent writer to finish and writes what it left.</summary>
    public async Task DrainAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        // Wait for a concurrent writer to finish its batch before the socket goes away, then write what was queued
        // meanwhile by a caller whose flush found the gate taken.
        await _writeGate.WaitAsync().ConfigureAwait(false);
        _writeGate.Release();
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary><see cref="FlushAsync"/>: null when everything was written inline, else the background write.</summary>
    private Task? Flush()
    {
        // Ends once the queue is empty, which a closed writer keeps it (Close drops the frames, WriteQueued writes none).
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
            if (background is not null || IsClosed || !HasQueuedFrames())
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
                    if (_closed)
                    {
                        _toWrite.ResetWrittenCount(); // queued after Close: nobody will read an answer to it
                        return null;
                    }
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
        if (!IsClosed && HasQueuedFrames())
        {
            _ = Flush(); // Queued while the gate was ours: written now (on this thread; failures close the connection).
        }
    }

    private void WriteBatch(ArrayBufferWriter<byte> batch)
    {
        Interlocked.Increment(ref s_writesAttempted);
        var data = batch.WrittenSpan;
        var started = Stopwatch.GetTimestamp();
        try
        {
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
        }
        catch
        {
            // What is left of the batch is dropped with the connection, never sent again: a batch left full would be
            // swapped back into the queue and retried on the closed socket forever.
            batch.ResetWrittenCount();
            throw;
        }
        finally
        {
            t_sendTicks += Stopwatch.GetTimestamp() - started;
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

    /// <summary>Reports a failed write as the connection breaking.</summary>
    /// <remarks>Reads nothing from the socket, which may be closed by now (the reader saw the server go).</remarks>
    internal void FailWrite(Exception ex) =>
        _onFailed(new ReqlDriverError((ex as SocketException ?? ex.InnerException as SocketException) is { SocketErrorCode: SocketError.TimedOut }
            ? $"Connection to {_endpoint} closed: the server read nothing of a query for {_sendTimeout.TotalSeconds:0.###} s (the connection Timeout)."
            : $"Connection to {_endpoint} closed: writing to the socket failed: {ex.Message}", ex));
}
