using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace WebApi.Tests;

/// <summary>
/// The newcomer's path: <c>dotnet run --project samples/WebApi -- --embedded</c> works whatever RethinkDb settings the
/// configuration holds (here: a TLS CA file and a password meant for a real server).
/// </summary>
public sealed class EmbeddedModeTests : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("Embedded", "true"); // what --embedded switches on
        b.UseSetting("RethinkDb:Host", "rethink.example.invalid");
        b.UseSetting("RethinkDb:Password", "meant-for-production");
        b.UseSetting("RethinkDb:Ssl:CaCerts", "/etc/rethinkdb/ca.crt");
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Embedded_mode_serves_heroes_and_is_ready()
    {
        using var client = _factory.CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        HttpResponseMessage created;
        do
        {
            created = await client.PostAsJsonAsync("/heroes", new { id = "hulk", name = "Hulk" });
            if (created.StatusCode == HttpStatusCode.Created)
            {
                break;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Hulk", (await client.GetFromJsonAsync<Hero>("/heroes/hulk"))!.Name);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
