using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using RethinkDb.Protocol;

namespace RethinkDb.Benchmarks.Floor;

/// <summary>
/// A second reference, not the floor of the ratios: the least an <em>async</em> .NET client can do. One receive
/// loop with <c>await Socket.ReceiveAsync</c> (epoll thread, then a thread-pool work item per receive, as for every
/// .NET async socket) that counts response frames and sends as many new frames from the same loop, in one send.
/// No per-query continuation, no parsing. The driver's gap to this is the driver's; this one's gap to the
/// blocking floor is the cost of .NET's async socket model on the machine.
/// </summary>
internal sealed class AsyncFloorClient : IDisposable
{
    private readonly FloorClient _connection;
    private readonly Socket _socket;
    private readonly ResponseFrameCounter _frames = new();
    private long _nextToken = 1;

    private AsyncFloorClient(FloorClient connection)
    {
        _connection = connection;
        _socket = connection.Socket;
    }

    public static AsyncFloorClient Connect(string host, int port, string password) => new(FloorClient.Connect(host, port, password));

    /// <summary>Same contract as <see cref="FloorClient.Run"/>.</summary>
    public async Task<long> RunAsync(byte[] body, int window, long total, long deadline, long[]? latencies = null)
    {
        var frameLength = WireConstants.FrameHeaderSize + body.Length;
        window = (int)Math.Min(window, total);
        var frames = new byte[frameLength * window];
        for (var i = 0; i < window; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(frames.AsSpan((i * frameLength) + 8), body.Length);
            body.CopyTo(frames.AsSpan((i * frameLength) + WireConstants.FrameHeaderSize));
        }
        long sent = window, received = 0;
        var stopping = false;
        var t0 = Stopwatch.GetTimestamp();
        await SendAsync(frames, frameLength, window).ConfigureAwait(false);
        while (received < sent)
        {
            var done = _frames.Received(await _socket.ReceiveAsync(_frames.Free, SocketFlags.None).ConfigureAwait(false));
            if (done == 0)
            {
                continue;
            }
            var now = Stopwatch.GetTimestamp();
            if (latencies is not null)
            {
                latencies[received] = now - t0;
            }
            received += done;
            stopping |= now > deadline;
            var more = stopping ? 0 : (int)Math.Min(done, total - sent);
            if (more > 0)
            {
                t0 = now;
                await SendAsync(frames, frameLength, more).ConfigureAwait(false);
                sent += more;
            }
        }
        return received;
    }

    private async ValueTask SendAsync(byte[] frames, int frameLength, int count)
    {
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(frames.AsSpan(i * frameLength), _nextToken++);
        }
        var data = frames.AsMemory(0, frameLength * count);
        while (!data.IsEmpty)
        {
            data = data[await _socket.SendAsync(data, SocketFlags.None).ConfigureAwait(false)..];
        }
    }

    public void Dispose() => _connection.Dispose();
}
