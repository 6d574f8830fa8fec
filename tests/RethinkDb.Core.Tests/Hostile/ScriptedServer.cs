using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// A fake RethinkDB on loopback that runs a script per connection: the hostile server of issue 18. The script gets
/// the raw stream and helpers for the V0_4 handshake and for frames.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Task> _connections = [];

    private ScriptedServer(Func<ScriptedConnection, Task> script)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(script);
    }

    public int Port { get; }

    public static ScriptedServer Start(Func<ScriptedConnection, Task> script) => new(script);

    /// <summary>Options for a V0_4 connection (no SCRAM) to this server.</summary>
    public ConnectionOptions Options(TimeSpan? timeout = null, HandshakeVersion version = HandshakeVersion.V0_4) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        HandshakeVersion = version,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    private async Task AcceptAsync(Func<ScriptedConnection, Task> script)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            lock (_connections)
            {
                _connections.Add(Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await script(new ScriptedConnection(client.GetStream(), _stop.Token));
                        }
                        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or EndOfStreamException or ObjectDisposedException)
                        {
                            // The client went away, or the test is over.
                        }
                    }
                }));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }
        await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}

/// <summary>One accepted connection of a <see cref="ScriptedServer"/>.</summary>
internal sealed class ScriptedConnection(NetworkStream stream, CancellationToken stop)
{
    public NetworkStream Stream { get; } = stream;

    public CancellationToken Stop { get; } = stop;

    /// <summary>Reads the V0_4 handshake (magic, key, protocol) and answers SUCCESS.</summary>
    public async Task AcceptV0_4Async()
    {
        var head = new byte[8];
        await Stream.ReadExactlyAsync(head, Stop);
        await Stream.ReadExactlyAsync(new byte[BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(4)) + 4], Stop);
        await Stream.WriteAsync("SUCCESS\0"u8.ToArray(), Stop);
    }

    /// <summary>Reads one NUL-terminated handshake message (V1_0).</summary>
    public async Task<string> ReadNulTerminatedAsync()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            await Stream.ReadExactlyAsync(one, Stop);
            if (one[0] == 0)
            {
                return Encoding.UTF8.GetString([.. bytes]);
            }
            bytes.Add(one[0]);
        }
    }

    /// <summary>Reads one query frame.</summary>
    public async Task<(long Token, string Body)> ReadQueryAsync()
    {
        var header = new byte[12];
        await Stream.ReadExactlyAsync(header, Stop);
        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8))];
        await Stream.ReadExactlyAsync(body, Stop);
        return (BinaryPrimitives.ReadInt64LittleEndian(header), Encoding.UTF8.GetString(body));
    }

    /// <summary>Sends one response frame with <paramref name="body"/> as its bytes.</summary>
    public async Task SendAsync(long token, byte[] body)
    {
        var frame = new byte[12 + body.Length];
        BinaryPrimitives.WriteInt64LittleEndian(frame, token);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), body.Length);
        body.CopyTo(frame, 12);
        await Stream.WriteAsync(frame, Stop);
    }

    public Task SendAsync(long token, string body) => SendAsync(token, Encoding.UTF8.GetBytes(body));
}
