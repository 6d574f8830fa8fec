using System.Net;
using System.Net.Sockets;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>
/// A loopback port whose TCP connects hang: a listener that never accepts, with its accept queue filled, so the
/// kernel drops further SYNs (what a firewalled or unreachable host looks like), without leaving loopback.
/// </summary>
public sealed class BlackHoleListener : IDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _fillers = [];

    private BlackHoleListener(Socket listener) => _listener = listener;

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public static async Task<BlackHoleListener> CreateAsync()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var hole = new BlackHoleListener(listener);
        for (var i = 0; i < 64; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try
            {
                await filler.ConnectAsync(new IPEndPoint(IPAddress.Loopback, hole.Port), cts.Token);
                hole._fillers.Add(filler);
            }
            catch (OperationCanceledException)
            {
                filler.Dispose();
                return hole; // this connect hung: the queue is full
            }
        }
        hole.Dispose();
        throw new InvalidOperationException("Could not fill the accept queue of a loopback listener.");
    }

    public void Dispose()
    {
        foreach (var filler in _fillers)
        {
            filler.Dispose();
        }
        _listener.Dispose();
    }
}
