using RethinkDb.Core.Tests.Results;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Testing;

public sealed class RestartTests
{
    [Fact]
    public async Task A_restarted_server_keeps_its_port_and_data_and_resets_the_old_connections()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var port = server.Port;
        await using var conn = await Connection.OpenAsync(server.CreateConnectionOptions());
        await R.TableCreate("kept").RunAsync(conn);
        await R.Table("kept").Insert(new { id = 1 }).RunWriteAsync(conn);

        await server.StopAsync();
        Assert.False(server.IsRunning);
        await Assert.ThrowsAnyAsync<ReqlDriverError>(() => Connection.OpenAsync(server.CreateConnectionOptions()));
        await server.RestartAsync();
        Assert.True(server.IsRunning);
        Assert.Equal(port, server.Port);
        Assert.Equal(1, server.Restarts);

        await Eventually.TrueAsync(() => !conn.IsOpen, "The old connection was not reset.");
        await using var again = await Connection.OpenAsync(server.CreateConnectionOptions());
        Assert.Equal(1, await R.Table("kept").Count().RunAsync<int>(again));

        // Restarting a running server stops it first.
        await server.RestartAsync();
        Assert.Equal(2, server.Restarts);
        await using var third = await Connection.OpenAsync(server.CreateConnectionOptions());
        Assert.Equal(1, await R.Table("kept").Count().RunAsync<int>(third));
    }
}
