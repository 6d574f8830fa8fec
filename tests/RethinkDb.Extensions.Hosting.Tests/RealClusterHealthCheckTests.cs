using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Extensions.Hosting.Tests.Infrastructure;

namespace RethinkDb.Extensions.Hosting.Tests;

/// <summary>
/// The cluster health check against the real cluster of RETHINKDB_CLUSTER: each node behind a loopback proxy that
/// the test makes refuse connections (a node that went away, without stopping the shared cluster's servers).
/// </summary>
public sealed class RealClusterHealthCheckTests
{
    [RealClusterFact]
    public async Task A_real_cluster_is_healthy_degraded_while_a_node_is_away_unhealthy_when_all_are_and_healthy_again()
    {
        var password = RealCluster.Password;
        var proxies = RealCluster.Nodes.Take(3).Select(n => new CuttingProxy(n.Host, n.Port)).ToArray();
        try
        {
            await using var provider = Hosts.Build(
                Hosts.Configuration(("RethinkDb:Password", password.Length == 0 ? null : password), ("RethinkDb:HealthCheck:Timeout", "5")),
                (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb"), b =>
                {
                    b.ConnectionOptions.Hosts = [.. proxies.Select(p => p.Endpoint)];
                    b.ConnectionOptions.ReconnectDelay = TimeSpan.FromMilliseconds(20);
                    b.ConnectionOptions.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
                    b.DiscoverNodes = false;
                }));

            var healthy = await CheckAsync(provider);
            Assert.Equal(HealthStatus.Healthy, healthy.Status);
            Assert.Equal(3, healthy.Data["nodes_up"]);

            proxies[1].Refusing = true;
            proxies[1].CutAll();
            var degraded = await CheckAsync(provider);
            Assert.Equal(HealthStatus.Degraded, degraded.Status);
            Assert.Equal(proxies[1].Endpoint, degraded.Data["nodes_down"]);
            Assert.Equal(2, degraded.Data["nodes_up"]);

            foreach (var proxy in proxies)
            {
                proxy.Refusing = true;
                proxy.CutAll();
            }
            var unhealthy = await CheckAsync(provider);
            Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
            Assert.IsAssignableFrom<ReqlDriverError>(unhealthy.Exception);
            Assert.All(proxies, p => Assert.Contains(p.Endpoint, unhealthy.Description, StringComparison.Ordinal));

            if (password.Length > 0)
            {
                foreach (var entry in new[] { healthy, degraded, unhealthy })
                {
                    Assert.DoesNotContain(password, $"{entry.Description} {entry.Exception} {string.Join(",", entry.Data.Values)}", StringComparison.Ordinal);
                }
            }

            foreach (var proxy in proxies)
            {
                proxy.Refusing = false;
            }
            var deadline = DateTime.UtcNow + Hosts.Margin;
            HealthReportEntry again;
            while ((again = await CheckAsync(provider)).Status != HealthStatus.Healthy && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            Assert.Equal(HealthStatus.Healthy, again.Status);
        }
        finally
        {
            foreach (var proxy in proxies)
            {
                await proxy.DisposeAsync();
            }
        }
    }

    private static async Task<HealthReportEntry> CheckAsync(ServiceProvider provider) =>
        (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["rethinkdb"];
}
