using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing;

/// <summary>
/// One client connection of the test server: TLS if asked, the handshake, then the read loop that hands each query
/// frame to its token's queue.
/// </summary>
/// <remarks>
/// The jobs live in files of their own: the handshake (<c>ServerConnection.Handshake.cs</c>), per-token scheduling
/// (<c>ServerConnection.Scheduling.cs</c>), the steps of a query (<c>ServerConnection.Steps.cs</c>), writing answers
/// (<c>ServerConnection.Responses.cs</c>, <see cref="ResponseFrame"/>), and each fault (<c>Faults/</c>).
/// </remarks>
internal sealed partial class ServerConnection : IAsyncDisposable
{
    private readonly RethinkDbTestServer _server;
    private readonly Socket _socket;
    private readonly ConnectionFault _fault;
    private readonly CancellationTokenSource _closed = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<long, QueryEntry> _queries = [];
    private readonly Lock _queriesLock = new();
    private readonly List<Task> _noreplyWork = [];
    private Stream _stream;
    private int _unanswered;
    private string _user = "admin";

    public ServerConnection(RethinkDbTestServer server, Socket socket, TestServerFault fault)
    {
        _server = server;
        _socket = socket;
        _fault = ConnectionFault.Create(fault, server.Options);
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Tokens of open cursors and feeds (for tests that check nothing leaks).</summary>
    public int OpenCursorCount
    {
        get
        {
            lock (_queriesLock)
            {
                return _queries.Values.Count(q => q.HasRows);
            }
        }
    }

    public async Task RunAsync()
    {
        try
        {
            if (_fault.StallsBeforeHandshake)
            {
                await Task.Delay(Timeout.Infinite, _closed.Token).ConfigureAwait(false);
                return;
            }
            if (_server.Options.Tls is { } tls)
            {
                var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = tls.ServerCertificate,
                }, _closed.Token).ConfigureAwait(false);
                _stream = ssl;
            }
            if (!await HandshakeAsync().ConfigureAwait(false))
            {
                return;
            }
            await QueryLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                                       or System.Security.Authentication.AuthenticationException or EndOfStreamException)
        {
            // The client went away or the server is stopping: nothing to answer.
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task QueryLoopAsync()
    {
        if (_fault.StopsReadingQueries)
        {
            await Task.Delay(Timeout.Infinite, _closed.Token).ConfigureAwait(false);
            return;
        }
        var header = new byte[WireConstants.FrameHeaderSize];
        while (!_closed.IsCancellationRequested)
        {
            await _stream.ReadExactlyAsync(header, _closed.Token).ConfigureAwait(false);
            var token = BinaryPrimitives.ReadInt64LittleEndian(header);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
            if (length is < 0 or >= WireConstants.MaxQuerySize)
            {
                // wire_protocol_t::too_large_query_message; the real server then closes the connection too.
                Received(token);
                await SendAsync(token, ResponseType.ClientError, ErrorType.None,
                    [JsonValue.Create($"Query size ({(uint)length}) greater than maximum ({WireConstants.MaxQuerySize - 1}).")]).ConfigureAwait(false);
                return;
            }
            var body = await ReadExactlyAsync(length).ConfigureAwait(false);
            _server.CountQuery();
            switch (await _fault.OnQueryAsync(this, token).ConfigureAwait(false))
            {
                case FaultAction.Skip:
                    continue;
                case FaultAction.Close:
                    return;
            }
            await DispatchAsync(token, body).ConfigureAwait(false);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer, _closed.Token).ConfigureAwait(false);
        return buffer;
    }

    /// <summary>Resets the connection (TCP RST) at once.</summary>
    public void Reset()
    {
        try
        {
            // Linger 0 turns Close into a TCP RST: the client sees a reset, not an orderly close.
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
        _closed.Cancel();
        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed.IsCancellationRequested)
        {
            await _closed.CancelAsync().ConfigureAwait(false);
        }
        lock (_queriesLock)
        {
            foreach (var query in _queries.Values)
            {
                query.Stop();
            }
            _queries.Clear();
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
        _server.Forget(this);
    }
}
