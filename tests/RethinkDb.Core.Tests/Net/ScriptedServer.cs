using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// A loopback server for one connection that answers the V0_4 handshake and then does exactly what its script
/// says (send frames no server would, never read, close): faults the real server cannot be made to show.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _run;
    private readonly CancellationTokenSource _stop = new();

    private ScriptedServer(TcpListener listener, Func<Peer, CancellationToken, Task> script)
    {
        _listener = listener;
        _run = Task.Run(() => RunAsync(script));
    }

    /// <summary>Options that connect to this server (V0_4, no password).</summary>
    public ConnectionOptions Options() => new()
    {
        Host = "127.0.0.1",
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
        HandshakeVersion = HandshakeVersion.V0_4,
        Timeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Starts listening; <paramref name="script"/> runs once the handshake of the first connection is done.</summary>
    /// <param name="script">What the server does next; its token is cancelled when the server is disposed.</param>
    /// <param name="afterHandshake">Bytes written in the same write as the handshake's reply.</param>
    /// <param name="receiveBuffer">The accepted socket's receive buffer size (small: a server that stops reading fills up sooner).</param>
    public static ScriptedServer Start(Func<Peer, CancellationToken, Task> script, byte[]? afterHandshake = null, int? receiveBuffer = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        if (receiveBuffer is { } size)
        {
            listener.Server.ReceiveBufferSize = size; // inherited by accepted sockets
        }
        listener.Start();
        return new ScriptedServer(listener, async (peer, ct) =>
        {
            await peer.AnswerHandshakeAsync(afterHandshake ?? [], ct);
            await script(peer, ct);
        });
    }

    private async Task RunAsync(Func<Peer, CancellationToken, Task> script)
    {
        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
        await script(new Peer(client.GetStream()), _stop.Token);
        // Whatever the script left open stays open until the test is done with it.
        await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The script was cut short by the test ending: expected.
        }
        _stop.Dispose();
    }

    /// <summary>The server's end of the connection.</summary>
    internal sealed class Peer(NetworkStream stream)
    {
        public async Task AnswerHandshakeAsync(byte[] extra, CancellationToken ct)
        {
            // V0_4: magic, key length, key, protocol.
            var head = new byte[8];
            await stream.ReadExactlyAsync(head, ct);
            await stream.ReadExactlyAsync(new byte[BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(4)) + 4], ct);
            await stream.WriteAsync((byte[])[.. "SUCCESS\0"u8, .. extra], ct);
        }

        /// <summary>Reads the next query frame: its token and its body.</summary>
        public async Task<(long Token, string Body)> ReadQueryAsync(CancellationToken ct)
        {
            var header = new byte[12];
            await stream.ReadExactlyAsync(header, ct);
            var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8))];
            await stream.ReadExactlyAsync(body, ct);
            return (BinaryPrimitives.ReadInt64LittleEndian(header), Encoding.UTF8.GetString(body));
        }

        public Task SendAsync(long token, string body, CancellationToken ct) => stream.WriteAsync(Frame(token, body), ct).AsTask();
    }

    /// <summary>One response frame: token, length, body.</summary>
    public static byte[] Frame(long token, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var frame = new byte[12 + bytes.Length];
        BinaryPrimitives.WriteInt64LittleEndian(frame, token);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), bytes.Length);
        bytes.CopyTo(frame, 12);
        return frame;
    }
}
