using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RethinkDb.Net;

/// <summary>Opens the byte stream under a connection: DNS, TCP (every address), optional TLS.</summary>
internal static class Transport
{
    public sealed record Opened(Socket Socket, Stream Stream, IPEndPoint RemoteEndPoint, bool IsTls);

    public static async Task<Opened> OpenAsync(ConnectionOptions options, CancellationToken ct)
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

        var socket = await ConnectAnyAsync(addresses, options.Port, ct).ConfigureAwait(false);
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (options.Ssl is null)
        {
            return new Opened(socket, stream, remote, IsTls: false);
        }

        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            var auth = new SslClientAuthenticationOptions
            {
                TargetHost = options.Ssl.TargetHost ?? options.Host,
                EnabledSslProtocols = System.Security.Authentication.SslProtocols.None, // the OS's safe defaults
            };
            if (trust is not null)
            {
                // Only the given CA(s) are trusted; a name mismatch still fails (SslStream checks TargetHost).
                auth.CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    RevocationMode = X509RevocationMode.NoCheck,
                };
                auth.CertificateChainPolicy.CustomTrustStore.AddRange(trust);
            }
            await ssl.AuthenticateAsClientAsync(auth, ct).ConfigureAwait(false);
            return new Opened(socket, ssl, remote, IsTls: true);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
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

    private static async Task<Socket> ConnectAnyAsync(IPAddress[] addresses, int port, CancellationToken ct)
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
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), ct).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
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
