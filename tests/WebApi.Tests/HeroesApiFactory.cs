using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RethinkDb;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Testing;

namespace WebApi.Tests;

/// <summary>
/// The sample app wired to a server: a fresh in-memory protocol server with a password, or the real server of the
/// environment with a database of its own (dropped at the end).
/// </summary>
public sealed class HeroesApiFactory : WebApplicationFactory<Program>
{
    private readonly ServerTarget _target;
    private readonly string _db;

    private HeroesApiFactory(ServerTarget target, string db)
    {
        _target = target;
        _db = db;
    }

    public ServerKind Kind => _target.Kind;

    /// <summary>The test server (null against a real one).</summary>
    public RethinkDbTestServer? TestServer => _target.TestServer;

    public string Password => _target.AdminPassword;

    public static async Task<HeroesApiFactory> StartAsync(ServerKind kind)
    {
        var target = await ServerTarget.StartAsync(kind, kind == ServerKind.TestServer
            ? new TestServerOptions { AdminPassword = "sample-Secret-42", BatchSize = 50 }
            : null);
        var db = kind == ServerKind.TestServer ? "marvel" : $"webapi_tests_{Guid.NewGuid():N}";
        return new HeroesApiFactory(target, db);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var options = _target.Options();
        builder.UseEnvironment("Development");
        builder.UseSetting("RethinkDb:Host", options.Host);
        builder.UseSetting("RethinkDb:Port", options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RethinkDb:Db", _db);
        builder.UseSetting("RethinkDb:Password", options.Password);
        builder.UseSetting("RethinkDb:Timeout", "5");
        builder.UseSetting("RethinkDb:HealthCheck:Timeout", "2");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Kind == ServerKind.RealServer)
        {
            // Only if the app got to create it: its schema job runs in the background, and a test that ends quickly
            // (a request refused before any query) can stop the host before that job created the database.
            await using var connection = await _target.ConnectAsync();
            await R.Branch(R.DbList().Contains(_db), R.DbDrop(_db), null).RunAsync<object?>(connection);
        }
        await _target.DisposeAsync();
    }
}
