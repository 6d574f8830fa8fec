using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

namespace RethinkDb.Net;

/// <summary>
/// The thread that owns one connection's socket: it connects, runs TLS and the handshake with blocking calls,
/// then reads responses until the socket closes.
/// </summary>
/// <remarks>
/// Why a thread: a blocking receive is woken by the kernel straight on the reader, the cheapest way to read a
/// socket (see <see cref="Transport"/>). The callers of small responses resume on it (see <see cref="ResponseBatch"/>;
/// <see cref="DispatchWatchdog"/> covers callers that hold it). The thread is a background thread from
/// <see cref="ConnectionThreadPool"/>, and goes back there when the connection closes.
/// </remarks>
internal static class ConnectionThread
{
    /// <summary>Opens the socket on a new thread and returns the multiplexer reading it.</summary>
    public static Task<Multiplexer> StartAsync(Transport.Target target, ConnectionOptions options, ILogger logger, CancellationToken ct)
    {
        var opened = new TaskCompletionSource<Multiplexer>(TaskCreationOptions.RunContinuationsAsynchronously);
        ConnectionThreadPool.Run(() => Run(target, options, logger, opened, ct));
        return opened.Task;
    }

    private static void Run(Transport.Target target, ConnectionOptions options, ILogger logger,
        TaskCompletionSource<Multiplexer> opened, CancellationToken ct)
    {
        Multiplexer multiplexer;
        try
        {
            multiplexer = Open(target, options, logger, ct);
        }
        catch (Exception ex)
        {
            opened.SetException(ex);
            return;
        }
        opened.SetResult(multiplexer);
        multiplexer.ReadLoop(); // never throws: a failure closes the connection
    }

    private static Multiplexer Open(Transport.Target target, ConnectionOptions options, ILogger logger, CancellationToken ct)
    {
        var abort = new SocketAbort();
        Transport.Opened? transport = null;
        PipeReader? reader = null;
        try
        {
            using (ct.UnsafeRegister(static s => ((SocketAbort)s!).Abort(), abort))
            {
                transport = Transport.Open(target, options, abort);
                Handshake.EnsureKeyMayBeSent(options, transport.IsTls, transport.RemoteEndPoint.Address);
                reader = PipeReader.Create(transport.Stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
                // Every stream call under it is blocking, so this completes on this thread without ever yielding.
                Handshake.RunAsync(transport.Stream, reader, options, ct).GetAwaiter().GetResult();
            }
            // Disposing the registration waited for a callback in progress: past it, the socket is ours for good.
            ct.ThrowIfCancellationRequested();
            if (reader.TryRead(out var result) && !result.Buffer.IsEmpty)
            {
                // The server sends nothing unasked after the handshake: a frame there would be taken for the answer
                // to the first query.
                throw new ReqlDriverError(
                    $"protocol error, the server sent {result.Buffer.Length} bytes after the handshake, before any query.");
            }
            reader.Complete();
            return new Multiplexer(transport, [], options, logger);
        }
        catch (Exception ex)
        {
            reader?.Complete();
            transport?.Stream.Dispose();
            abort.CloseTracked();
            if (abort.IsAborted || ct.IsCancellationRequested)
            {
                // Whatever the closed socket made the blocking call throw, the open was cancelled or timed out.
                throw new OperationCanceledException("Opening the connection was cancelled.", ex, ct);
            }
            throw;
        }
    }
}
