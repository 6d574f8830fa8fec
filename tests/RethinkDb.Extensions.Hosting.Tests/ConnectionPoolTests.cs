using RethinkDb.Testing;

namespace RethinkDb.Extensions.Hosting.Tests;

public sealed class ConnectionPoolTests
{
    [Fact]
    public async Task Disposing_a_handle_returns_it_and_keeps_the_socket()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var pool = CreatePool(server);

        var handle = await pool.OpenAsync();
        await handle.ServerAsync();
        await handle.DisposeAsync();
        await using var next = await pool.OpenAsync();

        Assert.False(handle.IsOpen);
        Assert.True(next.IsOpen);
        await next.ServerAsync();
        Assert.Equal(1, server.ConnectionsAccepted);
        Assert.Equal(1, server.OpenConnections);
    }

    [Fact]
    public async Task Closing_a_handle_never_closes_the_socket_others_use()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var pool = CreatePool(server, o => o.MaxConnections = 1);
        await using var other = await pool.OpenAsync();

        var handle = await pool.OpenAsync();
        await handle.CloseAsync(noreplyWait: true);

        Assert.True(other.IsOpen);
        await other.ServerAsync();
        Assert.Equal(1, server.ConnectionsAccepted);
        await Assert.ThrowsAsync<InvalidOperationException>(() => other.ReconnectAsync());
    }

    [Fact]
    public async Task Use_changes_only_the_handles_default_database()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var pool = CreatePool(server, o => o.Db = "marvel");

        await using var a = await pool.OpenAsync();
        await using var b = await pool.OpenAsync();
        a.Use("dc");
        await using var c = await pool.OpenAsync();

        Assert.Equal("dc", a.Db);
        Assert.Equal("marvel", b.Db);
        Assert.Equal("marvel", c.Db);
    }

    [Fact]
    public async Task Concurrent_callers_on_an_empty_pool_cause_one_handshake()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var pool = CreatePool(server, o => o.MaxConnections = 1);

        var handles = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => pool.OpenAsync().AsTask()));
        await Task.WhenAll(handles.Select(h => h.ServerAsync()));

        Assert.Equal(1, server.ConnectionsAccepted);
        foreach (var handle in handles)
        {
            await handle.DisposeAsync();
        }
    }

    [Fact]
    public async Task Busy_connections_make_the_pool_grow_up_to_its_maximum()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var pool = CreatePool(server, o => o.MaxConnections = 3);
        var held = new List<Connection>();

        // Each handle held makes the next caller find every connection busy: the pool opens another in the background.
        for (var i = 0; i < 12; i++)
        {
            held.Add(await pool.OpenAsync());
            await WaitUntilAsync(() => !pool.IsOpening);
        }

        Assert.Equal(3, pool.OpenConnections);
        Assert.Equal((0, 3), pool.CountConnections()); // handles spread over all three
        Assert.Equal(3, server.ConnectionsAccepted);
        foreach (var handle in held)
        {
            await handle.ServerAsync();
            await handle.DisposeAsync();
        }
        Assert.Equal((3, 0), pool.CountConnections());
    }

    [Fact]
    public async Task A_broken_connection_is_replaced()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var pool = CreatePool(server, o => o.MaxConnections = 1);
        await using (var first = await pool.OpenAsync())
        {
            await first.ServerAsync();
        }

        server.ResetAllConnections();
        await WaitUntilAsync(() => pool.OpenConnections == 0);
        await using var replacement = await pool.OpenAsync();

        Assert.Equal(server.ServerId.ToString(), (await replacement.ServerAsync()).Id); // answered over the new socket
        Assert.Equal(2, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_failed_open_is_reported_to_the_caller_and_retried_by_the_next()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.CloseDuringHandshake });
        await using var pool = CreatePool(server);

        await Assert.ThrowsAnyAsync<ReqlDriverError>(() => pool.OpenAsync().AsTask());
        server.Fault = TestServerFault.None;
        await using var handle = await pool.OpenAsync();

        Assert.Equal(server.ServerId.ToString(), (await handle.ServerAsync()).Id);
        Assert.Equal(2, server.ConnectionsAccepted); // the failed attempt, then the retry
    }

    [Fact]
    public async Task A_caller_that_gives_up_leaves_the_open_going_for_the_next()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.AcceptAndStall });
        await using var pool = CreatePool(server, o => o.Timeout = 30);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.OpenAsync(giveUp.Token).AsTask());
        using var again = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.OpenAsync(again.Token).AsTask());

        Assert.Equal(1, server.ConnectionsAccepted); // the second caller joined the open in flight
    }

    [Fact]
    public async Task Disposing_the_pool_closes_every_socket_and_refuses_more()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var pool = CreatePool(server, o => o.MaxConnections = 2);
        var handle = await pool.OpenAsync();
        await handle.ServerAsync();

        await pool.DisposeAsync();

        Assert.False(handle.IsOpen);
        await WaitUntilAsync(() => server.OpenConnections == 0);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.OpenAsync().AsTask());
        await pool.DisposeAsync(); // idempotent
    }

    [Fact]
    public async Task The_pool_can_open_connections_it_does_not_own()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var pool = CreatePool(server);

        await using (var own = await pool.OpenNewConnectionAsync())
        {
            await own.ServerAsync();
            Assert.Equal(0, pool.OpenConnections);
        }

        Assert.Equal(1, server.ConnectionsAccepted);
    }

    internal static RethinkDbConnectionPool CreatePool(RethinkDbTestServer server, Action<RethinkDbOptions>? configure = null)
    {
        var options = new RethinkDbOptions
        {
            Host = server.Host,
            Port = server.Port,
            Password = server.Options.AdminPassword.Length == 0 ? null : server.Options.AdminPassword,
        };
        configure?.Invoke(options);
        return new RethinkDbConnectionPool(options, name: $"test_{Guid.NewGuid():N}");
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
