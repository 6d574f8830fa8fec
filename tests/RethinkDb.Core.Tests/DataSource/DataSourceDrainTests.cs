using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.DataSource;

/// <summary>Disposing a data source waits for its noreply queries, but never for long.</summary>
public sealed class DataSourceDrainTests
{
    [Theory]
    [TestServer]
    [RealServer]
    public async Task Disposing_waits_for_noreply_writes(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        var table = $"drain_{Guid.NewGuid():N}";
        await using (var setup = await target.ConnectAsync())
        {
            await R.Db("test").TableCreate(table).RunAsync<System.Text.Json.JsonElement>(setup);
        }

        var dataSource = RethinkDbDataSource.Create(target.Options());
        for (var i = 0; i < 50; i++)
        {
            await R.Db("test").Table(table).Insert(new { id = i }).RunNoReplyAsync(dataSource);
        }
        await dataSource.DisposeAsync();

        await using var check = await target.ConnectAsync();
        Assert.Equal(50, await R.Db("test").Table(table).Count().RunAsync<int>(check));
        await R.Db("test").TableDrop(table).RunAsync<System.Text.Json.JsonElement>(check);
    }

    [Fact]
    public async Task The_drain_is_bounded_when_the_server_never_answers()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.StallQueries });
        var options = server.CreateConnectionOptions();
        options.Timeout = TimeSpan.FromSeconds(2);
        var dataSource = RethinkDbDataSource.Create(options);
        await R.Expr(1).RunNoReplyAsync(dataSource);

        // Bounded by the connect timeout (2 s here, shorter than the 5 s cap): completes, and the socket is closed.
        await dataSource.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, dataSource.OpenConnections);
    }
}
