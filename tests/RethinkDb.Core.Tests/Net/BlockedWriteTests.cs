using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// Writes are blocking sends. A server that stops reading fills the socket buffers; then no caller may hang: a
/// large write (on the thread pool) still honours its caller's cancellation, and a blocked send breaks the
/// connection after the connection Timeout.
/// </summary>
public class BlockedWriteTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_large_query_to_a_server_that_stopped_reading_honours_its_cancellation()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.StopReading });
        var options = server.CreateConnectionOptions();
        options.Timeout = TimeSpan.FromSeconds(20);
        await using var connection = await Connection.OpenAsync(options);
        // Far more than the socket buffers hold: the write blocks until the server reads, which it never does.
        var big = new string('x', 32 * 1024 * 1024);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var query = R.Expr(big).RunAsync<string>(connection, cancellationToken: cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query.WaitAsync(Deadline));
    }

    [Fact]
    public async Task A_send_blocked_for_the_connection_timeout_breaks_the_connection()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.StopReading });
        var options = server.CreateConnectionOptions();
        options.Timeout = TimeSpan.FromSeconds(3);
        await using var connection = await Connection.OpenAsync(options);
        // Queries small enough to be written by the caller itself, until the buffers are full and a send blocks.
        var medium = R.Expr(new string('y', 60 * 1024));

        var error = await Task.Run(async () =>
        {
            for (var i = 0; i < 4000; i++)
            {
                try
                {
                    await medium.RunNoReplyAsync(connection);
                }
                catch (ReqlDriverError ex)
                {
                    return ex;
                }
            }
            return null;
        }).WaitAsync(Deadline);

        Assert.NotNull(error);
        Assert.Contains("read nothing", error.Message, StringComparison.Ordinal);
        Assert.False(connection.IsOpen);
    }
}
