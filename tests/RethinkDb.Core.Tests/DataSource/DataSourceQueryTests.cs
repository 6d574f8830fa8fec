using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.DataSource;

/// <summary>Queries run on the data source itself, without a lease.</summary>
public sealed class DataSourceQueryTests
{
    private sealed record Hero(string Id, string Name, int Strength);

    [Theory]
    [TestServer]
    [RealServer]
    public async Task Every_kind_of_query_runs_on_the_data_source_without_a_lease(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        var table = $"heroes_{Guid.NewGuid():N}";
        await using var dataSource = RethinkDbDataSource.Create(target.Options());
        await R.Db("test").TableCreate(table).RunAsync(dataSource);
        var heroes = R.Db("test").Table(table);

        await using var feed = await heroes.Changes().RunChangesAsync<Hero>(dataSource);
        var write = await heroes.Insert(new Hero("1", "Iron Man", 85)).RunWriteAsync(dataSource);
        var withChanges = await heroes.Insert(new Hero("2", "Thor", 95)).OptArg("return_changes", true).RunWriteAsync<Hero>(dataSource);
        await heroes.Insert(new Hero("3", "Hulk", 100)).RunNoReplyAsync(dataSource);
        await dataSource.NoreplyWaitAsync();

        Assert.Equal(1, write.Inserted);
        Assert.Equal("Thor", withChanges.Changes![0].NewVal!.Name);
        Assert.Equal("Iron Man", (await heroes.Get("1").RunAsync<Hero>(dataSource)).Name);
        Assert.Equal(3, (await heroes.RunAsync<List<Hero>>(dataSource)).Count);
        Assert.Equal(JsonValueKind.Number, (await heroes.Count().RunAsync(dataSource)).ValueKind);
        var names = new List<string>();
        await using (var cursor = await heroes.OrderBy("id").RunCursorAsync<Hero>(dataSource))
        {
            await foreach (var hero in cursor)
            {
                names.Add(hero.Name);
            }
        }
        Assert.Equal(["Iron Man", "Thor", "Hulk"], names);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<string>();
        await foreach (var change in feed.WithCancellation(timeout.Token))
        {
            seen.Add(change.NewVal!.Name);
            if (seen.Count == 3)
            {
                break;
            }
        }
        Assert.Equal(["Hulk", "Iron Man", "Thor"], seen.Order());
        await R.Db("test").TableDrop(table).RunAsync(dataSource);
    }

    [Fact]
    public async Task Serializer_options_of_the_builder_are_used_for_documents_and_results()
    {
        await using var server = await RethinkDb.Testing.RethinkDbTestServer.StartAsync();
        var builder = new RethinkDbDataSourceBuilder(server.CreateConnectionOptions());
        builder.UseTypeInfoResolver(DataSourceJsonContext.Default);
        await using var dataSource = builder.Build();

        var point = await R.Expr(new Dictionary<string, object> { ["X_Value"] = 3 }).RunAsync<SnakePoint>(dataSource);

        Assert.Equal(3, point.XValue);
        Assert.Same(DataSourceJsonContext.Default, dataSource.JsonOptions.TypeInfoResolverChain[0]);
    }
}

public sealed record SnakePoint([property: System.Text.Json.Serialization.JsonPropertyName("X_Value")] int XValue);

[System.Text.Json.Serialization.JsonSerializable(typeof(SnakePoint))]
internal sealed partial class DataSourceJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
