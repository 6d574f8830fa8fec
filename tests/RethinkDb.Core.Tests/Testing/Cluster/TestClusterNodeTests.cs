using System.Text.Json;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Testing.Cluster;

/// <summary>
/// What only a test cluster can do on demand: nodes that stop, restart and join, seen in <c>server_status</c>, its
/// changefeed, and by the connections of each node.
/// </summary>
public sealed class TestClusterNodeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static ReqlTerm ServerStatus => R.Db("rethinkdb").Table("server_status");

    private static async Task<List<string>> NamesAsync(Connection conn) =>
        [.. (await ServerStatus.RunAsync(conn)).EnumerateArray().Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_nodes_cluster_port_never_equals_its_driver_port()
    {
        // The cluster port is a number reserved and released before the driver's listener binds, so the system may
        // hand the listener that very number (a CI run saw reql_port = cluster_port = 33675): the node then takes
        // another cluster port.
        var member = new RethinkDb.Testing.Evaluation.SystemTables.ServerMember(Guid.NewGuid(), "node");
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, member.ClusterPort);
        listener.Start(); // the driver's listener, given the reserved number

        member.ReqlPort = member.ClusterPort;

        Assert.NotEqual(member.ReqlPort, member.ClusterPort);
        Assert.True(member.ClusterPort > 0);
    }

    [Fact]
    public async Task Nodes_have_their_own_ports_names_and_ids_and_hosts_list_them()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(3);
        Assert.Equal(3, cluster.Nodes.Count);
        Assert.Equal(3, cluster.Nodes.Select(n => n.Port).Distinct().Count());
        Assert.Equal(3, cluster.Nodes.Select(n => n.ServerId).Distinct().Count());
        Assert.Equal(["node1", "node2", "node3"], cluster.Nodes.Select(n => n.Options.ServerName));
        Assert.Equal(cluster.Nodes.Select(n => $"127.0.0.1:{n.Port}"), cluster.Hosts);

        var options = cluster.CreateConnectionOptions();
        Assert.Equal(cluster.Hosts, options.Hosts);
        Assert.Equal(cluster.Nodes[0].Port, options.Port);
        await using var conn = await Connection.OpenAsync(options);
        Assert.Equal(["node1", "node2", "node3"], await NamesAsync(conn));
        var server = await conn.ServerAsync();
        Assert.Equal("node1", server.Name);
        var row = await ServerStatus.Get(cluster.Nodes[1].ServerId.ToString()).RunAsync(conn);
        Assert.Equal("node2", row.GetProperty("name").GetString());
        Assert.Equal(cluster.Nodes[1].Port, row.GetProperty("network").GetProperty("reql_port").GetInt32());
    }

    [Fact]
    public async Task A_single_test_server_lists_itself_connected_to_nobody()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { ServerName = "solo" });
        await using var conn = await Connection.OpenAsync(server.CreateConnectionOptions());
        var row = Assert.Single((await ServerStatus.RunAsync(conn)).EnumerateArray());
        Assert.Equal("solo", row.GetProperty("name").GetString());
        Assert.Equal(server.ServerId.ToString(), row.GetProperty("id").GetString());
        Assert.Empty(row.GetProperty("network").GetProperty("connected_to").EnumerateObject());
    }

    [Fact]
    public async Task Stopping_restarting_and_adding_nodes_shows_in_server_status_and_its_changefeed()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(3);
        await using var conn = await Connection.OpenAsync(cluster.Nodes[0].CreateConnectionOptions());
        await using var feed = await ServerStatus.Changes().RunChangesAsync<JsonElement>(conn);
        await using var changes = feed.GetAsyncEnumerator();
        var startedBefore = (await ServerStatus.Get(cluster.Nodes[2].ServerId.ToString()).RunAsync(conn))
            .GetProperty("process").GetProperty("time_started").GetProperty("epoch_time").GetDouble();

        await cluster.StopNodeAsync(2);
        Assert.False(cluster.Nodes[2].IsRunning);
        Assert.Equal(3, cluster.Nodes.Count);
        var left = await NextWhereAsync(changes, c => IsNull(c.NewVal) && Name(c.OldVal) == "node3");
        Assert.Equal(cluster.Nodes[2].ServerId.ToString(), left.OldVal.GetProperty("id").GetString());
        // The others are no longer connected to it.
        var stillConnected = await NextWhereAsync(changes, c => Name(c.NewVal) == "node1");
        Assert.False(stillConnected.NewVal.GetProperty("network").GetProperty("connected_to").TryGetProperty("node3", out _));
        Assert.Equal(["node1", "node2"], await NamesAsync(conn));
        Assert.Equal(JsonValueKind.Null, (await ServerStatus.Get(cluster.Nodes[2].ServerId.ToString()).RunAsync(conn)).ValueKind);

        await Task.Delay(5); // time_started is kept to the millisecond
        await cluster.RestartNodeAsync(2);
        var back = await NextWhereAsync(changes, c => IsNull(c.OldVal) && Name(c.NewVal) == "node3");
        Assert.Equal(cluster.Nodes[2].ServerId.ToString(), back.NewVal.GetProperty("id").GetString());
        Assert.Equal(cluster.Nodes[2].Port, back.NewVal.GetProperty("network").GetProperty("reql_port").GetInt32());
        Assert.True(back.NewVal.GetProperty("process").GetProperty("time_started").GetProperty("epoch_time").GetDouble() > startedBefore);
        Assert.Equal(["node1", "node2", "node3"], await NamesAsync(conn));

        var added = await cluster.AddNodeAsync();
        Assert.Same(added, cluster.Nodes[3]);
        Assert.Equal($"127.0.0.1:{added.Port}", cluster.Hosts[3]);
        var joined = await NextWhereAsync(changes, c => IsNull(c.OldVal) && Name(c.NewVal) == "node4");
        Assert.Equal(added.Port, joined.NewVal.GetProperty("network").GetProperty("reql_port").GetInt32());
        Assert.Equal(["node1", "node2", "node3", "node4"], await NamesAsync(conn));
        await using var onNew = await Connection.OpenAsync(added.CreateConnectionOptions());
        Assert.Equal(["node1", "node2", "node3", "node4"], await NamesAsync(onNew));
    }

    [Fact]
    public async Task A_feed_on_server_status_with_include_initial_and_states_starts_with_every_node()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(2);
        await using var conn = await Connection.OpenAsync(cluster.CreateConnectionOptions());
        await using var feed = await ServerStatus.Changes().OptArg("include_initial", true).OptArg("include_states", true)
            .RunChangesAsync<JsonElement>(conn);
        await using var changes = feed.GetAsyncEnumerator();
        var seen = new List<Change<JsonElement>>();
        while (seen.Count < 4)
        {
            Assert.True(await changes.MoveNextAsync().AsTask().WaitAsync(Timeout));
            seen.Add(changes.Current);
        }
        Assert.Equal("initializing", seen[0].State);
        Assert.Equal(["node1", "node2"], seen.Skip(1).Take(2).Select(c => Name(c.NewVal)).Order(StringComparer.Ordinal));
        Assert.Equal("ready", seen[3].State);
    }

    [Fact]
    public async Task Pending_queries_on_a_stopped_node_fail_and_the_other_nodes_carry_on()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(3);
        await using var healthy = await Connection.OpenAsync(cluster.Nodes[0].CreateConnectionOptions());
        await R.DbCreate("shared").RunAsync(healthy);
        await R.Db("shared").TableCreate("items").RunAsync(healthy);
        cluster.Nodes[1].Fault = TestServerFault.StallQueries;
        await using var doomed = await Connection.OpenAsync(cluster.Nodes[1].CreateConnectionOptions());
        var pending = Enumerable.Range(0, 20).Select(i => R.Db("shared").Table("items").Get(i).RunAsync(doomed)).ToList();
        await using var feedConn = await Connection.OpenAsync(cluster.Nodes[2].CreateConnectionOptions());

        await cluster.StopNodeAsync(1);
        foreach (var query in pending)
        {
            await Assert.ThrowsAnyAsync<ReqlDriverError>(() => query.WaitAsync(Timeout));
        }
        await Assert.ThrowsAnyAsync<ReqlDriverError>(() => Connection.OpenAsync(cluster.Nodes[1].CreateConnectionOptions()));

        // The other nodes answer, with the shared store.
        Assert.Equal(1, (await R.Db("shared").Table("items").Insert(new { id = 1 }).RunWriteAsync(healthy)).Inserted);
        Assert.Equal(1, await R.Db("shared").Table("items").Count().RunAsync<int>(feedConn));

        cluster.Nodes[1].Fault = TestServerFault.None;
        await cluster.RestartNodeAsync(1);
        await using var again = await Connection.OpenAsync(cluster.Nodes[1].CreateConnectionOptions());
        Assert.Equal(1, await R.Db("shared").Table("items").Count().RunAsync<int>(again));
        Assert.True(cluster.Nodes[1].IsRunning);
    }

    [Fact]
    public async Task A_changefeed_on_a_stopped_node_fails_while_one_on_another_node_goes_on()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(2);
        await using var first = await Connection.OpenAsync(cluster.Nodes[0].CreateConnectionOptions());
        await using var second = await Connection.OpenAsync(cluster.Nodes[1].CreateConnectionOptions());
        await R.Db("test").TableCreate("items").RunAsync(first);
        await using var doomedFeed = await R.Db("test").Table("items").Changes().RunChangesAsync<JsonElement>(second);
        await using var doomed = doomedFeed.GetAsyncEnumerator();
        await using var liveFeed = await R.Db("test").Table("items").Changes().RunChangesAsync<JsonElement>(first);
        await using var live = liveFeed.GetAsyncEnumerator();
        var waiting = doomed.MoveNextAsync().AsTask();

        await cluster.StopNodeAsync(1);
        await Assert.ThrowsAnyAsync<ReqlDriverError>(() => waiting.WaitAsync(Timeout));
        var next = live.MoveNextAsync().AsTask();
        await R.Db("test").Table("items").Insert(new { id = 1 }).RunWriteAsync(first);
        Assert.True(await next.WaitAsync(Timeout));
        Assert.Equal(1, live.Current.NewVal.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Node_indexes_are_checked()
    {
        await using var cluster = await RethinkDbTestCluster.StartAsync(1);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => cluster.StopNodeAsync(1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => cluster.RestartNodeAsync(-1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RethinkDbTestCluster.StartAsync(0));
    }

    private static bool IsNull(JsonElement value) => value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    private static string? Name(JsonElement row) => IsNull(row) ? null : row.GetProperty("name").GetString();

    private static async Task<Change<JsonElement>> NextWhereAsync(IAsyncEnumerator<Change<JsonElement>> changes, Func<Change<JsonElement>, bool> match)
    {
        while (true)
        {
            Assert.True(await changes.MoveNextAsync().AsTask().WaitAsync(Timeout));
            if (match(changes.Current))
            {
                return changes.Current;
            }
        }
    }
}
