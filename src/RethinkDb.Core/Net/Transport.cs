using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RethinkDb.Net;

/// <summary>Opens the byte stream under a connection: DNS, TCP (every address), optional TLS.</summary>
/// <remarks>
/// Only DNS is asynchronous. TCP and TLS use blocking calls on the connection's own thread (see
/// <see cref="ConnectionThread"/>): on Linux, one asynchronous operation registers a socket with the runtime's
/// epoll thread for good, and from then on every blocking call on it is emulated through that thread (an extra
/// wake-up per receive, measured at about 11 µs of CPU per query). A socket that only ever sees blocking calls is
/// read by the kernel waking its reader directly, as a C client is.
/// </remarks>
internal static class Transport
{
    /// <summary>An open connection's byte stream.</summary>
    /// <param name="Socket">The connected socket.</param>
    /// <param name="Stream">What frames are read from and written to: TLS over <paramref name="Network"/>, or <paramref name="Network"/> itself.</param>
    /// <param name="Network">The socket's own stream (under TLS, if any).</param>
    /// <param name="RemoteEndPoint">The address connected to.</param>
    /// <param name="IsTls">Whether <paramref name="Stream"/> is TLS.</param>
    public sealed record Opened(Socket Socket, Stream Stream, BlockingNetworkStream Network, IPEndPoint RemoteEndPoint, bool IsTls);

    /// <summary>What opening needs before touching a socket: the host's addresses and the CA to trust.</summary>
    public sealed record Target(IPAddress[] Addresses, X509Certificate2Collection? Trust);

    public static async Task<Target> ResolveAsync(ConnectionOptions options, CancellationToken ct)
    {
        // Load the CA file before touching the network: a bad path is a configuration error, reported as such.
        var trust = options.Ssl?.CaCerts is { } caPath ? LoadCaCertificates(caPath) : null;
        var addresses = IPAddress.TryParse(options.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(options.Host, ct).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        return new Target(addresses, trust);
    }

    /// <summary>
    /// Connects (blocking) to the first address that accepts and runs TLS when asked. <paramref name="abort"/> closes
    /// the socket in progress when the open is cancelled or times out, which ends any blocking call on it.
    /// </summary>
    public static Opened Open(Target target, ConnectionOptions options, SocketAbort abort)
    {
        var socket = ConnectAny(target.Addresses, options.Port, abort);
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var stream = new BlockingNetworkStream(socket);
        if (options.Ssl is null)
        {
            return new Opened(socket, stream, stream, remote, IsTls: false);
        }

        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            var auth = new SslClientAuthenticationOptions
            {
                TargetHost = options.Ssl.TargetHost ?? options.Host,
                EnabledSslProtocols = System.Security.Authentication.SslProtocols.None, // the OS's safe defaults
            };
            if (target.Trust is { } trust)
            {
                // Only the given CA(s) are trusted; a name mismatch still fails (SslStream checks TargetHost).
                auth.CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    RevocationMode = X509RevocationMode.NoCheck,
                };
                auth.CertificateChainPolicy.CustomTrustStore.AddRange(trust);
            }
            ssl.AuthenticateAsClient(auth);
            return new Opened(socket, ssl, stream, remote, IsTls: true);
        }
        catch
        {
            ssl.Dispose();
            throw;
        }
    }

    /// <summary>Reads every certificate of a PEM file; a missing, unreadable or empty file names its path.</summary>
    public static X509Certificate2Collection LoadCaCertificates(string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ReqlDriverError($"Cannot read the CA certificate file '{path}' (Ssl.CaCerts): {ex.Message}", ex);
        }
        if (collection.Count == 0)
        {
            throw new ReqlDriverError($"The CA certificate file '{path}' (Ssl.CaCerts) contains no PEM certificate.");
        }
        return collection;
    }

    private static Socket ConnectAny(IPAddress[] addresses, int port, SocketAbort abort)
    {
        List<Exception>? errors = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            {
                NoDelay = true,
            };
            // Keep-alive with short probes: the OS default (2 h 11 min on Linux) would leave queries on a half-open
            // connection (peer gone, no RST) waiting that long; with these a vanished server is noticed within ~1 min.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            abort.Track(socket);
            try
            {
                socket.Connect(new IPEndPoint(address, port));
                return socket;
            }
            catch (SocketException ex) when (!abort.IsAborted)
            {
                socket.Dispose();
                (errors ??= []).Add(new SocketException(ex.ErrorCode, $"{address}:{port}: {ex.Message}"));
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw errors!.Count == 1 ? errors[0] : new AggregateException("Every address of the host refused the connection.", errors);
    }
}
