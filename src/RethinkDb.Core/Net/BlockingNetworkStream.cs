using System.Net.Sockets;

namespace RethinkDb.Net;

/// <summary>
/// A <see cref="NetworkStream"/> whose asynchronous methods run the blocking ones, so that code written against
/// async streams (SslStream, PipeReader, the handshake) never issues an asynchronous socket operation.
/// </summary>
/// <remarks>
/// Used only on the connection's own thread during the open and, for TLS, by the blocking reads and writes of the
/// multiplexer; see <see cref="Transport"/> for why the socket must stay out of the runtime's epoll loop.
/// </remarks>
internal sealed class BlockingNetworkStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    /// <summary>
    /// The connection's receive coalescing, asked when a receive fails (<see cref="ReceiveCoalescing.GiveUp"/>): when
    /// the failure was the bound of a receive waiting for several answers, the read is retried here, so that TLS above
    /// never sees a timeout that is not a failure. Null (before the multiplexer takes the socket): every failure is one.
    /// </summary>
    public ReceiveCoalescing? Coalescing { get; set; }

    // The one read to override: NetworkStream sends the span reads of a derived type (SslStream's) here, through
    // Stream.Read(Span), so a span override would only ever see timeouts this one has already taken back.
    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return base.Read(buffer, offset, count);
        }
        catch (IOException ex) when (ex.InnerException is SocketException failure && Coalescing?.GiveUp(failure) == true)
        {
            return base.Read(buffer, offset, count);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(buffer, offset, count));
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override int EndRead(IAsyncResult asyncResult) => TaskToAsyncResult.End<int>(asyncResult);

    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
}
