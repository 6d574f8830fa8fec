using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.SystemTables;

/// <summary>
/// <c>rethinkdb.server_status</c> (clustering/administration/servers/server_status.cc): one row per server connected
/// to the cluster. A server that stops leaves the table (the real server reads its rows from the directory of
/// connected peers); <c>connected_to</c> names the other connected servers, each <c>true</c>.
/// </summary>
internal sealed class ServerStatusTable() : SystemTable("server_status")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store) =>
        store.Servers.Select(member => member.StatusRow(store.Servers));
}

/// <summary>
/// <c>rethinkdb.server_config</c> (servers/server_config.cc): <c>id</c>, <c>name</c>, <c>tags</c>,
/// <c>cache_size_mb</c> of each connected server.
/// </summary>
internal sealed class ServerConfigTable() : SystemTable("server_config")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store) => store.Servers.Select(member => member.ConfigRow());

    public override string? Write(WriteContext context, JsonNode key, JsonObject? oldRow, JsonObject? newRow) =>
        (oldRow, newRow) switch
        {
            (null, not null) => "It's illegal to insert new rows into the `rethinkdb.server_config` system table.",
            (not null, null) => "It's illegal to delete rows from the `rethinkdb.server_config` system table.",
            _ => "The test server does not support changing `rethinkdb.server_config`.",
        };
}
