using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Protocol;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Net;

public class ConnectFailureTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_refused_port_is_a_driver_error_with_host_port_and_cause()
    {
        var port = UnusedPort();
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() =>
            Connection.OpenAsync(new ConnectionOptions { Host = "127.0.0.1", Port = port, Timeout = ShortTimeout }));
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public async Task An_unresolvable_host_is_a_driver_error()
    {
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() =>
            Connection.OpenAsync(new ConnectionOptions { Host = "no-such-host.invalid", Timeout = TimeSpan.FromSeconds(5) }));
        Assert.Contains("no-such-host.invalid:28015", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task A_black_holed_connect_times_out_on_time()
    {
        using var hole = await BlackHoleListener.CreateAsync();
        await AssertTimesOutOnTime(new ConnectionOptions { Host = "127.0.0.1", Port = hole.Port, Timeout = ShortTimeout });
    }

    [Fact]
    public async Task A_stalled_handshake_times_out_on_time()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.AcceptAndStall });
        var options = server.CreateConnectionOptions();
        options.Timeout = ShortTimeout;
        await AssertTimesOutOnTime(options);
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_stalled_V0_4_handshake_times_out_on_time()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.AcceptAndStall });
        var options = server.CreateConnectionOptions();
        options.HandshakeVersion = HandshakeVersion.V0_4;
        options.Timeout = ShortTimeout;
        await AssertTimesOutOnTime(options);
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancellation_not_a_driver_error()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.AcceptAndStall });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Connection.OpenAsync(server.CreateConnectionOptions(), cts.Token));
        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Theory]
    [InlineData(HandshakeVersion.V0_4, "192.0.2.10", false, "key", false, true)]    // remote, plain TCP, a key: refused
    [InlineData(HandshakeVersion.V0_4, "192.0.2.10", true, "key", false, false)]    // TLS protects the key
    [InlineData(HandshakeVersion.V0_4, "127.0.0.1", false, "key", false, false)]    // loopback never leaves the machine
    [InlineData(HandshakeVersion.V0_4, "::1", false, "key", false, false)]
    [InlineData(HandshakeVersion.V0_4, "192.0.2.10", false, "", false, false)]      // an empty key reveals nothing
    [InlineData(HandshakeVersion.V0_4, "192.0.2.10", false, "key", true, false)]    // explicit opt-in
    [InlineData(HandshakeVersion.V1_0, "192.0.2.10", false, "key", false, false)]   // SCRAM never sends the password
    public void Only_V0_4_refuses_to_send_a_key_in_the_clear_to_a_remote_host(HandshakeVersion version, string address, bool tls,
        string key, bool allow, bool refused)
    {
        var options = new ConnectionOptions { HandshakeVersion = version, AuthKey = key, AllowPlaintextAuthKey = allow };
        var check = () => RethinkDb.Net.Handshake.EnsureKeyMayBeSent(options, tls, IPAddress.Parse(address));
        if (refused)
        {
            var error = Assert.Throws<ReqlDriverError>(check);
            Assert.Contains("in the clear", error.Message, StringComparison.Ordinal);
        }
        else
        {
            check();
        }
    }

    [Fact]
    public async Task V0_4_sends_the_key_over_loopback()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { AdminPassword = "k" });
        await using var connection = await Connection.OpenAsync(new ConnectionOptions
        {
            Host = server.Host,
            Port = server.Port,
            HandshakeVersion = HandshakeVersion.V0_4,
            AuthKey = "k",
        });
        Assert.True(connection.IsOpen);
    }

    private static async Task AssertTimesOutOnTime(ConnectionOptions options)
    {
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ReqlTimeoutError>(() => Connection.OpenAsync(options));
        watch.Stop();
        Assert.Contains($"{options.Host}:{options.Port}", error.Message, StringComparison.Ordinal);
        // Not before the timeout, and not long after it: the timeout's timer fires on the thread pool, which the other
        // test assemblies running beside this one can keep busy for seconds (a clean-clone CI run took 5.4 s for a
        // 1.5 s timeout under a 3 s margin). A connect left to the system would take minutes, so 10 s still tells.
        Assert.True(watch.Elapsed >= options.Timeout - TimeSpan.FromMilliseconds(50), $"gave up after {watch.Elapsed}");
        Assert.True(watch.Elapsed < options.Timeout + TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
