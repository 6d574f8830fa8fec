using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;

namespace WebApi.Tests;

public sealed class HeroesApiTests
{
    /// <summary>Starts the app against <paramref name="kind"/> and waits until its schema exists.</summary>
    private static async Task<(HeroesApiFactory Factory, HttpClient Client)> StartAsync(ServerKind kind)
    {
        var factory = await HeroesApiFactory.StartAsync(kind);
        var client = factory.CreateClient();
        await WaitUntilReadyAsync(client);
        return (factory, client);
    }

    [Theory, TestServer, RealServer]
    public async Task Create_read_replace_update_and_delete_a_hero(ServerKind kind)
    {
        var (factory, client) = await StartAsync(kind);
        await using var app = factory;
        var created = await client.PostAsJsonAsync("/heroes", new { name = "Iron Man", age = 48, powers = new[] { "armor" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hero = await created.Content.ReadFromJsonAsync<Hero>();
        Assert.False(string.IsNullOrEmpty(hero!.Id));
        Assert.Equal($"/heroes/{hero.Id}", created.Headers.Location!.OriginalString);

        var read = await client.GetFromJsonAsync<Hero>($"/heroes/{hero.Id}");
        Assert.Equal("Iron Man", read!.Name);
        Assert.Equal(["armor"], read.Powers!);

        var replaced = await client.PutAsJsonAsync($"/heroes/{hero.Id}", new { name = "Tony Stark", age = 49 });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        read = await client.GetFromJsonAsync<Hero>($"/heroes/{hero.Id}");
        Assert.Equal("Tony Stark", read!.Name);
        Assert.Null(read.Powers); // replace, not merge

        var patched = await client.PatchAsJsonAsync($"/heroes/{hero.Id}", new { age = 50 });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        read = await patched.Content.ReadFromJsonAsync<Hero>();
        Assert.Equal(50, read!.Age);
        Assert.Equal("Tony Stark", read.Name);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/heroes/{hero.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/heroes/{hero.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/heroes/{hero.Id}")).StatusCode);
    }

    [Theory, TestServer, RealServer]
    public async Task Lists_heroes_page_by_page(ServerKind kind)
    {
        var (factory, client) = await StartAsync(kind);
        await using var app = factory;
        for (var i = 0; i < 7; i++)
        {
            var response = await client.PostAsJsonAsync("/heroes", new { id = $"hero-{i}", name = $"Hero {i}" });
            response.EnsureSuccessStatusCode();
        }
        var first = await client.GetFromJsonAsync<List<Hero>>("/heroes?skip=0&take=5");
        var second = await client.GetFromJsonAsync<List<Hero>>("/heroes?skip=5&take=5");
        Assert.Equal(["hero-0", "hero-1", "hero-2", "hero-3", "hero-4"], first!.Select(h => h.Id));
        Assert.Equal(["hero-5", "hero-6"], second!.Select(h => h.Id));
    }

    [Theory]
    [InlineData("""{"age":3}""", "name")]
    [InlineData("""{"name":"","age":3}""", "name")]
    [InlineData("""{"name":"Thor","age":-1}""", "age")]
    public async Task Invalid_input_is_a_400_problem_naming_the_field(string body, string field)
    {
        var (factory, client) = await StartAsync(ServerKind.TestServer);
        await using var app = factory;
        var response = await client.PostAsync("/heroes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Paging_outside_its_bounds_is_a_400()
    {
        var (factory, client) = await StartAsync(ServerKind.TestServer);
        await using var app = factory;
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/heroes?take=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/heroes?take=1000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/heroes?skip=-1")).StatusCode);
    }

    [Theory, TestServer, RealServer]
    public async Task Replacing_or_patching_a_missing_hero_is_a_404(ServerKind kind)
    {
        var (factory, client) = await StartAsync(kind);
        await using var app = factory;
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/heroes/nobody", new { name = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync("/heroes/nobody", new { age = 1 })).StatusCode);
    }

    [Theory, TestServer, RealServer]
    public async Task The_live_endpoint_streams_an_insert_as_a_server_sent_event(ServerKind kind)
    {
        var (factory, client) = await StartAsync(kind);
        await using var app = factory;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/heroes/live");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        using var reader = new StreamReader(stream);

        // The first event says the feed is open; an insert after it must arrive as a change.
        var first = await ReadEventAsync(reader, cts.Token);
        Assert.Equal("ready", first.Type);
        var insert = await client.PostAsJsonAsync("/heroes", new { id = "storm", name = "Storm" }, cts.Token);
        insert.EnsureSuccessStatusCode();
        var (eventType, data) = await ReadEventAsync(reader, cts.Token);
        Assert.Equal("change", eventType);
        using var change = JsonDocument.Parse(data!);
        Assert.Equal("Storm", change.RootElement.GetProperty("newVal").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, change.RootElement.GetProperty("oldVal").ValueKind);
    }

    [Fact]
    public async Task The_live_endpoint_survives_a_server_restart_and_tells_its_client_about_the_gap()
    {
        // Restarting the server (its data kept) is only possible with the test server.
        var (factory, client) = await StartAsync(ServerKind.TestServer);
        await using var app = factory;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/heroes/live");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        using var reader = new StreamReader(stream);
        Assert.Equal("ready", (await ReadEventAsync(reader, cts.Token)).Type);

        await factory.TestServer!.RestartAsync(cts.Token);

        // The stream stays open: a gap event (changes may have been missed), then ready again once the feed reopened.
        Assert.Equal("gap", (await ReadEventAsync(reader, cts.Token)).Type);
        Assert.Equal("ready", (await ReadEventAsync(reader, cts.Token)).Type);
        var insert = await client.PostAsJsonAsync("/heroes", new { id = "phoenix", name = "Phoenix" }, cts.Token);
        insert.EnsureSuccessStatusCode();
        var (eventType, data) = await ReadEventAsync(reader, cts.Token);
        Assert.Equal("change", eventType);
        using var change = JsonDocument.Parse(data!);
        Assert.Equal("Phoenix", change.RootElement.GetProperty("newVal").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Readiness_is_healthy_then_503_when_the_server_stops_and_errors_leak_no_secret()
    {
        // Stopping the server is only possible with the test server.
        var (factory, client) = await StartAsync(ServerKind.TestServer);
        await using var app = factory;
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using (var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        await factory.TestServer!.StopAsync();

        var notReady = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        var text = await notReady.Content.ReadAsStringAsync();
        Assert.Contains("Unhealthy", text, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Password, text, StringComparison.Ordinal);

        // Liveness is about the process only.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        var unavailable = await client.GetAsync("/heroes/anyone");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain(factory.Password, await unavailable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<(string? Type, string? Data)> ReadEventAsync(StreamReader reader, CancellationToken ct)
    {
        string? type = null, data = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0 && data is not null)
            {
                return (type, data);
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }
        throw new EndOfStreamException("The event stream ended.");
    }

    private static async Task WaitUntilReadyAsync(HttpClient client)
    {
        // The schema is created in the background at start; wait for the table (the app must not block on it).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync("/heroes?take=1");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The sample never created its table.");
    }
}
