using RethinkDb.Core.Tests.Results;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.DataSource;

/// <summary>While the server is down the data source backs off and fails fast; when it returns, it recovers.</summary>
public sealed class DataSourceOutageTests
{
    [Fact]
    public async Task While_the_server_is_down_callers_fail_fast_naming_the_cause_and_attempts_are_bounded()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.CloseDuringHandshake });
        var options = server.CreateConnectionOptions();
        options.ReconnectDelay = TimeSpan.FromMilliseconds(20);
        options.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        await using var dataSource = RethinkDbDataSource.Create(options);

        var first = await Assert.ThrowsAnyAsync<ReqlDriverError>(() => R.Expr(1).RunAsync<int>(dataSource));
        Assert.Contains($"{server.Host}:{server.Port}", first.Message, StringComparison.Ordinal);

        // 300 callers over about a second: each fails at once with the last cause, none starts an attempt of its own.
        var failures = 0;
        for (var i = 0; i < 300; i++)
        {
            var error = await Assert.ThrowsAnyAsync<ReqlDriverError>(async () =>
            {
                await using var handle = await dataSource.OpenConnectionAsync();
            });
            Assert.Contains("unavailable", error.Message, StringComparison.Ordinal);
            Assert.Contains("Last cause:", error.Message, StringComparison.Ordinal);
            Assert.NotNull(error.InnerException);
            Assert.NotNull(dataSource.ServerDownCause);
            failures++;
            await Task.Delay(3);
        }

        // Attempts are the background probes only: with delays doubling to 200 ms, a handful, not one per caller.
        // The server's count is read first: a probe is counted before it connects, and one probe may be between the
        // two (probes run one after another, at least 20 ms apart).
        var accepted = server.ConnectionsAccepted;
        var attempts = dataSource.ConnectionAttempts;
        Assert.Equal(300, failures);
        Assert.InRange(attempts, 2, 60);
        Assert.InRange(accepted, attempts - 1, attempts);

        server.Fault = TestServerFault.None;
        await Eventually.TrueAsync(() => dataSource.ServerDownCause is null, "The data source did not reconnect after the server came back.");
        Assert.Equal(5, await R.Expr(5).RunAsync<int>(dataSource));
    }

    [Fact]
    public async Task A_stopped_server_that_restarts_on_its_port_is_found_again()
    {
        var server = await RethinkDbTestServer.StartAsync();
        var port = server.Port;
        var options = server.CreateConnectionOptions();
        options.ReconnectDelay = TimeSpan.FromMilliseconds(20);
        options.MaxReconnectDelay = TimeSpan.FromMilliseconds(100);
        await using var dataSource = RethinkDbDataSource.Create(options);
        Assert.Equal(1, await R.Expr(1).RunAsync<int>(dataSource));

        await server.DisposeAsync();
        await Eventually.TrueAsync(() => dataSource.OpenConnections == 0);
        await Assert.ThrowsAnyAsync<ReqlDriverError>(() => R.Expr(2).RunAsync<int>(dataSource));
        Assert.NotNull(dataSource.ServerDownCause);

        await using var restarted = await RethinkDbTestServer.StartAsync(new TestServerOptions { Port = port });
        await Eventually.TrueAsync(() => dataSource.ServerDownCause is null, "The data source did not find the restarted server.");
        Assert.Equal(3, await R.Expr(3).RunAsync<int>(dataSource));
        Assert.True(restarted.ConnectionsAccepted >= 1);
    }

    [Fact]
    public void The_backoff_doubles_with_jitter_and_stays_within_its_bounds()
    {
        var initial = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(2);
        for (var failures = 1; failures < 40; failures++)
        {
            var ceiling = Math.Min(100 * Math.Pow(2, Math.Min(failures - 1, 20)), 2000);
            var delay = RethinkDb.DataSource.ReconnectBackoff.Delay(failures, initial, max).TotalMilliseconds;
            Assert.InRange(delay, ceiling / 2 - 0.001, ceiling + 0.001);
        }
    }
}
