using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Extensions.Hosting.Tests;

/// <summary>
/// The hosting package end to end, against the test server and — when RETHINKDB_HOST is set — a real RethinkDB:
/// the health check's verdicts and the issue's own example, a query through a scoped, pooled connection.
/// </summary>
public sealed class AgainstEitherServerTests
{
    public sealed record Hero(string Id, string Name, int Age);

    [Theory, TestServer, RealServer]
    public async Task The_health_check_is_healthy_and_names_the_server(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var provider = Build(target);
        var entry = (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["rethinkdb"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.False(string.IsNullOrEmpty((string)entry.Data["server_name"]));
        Assert.True(Guid.TryParse((string)entry.Data["server_id"], out _));
        Assert.Equal(target.Options().Port, entry.Data["port"]);
    }

    [Theory, TestServer, RealServer]
    public async Task A_wrong_password_makes_the_health_check_unhealthy_with_an_auth_error(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var provider = Build(target, ("Password", "not-the-password-31"), ("HealthCheck:Timeout", "5"));
        var entry = (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["rethinkdb"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.IsType<ReqlAuthError>(entry.Exception);
        Assert.DoesNotContain("not-the-password-31", entry.Description, StringComparison.Ordinal);
    }

    [Theory, TestServer, RealServer]
    public async Task A_scoped_connection_runs_the_issue_example_and_each_scope_shares_the_pool(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        var db = $"hosting_tests_{Guid.NewGuid():N}";
        await using var provider = Build(target, ("Db", db));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;

        await using (var scope = provider.CreateAsyncScope())
        {
            var factory = scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>();
            await using var conn = await factory.OpenAsync(ct);
            Assert.Equal(db, conn.Db);
            await R.DbCreate(db).RunWriteAsync(conn, cancellationToken: ct);
            await R.TableCreate("heroes").RunWriteAsync(conn, cancellationToken: ct);
            await R.Table("heroes").Insert(new Hero("iron_man", "Tony Stark", 48)).RunWriteAsync(conn, cancellationToken: ct);
        }

        try
        {
            await using var scope = provider.CreateAsyncScope();
            var factory = scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>();
            await using var conn = await factory.OpenAsync(ct);
            var hero = await R.Table("heroes").Get("iron_man").RunAsync<Hero>(conn, cancellationToken: ct);
            Assert.Equal(new Hero("iron_man", "Tony Stark", 48), hero);
            if (target.TestServer is { } server)
            {
                Assert.Equal(1, server.ConnectionsAccepted); // two scopes, one pooled socket
            }
        }
        finally
        {
            await using var scope = provider.CreateAsyncScope();
            await using var conn = await scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>().OpenAsync(ct);
            await R.DbDrop(db).RunWriteAsync(conn, cancellationToken: ct);
        }
    }

    private static ServiceProvider Build(ServerTarget target, params (string Key, string? Value)[] settings)
    {
        var options = target.Options();
        var values = new Dictionary<string, string?>
        {
            ["RethinkDb:Host"] = options.Host,
            ["RethinkDb:Port"] = options.Port.ToString(CultureInfo.InvariantCulture),
            ["RethinkDb:Password"] = options.Password,
            ["RethinkDb:Timeout"] = "10",
        };
        foreach (var (key, value) in settings)
        {
            values[$"RethinkDb:{key}"] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRethinkDb(configuration.GetSection("RethinkDb"));
        return services.BuildServiceProvider();
    }
}
