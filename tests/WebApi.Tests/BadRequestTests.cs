using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using RethinkDb.Core.Tests.Infrastructure;

namespace WebApi.Tests;

/// <summary>
/// Request bodies the app cannot read are the caller's mistake: problem details with the status code ASP.NET Core
/// gives them (400, 413, 415), a warning in the log at most, never a 500 or a logged stack trace.
/// </summary>
public sealed class BadRequestTests
{
    private static readonly string[] BodyEndpoints = ["POST /heroes", "PUT /heroes/bad-1", "PATCH /heroes/bad-1"];

    public static TheoryData<string, string, string, HttpStatusCode> BadBodies()
    {
        var deep = new string('[', 5000) + new string(']', 5000);
        var data = new TheoryData<string, string, string, HttpStatusCode>();
        foreach (var endpoint in BodyEndpoints)
        {
            data.Add(endpoint, "application/json", """{"bogus":""", HttpStatusCode.BadRequest);
            data.Add(endpoint, "application/json", "", HttpStatusCode.BadRequest);
            data.Add(endpoint, "application/json", """{"name":"Thor","age":"old"}""", HttpStatusCode.BadRequest);
            data.Add(endpoint, "application/json", """{"name":"Thor","powers":"thunder"}""", HttpStatusCode.BadRequest);
            data.Add(endpoint, "application/json", """{"name":"Thor","powers":""" + deep + "}", HttpStatusCode.BadRequest);
            data.Add(endpoint, "application/json", "[1,2,3]", HttpStatusCode.BadRequest);
            data.Add(endpoint, "text/plain", """{"name":"Thor"}""", HttpStatusCode.UnsupportedMediaType);
            data.Add(endpoint, "application/json", """{"name":"Thor","powers":[""" + string.Join(",", Enumerable.Repeat("\"thunder\"", 20_000)) + "]}",
                HttpStatusCode.RequestEntityTooLarge);
        }
        return data;
    }

    [Theory, MemberData(nameof(BadBodies))]
    public async Task A_body_the_app_cannot_read_is_answered_with_its_own_status_code_and_a_warning(
        string endpoint, string contentType, string body, HttpStatusCode expected)
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = await HeroesApiFactory.StartAsync(ServerKind.TestServer);
        // Kestrel, not the in-memory TestServer: only a real server enforces the body size limit.
        var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        app.UseKestrel(0);
        app.StartServer();
        using var client = app.CreateClient();
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain(logs.Lines, l => l.Contains("|Error|", StringComparison.Ordinal) || l.Contains("|Critical|", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(" at ", StringComparison.Ordinal) && l.Contains("BadHttpRequestException", StringComparison.Ordinal));
        if (expected == HttpStatusCode.BadRequest)
        {
            // An unreadable body comes as BadHttpRequestException: logged once, as a warning. (A wrong content type
            // and a body over the limit are answered by ASP.NET Core itself, which logs them at debug level.)
            Assert.Contains(logs.Lines, l => l.Contains("|Warning|", StringComparison.Ordinal) && l.Contains($"Bad request {method} {path}: {(int)expected}", StringComparison.Ordinal));
        }
        // The log line never quotes the body.
        Assert.DoesNotContain(logs.Lines, l => l.Contains("thunder", StringComparison.Ordinal) || l.Contains("old\"", StringComparison.Ordinal));
    }

    [Theory, TestServer, RealServer]
    public async Task Query_string_values_of_the_wrong_type_are_a_400_against_either_server(ServerKind kind)
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = await HeroesApiFactory.StartAsync(kind);
        using var client = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))).CreateClient();

        using var page = await client.GetAsync("/heroes?skip=many");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal("application/problem+json", page.Content.Headers.ContentType?.MediaType);

        using var malformed = await client.PostAsync("/heroes", new StringContent("""{"bogus":""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("|Error|", StringComparison.Ordinal));
    }
}
