using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Telemetry;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.DataSource;

/// <summary>The data source as the owner of sockets: lazy, spread, replaced when broken, disposed cleanly.</summary>
public sealed class DataSourcePoolTests
{
    [Theory]
    [TestServer]
    [RealServer]
    public async Task Nothing_opens_until_a_query_or_connection_needs_it(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var dataSource = RethinkDbDataSource.Create(target.Options());

        Assert.Equal(0, dataSource.OpenConnections);
        Assert.Equal(0, target.TestServer?.ConnectionsAccepted ?? 0);

        Assert.Equal(3, await R.Expr(1).Add(2).RunAsync<int>(dataSource));
        Assert.Equal(1, dataSource.OpenConnections);
    }

    [Theory]
    [TestServer]
    [RealServer]
    public async Task Disposing_a_handle_returns_it_and_keeps_the_socket(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var dataSource = RethinkDbDataSource.Create(target.Options(o => o.MaxConnections = 1));

        var handle = await dataSource.OpenConnectionAsync();
        await handle.ServerAsync();
        await handle.DisposeAsync();
        await using var next = await dataSource.OpenConnectionAsync();

        Assert.False(handle.IsOpen);
        await Assert.ThrowsAsync<ReqlDriverError>(() => handle.ServerAsync());
        Assert.True(next.IsOpen);
        await next.ServerAsync();
        Assert.Equal(1, dataSource.OpenConnections);
        await Assert.ThrowsAsync<InvalidOperationException>(() => next.ReconnectAsync());
    }

    [Theory]
    [TestServer]
    [RealServer]
    public async Task Use_changes_only_the_handles_default_database(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var dataSource = RethinkDbDataSource.Create(target.Options(o => o.Db = "marvel"));

        await using var a = await dataSource.OpenConnectionAsync();
        await using var b = await dataSource.OpenConnectionAsync();
        a.Use("dc");
        await using var c = await dataSource.OpenConnectionAsync();

        Assert.Equal("dc", a.Db);
        Assert.Equal("marvel", b.Db);
        Assert.Equal("marvel", c.Db);
    }

    [Theory]
    [TestServer]
    [RealServer]
    public async Task Concurrent_callers_on_an_empty_data_source_cause_one_handshake(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var dataSource = RethinkDbDataSource.Create(target.Options(o => o.MaxConnections = 1));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => R.Expr(i).RunAsync<int>(dataSource)));

        Assert.Equal(Enumerable.Range(0, 50), results);
        Assert.Equal(1, dataSource.ConnectionAttempts);
    }

    [Theory]
    [TestServer]
    [RealServer]
    public async Task Handles_spread_over_connections_that_open_up_to_the_maximum(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var dataSource = RethinkDbDataSource.Create(target.Options(o => o.MaxConnections = 3));
        var held = new List<Connection>();

        // Each handle held makes the next caller find every socket busy: another opens in the background.
        for (var i = 0; i < 12; i++)
        {
            held.Add(await dataSource.OpenConnectionAsync());
            await Eventually.TrueAsync(() => !dataSource.IsOpening);
        }

        Assert.Equal(3, dataSource.OpenConnections);
        var counts = ((IPoolMetrics)dataSource).CountConnections();
        Assert.Equal((0, 3), (counts.Idle, counts.Used)); // handles on all three
        Assert.Equal(3, dataSource.ConnectionAttempts);
        foreach (var handle in held)
        {
            await handle.ServerAsync();
            await handle.DisposeAsync();
        }
        counts = ((IPoolMetrics)dataSource).CountConnections();
        Assert.Equal((3, 0), (counts.Idle, counts.Used));
    }

    [Theory]
    [TestServer]
    [RealServer]
    public async Task A_caller_resumed_by_a_sockets_reader_sends_its_next_query_on_that_socket_while_it_is_no_busier(ServerKind kind)
    {
        // Round-robin alone would alternate between the two sockets, so between their two reader threads.
        await using var target = await ServerTarget.StartAsync(kind);
        await using var dataSource = RethinkDbDataSource.Create(target.Options(o => o.MaxConnections = 2));
        await using (var first = await dataSource.OpenConnectionAsync())
        {
            // The second handle finds the first socket busy: the other opens in the background.
            await using var second = await dataSource.OpenConnectionAsync();
            await Eventually.TrueAsync(() => dataSource.OpenConnections == 2 && !dataSource.IsOpening);
        }
        Assert.Equal(2, dataSource.OpenConnections);

        var (resumedInline, readers) = await Task.Run(async () =>
        {
            var inline = 0;
            var threads = new HashSet<int>();
            for (var i = 0; i < 200; i++)
            {
                await R.Expr(1).RunAsync<int>(dataSource).ConfigureAwait(false);
                if (OnReaderThread.IsReaderThread())
                {
                    inline++;
                    threads.Add(Environment.CurrentManagedThreadId);
                }
            }
            return (inline, threads.Count);
        }).WaitAsync(TimeSpan.FromSeconds(30));

        // One query at a time: the socket that answered has nothing waiting, as little as the other.
        Assert.True(resumedInline >= 20, $"only {resumedInline} of 200 answers resumed their caller on a reader thread");
        Assert.Equal(1, readers);
    }

    [Fact]
    public async Task A_broken_connection_is_replaced()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var dataSource = RethinkDbDataSource.Create(server.CreateConnectionOptions());
        Assert.Equal(1, await R.Expr(1).RunAsync<int>(dataSource));

        server.ResetAllConnections();
        await Eventually.TrueAsync(() => dataSource.OpenConnections == 0);
        Assert.Equal(2, await R.Expr(2).RunAsync<int>(dataSource));
        await using var handle = await dataSource.OpenConnectionAsync();

        Assert.Equal(server.ServerId.ToString(), (await handle.ServerAsync()).Id);
        Assert.Equal(2, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_caller_that_gives_up_leaves_the_open_going_for_the_next()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.AcceptAndStall });
        var options = server.CreateConnectionOptions();
        options.Timeout = TimeSpan.FromSeconds(30);
        await using var dataSource = RethinkDbDataSource.Create(options);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dataSource.OpenConnectionAsync(giveUp.Token).AsTask());
        using var again = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => R.Expr(1).RunAsync<int>(dataSource, cancellationToken: again.Token));

        Assert.Equal(1, server.ConnectionsAccepted); // the second caller joined the open in flight
    }

    [Theory]
    [TestServer]
    [RealServer]
    public async Task Disposing_closes_every_socket_and_refuses_more(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        var dataSource = RethinkDbDataSource.Create(target.Options(o => o.MaxConnections = 2));
        var handle = await dataSource.OpenConnectionAsync();
        await handle.ServerAsync();

        await dataSource.DisposeAsync();

        Assert.False(handle.IsOpen);
        if (target.TestServer is { } server)
        {
            await Eventually.TrueAsync(() => server.OpenConnections == 0);
        }
        await Assert.ThrowsAsync<ObjectDisposedException>(() => dataSource.OpenConnectionAsync().AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => R.Expr(1).RunAsync<int>(dataSource));
        await dataSource.DisposeAsync(); // idempotent
    }

    [Theory]
    [TestServer]
    [RealServer]
    public async Task A_data_source_opens_connections_it_does_not_own(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var dataSource = RethinkDbDataSource.Create(target.Options());

        await using (var own = await dataSource.OpenNewConnectionAsync())
        {
            await own.ServerAsync();
            Assert.Equal(0, dataSource.OpenConnections);
        }
    }

    [Fact]
    public void Invalid_settings_fail_when_the_data_source_is_built_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => RethinkDbDataSource.Create(new ConnectionOptions { MaxConnections = 0 }));
        Assert.Equal("MaxConnections", error.ParamName);
        Assert.StartsWith("MaxConnections must be between 1 and 1024 (was 0).", error.Message, StringComparison.Ordinal);
        var delays = Assert.Throws<ArgumentException>(() => RethinkDbDataSource.Create(new ConnectionOptions
        {
            ReconnectDelay = TimeSpan.FromSeconds(5),
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
        }));
        Assert.Equal("MaxReconnectDelay", delays.ParamName);
    }

    [Fact]
    public async Task ToString_shows_no_secret()
    {
        await using var dataSource = RethinkDbDataSource.Create(new ConnectionOptions { Password = "pw-secret-7" });
        Assert.DoesNotContain("pw-secret-7", dataSource.ToString(), StringComparison.Ordinal);
        Assert.Contains("localhost:28015", dataSource.ToString(), StringComparison.Ordinal);
    }
}
