using System.Net;
using System.Net.Sockets;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>Two connected loopback sockets: the driver's end and the server's.</summary>
internal sealed class SocketPair : IDisposable
{
    private SocketPair(Socket client, Socket server)
    {
        Client = client;
        Server = server;
    }

    public Socket Client { get; }

    public Socket Server { get; }

    public static async Task<SocketPair> OpenAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var accepted = listener.AcceptAsync();
        // Connected as the driver connects (a synchronous connect keeps the socket's receives the kernel's blocking ones).
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        return new SocketPair(client, await accepted);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
