using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using RethinkDb.Protocol;

namespace RethinkDb.Net;

/// <summary>
/// Cuts the bytes of one socket into response frames: blocking receives into one buffer, many small frames per
/// receive, each frame's body copied into a pooled array of its own (which the response then owns).
/// </summary>
/// <remarks>Used by one reader thread at a time (see <see cref="ReaderHandOver"/>); not thread-safe.</remarks>
internal sealed class FrameReader
{
    // Room for many small responses per receive; a frame larger than this is received into an array of its own size.
    private const int InitialReadBuffer = 64 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly bool _isPlainSocket;
    private readonly string _endpoint;
    private readonly int _maxResponseSize;
    private readonly byte[] _buffer;
    private readonly ReceiveCoalescing _coalescing;
    private int _start, _end;

    /// <param name="socket">The connected socket.</param>
    /// <param name="stream">The stream over it (TLS, or a plain stream when <paramref name="isPlainSocket"/>).</param>
    /// <param name="isPlainSocket">Receive straight from the socket (no TLS).</param>
    /// <param name="leftover">Bytes read past the handshake.</param>
    /// <param name="endpoint">host:port, for error messages.</param>
    /// <param name="maxResponseSize">The largest frame accepted; a larger one is a protocol error.</param>
    /// <param name="coalescing">How receives wait for several answers; <see langword="null"/> for the socket's own (tests pass theirs).</param>
    public FrameReader(Socket socket, Stream stream, bool isPlainSocket, byte[] leftover, string endpoint, int maxResponseSize,
        ReceiveCoalescing? coalescing = null)
    {
        _socket = socket;
        _stream = stream;
        _isPlainSocket = isPlainSocket;
        _endpoint = endpoint;
        _maxResponseSize = maxResponseSize;
        _coalescing = coalescing ?? new ReceiveCoalescing(socket);
        _buffer = new byte[Math.Max(InitialReadBuffer, leftover.Length)];
        leftover.CopyTo(_buffer, 0);
        _end = leftover.Length;
    }

    /// <summary>Whether part of a frame has been received (the server closing now cuts a frame).</summary>
    public bool HasPartialFrame => _end > _start;

    /// <summary>
    /// Takes the next complete frame of the buffer. A frame too large for the buffer is received straight into a
    /// pooled array of its size (one copy fewer for large batches), if <paramref name="mayReceiveLargeFrame"/>:
    /// the reader says no while it holds responses whose callers should hear first. Returns false when the buffer
    /// holds no complete frame (it is then compacted for the next <see cref="Receive"/>).
    /// </summary>
    /// <exception cref="ReqlDriverError">A frame longer than MaxResponseSize (framing can no longer be trusted), or the server closed mid-frame.</exception>
    /// <exception cref="SocketException">Receiving failed.</exception>
    public bool TryTakeFrame(bool mayReceiveLargeFrame, out long token, out byte[] body, out int length)
    {
        if (_end - _start >= WireConstants.FrameHeaderSize)
        {
            var header = _buffer.AsSpan(_start, WireConstants.FrameHeaderSize);
            token = BinaryPrimitives.ReadInt64LittleEndian(header);
            length = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            if (length < 0 || length > _maxResponseSize)
            {
                throw new ReqlDriverError(
                    $"Connection to {_endpoint} closed: protocol error, a response frame of {(uint)length} bytes exceeds MaxResponseSize ({_maxResponseSize}).");
            }
            var available = _end - _start - WireConstants.FrameHeaderSize;
            if (available >= length)
            {
                body = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                _buffer.AsSpan(_start + WireConstants.FrameHeaderSize, length).CopyTo(body);
                _start += WireConstants.FrameHeaderSize + length;
                return true;
            }
            if (length > _buffer.Length - WireConstants.FrameHeaderSize && mayReceiveLargeFrame)
            {
                body = ReceiveLargeFrame(length, available);
                return true;
            }
        }
        Compact();
        token = 0;
        body = [];
        length = 0;
        return false;
    }

    /// <summary>
    /// Receives more bytes (blocking); returns false when the server closed the connection. With many answers due and
    /// coming fast it waits for several of them (<see cref="ReceiveCoalescing"/>).
    /// </summary>
    /// <param name="answersDue">Waiting queries the server answers as soon as it has run them.</param>
    public bool Receive(int answersDue)
    {
        _coalescing.Prepare(answersDue, HasPartialFrame);
        int count;
        try
        {
            count = ReceiveInto(_buffer.AsSpan(_end));
        }
        catch (SocketException ex) when (_coalescing.GiveUp(ex))
        {
            // Nothing came within the bound: the answers counted on are slow ones; wait for whatever comes first.
            count = ReceiveInto(_buffer.AsSpan(_end));
        }
        _coalescing.Received();
        _end += count;
        return count > 0;
    }

    /// <summary>A blocking receive: straight from the socket, or through TLS.</summary>
    private int ReceiveInto(Span<byte> target) => _isPlainSocket ? _socket.Receive(target, SocketFlags.None) : _stream.Read(target);

    private void Compact()
    {
        var left = _end - _start;
        if (left > 0 && _start > 0)
        {
            _buffer.AsSpan(_start, left).CopyTo(_buffer);
        }
        _start = 0;
        _end = left;
    }

    private byte[] ReceiveLargeFrame(int length, int available)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _coalescing.Prepare(answersDue: 0, partialFrame: true);
            _buffer.AsSpan(_start + WireConstants.FrameHeaderSize, available).CopyTo(buffer);
            _start = _end = 0;
            for (var received = available; received < length;)
            {
                var count = ReceiveInto(buffer.AsSpan(received, length - received));
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
        return buffer;
    }
}
