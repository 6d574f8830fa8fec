using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RethinkDb.Testing;

namespace WebApi.Tests;

/// <summary>The sample app wired to a fresh in-memory protocol server, with a password, as a real deployment would be.</summary>
public sealed class HeroesApiFactory : WebApplicationFactory<Program>
{
    public const string Password = "sample-Secret-42";

    private HeroesApiFactory(RethinkDbTestServer server) => Server = server;

    public new RethinkDbTestServer Server { get; }

    public static async Task<HeroesApiFactory> StartAsync()
    {
        var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { AdminPassword = Password, BatchSize = 50 });
        return new HeroesApiFactory(server);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("RethinkDb:Host", Server.Host);
        builder.UseSetting("RethinkDb:Port", Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RethinkDb:Db", "marvel");
        builder.UseSetting("RethinkDb:Password", Password);
        builder.UseSetting("RethinkDb:Timeout", "5");
        builder.UseSetting("RethinkDb:HealthCheck:Timeout", "2");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Server.DisposeAsync();
    }
}
