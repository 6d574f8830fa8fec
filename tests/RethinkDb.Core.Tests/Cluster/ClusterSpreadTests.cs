namespace RethinkDb.Core.Tests.Cluster;

/// <summary>Handles and leaseless queries go round-robin over the nodes, so no node carries the whole application.</summary>
public sealed class ClusterSpreadTests
{
    [Fact]
    public async Task Handles_spread_evenly_over_the_nodes()
    {
        await using var nodes = await TestNodes.StartAsync(3);
        await using var dataSource = nodes.DataSource();
        await TestNodes.WarmUpAsync(dataSource);

        var handles = new List<Connection>();
        for (var i = 0; i < 30; i++)
        {
            handles.Add(await dataSource.OpenConnectionAsync());
        }
        var perNode = handles.GroupBy(h => h.Port).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, perNode.Count);
        Assert.All(nodes.Servers, s => Assert.Equal(10, perNode[s.Port]));
        foreach (var handle in handles)
        {
            Assert.Equal(handle.Port, await R.Expr(handle.Port).RunAsync<int>(handle));
            await handle.DisposeAsync();
        }
    }

    [Fact]
    public async Task Queries_without_a_lease_spread_evenly_over_the_nodes()
    {
        await using var nodes = await TestNodes.StartAsync(3);
        await using var dataSource = nodes.DataSource();
        await TestNodes.WarmUpAsync(dataSource);
        var before = nodes.Servers.Select(s => s.QueriesReceived).ToArray();

        var queries = Enumerable.Range(0, 300).Select(i => R.Expr(i).RunAsync<int>(dataSource)).ToArray();
        Assert.Equal(Enumerable.Range(0, 300), await Task.WhenAll(queries));

        var perNode = nodes.Servers.Select((s, i) => s.QueriesReceived - before[i]).ToArray();
        Assert.Equal(300, perNode.Sum());
        // Round-robin over three nodes: 100 each, give or take the few that found a node's socket busy opening.
        Assert.All(perNode, n => Assert.InRange(n, 80, 120));
    }
}
