using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of a server (the test server or a real one) whose connections a test can cut, and
/// which it can make refuse new ones for a while: a network failure the real server can be put through without
/// stopping it. It also notes the tokens of the STOP queries clients send (a query <c>[3]</c>), so a test can see
/// a STOP reach a real server. <see cref="Kill"/> makes it a node that died (also a stand-in for a node of the shared
/// real cluster, or for <c>rethinkdb proxy</c>: an address that is in no server_status row).
/// </summary>
internal sealed class CuttingProxy : IAsyncDisposable
{
    // A STOP query on the wire: its 8-byte token, then length 3 (little-endian) and the JSON "[3]".
    private static readonly byte[] StopSignature = [3, 0, 0, 0, (byte)'[', (byte)'3', (byte)']'];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly ConcurrentQueue<long> _stops = new();
    private readonly Task _accepting;
    private volatile bool _refusing;
    private int _accepted;

    public CuttingProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        // Read once: a stopped listener (Kill) reports the port it was asked for (0), not the one it had.
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The proxy's address as a host entry (<c>127.0.0.1:port</c>).</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Connections accepted and forwarded so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Tokens of the STOP queries clients sent through the proxy.</summary>
    public IReadOnlyCollection<long> StoppedTokens => _stops;

    /// <summary>While true, new connections are closed at once (the server looks down).</summary>
    public bool Refusing
    {
        get => _refusing;
        set
        {
            _refusing = value;
            // Paired with the barrier in ForwardAsync: a connection CutAll does not see sees the flag (see there).
            Interlocked.MemoryBarrier();
        }
    }

    /// <summary>Closes every forwarded connection now (both sides see it break).</summary>
    public void CutAll()
    {
        foreach (var socket in _sockets.Keys)
        {
            try
            {
                socket.Close(0);
            }
            catch (ObjectDisposedException)
            {
            }
            _sockets.TryRemove(socket, out _);
        }
    }

    /// <summary>
    /// A node that died: the listener closes (new connections are refused) and every forwarded connection is reset.
    /// </summary>
    public void Kill()
    {
        _listener.Stop();
        Refusing = true; // a connection accepted just before, still being forwarded, is closed too
        CutAll();
    }

    private async Task AcceptAsync()
    {
        while (!_disposed.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_disposed.Token);
            }
            // Killed or disposed: a pending accept fails with one of the first three, an accept that starts after
            // Kill stopped the listener with InvalidOperationException ("Not listening").
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                return;
            }
            if (_refusing)
            {
                client.Close(0);
                continue;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            var address = (await Dns.GetHostAddressesAsync(_targetHost)).First(a => a.AddressFamily == AddressFamily.InterNetwork);
            await server.ConnectAsync(new IPEndPoint(address, _targetPort), _disposed.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            client.Close(0);
            server.Dispose();
            return;
        }
        Interlocked.Increment(ref _accepted);
        _sockets[client] = 0;
        _sockets[server] = 0;
        // Accepted before the proxy started refusing, but registered only now (after the connect to the target): a
        // CutAll that ran meanwhile did not see it, so it is cut here. Either CutAll sees the sockets or this sees the flag.
        Interlocked.MemoryBarrier();
        if (_refusing)
        {
            client.Close(0);
            server.Close(0);
            _sockets.TryRemove(client, out _);
            _sockets.TryRemove(server, out _);
            return;
        }
        var up = PumpAsync(client, server, watchStops: true);
        var down = PumpAsync(server, client, watchStops: false);
        await Task.WhenAny(up, down);
        // One side ended: end the other, as a broken network path would.
        client.Close(0);
        server.Close(0);
        _sockets.TryRemove(client, out _);
        _sockets.TryRemove(server, out _);
        await Task.WhenAll(up, down);
    }

    private async Task PumpAsync(Socket from, Socket to, bool watchStops)
    {
        var buffer = new byte[16 * 1024];
        // The last bytes of the previous read: a STOP may straddle two reads.
        var tail = Array.Empty<byte>();
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _disposed.Token);
                if (read == 0)
                {
                    return;
                }
                if (watchStops)
                {
                    var window = tail.Concat(buffer.Take(read)).ToArray();
                    NoteStops(window, tail.Length);
                    tail = window.Length > 14 ? window[^14..] : window;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _disposed.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Cut, or the other side closed.
        }
    }

    /// <summary>Notes the STOPs in <paramref name="window"/> that end after its first <paramref name="seen"/> bytes (read before).</summary>
    private void NoteStops(byte[] window, int seen)
    {
        var span = window.AsSpan();
        for (var i = 8; i + StopSignature.Length <= span.Length; i++)
        {
            if (i + StopSignature.Length > seen && span.Slice(i, StopSignature.Length).SequenceEqual(StopSignature))
            {
                _stops.Enqueue(BinaryPrimitives.ReadInt64LittleEndian(span.Slice(i - 8, 8)));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        _listener.Stop();
        CutAll();
        await _accepting;
        _disposed.Dispose();
    }
}
