using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RethinkDb.Extensions.Hosting.Tests.Infrastructure;
using RethinkDb.Testing;

namespace RethinkDb.Extensions.Hosting.Tests;

/// <summary>The health check of a data source spanning several nodes: Healthy, Degraded (naming the nodes), Unhealthy.</summary>
public sealed class ClusterHealthCheckTests
{
    [Fact]
    public async Task Healthy_when_every_node_answers_degraded_when_some_do_not_unhealthy_when_none_does()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(3, new TestServerOptions { AdminPassword = "health-pw-4" });
        await using var provider = Hosts.Build(
            Hosts.Configuration(Hosts.ServerSection(cluster.Nodes[0], "RethinkDb", ("HealthCheck:Timeout", "5"))),
            (s, c) => s.AddRethinkDb(c.GetSection("RethinkDb"), b =>
            {
                b.ConnectionOptions.Hosts = [.. cluster.Hosts];
                b.ConnectionOptions.ReconnectDelay = TimeSpan.FromMilliseconds(20);
                b.ConnectionOptions.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
                b.DiscoverNodes = false;
            }));
        var endpoints = cluster.Nodes.Select(n => $"127.0.0.1:{n.Port}").ToArray();

        var healthy = await CheckAsync(provider);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(3, healthy.Data["nodes"]);
        Assert.Equal(3, healthy.Data["nodes_up"]);
        Assert.All(endpoints, e => Assert.Contains(e, healthy.Description, StringComparison.Ordinal));
        Assert.All(cluster.Nodes, n => Assert.True(n.QueriesReceived > 0, "A node was not asked."));

        await cluster.StopNodeAsync(1);
        var degraded = await CheckAsync(provider);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains(endpoints[1], degraded.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(endpoints[0], degraded.Description, StringComparison.Ordinal);
        Assert.Equal(endpoints[1], degraded.Data["nodes_down"]);
        Assert.Equal(2, degraded.Data["nodes_up"]);

        await cluster.StopNodeAsync(0);
        await cluster.StopNodeAsync(2);
        var unhealthy = await CheckAsync(provider);
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.IsAssignableFrom<ReqlDriverError>(unhealthy.Exception);
        Assert.All(endpoints, e => Assert.Contains(e, unhealthy.Description, StringComparison.Ordinal));

        foreach (var entry in new[] { healthy, degraded, unhealthy })
        {
            var text = $"{entry.Description} {entry.Exception} {string.Join(",", entry.Data.Values)}";
            Assert.DoesNotContain("health-pw-4", text, StringComparison.Ordinal);
        }

        // Back: healthy again once the nodes answer.
        await cluster.RestartNodeAsync(0);
        await cluster.RestartNodeAsync(1);
        await cluster.RestartNodeAsync(2);
        var deadline = DateTime.UtcNow + Hosts.Margin;
        HealthReportEntry again;
        while ((again = await CheckAsync(provider)).Status != HealthStatus.Healthy && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(HealthStatus.Healthy, again.Status);
    }

    private static async Task<HealthReportEntry> CheckAsync(ServiceProvider provider) =>
        (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["rethinkdb"];
}
