using System.Net;
using System.Net.Sockets;
using RethinkDb.DataSource;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Cluster;

/// <summary>Seeds in every form become nodes; DNS names count as one node per address; a lone Host stays one node.</summary>
public sealed class ClusterSeedTests
{
    [Fact]
    public async Task Every_form_of_host_entry_becomes_a_node_and_every_node_answers()
    {
        await using var nodes = await TestNodes.StartAsync(3);
        var options = nodes.Options();
        // host:port, host alone (the default Port), and a DNS name with a port.
        options.Port = nodes[1].Port;
        options.Hosts = [$"127.0.0.1:{nodes[0].Port}", "127.0.0.1", $"localhost:{nodes[2].Port}"];
        await using var dataSource = new RethinkDbDataSourceBuilder(options) { DiscoverNodes = false }.Build();

        // Before anything runs: the seeds as configured, nothing resolved or connected.
        Assert.Equal(3, dataSource.Nodes.Count);
        Assert.All(dataSource.Nodes, n => Assert.Equal(RethinkDbNodeState.Unknown, n.State));
        Assert.Equal(0, nodes.Servers.Sum(s => s.ConnectionsAccepted));

        Assert.Equal(1, await R.Expr(1).RunAsync<int>(dataSource));
        var localhost = await Dns.GetHostAddressesAsync("localhost");
        var expected = 2 + localhost.Select(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 ? a.ToString() : null)
            .Where(a => a is not null).Distinct().Count();
        Assert.Equal(expected, dataSource.Nodes.Count);
        Assert.Contains(dataSource.Nodes, n => n.Host == "127.0.0.1" && n.Port == nodes[0].Port);
        Assert.Contains(dataSource.Nodes, n => n.Host == "127.0.0.1" && n.Port == nodes[1].Port);
        Assert.Contains(dataSource.Nodes, n => n.Host == "127.0.0.1" && n.Port == nodes[2].Port);
        Assert.All(dataSource.Nodes, n => Assert.True(n.IsSeed));

        // Every server gets queries once the data source has warmed up (the ::1 node, if any, may be down: the
        // test servers listen on IPv4 loopback only).
        for (var i = 0; i < 500 && !nodes.Servers.All(s => s.QueriesReceived > 0); i++)
        {
            Assert.Equal(i, await R.Expr(i).RunAsync<int>(dataSource));
            await Task.Delay(5);
        }
        Assert.All(nodes.Servers, s => Assert.True(s.QueriesReceived > 0, $"No query reached {s.Port}."));
    }

    [Fact]
    public async Task A_name_resolving_to_several_addresses_is_several_nodes_with_the_name_kept_for_TLS()
    {
        var resolver = new SeedResolver((host, _) => host switch
        {
            "rethink.headless" => Task.FromResult(new[]
            {
                IPAddress.Parse("10.1.0.5"), IPAddress.Parse("10.1.0.6"), IPAddress.Parse("::ffff:10.1.0.5"), IPAddress.Parse("fd00::7"),
            }),
            _ => throw new SocketException((int)SocketError.HostNotFound),
        });

        var resolved = await resolver.ResolveAsync(
            [new HostEntry("rethink.headless", 28015), new HostEntry("10.1.0.6", 28015), new HostEntry("gone.example", 28016)], CancellationToken.None);

        // The mapped IPv4 address is the same node as its IPv4 form; an address given as such is not a duplicate.
        Assert.Equal(
            ["10.1.0.5:28015", "10.1.0.6:28015", "[fd00::7]:28015", "gone.example:28016"],
            resolved.Select(r => r.Entry.ToString()));
        Assert.Equal(["rethink.headless", "rethink.headless", "rethink.headless", null], resolved.Select(r => r.SeedName));

        // As nodes of a data source: TLS checks the name the certificate carries, not the address.
        var options = new ConnectionOptions { Hosts = ["rethink.headless"], Ssl = new SslOptions() };
        await using var dataSource = new RethinkDbDataSourceBuilder(options) { DiscoverNodes = false, SeedResolver = resolver }.Build();
        await dataSource.NodeSet.EnsureResolvedAsync(CancellationToken.None);
        Assert.Equal(3, dataSource.Nodes.Count);
        Assert.All(dataSource.NodeSet.Nodes, n => Assert.Equal("rethink.headless", n.Options.Ssl!.TargetHost));
        Assert.All(dataSource.NodeSet.Nodes, n => Assert.Empty(n.Options.Hosts));
    }

    [Fact]
    public async Task A_lone_host_name_stays_one_node_as_before_clusters()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var options = server.CreateConnectionOptions();
        options.Host = "localhost";
        await using var dataSource = RethinkDbDataSource.Create(options);
        Assert.Equal(2, await R.Expr(2).RunAsync<int>(dataSource));
        var node = Assert.Single(dataSource.Nodes);
        Assert.Equal("localhost", node.Host);
        Assert.Equal(RethinkDbNodeState.Up, node.State);
        Assert.Null(dataSource.Discovery);
    }

    [Fact]
    public async Task A_connection_with_hosts_opens_to_the_first_that_answers()
    {
        await using var nodes = await TestNodes.StartAsync(2);
        await nodes[0].StopAsync();
        var options = nodes.Options();

        await using (var connection = await Connection.OpenAsync(options))
        {
            Assert.Equal(nodes[1].Port, connection.Port);
            Assert.Equal(3, await R.Expr(3).RunAsync<int>(connection));
        }

        await nodes[1].StopAsync();
        var error = await Assert.ThrowsAnyAsync<ReqlDriverError>(() => Connection.OpenAsync(options));
        Assert.Contains($"127.0.0.1:{nodes[0].Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{nodes[1].Port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_connection_from_a_cluster_data_source_goes_to_a_node_that_answers()
    {
        await using var nodes = await TestNodes.StartAsync(2);
        await using var dataSource = nodes.DataSource();
        await TestNodes.WarmUpAsync(dataSource);
        await nodes[0].StopAsync();

        await using var connection = await dataSource.OpenNewConnectionAsync();
        Assert.Equal(nodes[1].Port, connection.Port);
        Assert.Equal(4, await R.Expr(4).RunAsync<int>(connection));
    }
}
