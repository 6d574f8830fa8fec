using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing.SystemTables;

/// <summary>
/// The <c>rethinkdb</c> system database (clustering/administration/artificial_reql_cluster_interface.cc and the
/// backends of its tables, 2.4.4): its tables, their rows' shapes, what they refuse and how writes to
/// <c>table_config</c>/<c>db_config</c> rename and drop. The same assertions run against a real server when
/// RETHINKDB_HOST is set.
/// </summary>
public sealed class SystemDatabaseTests
{
    private static ReqlTerm System(string table) => R.Db("rethinkdb").Table(table);

    private static List<string> Keys(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    [Theory, TestServer, RealServer]
    public async Task The_system_database_lists_its_twelve_tables_and_is_listed(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var tables = (await R.Db("rethinkdb").TableList().RunAsync(h.Connection)).EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["cluster_config", "current_issues", "db_config", "jobs", "logs", "permissions", "server_config",
            "server_status", "stats", "table_config", "table_status", "users"], tables);
        Assert.Contains("rethinkdb", (await R.DbList().RunAsync(h.Connection)).EnumerateArray().Select(e => e.GetString()));
        var error = await Assert.ThrowsAsync<ReqlOpFailedError>(() => System("nope").RunAsync(h.Connection));
        Assert.Equal("Table `rethinkdb.nope` does not exist.", error.ErrorMessage);
    }

    [Theory, TestServer, RealServer]
    public async Task Table_config_table_status_and_db_config_rows_match_config_and_status(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await table.IndexCreate("n").RunAsync(h.Connection);
        var config = await table.Config().RunAsync(h.Connection);
        var id = config.GetProperty("id").GetString()!;

        var row = await System("table_config").Get(id).RunAsync(h.Connection);
        Assert.Equal(["db", "durability", "id", "indexes", "name", "primary_key", "shards", "write_acks", "write_hook"], Keys(row));
        Assert.Equal(config.GetRawText(), row.GetRawText());
        Assert.Equal("n", row.GetProperty("indexes")[0].GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("write_hook").ValueKind);

        var status = await System("table_status").Get(id).RunAsync(h.Connection);
        Assert.Equal(["db", "id", "name", "raft_leader", "shards", "status"], Keys(status));
        Assert.Equal((await table.Status().RunAsync(h.Connection)).GetRawText(), status.GetRawText());

        var dbRow = Assert.Single((await System("db_config").Filter(new { name = h.Db }).RunAsync(h.Connection)).EnumerateArray());
        Assert.Equal(["id", "name"], Keys(dbRow));
        Assert.Equal((await R.Db(h.Db).Config().RunAsync(h.Connection)).GetRawText(), dbRow.GetRawText());
        Assert.Equal(1, await System("table_config").Filter(new { db = h.Db }).Count().RunAsync<int>(h.Connection));
    }

    [Theory, TestServer, RealServer]
    public async Task Cluster_config_current_issues_and_stats_have_the_real_shapes(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        var heartbeat = Assert.Single((await System("cluster_config").RunAsync(h.Connection)).EnumerateArray());
        Assert.Equal("heartbeat", heartbeat.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Number, heartbeat.GetProperty("heartbeat_timeout_secs").ValueKind);
        Assert.Equal(0, await System("current_issues").Count().RunAsync<int>(h.Connection));

        var cluster = await System("stats").Get(new[] { "cluster" }).RunAsync(h.Connection);
        Assert.Equal(["client_connections", "clients_active", "queries_per_sec", "read_docs_per_sec", "written_docs_per_sec"],
            Keys(cluster.GetProperty("query_engine")));
        Assert.True(cluster.GetProperty("query_engine").GetProperty("client_connections").GetInt32() >= 1);
        var tableId = (await table.Config().RunAsync(h.Connection)).GetProperty("id").GetString()!;
        var tableStats = await System("stats").Get(new[] { "table", tableId }).RunAsync(h.Connection);
        Assert.Equal(["db", "id", "query_engine", "table"], Keys(tableStats));
        Assert.Equal("items", tableStats.GetProperty("table").GetString());
        var perServer = Assert.Single((await System("stats").Filter(row => row["id"].Nth(0).Eq("table_server").And(row["id"].Nth(1).Eq(tableId))).RunAsync(h.Connection)).EnumerateArray());
        Assert.Equal(["db", "id", "query_engine", "server", "storage_engine", "table"], Keys(perServer));
        Assert.Equal(["cache", "disk"], Keys(perServer.GetProperty("storage_engine")));
        var server = Assert.Single((await System("stats").Filter(row => row["id"].Nth(0).Eq("server")).RunAsync(h.Connection)).EnumerateArray());
        Assert.Equal(["id", "query_engine", "server"], Keys(server));
        Assert.True(server.GetProperty("query_engine").GetProperty("queries_total").GetInt64() > 0);
    }

    [Theory, TestServer, RealServer]
    public async Task Logs_rows_have_the_real_shape(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var row = (await System("logs").Limit(1).RunAsync(h.Connection)).EnumerateArray().Single();
        Assert.Equal(["id", "level", "message", "server", "timestamp", "uptime"], Keys(row));
        Assert.Equal(2, row.GetProperty("id").GetArrayLength());
        Assert.Equal("TIME", row.GetProperty("timestamp").GetProperty("$reql_type$").GetString());
    }

    [Theory, TestServer, RealServer]
    public async Task The_system_database_refuses_what_the_server_refuses(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var conn = h.Connection;
        async Task ExpectAsync(string message, Func<Task> query) =>
            Assert.Equal(message, (await Assert.ThrowsAsync<ReqlOpFailedError>(query)).ErrorMessage);

        await ExpectAsync("Database `rethinkdb` is special; you can't delete it.", () => R.DbDrop("rethinkdb").RunAsync(conn));
        await ExpectAsync("Database `rethinkdb` already exists.", () => R.DbCreate("rethinkdb").RunAsync(conn));
        await ExpectAsync("Database `rethinkdb` is special; you can't create new tables in it.", () => R.Db("rethinkdb").TableCreate("mine").RunAsync(conn));
        await ExpectAsync("Database `rethinkdb` is special; you can't drop tables in it.", () => R.Db("rethinkdb").TableDrop("users").RunAsync(conn));
        await ExpectAsync("Database `rethinkdb` is special; you can't configure it.", () => R.Db("rethinkdb").Config().RunAsync(conn));
        await ExpectAsync("Database `rethinkdb` is special; you can't configure the tables in it.", () => System("users").Config().RunAsync(conn));
        await ExpectAsync("Database `rethinkdb` is special; the system tables in it don't have meaningful status information.", () => System("users").Status().RunAsync(conn));
        await ExpectAsync("Database `rethinkdb` is special; the system tables in it are always available and don't need to be waited on.", () => System("users").Wait().RunAsync(conn));
        await ExpectAsync("Database `rethinkdb` is special; you can't create secondary indexes on the tables in it.", () => System("users").IndexCreate("x").RunAsync(conn));
        await ExpectAsync("Index `x` does not exist on table `rethinkdb.users`.", () => System("users").IndexDrop("x").RunAsync(conn));
        Assert.Equal("[]", (await System("users").IndexList().RunAsync(conn)).GetRawText());

        foreach (var table in new[] { "table_status", "stats", "current_issues" })
        {
            var result = await System(table).Insert(new { id = "x" }).RunAsync(conn);
            Assert.Equal(1, result.GetProperty("errors").GetInt32());
            Assert.Equal($"It's illegal to write to the `rethinkdb.{table}` table.", result.GetProperty("first_error").GetString());
        }
        var serverConfig = await System("server_config").Insert(new { id = Guid.NewGuid().ToString(), name = "x", tags = Array.Empty<string>(), cache_size_mb = "auto" }).RunAsync(conn);
        Assert.Equal("It's illegal to insert new rows into the `rethinkdb.server_config` system table.", serverConfig.GetProperty("first_error").GetString());
        var serverDelete = await System("server_config").Delete().RunAsync(conn);
        Assert.Equal("It's illegal to delete rows from the `rethinkdb.server_config` system table.", serverDelete.GetProperty("first_error").GetString());
        var clusterDelete = await System("cluster_config").Delete().RunAsync(conn);
        Assert.Equal("It's illegal to delete rows from the `rethinkdb.cluster_config` table.", clusterDelete.GetProperty("first_error").GetString());
        var tooShort = await System("cluster_config").Get("heartbeat").Update(new { heartbeat_timeout_secs = 1 }).RunAsync(conn);
        Assert.Equal("The heartbeat timeout must be at least two seconds", tooShort.GetProperty("first_error").GetString());
    }

    [Theory, TestServer, RealServer]
    public async Task Writing_db_config_and_table_config_renames_and_deleting_drops(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var conn = h.Connection;
        var table = await h.CreateTableAsync("before");
        await table.Insert(new { id = 1 }).RunWriteAsync(conn);
        var tableId = (await table.Config().RunAsync(conn)).GetProperty("id").GetString()!;

        var renamed = await System("table_config").Get(tableId).Update(new { name = "after" }).RunAsync(conn);
        Assert.Equal(1, renamed.GetProperty("replaced").GetInt32());
        Assert.Equal(["after"], (await R.Db(h.Db).TableList().RunAsync(conn)).EnumerateArray().Select(e => e.GetString()));
        // A real server may take a moment to serve the table under its new name.
        await R.Db(h.Db).Table("after").Wait().RunAsync(conn);
        Assert.Equal(1, await R.Db(h.Db).Table("after").Count().RunAsync<int>(conn));

        var badName = await System("table_config").Get(tableId).Update(new { name = "no spaces" }).RunAsync(conn);
        Assert.Equal("The change you're trying to make to `rethinkdb.table_config` has the wrong format. In `name`: \"no spaces\" is not a valid table name; Use A-Z, a-z, 0-9, _ and - only",
            badName.GetProperty("first_error").GetString());
        var badAcks = await System("table_config").Get(tableId).Update(new { write_acks = "all" }).RunAsync(conn);
        Assert.Equal("The change you're trying to make to `rethinkdb.table_config` has the wrong format. In `write_acks`: Expected \"single\" or \"majority\", got: \"all\"",
            badAcks.GetProperty("first_error").GetString());
        var acks = await System("table_config").Get(tableId).Update(new { write_acks = "single", durability = "soft" }).RunAsync(conn);
        Assert.Equal(1, acks.GetProperty("replaced").GetInt32());
        var config = await R.Db(h.Db).Table("after").Config().RunAsync(conn);
        Assert.Equal("single", config.GetProperty("write_acks").GetString());
        Assert.Equal("soft", config.GetProperty("durability").GetString());

        var dbId = (await R.Db(h.Db).Config().RunAsync(conn)).GetProperty("id").GetString()!;
        var newDb = h.Db + "_r";
        var dbRenamed = await System("db_config").Get(dbId).Update(new { name = newDb }).RunAsync(conn);
        Assert.Equal(1, dbRenamed.GetProperty("replaced").GetInt32());
        try
        {
            // A real server applies a rename to its name lookups a moment after it answers the write.
            await DatabaseVisibleAsync(conn, newDb, visible: true);
            await R.Db(newDb).Table("after").Wait().RunAsync(conn);
            Assert.Equal(1, await R.Db(newDb).Table("after").Count().RunAsync<int>(conn));
            var clash = await System("db_config").Get(dbId).Update(new { name = "rethinkdb" }).RunAsync(conn);
            Assert.Equal($"Cannot rename database `{newDb}` to `rethinkdb` because database `rethinkdb` already exists.",
                clash.GetProperty("first_error").GetString());

            var dropped = await System("table_config").Get(tableId).Delete().RunAsync(conn);
            Assert.Equal(1, dropped.GetProperty("deleted").GetInt32());
            Assert.Equal("[]", (await R.Db(newDb).TableList().RunAsync(conn)).GetRawText());
        }
        finally
        {
            await System("db_config").Get(dbId).Update(new { name = h.Db }).RunAsync(conn);
            await DatabaseVisibleAsync(conn, h.Db, visible: true);
        }
        var dbDropped = await System("db_config").Get(dbId).Delete().RunAsync(conn);
        Assert.Equal(1, dbDropped.GetProperty("deleted").GetInt32());
        await DatabaseVisibleAsync(conn, h.Db, visible: false);
    }

    /// <summary>Waits (at most 30 s) until the database is listed and usable by name, or until it is listed no more.</summary>
    private static async Task DatabaseVisibleAsync(Connection conn, string name, bool visible)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var listed = (await R.DbList().RunAsync(conn)).EnumerateArray().Any(e => e.GetString() == name);
            var usable = false;
            if (listed && visible)
            {
                try
                {
                    await R.Db(name).Config().RunAsync(conn);
                    usable = true;
                }
                catch (ReqlOpFailedError)
                {
                }
            }
            if (visible ? usable : !listed)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The database {name} is still {(visible ? "not usable" : "listed")} after 30 s.");
            await Task.Delay(50);
        }
    }

    [Theory, TestServer, RealServer]
    public async Task A_changefeed_on_table_config_sees_tables_created_and_dropped(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        await using var feed = await System("table_config").Filter(new { db = h.Db }).Changes().RunChangesAsync<JsonElement>(h.Connection);
        await using var changes = feed.GetAsyncEnumerator();
        var created = changes.MoveNextAsync().AsTask();
        await h.CreateTableAsync("watched");
        Assert.True(await created.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("watched", changes.Current.NewVal.GetProperty("name").GetString());
        Assert.True(changes.Current.OldVal.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined);
        // The real server may report a configuration change in between (its Raft state settling); skip to the drop.
        await R.Db(h.Db).TableDrop("watched").RunAsync(h.Connection);
        while (true)
        {
            Assert.True(await changes.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            if (changes.Current.NewVal.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                break;
            }
        }
        Assert.Equal("watched", changes.Current.OldVal.GetProperty("name").GetString());
    }
}
