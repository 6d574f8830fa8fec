using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RethinkDb;
using RethinkDb.Extensions.Hosting;
using RethinkDb.Testing;
using WebApi;

var builder = WebApplication.CreateBuilder(args);

// --embedded: no RethinkDB needed. Starts the project's in-memory protocol test server on loopback and points the
// app at it, so a newcomer can see the API work. Data lives in memory and is gone when the app stops.
RethinkDbTestServer? embedded = null;
if (args.Contains("--embedded") || builder.Configuration.GetValue<bool>("Embedded"))
{
    embedded = await RethinkDbTestServer.StartAsync(new TestServerOptions { Port = builder.Configuration.GetValue("EmbeddedPort", 0) });
    // Override whatever the configuration says about the server: the embedded one is plain TCP, admin, no password.
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["RethinkDb:Host"] = embedded.Host,
        ["RethinkDb:Port"] = embedded.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RethinkDb:User"] = "admin",
        ["RethinkDb:AuthKey"] = "",
        ["RethinkDb:Password"] = "",
        ["RethinkDb:ConnectionString"] = "",
        ["ConnectionStrings:rethinkdb"] = "",
        ["RethinkDb:Ssl:Enabled"] = "false",
    });
    // Made by a factory, so the container owns it and disposes it; resolved first (below), so disposed last: the
    // pool closes its connections before the server goes away, and shutting down logs no broken connection.
    builder.Services.AddSingleton(_ => embedded);
}

builder.Services.AddRethinkDb(builder.Configuration.GetSection("RethinkDb"));
builder.Services.AddHostedService<HeroesSchema>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddHealthChecks();

var app = builder.Build();

if (embedded is not null)
{
    app.Logger.LogWarning(
        "EMBEDDED MODE: using the in-memory RethinkDB protocol test server on {Host}:{Port}, not a real RethinkDB. Data is lost when the app stops.",
        embedded.Host, embedded.Port);
    _ = app.Services.GetRequiredService<RethinkDbTestServer>();
}

// A body the app cannot read keeps its own status code (400, 413, 415; BadRequestExceptionHandler answers it);
// RethinkDB being unreachable is a 503 for the caller, with no detail that could leak configuration or secrets.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ex => ex switch
    {
        BadHttpRequestException badRequest => badRequest.StatusCode,
        ReqlDriverError => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    },
});
app.UseStatusCodePages();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync });
app.MapHealthChecks("/health/ready", new HealthCheckOptions
{
    Predicate = c => c.Tags.Contains("ready"),
    ResponseWriter = HealthReportWriter.WriteAsync,
});

app.MapHeroes();

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
