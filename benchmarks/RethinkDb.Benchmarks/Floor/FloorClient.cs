using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RethinkDb.Net;
using RethinkDb.Protocol;

namespace RethinkDb.Benchmarks.Floor;

/// <summary>
/// The floor: the least a client can do on one socket. Blocking calls on its own thread, no parsing: it replays
/// pre-serialized query frames (only the token changes), keeps a fixed number in flight, and counts response
/// frames by their length prefix. Whatever the driver costs beyond this is the driver's.
/// </summary>
internal sealed class FloorClient : IDisposable
{
    private readonly Socket _socket;
    private readonly ResponseFrameCounter _frames = new();
    private readonly byte[] _discard = new byte[64 * 1024];
    private long _nextToken = 1;

    private FloorClient(Socket socket) => _socket = socket;

    /// <summary>The connected, handshaken socket (for <see cref="AsyncFloorClient"/>).</summary>
    internal Socket Socket => _socket;

    /// <summary>TCP connect and a raw V0_4 handshake (the auth key is the admin password; loopback only).</summary>
    public static FloorClient Connect(string host, int port, string password)
    {
        var socket = OpenSocket(host, port);
        try
        {
            HandshakeV0_4(socket, password);
            return new FloorClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static Socket OpenSocket(string host, int port)
    {
        var address = IPAddress.TryParse(host, out var literal) ? literal : Dns.GetHostAddresses(host)[0];
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The V0_4 handshake with the fewest possible bytes and calls.</summary>
    public static void HandshakeV0_4(Socket socket, string password)
    {
        var key = Encoding.UTF8.GetBytes(password);
        var message = new byte[12 + key.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(message, WireConstants.MagicV0_4);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), key.Length);
        key.CopyTo(message, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8 + key.Length), WireConstants.ProtocolJson);
        SendAll(socket, message);
        var reply = new HandshakeReader(socket).ReadNulTerminated();
        if (!reply.SequenceEqual("SUCCESS"u8.ToArray()))
        {
            throw new InvalidOperationException($"V0_4 handshake refused: {Encoding.UTF8.GetString(reply)}");
        }
    }

    /// <summary>The V1_0 SCRAM-SHA-256 handshake, with the same SCRAM math as the driver (including its PBKDF2 cache).</summary>
    public static void HandshakeV1_0(Socket socket, string user, string password)
    {
        var scram = new Scram(user, password);
        var first = Encoding.UTF8.GetBytes(
            $"{{\"protocol_version\":0,\"authentication_method\":\"SCRAM-SHA-256\",\"authentication\":\"{scram.ClientFirstMessage}\"}}\0");
        var magic = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(magic, WireConstants.MagicV1_0);
        SendAll(socket, [.. magic, .. first]);
        var reader = new HandshakeReader(socket);
        _ = reader.ReadNulTerminated(); // greeting
        var serverFirst = Authentication(reader.ReadNulTerminated());
        var final = Encoding.UTF8.GetBytes($"{{\"authentication\":\"{scram.CreateClientFinal(serverFirst)}\"}}\0");
        SendAll(socket, final);
        scram.VerifyServerFinal(Authentication(reader.ReadNulTerminated()));
    }

    private static string Authentication(byte[] message)
    {
        using var doc = JsonDocument.Parse(message);
        return doc.RootElement.GetProperty("authentication").GetString()!;
    }

    /// <summary>
    /// Reads NUL-terminated handshake messages with as few receive calls as the server's sends allow. The server
    /// sends nothing unasked after the last handshake message, so no query byte can be left in the buffer.
    /// </summary>
    private sealed class HandshakeReader(Socket socket)
    {
        private readonly byte[] _buffer = new byte[4096];
        private int _start, _end;

        public byte[] ReadNulTerminated()
        {
            while (true)
            {
                var nul = Array.IndexOf(_buffer, (byte)0, _start, _end - _start);
                if (nul >= 0)
                {
                    var message = _buffer.AsSpan(_start, nul - _start).ToArray();
                    _start = nul + 1;
                    return message;
                }
                if (_end == _buffer.Length)
                {
                    throw new IOException("Handshake message too long.");
                }
                var count = socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
                if (count == 0)
                {
                    throw new IOException("The server closed the connection during the handshake.");
                }
                _end += count;
            }
        }
    }

    private static void SendAll(Socket socket, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            data = data[socket.Send(data)..];
        }
    }

    /// <summary>
    /// Keeps <paramref name="window"/> copies of the query <paramref name="body"/> in flight (each with a fresh token)
    /// until <paramref name="total"/> responses arrived, or the deadline passed (then it stops sending and drains).
    /// With a window of one it records each round trip's latency in <paramref name="latencies"/>.
    /// </summary>
    /// <returns>The number of responses received.</returns>
    public long Run(ReadOnlySpan<byte> body, int window, long total, long deadline, long[]? latencies = null)
    {
        var frameLength = WireConstants.FrameHeaderSize + body.Length;
        window = (int)Math.Min(window, total);
        var frames = new byte[frameLength * window];
        for (var i = 0; i < window; i++)
        {
            var frame = frames.AsSpan(i * frameLength, frameLength);
            BinaryPrimitives.WriteInt32LittleEndian(frame[8..], body.Length);
            body.CopyTo(frame[WireConstants.FrameHeaderSize..]);
        }

        long sent = 0, received = 0;
        var stopping = false;
        var t0 = Stopwatch.GetTimestamp();
        Send(frames, frameLength, window);
        sent = window;
        while (received < sent)
        {
            var done = _frames.Received(_socket.Receive(_frames.Free.Span, SocketFlags.None));
            if (done == 0)
            {
                continue;
            }
            var now = Stopwatch.GetTimestamp();
            if (latencies is not null)
            {
                latencies[received] = now - t0; // window 1: exactly one response per send
            }
            received += done;
            stopping |= now > deadline;
            var more = stopping ? 0 : (int)Math.Min(done, total - sent);
            if (more > 0)
            {
                t0 = now;
                Send(frames, frameLength, more);
                sent += more;
            }
        }
        return received;
    }

    /// <summary>
    /// Drains a sequence the way a cursor does: sends the START <paramref name="body"/>, and on every partial batch
    /// (<c>"t":3</c>) sends CONTINUE once it has arrived, until the last batch. Reads only the response type of each batch.
    /// </summary>
    /// <returns>The number of batches and of response bytes received.</returns>
    public (long Batches, long Bytes) Drain(ReadOnlySpan<byte> body)
    {
        var token = _nextToken++;
        var start = new byte[WireConstants.FrameHeaderSize + body.Length];
        BinaryPrimitives.WriteInt64LittleEndian(start, token);
        BinaryPrimitives.WriteInt32LittleEndian(start.AsSpan(8), body.Length);
        body.CopyTo(start.AsSpan(WireConstants.FrameHeaderSize));
        var next = new byte[WireConstants.FrameHeaderSize + 3];
        BinaryPrimitives.WriteInt64LittleEndian(next, token);
        BinaryPrimitives.WriteInt32LittleEndian(next.AsSpan(8), 3);
        "[2]"u8.CopyTo(next.AsSpan(WireConstants.FrameHeaderSize));
        SendAll(_socket, start);

        long batches = 0, bytes = 0;
        var buffer = new byte[64 * 1024];
        Span<byte> header = stackalloc byte[WireConstants.FrameHeaderSize + 8];
        while (true)
        {
            // The header and the first bytes of the body ({"t":N...) tell the response type; the rest is skipped.
            ReceiveExactly(header);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            var type = ResponseTypeOf(header[WireConstants.FrameHeaderSize..]);
            var partial = type == (int)ResponseType.SuccessPartial;
            for (var left = length - 8; left > 0;)
            {
                var count = _socket.Receive(buffer, 0, Math.Min(left, buffer.Length), SocketFlags.None);
                if (count == 0)
                {
                    throw new IOException("The server closed the connection.");
                }
                left -= count;
            }
            batches++;
            bytes += length;
            if (partial)
            {
                // As soon as the partial batch is in (the driver's cursor sends it when it starts reading the batch,
                // one batch ahead of its caller: with nothing to decode, this is the same moment).
                SendAll(_socket, next);
            }
            else
            {
                if (type != (int)ResponseType.SuccessSequence)
                {
                    throw new InvalidOperationException($"The sequence ended with response type {type}.");
                }
                return (batches, bytes);
            }
        }
    }

    private static int ResponseTypeOf(ReadOnlySpan<byte> start)
    {
        // The server writes "t" first: {"t":3,"r":[...]}.
        if (!start.StartsWith("{\"t\":"u8))
        {
            throw new InvalidOperationException($"Unexpected response start: {Encoding.UTF8.GetString(start)}");
        }
        var type = 0;
        foreach (var b in start[5..])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                break;
            }
            type = (type * 10) + (b - '0');
        }
        return type;
    }

    private void ReceiveExactly(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var count = _socket.Receive(destination);
            if (count == 0)
            {
                throw new IOException("The server closed the connection.");
            }
            destination = destination[count..];
        }
    }

    /// <summary>Sends each body in turn as a query and waits for its response (one in flight).</summary>
    /// <returns>The number of responses received.</returns>
    public long RunEach(IReadOnlyList<byte[]> bodies)
    {
        var frame = new byte[WireConstants.FrameHeaderSize + bodies.Max(b => b.Length)];
        Span<byte> header = stackalloc byte[WireConstants.FrameHeaderSize];
        foreach (var body in bodies)
        {
            BinaryPrimitives.WriteInt64LittleEndian(frame, _nextToken++);
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), body.Length);
            body.CopyTo(frame, WireConstants.FrameHeaderSize);
            SendAll(_socket, frame.AsSpan(0, WireConstants.FrameHeaderSize + body.Length));
            ReceiveExactly(header);
            var left = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            while (left > 0)
            {
                var count = _socket.Receive(_discard, 0, Math.Min(left, _discard.Length), SocketFlags.None);
                if (count == 0)
                {
                    throw new IOException("The server closed the connection.");
                }
                left -= count;
            }
        }
        return bodies.Count;
    }

    private void Send(byte[] frames, int frameLength, int count)
    {
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(frames.AsSpan(i * frameLength), _nextToken++);
        }
        SendAll(_socket, frames.AsSpan(0, frameLength * count));
    }

    public void Dispose() => _socket.Dispose();
}
