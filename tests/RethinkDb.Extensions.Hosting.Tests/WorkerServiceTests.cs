using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RethinkDb.Testing;

namespace RethinkDb.Extensions.Hosting.Tests;

/// <summary>A worker service (the generic host, no ASP.NET Core) resolves the factory in its own scope and uses it.</summary>
public sealed class WorkerServiceTests
{
    [Fact]
    public async Task A_worker_resolves_and_uses_the_factory_and_the_host_closes_the_pool()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { AdminPassword = "worker-pw", ServerName = "worker_target" });
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(
        [
            new("RethinkDb:Host", server.Host),
            new("RethinkDb:Port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("RethinkDb:Password", "worker-pw"),
            new("RethinkDb:Timeout", "20"),
        ]);
        builder.Services.AddRethinkDb(builder.Configuration.GetSection("RethinkDb"));
        builder.Services.AddSingleton<Worker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Worker>());

        using var host = builder.Build();
        Assert.Equal(0, server.ConnectionsAccepted);
        await host.StartAsync();
        var answer = await host.Services.GetRequiredService<Worker>().ServerName.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();

        Assert.Equal("worker_target", answer);
        Assert.Equal(1, server.ConnectionsAccepted);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (server.OpenConnections != 0) // the data source closed its socket
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private sealed class Worker(IServiceScopeFactory scopes) : BackgroundService
    {
        public TaskCompletionSource<string?> ServerName { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var factory = scope.ServiceProvider.GetRequiredService<Extensions.Hosting.IRethinkDbConnectionFactory>();
                await using var conn = await factory.OpenAsync(stoppingToken);
                ServerName.TrySetResult((await conn.ServerAsync(stoppingToken)).Name);
            }
            catch (Exception ex)
            {
                ServerName.TrySetException(ex);
            }
        }
    }
}
