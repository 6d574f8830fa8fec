using System.Net.Sockets;

namespace RethinkDb.Net;

/// <summary>
/// Ends a blocking open from another thread: the cancellation or timeout of an open closes the socket in progress,
/// which makes the blocking connect, TLS or handshake call on it fail at once.
/// </summary>
internal sealed class SocketAbort
{
    private readonly Lock _lock = new();
    private Socket? _socket;
    private bool _aborted;

    public bool IsAborted
    {
        get
        {
            lock (_lock)
            {
                return _aborted;
            }
        }
    }

    /// <summary>The socket a later <see cref="Abort"/> closes; an abort that came first closes it at once.</summary>
    public void Track(Socket socket)
    {
        lock (_lock)
        {
            _socket = socket;
            if (!_aborted)
            {
                return;
            }
        }
        socket.Dispose();
        throw new OperationCanceledException("Opening the connection was cancelled.");
    }

    /// <summary>Closes the tracked socket after a failed open (without marking the open as aborted).</summary>
    public void CloseTracked()
    {
        Socket? socket;
        lock (_lock)
        {
            socket = _socket;
        }
        socket?.Dispose();
    }

    /// <summary>Closes the tracked socket; called from a cancellation callback, so it never throws.</summary>
    public void Abort()
    {
        Socket? socket;
        lock (_lock)
        {
            _aborted = true;
            socket = _socket;
        }
        socket?.Dispose();
    }
}
