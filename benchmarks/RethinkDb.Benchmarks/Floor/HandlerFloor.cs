using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using RethinkDb.Protocol;

namespace RethinkDb.Benchmarks.Floor;

/// <summary>
/// The floor for handlers that work after their answer: a raw socket read by a blocking loop on its own thread,
/// each response handed to the thread pool, where a work item spins the CPU for the handler's time and then sends
/// its next query (a pre-serialized frame with a fresh token). The least a client that runs its handlers on the
/// pool can do; the driver's hand-off mode does the same plus its own work.
/// </summary>
internal sealed class HandlerFloor(FloorClient client)
{
    private readonly Socket _socket = client.Socket;
    private readonly ResponseFrameCounter _frames = new();
    private readonly Lock _sendLock = new();
    private long _nextToken = 1;

    /// <summary>
    /// Keeps <paramref name="window"/> queries in flight until <paramref name="total"/> were answered and worked on
    /// (or the deadline passed: then no new query starts).
    /// </summary>
    /// <returns>The number of queries answered and worked on.</returns>
    public long Run(byte[] body, int window, long total, long deadline, long workTicks)
    {
        window = (int)Math.Min(window, total);
        long claimed = window, issued = window, received = 0;
        var unfinished = 0;
        var stopping = false;
        // Not disposed: the last handler releases it after the reader may already have seen it finish and returned
        // (a SemaphoreSlim without a wait handle holds nothing the GC does not reclaim).
        var signal = new SemaphoreSlim(0);

        void SendOne()
        {
            var frame = new byte[WireConstants.FrameHeaderSize + body.Length];
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), body.Length);
            body.CopyTo(frame, WireConstants.FrameHeaderSize);
            lock (_sendLock)
            {
                BinaryPrimitives.WriteInt64LittleEndian(frame, _nextToken++);
                for (var data = frame.AsSpan(); !data.IsEmpty;)
                {
                    data = data[_socket.Send(data)..];
                }
            }
        }

        void Handle()
        {
            Spin(workTicks);
            if (!Volatile.Read(ref stopping) && Interlocked.Increment(ref claimed) <= total)
            {
                Interlocked.Increment(ref issued); // before the send: the reader then waits for its answer
                SendOne();
            }
            Interlocked.Decrement(ref unfinished);
            signal.Release();
        }

        var handle = (Action)Handle;
        for (var i = 0; i < window; i++)
        {
            SendOne();
        }
        while (true)
        {
            if (received == Volatile.Read(ref issued))
            {
                // Every query sent is answered: done once no handler is left that could send another.
                if (Volatile.Read(ref unfinished) == 0 && received == Volatile.Read(ref issued))
                {
                    break;
                }
                signal.Wait();
                continue;
            }
            var done = _frames.Received(_socket.Receive(_frames.Free.Span, SocketFlags.None));
            received += done;
            if (Stopwatch.GetTimestamp() > deadline)
            {
                Volatile.Write(ref stopping, true);
            }
            for (var i = 0; i < done; i++)
            {
                Interlocked.Increment(ref unfinished);
                ThreadPool.UnsafeQueueUserWorkItem(static h => h(), handle, preferLocal: false);
            }
        }
        return received;
    }

    /// <summary>Burns the CPU for <paramref name="ticks"/> (a stand-in for a handler mapping and serializing its result).</summary>
    public static void Spin(long ticks)
    {
        var end = Stopwatch.GetTimestamp() + ticks;
        while (Stopwatch.GetTimestamp() < end)
        {
        }
    }
}
