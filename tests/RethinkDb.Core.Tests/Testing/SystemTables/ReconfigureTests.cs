using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Core.Tests.Testing.Cluster;

namespace RethinkDb.Core.Tests.Testing.SystemTables;

/// <summary>
/// <c>reconfigure</c> and <c>rebalance</c> (rdb_protocol/terms/db_table.cc, tables/generate_config.cc,
/// real_reql_cluster_interface.cc of 2.4.4): result shapes, <c>dry_run</c>, and the errors for bad shard and replica
/// counts as the real server words them. The same assertions run against a real server (and cluster) when the
/// environment names one.
/// </summary>
public sealed class ReconfigureTests
{
    private static List<string> Keys(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    [Theory, TestServer, RealServer]
    public async Task Reconfigure_answers_config_and_status_changes_and_a_dry_run_changes_nothing(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        var before = await table.Config().RunAsync(h.Connection);

        var dry = await table.Reconfigure().OptArg("shards", 2).OptArg("replicas", 1).OptArg("dry_run", true).RunAsync(h.Connection);
        Assert.Equal(["config_changes", "reconfigured"], Keys(dry));
        Assert.Equal(0, dry.GetProperty("reconfigured").GetInt32());
        var change = Assert.Single(dry.GetProperty("config_changes").EnumerateArray());
        Assert.Equal(before.GetRawText(), change.GetProperty("old_val").GetRawText());
        Assert.Equal(2, change.GetProperty("new_val").GetProperty("shards").GetArrayLength());
        Assert.Equal(before.GetRawText(), (await table.Config().RunAsync(h.Connection)).GetRawText());

        var done = await table.Reconfigure().OptArg("shards", 2).OptArg("replicas", 1).RunAsync(h.Connection);
        Assert.Equal(["config_changes", "reconfigured", "status_changes"], Keys(done));
        Assert.Equal(1, done.GetProperty("reconfigured").GetInt32());
        var status = Assert.Single(done.GetProperty("status_changes").EnumerateArray());
        Assert.Equal(1, status.GetProperty("old_val").GetProperty("shards").GetArrayLength());
        Assert.Equal(2, status.GetProperty("new_val").GetProperty("shards").GetArrayLength());
        var after = await table.Config().RunAsync(h.Connection);
        Assert.Equal(2, after.GetProperty("shards").GetArrayLength());
        Assert.All(after.GetProperty("shards").EnumerateArray(), shard =>
            Assert.Equal(shard.GetProperty("primary_replica").GetString(), Assert.Single(shard.GetProperty("replicas").EnumerateArray()).GetString()));
        await table.Wait().RunAsync(h.Connection);
    }

    [Theory, TestServer, RealServer]
    public async Task A_database_reconfigures_and_rebalances_every_table_and_merges_the_results(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        await h.CreateTableAsync("a");
        await h.CreateTableAsync("b");
        var dry = await R.Db(h.Db).Reconfigure().OptArg("shards", 1).OptArg("replicas", 1).OptArg("dry_run", true).RunAsync(h.Connection);
        Assert.Equal(0, dry.GetProperty("reconfigured").GetInt32());
        Assert.Equal(2, dry.GetProperty("config_changes").GetArrayLength());

        var rebalanced = await R.Db(h.Db).Rebalance().RunAsync(h.Connection);
        Assert.Equal(["rebalanced", "status_changes"], Keys(rebalanced));
        Assert.Equal(0, rebalanced.GetProperty("rebalanced").GetInt32()); // empty tables: nothing to balance
        Assert.Equal(2, rebalanced.GetProperty("status_changes").GetArrayLength());
        var one = await R.Db(h.Db).Table("a").Rebalance().RunAsync(h.Connection);
        Assert.Equal("a", Assert.Single(one.GetProperty("status_changes").EnumerateArray()).GetProperty("new_val").GetProperty("name").GetString());
    }

    [Theory, TestServer, RealServer]
    public async Task Bad_shard_and_replica_counts_fail_as_on_the_server(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        var conn = h.Connection;
        async Task LogicAsync(string message, ReqlExpr query) =>
            Assert.Equal(message, (await Assert.ThrowsAsync<ReqlQueryLogicError>(() => query.RunAsync(conn))).ErrorMessage);
        async Task FailedAsync(string message, ReqlExpr query) =>
            Assert.Equal(message, (await Assert.ThrowsAsync<ReqlOpFailedError>(() => query.RunAsync(conn))).ErrorMessage);

        await LogicAsync("Every table must have at least one shard.", table.Reconfigure().OptArg("shards", 0).OptArg("replicas", 1));
        await LogicAsync("Missing required argument `shards`.", table.Reconfigure().OptArg("replicas", 1));
        await LogicAsync("Missing required argument `replicas`.", table.Reconfigure().OptArg("shards", 1));
        await LogicAsync("`replicas` must be an OBJECT if `primary_replica_tag` is specified.",
            table.Reconfigure().OptArg("shards", 1).OptArg("replicas", 1).OptArg("primary_replica_tag", "default"));
        await LogicAsync("`primary_replica_tag` must be specified when `replicas` is an OBJECT.",
            table.Reconfigure().OptArg("shards", 1).OptArg("replicas", new { @default = 1 }));
        await FailedAsync("Maximum number of shards is 64.", table.Reconfigure().OptArg("shards", 65).OptArg("replicas", 1));
        await FailedAsync("You must set `replicas` to at least one. `replicas` includes the primary replica; if there are zero replicas, there is nowhere to put the data.",
            table.Reconfigure().OptArg("shards", 1).OptArg("replicas", 0));
        await FailedAsync("Can't use server tag `nope` for primary replicas because you specified no replicas in server tag `nope`.",
            table.Reconfigure().OptArg("shards", 1).OptArg("replicas", new { @default = 1 }).OptArg("primary_replica_tag", "nope"));
        await FailedAsync("Could not find any servers with server tag `nope`.",
            table.Reconfigure().OptArg("shards", 1).OptArg("replicas", new { @default = 1, nope = 1 }).OptArg("primary_replica_tag", "default"));
        await FailedAsync("Can't put 2 replicas on servers with the tag `default` because there are only 1 servers with the tag `default`. It's impossible to have more replicas of the data than there are servers.",
            table.Reconfigure().OptArg("shards", 1).OptArg("replicas", 2));
        await FailedAsync("Database `rethinkdb` is special; you can't configure the tables in it.",
            R.Db("rethinkdb").Table("users").Reconfigure().OptArg("shards", 1).OptArg("replicas", 1));
        await FailedAsync("Database `rethinkdb` is special; you can't rebalance the tables in it.", R.Db("rethinkdb").Table("users").Rebalance());
        await FailedAsync("Can't put 2 replicas on servers with the tag `default` because there are only 1 servers with the tag `default`. It's impossible to have more replicas of the data than there are servers.",
            R.Db(h.Db).TableCreate("twice").OptArg("replicas", 2));
    }

    [Theory, OnTestCluster, OnRealCluster]
    public async Task On_a_three_node_cluster_replicas_spread_over_the_nodes(ClusterUnderTestKind kind)
    {
        await using var cluster = await ClusterUnderTest.StartAsync(kind);
        await using var conn = await cluster.ConnectAsync(0);
        var db = "reconf_" + Guid.NewGuid().ToString("N")[..12];
        await R.DbCreate(db).RunAsync(conn);
        try
        {
            await R.Db(db).TableCreate("items").RunAsync(conn);
            var names = (await R.Db("rethinkdb").Table("server_status").Map(s => s["name"]).RunAsync(conn)).EnumerateArray().Select(e => e.GetString()).ToHashSet();
            var result = await R.Db(db).Table("items").Reconfigure().OptArg("shards", 1).OptArg("replicas", 3).RunAsync(conn);
            var shard = Assert.Single(result.GetProperty("config_changes")[0].GetProperty("new_val").GetProperty("shards").EnumerateArray());
            Assert.Equal(names, shard.GetProperty("replicas").EnumerateArray().Select(e => e.GetString()).ToHashSet());
            Assert.Contains(shard.GetProperty("primary_replica").GetString(), names);
            var error = await Assert.ThrowsAsync<ReqlOpFailedError>(() => R.Db(db).Table("items").Reconfigure().OptArg("shards", 1).OptArg("replicas", 4).RunAsync(conn));
            Assert.Equal("Can't put 4 replicas on servers with the tag `default` because there are only 3 servers with the tag `default`. It's impossible to have more replicas of the data than there are servers.", error.ErrorMessage);
            await R.Db(db).Table("items").Wait().RunAsync(conn);
        }
        finally
        {
            await R.DbDrop(db).RunAsync(conn);
        }
    }
}
