using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Net;

public class ConnectionLifecycleTests
{
    [Theory, TestServer, RealServer]
    public async Task Server_answers_id_name_and_proxy(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();
        var info = await connection.ServerAsync();
        Assert.True(Guid.TryParse(info.Id, out _), info.Id);
        Assert.False(string.IsNullOrEmpty(info.Name));
        Assert.False(info.Proxy);
    }

    [Theory, TestServer, RealServer]
    public async Task NoreplyWait_returns_once_the_noreply_query_has_run(ServerKind kind)
    {
        // A database of its own (dropped at the end), so runs against a shared real server do not meet.
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("quiet");
        var connection = h.Connection;
        await connection.StartNoReplyAsync(table.Insert(new { id = "written" }), null);
        await connection.NoreplyWaitAsync();
        Assert.Equal(1, (await connection.RunAtomAsync(table.Count())).GetInt32());
        Assert.Equal("written", (await connection.RunAtomAsync(table.Get("written")["id"])).GetString());
        Assert.True(connection.IsOpen);
    }

    [Theory, TestServer, RealServer]
    public async Task Close_closes_and_further_queries_fail(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        var connection = await target.ConnectAsync();
        await connection.CloseAsync();
        Assert.False(connection.IsOpen);
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => connection.ServerAsync());
        Assert.Contains("closed", error.Message, StringComparison.Ordinal);
        await connection.DisposeAsync(); // idempotent
    }

    [Theory, TestServer, RealServer]
    public async Task Reconnect_opens_a_fresh_socket(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();
        var before = target.TestServer is null ? await ClientPortSeenByTheRealServerAsync(connection) : 0;
        await connection.ReconnectAsync();
        Assert.True(connection.IsOpen);
        Assert.Equal(7, (await connection.RunAtomAsync(R.Expr(7))).GetInt32());
        if (target.TestServer is { } server)
        {
            // A second connection was accepted, and the first one closed.
            Assert.Equal(2, server.ConnectionsAccepted);
            await Eventually.TrueAsync(() => server.OpenConnections == 1, "The old socket is still open.");
        }
        else
        {
            // The server sees the queries come from another local port: another socket.
            Assert.NotEqual(before, await ClientPortSeenByTheRealServerAsync(connection));
        }
    }

    /// <summary>
    /// The client port of the connection as the real server sees it: its <c>rethinkdb.jobs</c> table lists each
    /// running query with the client's address and port, the query reading the table among them.
    /// </summary>
    private static async Task<int> ClientPortSeenByTheRealServerAsync(Connection connection)
    {
        var marker = "port-probe-" + Guid.NewGuid().ToString("N");
        var jobs = await connection.RunAtomAsync(R.Db("rethinkdb").Table("jobs").CoerceTo("array").Add(R.Expr(new[] { marker })));
        var own = Assert.Single(jobs.EnumerateArray(), job =>
            job.ValueKind == JsonValueKind.Object &&
            job.GetProperty("type").GetString() == "query" &&
            job.GetProperty("info").GetProperty("query").GetString()!.Contains(marker, StringComparison.Ordinal));
        return own.GetProperty("info").GetProperty("client_port").GetInt32();
    }

    [Fact]
    public async Task Reconnect_recovers_a_connection_the_server_reset()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        server.ResetAllConnections();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (connection.IsOpen && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.False(connection.IsOpen);
        await connection.ReconnectAsync(noreplyWait: false);
        Assert.True(connection.IsOpen);
        Assert.Equal("x", (await connection.RunAtomAsync(R.Expr("x"))).GetString());
    }

    [Fact]
    public async Task A_close_whose_noreply_wait_is_cancelled_still_closes()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.CloseAsync(noreplyWait: true, cts.Token));
        Assert.False(connection.IsOpen);
        await connection.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connection.ReconnectAsync());
    }

    [Fact]
    public async Task Dispose_during_a_reconnect_leaves_no_socket_open()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        var reconnect = connection.ReconnectAsync(noreplyWait: false);
        await connection.DisposeAsync();
        try
        {
            await reconnect;
        }
        catch (ObjectDisposedException)
        {
            // Disposed before the reconnect took the lock: also fine.
        }
        Assert.False(connection.IsOpen);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (server.OpenConnections > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Equal(0, server.OpenConnections);
    }

    [Theory, TestServer, RealServer]
    public async Task A_query_of_128_MiB_or_more_is_refused_for_its_caller_alone(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => R.Expr(new string('x', 128 * 1024 * 1024)).RunAsync<string>(connection));
        Assert.Contains("128 MiB", error.Message, StringComparison.Ordinal);
        Assert.True(connection.IsOpen);
        Assert.Equal(2, await R.Expr(2).RunAsync<int>(connection));
    }

    [Fact]
    public async Task Use_changes_the_db_sent_with_queries()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        Assert.Equal("test", connection.Db);
        connection.Use("marvel");
        Assert.Equal("marvel", connection.Db);
        Assert.Throws<ArgumentException>(() => connection.Use(""));
    }

    [Fact]
    public async Task ToString_shows_no_secret()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { AdminPassword = "top-secret-pw" });
        await using var connection = await Connection.OpenAsync(server.CreateConnectionOptions());
        var text = connection.ToString();
        Assert.Contains(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.DoesNotContain("top-secret-pw", text, StringComparison.Ordinal);
    }
}
