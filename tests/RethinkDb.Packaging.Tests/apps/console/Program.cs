// The package smoke test's console app: what a user writes first, against the packed RethinkDb.Testing server.
// Prints "SMOKE OK <count> <sum>" when every step worked; any failure throws and exits non-zero.
using System.Text.Json;
using System.Text.Json.Serialization;
using RethinkDb;
using RethinkDb.Testing;

await using var server = await RethinkDbTestServer.StartAsync();
var options = server.CreateConnectionOptions();
options.JsonSerializerOptions = new JsonSerializerOptions { TypeInfoResolver = SmokeJson.Default };
await using var conn = await Connection.OpenAsync(options);

var three = await R.Expr(1).Add(2).RunAsync<long>(conn);
if (three != 3) throw new InvalidOperationException($"1 + 2 gave {three}");

await R.DbCreate("smoke").RunAsync(conn);
await R.Db("smoke").TableCreate("heroes").RunAsync(conn);
var heroes = Enumerable.Range(1, 250).Select(i => new Hero($"hero-{i}", i)).ToList();
var written = await R.Db("smoke").Table("heroes").Insert(heroes).RunWriteAsync(conn);
if (written.Inserted != 250) throw new InvalidOperationException($"inserted {written.Inserted}");

// A cursor over more rows than one batch.
long count = 0, sum = 0;
await using (var cursor = await R.Db("smoke").Table("heroes").RunCursorAsync<Hero>(conn))
{
    await foreach (var hero in cursor)
    {
        count++;
        sum += hero.Age;
    }
}
if (count != 250 || sum != 250 * 251 / 2) throw new InvalidOperationException($"cursor gave {count} rows, sum {sum}");

Console.WriteLine($"SMOKE OK {count} {sum}");

internal sealed record Hero(string Name, int Age);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Hero))]
[JsonSerializable(typeof(List<Hero>))]
internal sealed partial class SmokeJson : JsonSerializerContext;
