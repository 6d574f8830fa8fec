using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RethinkDb.Extensions.Hosting.Tests.Infrastructure;
using RethinkDb.Testing;

namespace RethinkDb.Extensions.Hosting.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public void Lifetimes_are_a_singleton_pool_and_a_scoped_factory()
    {
        var services = new ServiceCollection();
        services.AddRethinkDb(o => o.Connection.Host = "h");

        Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, d => d.ServiceType == typeof(RethinkDbDataSource)).Lifetime);
        Assert.Equal(ServiceLifetime.Scoped, Assert.Single(services, d => d.ServiceType == typeof(IRethinkDbConnectionFactory)).Lifetime);
    }

    [Fact]
    public async Task Calling_AddRethinkDb_twice_registers_once_and_applies_both()
    {
        var configuration = Hosts.Configuration(("RethinkDb:Host", "first"));
        await using var provider = Hosts.Build(configuration, (s, c) =>
        {
            s.AddRethinkDb(c.GetSection("RethinkDb"));
            s.AddRethinkDb(o => o.Connection.Db = "second");
        });
        var services = new ServiceCollection();
        services.AddRethinkDb(o => o.Connection.Host = "a");
        services.AddRethinkDb(o => o.Connection.Host = "b");

        Assert.Single(services, d => d.ServiceType == typeof(RethinkDbDataSource));
        Assert.Single(services, d => d.ServiceType == typeof(IRethinkDbConnectionFactory));
        var healthChecks = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Single(healthChecks, r => r.Name == "rethinkdb");
        var options = provider.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection;
        Assert.Equal("first", options.Host);
        Assert.Equal("second", options.Db);
    }

    [Fact]
    public async Task Building_the_provider_and_resolving_services_opens_no_socket()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var provider = Hosts.Build(Hosts.Configuration(Hosts.ServerSection(server)), (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        var pool = provider.GetRequiredService<RethinkDbDataSource>();
        await using (var scope = provider.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>();
        }
        _ = provider.GetRequiredService<HealthCheckService>();

        Assert.Equal(0, server.ConnectionsAccepted);
        Assert.Equal(0, pool.OpenConnections);
    }

    [Fact]
    public async Task A_scope_gets_connections_that_are_returned_when_it_ends()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        // One connection at most: with more, the second handle would make the pool grow in the background.
        var configuration = Hosts.Configuration(Hosts.ServerSection(server, "RethinkDb", ("MaxConnections", "1")));
        await using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));
        var pool = provider.GetRequiredService<RethinkDbDataSource>();
        Connection first, second;

        await using (var scope = provider.CreateAsyncScope())
        {
            var factory = scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>();
            Assert.Same(factory, scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>());
            first = await factory.OpenAsync();
            second = await factory.OpenAsync();
            Assert.NotSame(first, second);
            Assert.True(first.IsOpen);
            Assert.Equal(server.ServerId.ToString(), (await second.ServerAsync()).Id);
            Assert.Equal((0, 1), Hosts.Counts(pool)); // one socket, in use
        }

        Assert.False(first.IsOpen);
        Assert.False(second.IsOpen);
        Assert.Equal((1, 0), Hosts.Counts(pool)); // the socket stays open, idle
        Assert.Equal(1, server.ConnectionsAccepted);
        await Assert.ThrowsAsync<ReqlDriverError>(() => first.ServerAsync());
    }

    [Fact]
    public async Task Different_scopes_get_different_factories_over_one_pool()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var configuration = Hosts.Configuration(Hosts.ServerSection(server, "RethinkDb", ("MaxConnections", "1")));
        await using var provider = Hosts.Build(configuration, (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb")));

        await using var scope1 = provider.CreateAsyncScope();
        await using var scope2 = provider.CreateAsyncScope();
        var factory1 = scope1.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>();
        var factory2 = scope2.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>();
        await using var c1 = await factory1.OpenAsync();
        await using var c2 = await factory2.OpenAsync();

        Assert.NotSame(factory1, factory2);
        await c1.ServerAsync();
        await c2.ServerAsync();
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_factory_refuses_after_its_scope_ended()
    {
        await using var provider = Hosts.Build(Hosts.Configuration(), (s, _) => s.AddRethinkDb(o => o.Connection.Host = "127.0.0.1"));
        IRethinkDbConnectionFactory factory;
        await using (var scope = provider.CreateAsyncScope())
        {
            factory = scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>();
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => factory.OpenAsync().AsTask());
    }

    [Fact]
    public async Task Keyed_instances_have_their_own_pools_and_health_checks()
    {
        await using var main = await RethinkDbTestServer.StartAsync(new TestServerOptions { ServerName = "main_server" });
        await using var analytics = await RethinkDbTestServer.StartAsync(new TestServerOptions { ServerName = "analytics_server" });
        var configuration = Hosts.Configuration([.. Hosts.ServerSection(main), .. Hosts.ServerSection(analytics, "Analytics")]);
        await using var provider = Hosts.Build(configuration, (s, c) =>
        {
            s.AddRethinkDb(c.GetSection("RethinkDb"));
            s.AddKeyedRethinkDb("analytics", c.GetSection("Analytics"));
        });

        var mainPool = provider.GetRequiredService<RethinkDbDataSource>();
        var analyticsPool = provider.GetRequiredKeyedService<RethinkDbDataSource>("analytics");
        Assert.NotSame(mainPool, analyticsPool);
        Assert.Equal("rethinkdb", mainPool.Name);
        Assert.Equal("rethinkdb_analytics", analyticsPool.Name);

        await using (var scope = provider.CreateAsyncScope())
        {
            var mainFactory = scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>();
            var analyticsFactory = scope.ServiceProvider.GetRequiredKeyedService<IRethinkDbConnectionFactory>("analytics");
            await using var a = await analyticsFactory.OpenAsync();
            Assert.Equal("analytics_server", (await a.ServerAsync()).Name);
            Assert.Equal(0, main.ConnectionsAccepted);
            await using var m = await mainFactory.OpenAsync();
            Assert.Equal("main_server", (await m.ServerAsync()).Name);
        }
        Assert.Equal(1, main.ConnectionsAccepted);
        Assert.Equal(1, analytics.ConnectionsAccepted);

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(2, report.Entries.Count);
        Assert.Equal(HealthStatus.Healthy, report.Entries["rethinkdb"].Status);
        Assert.Equal("main_server", report.Entries["rethinkdb"].Data["server_name"]);
        Assert.Equal(HealthStatus.Healthy, report.Entries["rethinkdb_analytics"].Status);
        Assert.Equal("analytics_server", report.Entries["rethinkdb_analytics"].Data["server_name"]);
        Assert.Equal(analytics.Port, report.Entries["rethinkdb_analytics"].Data["port"]);

        // Each check follows its own server: stopping one leaves the other healthy.
        await analytics.StopAsync();
        report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Entries["rethinkdb"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["rethinkdb_analytics"].Status);
    }
}
