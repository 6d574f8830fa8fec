using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Net;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// Through TLS a receive waits for several answers too (<see cref="ReceiveCoalescing"/>): the receive that times out is
/// SslStream's, below it, and the socket's own stream takes it back (<see cref="BlockingNetworkStream.Coalescing"/>)
/// so that TLS never sees it, where a timeout would be an error.
/// </summary>
public sealed class TlsReceiveCoalescingTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TestCertificates _certificates = TestCertificates.Create("localhost");

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task A_wait_through_TLS_in_which_nothing_comes_leaves_the_socket_to_a_plain_receive_and_the_session_whole()
    {
        await using var tls = await TlsPair.OpenAsync(_certificates);

        // 24 due, none coming within the bound: on Linux the receive below SslStream times out with nothing in.
        var receive = Task.Run(() => tls.Frames.Receive(answersDue: 24));
        await Task.Delay(ReceiveCoalescing.Bound * 50);
        await tls.SendAsync(7, "{\"t\":1,\"r\":[1]}");

        Assert.True(await receive.WaitAsync(Deadline));
        Assert.True(tls.Frames.TryTakeFrame(mayReceiveLargeFrame: true, out var token, out _, out var length));
        Assert.Equal(7, token);
        Assert.Equal("{\"t\":1,\"r\":[1]}".Length, length);
        Assert.Equal(1, tls.Coalescing.LowWaterMark);
        Assert.Equal(0, tls.Socket.ReceiveTimeout);

        // The TLS session still works both ways after the timeout it never saw.
        await tls.SendAsync(8, "{\"t\":1,\"r\":[2]}");
        Assert.True(await Task.Run(() => tls.Frames.Receive(answersDue: 1)).WaitAsync(Deadline));
        Assert.True(tls.Frames.TryTakeFrame(mayReceiveLargeFrame: true, out token, out _, out _));
        Assert.Equal(8, token);
        tls.Client.Write("ping"u8);
        var echoed = new byte[4];
        await tls.Server.ReadExactlyAsync(echoed).AsTask().WaitAsync(Deadline);
        Assert.Equal("ping"u8.ToArray(), echoed);
    }

    [Fact]
    public async Task Many_answers_through_TLS_are_taken_whole_and_in_order_by_receives_that_wait_for_several()
    {
        await using var tls = await TlsPair.OpenAsync(_certificates);

        // 200 answers, a record each, as a server writes them.
        const int answers = 200;
        for (var token = 1; token <= answers; token++)
        {
            await tls.SendAsync(token, $"{{\"t\":1,\"r\":[{token}]}}");
        }
        var waitedForSeveral = false;
        var taken = await Task.Run(() =>
        {
            var next = 1L;
            while (next <= answers && tls.Frames.Receive(answersDue: (int)(answers - next + 1)))
            {
                waitedForSeveral |= tls.Coalescing.LowWaterMark > 1;
                while (tls.Frames.TryTakeFrame(mayReceiveLargeFrame: true, out var token, out _, out _))
                {
                    Assert.Equal(next++, token);
                }
            }
            return next - 1;
        }).WaitAsync(Deadline);

        Assert.Equal(answers, taken);
        Assert.Equal(OperatingSystem.IsLinux(), waitedForSeveral);
    }

    [Fact]
    public async Task Hundreds_of_queries_answered_out_of_order_through_TLS_each_get_their_own_answer()
    {
        // Answers a few milliseconds apart at random, many due: receives wait for several, and some time out below
        // SslStream with nothing in, which must not break the connection.
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions
        {
            Tls = _certificates,
            Fault = TestServerFault.SlowOutOfOrder,
            MaxResponseDelay = TimeSpan.FromMilliseconds(20),
        });
        await using var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        Assert.True(connection.IsTls);

        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => R.Expr(i).RunAsync<int>(connection))).WaitAsync(Deadline);
            Assert.Equal(Enumerable.Range(0, 400), answers);
        }
        Assert.True(connection.IsOpen);
    }

    /// <summary>
    /// A TLS session over a socket pair: the driver's side as <see cref="Transport"/> and the multiplexer set it up (the
    /// socket's stream under SslStream, its timeouts given to the coalescing), read by a frame reader whose receives
    /// count answers as streaming in; and the server's side.
    /// </summary>
    private sealed class TlsPair : IAsyncDisposable
    {
        private readonly SocketPair _pair;

        private TlsPair(SocketPair pair, SslStream client, SslStream server, ReceiveCoalescing coalescing, FrameReader frames)
        {
            _pair = pair;
            Client = client;
            Server = server;
            Coalescing = coalescing;
            Frames = frames;
        }

        public Socket Socket => _pair.Client;

        public SslStream Client { get; }

        public SslStream Server { get; }

        public ReceiveCoalescing Coalescing { get; }

        public FrameReader Frames { get; }

        public static async Task<TlsPair> OpenAsync(TestCertificates certificates)
        {
            var pair = await SocketPair.OpenAsync();
            var network = new BlockingNetworkStream(pair.Client);
            var client = new SslStream(network, leaveInnerStreamOpen: true);
            var server = new SslStream(new NetworkStream(pair.Server, ownsSocket: false));
            var serving = server.AuthenticateAsServerAsync(certificates.ServerCertificate);
            var trust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            trust.CustomTrustStore.Add(certificates.CaCertificate);
            await Task.Run(() => client.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                CertificateChainPolicy = trust,
            })).WaitAsync(Deadline);
            await serving.WaitAsync(Deadline);

            var coalescing = new ReceiveCoalescing(pair.Client);
            network.Coalescing = coalescing;
            var frames = new FrameReader(pair.Client, client, isPlainSocket: false, [], "test", 1 << 20, coalescing);
            var opened = new TlsPair(pair, client, server, coalescing, frames);
            // A first answer, received plainly, takes in what the server sent after the handshake (TLS 1.3 session
            // tickets): bytes that would otherwise fill the first receive that waits for several answers.
            await opened.SendAsync(1000, "{\"t\":1,\"r\":[0]}");
            Assert.True(await Task.Run(() => frames.Receive(answersDue: 1)).WaitAsync(Deadline));
            Assert.True(frames.TryTakeFrame(mayReceiveLargeFrame: true, out var token, out _, out _));
            Assert.Equal(1000, token);
            ReceiveCoalescingTests.Grow(coalescing);
            return opened;
        }

        public async Task SendAsync(long token, string body)
        {
            await Server.WriteAsync(ScriptedServer.Frame(token, body));
            await Server.FlushAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Client.DisposeAsync();
            _pair.Dispose();
        }
    }
}
