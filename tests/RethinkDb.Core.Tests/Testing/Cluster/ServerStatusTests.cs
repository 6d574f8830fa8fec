using System.Text.Json;

namespace RethinkDb.Core.Tests.Testing.Cluster;

/// <summary>
/// <c>rethinkdb.server_status</c> and <c>server_config</c> of a three-node cluster, and the store the nodes share: the
/// same assertions hold on a <see cref="RethinkDb.Testing.RethinkDbTestCluster"/> and on the real cluster of
/// RETHINKDB_CLUSTER (shapes from clustering/administration/servers/server_status.cc and server_config.cc of 2.4.4).
/// </summary>
public sealed class ServerStatusTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static ReqlTerm ServerStatus => R.Db("rethinkdb").Table("server_status");

    [Theory, OnTestCluster, OnRealCluster]
    public async Task Every_node_lists_every_node_in_the_real_servers_shape(ClusterUnderTestKind kind)
    {
        await using var cluster = await ClusterUnderTest.StartAsync(kind);
        var ids = new List<HashSet<string>>();
        for (var node = 0; node < cluster.NodeCount; node++)
        {
            await using var conn = await cluster.ConnectAsync(node);
            var rows = (await ServerStatus.RunAsync(conn)).EnumerateArray().ToList();
            Assert.Equal(cluster.NodeCount, rows.Count);
            var names = rows.Select(r => r.GetProperty("name").GetString()!).ToList();
            foreach (var row in rows)
            {
                Assert.Equal(["id", "name", "network", "process"], Keys(row));
                Assert.True(Guid.TryParse(row.GetProperty("id").GetString(), out _));
                var network = row.GetProperty("network");
                Assert.Equal(["canonical_addresses", "cluster_port", "connected_to", "hostname", "http_admin_port", "reql_port", "time_connected"], Keys(network));
                // One address per interface the node's cluster port is bound to: a real node bound to 127.0.0.1 also
                // lists ::1 when the host has IPv6 loopback.
                var addresses = network.GetProperty("canonical_addresses").EnumerateArray().ToList();
                Assert.NotEmpty(addresses);
                Assert.All(addresses, address =>
                {
                    Assert.Equal(["host", "port"], Keys(address));
                    Assert.Equal(network.GetProperty("cluster_port").GetInt32(), address.GetProperty("port").GetInt32());
                });
                Assert.NotEqual(network.GetProperty("reql_port").GetInt32(), network.GetProperty("cluster_port").GetInt32());
                Assert.Equal("TIME", network.GetProperty("time_connected").GetProperty("$reql_type$").GetString());
                // connected_to names every other connected server, each true.
                var name = row.GetProperty("name").GetString()!;
                var connectedTo = network.GetProperty("connected_to").EnumerateObject().ToList();
                Assert.Equal(names.Where(n => n != name).Order(StringComparer.Ordinal), connectedTo.Select(p => p.Name).Order(StringComparer.Ordinal));
                Assert.All(connectedTo, p => Assert.True(p.Value.GetBoolean()));
                var process = row.GetProperty("process");
                Assert.Equal(["argv", "cache_size_mb", "pid", "time_started", "version"], Keys(process));
                Assert.Equal(JsonValueKind.Array, process.GetProperty("argv").ValueKind);
                Assert.Equal(JsonValueKind.Number, process.GetProperty("cache_size_mb").ValueKind);
                Assert.StartsWith("rethinkdb 2.4.4", process.GetProperty("version").GetString());
                Assert.Equal("TIME", process.GetProperty("time_started").GetProperty("$reql_type$").GetString());
            }
            // The node answering is one of the rows, found by its driver port.
            Assert.Contains(rows, r => r.GetProperty("network").GetProperty("reql_port").GetInt32() == cluster.Options(node).Port);
            ids.Add([.. rows.Select(r => r.GetProperty("id").GetString()!)]);
        }
        Assert.All(ids, set => Assert.True(set.SetEquals(ids[0])));
    }

    [Theory, OnTestCluster, OnRealCluster]
    public async Task Server_config_has_a_row_per_server_and_get_pluck_and_filter_read_server_status(ClusterUnderTestKind kind)
    {
        await using var cluster = await ClusterUnderTest.StartAsync(kind);
        await using var conn = await cluster.ConnectAsync(1);
        var config = (await R.Db("rethinkdb").Table("server_config").RunAsync(conn)).EnumerateArray().ToList();
        Assert.Equal(cluster.NodeCount, config.Count);
        Assert.All(config, row => Assert.Equal(["cache_size_mb", "id", "name", "tags"], Keys(row)));

        var id = config[0].GetProperty("id").GetString()!;
        var one = await ServerStatus.Get(id).RunAsync(conn);
        Assert.Equal(config[0].GetProperty("name").GetString(), one.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, (await ServerStatus.Get(Guid.NewGuid().ToString()).RunAsync(conn)).ValueKind);

        var plucked = (await ServerStatus.Pluck("name").OrderBy("name").RunAsync(conn)).EnumerateArray().ToList();
        Assert.Equal(config.Select(r => r.GetProperty("name").GetString()).Order(StringComparer.Ordinal), plucked.Select(r => r.GetProperty("name").GetString()));
        Assert.All(plucked, row => Assert.Equal(["name"], Keys(row)));
        var port = cluster.Options(2).Port;
        var found = await ServerStatus.Filter(row => row["network"]["reql_port"].Eq(port)).Count().RunAsync<int>(conn);
        Assert.Equal(1, found);
    }

    [Theory, OnTestCluster, OnRealCluster]
    public async Task Server_status_refuses_writes_with_the_real_servers_message(ClusterUnderTestKind kind)
    {
        await using var cluster = await ClusterUnderTest.StartAsync(kind);
        await using var conn = await cluster.ConnectAsync(0);
        var insert = await ServerStatus.Insert(new { id = Guid.NewGuid().ToString(), name = "intruder" }).RunAsync(conn);
        Assert.Equal(1, insert.GetProperty("errors").GetInt32());
        Assert.Equal(0, insert.GetProperty("inserted").GetInt32());
        Assert.Equal("It's illegal to write to the `rethinkdb.server_status` table.", insert.GetProperty("first_error").GetString());
        var delete = await ServerStatus.Delete().RunAsync(conn);
        Assert.Equal(cluster.NodeCount, delete.GetProperty("errors").GetInt32());
        Assert.Equal(0, delete.GetProperty("deleted").GetInt32());
        Assert.Equal(cluster.NodeCount, (await ServerStatus.Count().RunAsync<int>(conn)));
    }

    [Theory, OnTestCluster, OnRealCluster]
    public async Task The_nodes_share_databases_tables_and_documents(ClusterUnderTestKind kind)
    {
        await using var cluster = await ClusterUnderTest.StartAsync(kind);
        await using var first = await cluster.ConnectAsync(0);
        await using var second = await cluster.ConnectAsync(1);
        await using var third = await cluster.ConnectAsync(2);
        var db = "cluster_" + Guid.NewGuid().ToString("N")[..12];
        await R.DbCreate(db).RunAsync(first);
        try
        {
            await R.Db(db).TableCreate("items").RunAsync(first);
            await R.Db(db).Table("items").Wait().RunAsync(second);
            await R.Db(db).Table("items").IndexCreate("n").RunAsync(second);
            await R.Db(db).Table("items").IndexWait("n").RunAsync(third);
            var written = await R.Db(db).Table("items").Insert(new { id = "a", n = 7 }).RunWriteAsync(second);
            Assert.Equal(1, written.Inserted);

            Assert.Contains(db, (await R.DbList().RunAsync(third)).EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(7, (await R.Db(db).Table("items").Get("a").RunAsync(third)).GetProperty("n").GetInt32());
            Assert.Equal(1, await R.Db(db).Table("items").GetAll(7).OptArg("index", "n").Count().RunAsync<int>(first));
        }
        finally
        {
            await R.DbDrop(db).RunAsync(first);
        }
    }

    [Theory, OnTestCluster, OnRealCluster]
    public async Task A_write_through_one_node_reaches_a_changefeed_on_another(ClusterUnderTestKind kind)
    {
        await using var cluster = await ClusterUnderTest.StartAsync(kind);
        await using var writer = await cluster.ConnectAsync(0);
        await using var listener = await cluster.ConnectAsync(2);
        var db = "cluster_" + Guid.NewGuid().ToString("N")[..12];
        await R.DbCreate(db).RunAsync(writer);
        try
        {
            await R.Db(db).TableCreate("items").RunAsync(writer);
            await R.Db(db).Table("items").Wait().RunAsync(listener);
            await using var feed = await R.Db(db).Table("items").Changes().RunChangesAsync<JsonElement>(listener);
            await using var changes = feed.GetAsyncEnumerator();
            var next = changes.MoveNextAsync().AsTask();
            await R.Db(db).Table("items").Insert(new { id = "x", n = 1 }).RunWriteAsync(writer);
            Assert.True(await next.WaitAsync(Timeout));
            Assert.Equal("x", changes.Current.NewVal.GetProperty("id").GetString());
            Assert.True(changes.Current.OldVal.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined);
        }
        finally
        {
            await R.DbDrop(db).RunAsync(writer);
        }
    }

    internal static List<string> Keys(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
