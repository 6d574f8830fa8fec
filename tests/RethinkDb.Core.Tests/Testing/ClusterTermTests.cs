using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// config, status, wait and sync, with the shapes of the real server (clustering/administration/tables/table_status.cc,
/// real_reql_cluster_interface.cc and rdb_protocol/terms/db_table.cc of 2.4.4); the same tests run against a real
/// RethinkDB when RETHINKDB_HOST is set.
/// </summary>
public sealed class ClusterTermTests
{
    [Theory, TestServer, RealServer]
    public async Task Config_status_wait_and_sync(ServerKind kind)
    {
        var h = await Harness.StartAsync(kind);
        await using var _ = h;
        var table = await h.CreateTableAsync("c");
        await table.IndexCreate("x").RunAsync(h.Connection);
        var conn = h.Connection;

        var config = await table.Config().RunAsync(conn);
        Assert.Equal("c", config.GetProperty("name").GetString());
        Assert.Equal(h.Db, config.GetProperty("db").GetString());
        Assert.Equal("id", config.GetProperty("primary_key").GetString());
        Assert.Equal("x", config.GetProperty("indexes")[0].GetString());
        Assert.Equal("majority", config.GetProperty("write_acks").GetString());
        Assert.Equal(1, config.GetProperty("shards").GetArrayLength());
        Assert.Equal(h.Db, (await R.Db(h.Db).Config().RunAsync(conn)).GetProperty("name").GetString());

        var status = await table.Status().RunAsync(conn);
        Assert.Equal("c", status.GetProperty("name").GetString());
        Assert.True(status.GetProperty("status").GetProperty("all_replicas_ready").GetBoolean());
        Assert.True(status.GetProperty("status").GetProperty("ready_for_writes").GetBoolean());
        Assert.Equal("ready", status.GetProperty("shards")[0].GetProperty("replicas")[0].GetProperty("state").GetString());

        Assert.Equal("{\"ready\":1}", (await table.Wait().RunAsync(conn)).GetRawText());
        Assert.Equal("{\"ready\":1}", (await R.Db(h.Db).Wait().OptArg("wait_for", "ready_for_writes").RunAsync(conn)).GetRawText());
        var bad = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => table.Wait().OptArg("wait_for", "soon").RunAsync(conn));
        Assert.Equal("Unknown table readiness state: 'soon', must be one of 'ready_for_outdated_reads', 'ready_for_reads', 'ready_for_writes', or 'all_replicas_ready'", bad.ErrorMessage);
        Assert.Equal("{\"synced\":1}", (await table.Sync().RunAsync(conn)).GetRawText());
    }
}
