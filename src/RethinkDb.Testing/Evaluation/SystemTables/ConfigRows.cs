using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.SystemTables;

/// <summary>
/// The rows of <c>table_config</c>, <c>table_status</c> and <c>db_config</c> (clustering/administration/tables/), as
/// both the system tables and <c>config()</c>/<c>status()</c>/<c>config_changes</c> show them.
/// </summary>
internal static class ConfigRows
{
    public static JsonObject DbConfig(MemoryDb db) => new() { ["id"] = db.Id.ToString(), ["name"] = db.Name };

    /// <summary>The table's row of <c>rethinkdb.table_config</c>.</summary>
    public static JsonObject TableConfig(MemoryTable table) => new()
    {
        ["db"] = table.Db.Name,
        ["durability"] = table.Durability,
        ["id"] = table.Id.ToString(),
        ["indexes"] = Names(table.Indexes.Keys),
        ["name"] = table.Name,
        ["primary_key"] = table.PrimaryKey,
        ["shards"] = new JsonArray([.. table.Shards.Select(shard => (JsonNode?)new JsonObject
        {
            ["nonvoting_replicas"] = Names(shard.NonvotingReplicas),
            ["primary_replica"] = shard.PrimaryReplica,
            ["replicas"] = Names(shard.Replicas),
        })]),
        ["write_acks"] = table.WriteAcks,
        ["write_hook"] = table.WriteHook is { } hook ? Datum.Clone(hook.Info) : null,
    };

    /// <summary>
    /// The table's row of <c>rethinkdb.table_status</c>: the shared store is always available, so every replica is
    /// <c>ready</c>.
    /// </summary>
    public static JsonObject TableStatus(MemoryTable table) => new()
    {
        ["db"] = table.Db.Name,
        ["id"] = table.Id.ToString(),
        ["name"] = table.Name,
        ["raft_leader"] = table.Shards[0].PrimaryReplica,
        ["shards"] = new JsonArray([.. table.Shards.Select(shard => (JsonNode?)new JsonObject
        {
            ["primary_replicas"] = new JsonArray(shard.PrimaryReplica),
            ["replicas"] = new JsonArray([.. shard.Replicas.Concat(shard.NonvotingReplicas)
                .Select(server => (JsonNode?)new JsonObject { ["server"] = server, ["state"] = "ready" })]),
        })]),
        ["status"] = new JsonObject
        {
            ["all_replicas_ready"] = true,
            ["ready_for_outdated_reads"] = true,
            ["ready_for_reads"] = true,
            ["ready_for_writes"] = true,
        },
    };

    public static JsonArray Names(IEnumerable<string> names) => new([.. names.Select(n => (JsonNode?)JsonValue.Create(n))]);

    /// <summary>Every user table of the store (not the system tables); the caller holds the store lock.</summary>
    public static IEnumerable<MemoryTable> UserTables(MemoryStore store) =>
        store.Databases.Values.Where(db => db.Name != SystemDatabase.Name).SelectMany(db => db.Tables.Values);
}

/// <summary><c>rethinkdb.db_config</c>: one row per database (not <c>rethinkdb</c>).</summary>
internal sealed class DbConfigTable() : SystemTable("db_config")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store) =>
        store.Databases.Values.Where(db => db.Name != SystemDatabase.Name).Select(ConfigRows.DbConfig);

    public override string? Write(WriteContext context, JsonNode key, JsonObject? oldRow, JsonObject? newRow) =>
        context.Admin.WriteDbConfig(key, oldRow, newRow);
}

/// <summary><c>rethinkdb.table_config</c>: one row per table.</summary>
internal sealed class TableConfigTable() : SystemTable("table_config")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store) => ConfigRows.UserTables(store).Select(ConfigRows.TableConfig);

    public override string? Write(WriteContext context, JsonNode key, JsonObject? oldRow, JsonObject? newRow) =>
        context.Admin.WriteTableConfig(key, oldRow, newRow);
}

/// <summary><c>rethinkdb.table_status</c>: one row per table; read-only.</summary>
internal sealed class TableStatusTable() : SystemTable("table_status")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store) => ConfigRows.UserTables(store).Select(ConfigRows.TableStatus);
}

/// <summary><c>rethinkdb.cluster_config</c> (cluster_config.cc): the one <c>heartbeat</c> row.</summary>
internal sealed class ClusterConfigTable() : SystemTable("cluster_config")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store) =>
        [new JsonObject { ["heartbeat_timeout_secs"] = store.HeartbeatTimeoutSecs, ["id"] = "heartbeat" }];

    public override string? Write(WriteContext context, JsonNode key, JsonObject? oldRow, JsonObject? newRow)
    {
        if (newRow is null)
        {
            return "It's illegal to delete rows from the `rethinkdb.cluster_config` table.";
        }
        if (oldRow is null)
        {
            return "It's illegal to insert new rows into the `rethinkdb.cluster_config` table.";
        }
        // heartbeat_doc_t::write: the field, its type and range, then any extra key (converter_from_datum_object_t).
        if (!newRow.TryGetPropertyValue("heartbeat_timeout_secs", out var timeout))
        {
            return "Expected a field named `heartbeat_timeout_secs`.";
        }
        if (Datum.Kind(timeout) != System.Text.Json.JsonValueKind.Number)
        {
            return $"Expected a number; got {Datum.Print(timeout)}";
        }
        var seconds = Datum.Number(timeout!);
        if (seconds < 2)
        {
            return "The heartbeat timeout must be at least two seconds";
        }
        var extra = newRow.Select(p => p.Key).Where(k => k is not ("id" or "heartbeat_timeout_secs")).ToList();
        if (extra.Count > 0)
        {
            return "Unexpected key(s):" + string.Concat(extra.Order(StringComparer.Ordinal).Select(k => " " + k));
        }
        context.Store.HeartbeatTimeoutSecs = seconds;
        return null;
    }
}

/// <summary>
/// <c>rethinkdb.current_issues</c>: empty, as on a healthy cluster — the shared store never has outdated indexes,
/// disconnected replicas or name collisions.
/// </summary>
internal sealed class CurrentIssuesTable() : SystemTable("current_issues")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store) => [];
}
