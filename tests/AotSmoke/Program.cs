using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RethinkDb;
using RethinkDb.Extensions.Hosting;
using RethinkDb.Testing;

// Runs as a user's Native AOT app would: POCOs through a source-generated context, handed to the data source by the
// configure callback of AddRethinkDb. Exit code 0 when every query returned what was written.
await using var server = await RethinkDbTestServer.StartAsync();
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["RethinkDb:Host"] = server.Host,
    ["RethinkDb:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["RethinkDb:Db"] = "test",
});
builder.Services.AddRethinkDb(builder.Configuration.GetSection("RethinkDb"), b => b.UseJsonSerializerOptions(AppJsonContext.Default.Options));
using var host = builder.Build();
await host.StartAsync();

var dataSource = host.Services.GetRequiredService<RethinkDbDataSource>();
var heroes = R.Table("heroes");
await R.TableCreate("heroes").RunAsync(dataSource);
var written = await heroes.Insert(new Hero("1", "Iron Man", 85)).RunWriteAsync(dataSource);
await heroes.Insert(new Hero("2", "Thor", 95)).RunNoReplyAsync(dataSource);
await dataSource.NoreplyWaitAsync();

List<Hero> viaDataSource = await heroes.OrderBy("id").RunAsync<List<Hero>>(dataSource);
List<Hero> viaFactory;
await using (var scope = host.Services.CreateAsyncScope())
{
    var factory = scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>();
    await using var connection = await factory.OpenAsync();
    viaFactory = await heroes.OrderBy("id").RunAsync<List<Hero>>(connection);
}
var rows = new List<Hero>();
await using (var cursor = await heroes.OrderBy("id").RunCursorAsync<Hero>(dataSource))
{
    await foreach (var hero in cursor)
    {
        rows.Add(hero);
    }
}
await host.StopAsync();

Hero[] expected = [new("1", "Iron Man", 85), new("2", "Thor", 95)];
var ok = written.Inserted == 1 && viaDataSource.SequenceEqual(expected) && viaFactory.SequenceEqual(expected) && rows.SequenceEqual(expected);
Console.WriteLine(ok
    ? $"AOT smoke: OK ({viaDataSource.Count} heroes through the data source, the factory and a cursor)"
    : $"AOT smoke: FAILED (inserted {written.Inserted}; data source {viaDataSource.Count}, factory {viaFactory.Count}, cursor {rows.Count})");
return ok ? 0 : 1;

internal sealed record Hero(string Id, string Name, int Strength);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Hero))]
[JsonSerializable(typeof(List<Hero>))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
