// The package smoke test's web app: AddRethinkDb from configuration, a query through the scoped factory and the
// health check, served by Kestrel on a free loopback port and called over HTTP. Prints "SMOKE OK ..." on success.
using RethinkDb;
using RethinkDb.Extensions.Hosting;
using RethinkDb.Testing;

await using var server = await RethinkDbTestServer.StartAsync();

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["RethinkDb:Host"] = server.Host,
    ["RethinkDb:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
});
builder.Services.AddRethinkDb(builder.Configuration.GetSection("RethinkDb"));

await using var app = builder.Build();
app.MapGet("/sum", async (IRethinkDbConnectionFactory factory, CancellationToken ct) =>
{
    await using var conn = await factory.OpenAsync(ct);
    return await R.Expr(20).Add(22).RunAsync<long>(conn, cancellationToken: ct);
});
app.MapHealthChecks("/health");
await app.StartAsync();

var address = app.Urls.First();
using var http = new HttpClient { BaseAddress = new Uri(address) };
var sum = await http.GetStringAsync(new Uri("/sum", UriKind.Relative));
using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
var healthText = await health.Content.ReadAsStringAsync();
await app.StopAsync();

if (sum != "42") throw new InvalidOperationException($"/sum gave {sum}");
if (!health.IsSuccessStatusCode || healthText != "Healthy") throw new InvalidOperationException($"/health gave {(int)health.StatusCode} {healthText}");
Console.WriteLine($"SMOKE OK {sum} {healthText}");
