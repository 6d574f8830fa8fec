using System.Globalization;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.SystemTables;

/// <summary>
/// <c>rethinkdb.stats</c> (stats/stats_backend.cc): a <c>cluster</c> row, a row per server, per table and per table
/// and server, in the server's shapes. Connections and queries are counted; rates are 0 (the test server keeps no
/// time series), and the storage engine of the in-memory store reports its documents' size.
/// </summary>
internal sealed class StatsTable() : SystemTable("stats")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store)
    {
        var connections = store.Servers.Sum(s => s.OpenConnections());
        yield return new JsonObject
        {
            ["id"] = new JsonArray("cluster"),
            ["query_engine"] = new JsonObject
            {
                ["client_connections"] = connections,
                ["clients_active"] = connections,
                ["queries_per_sec"] = 0,
                ["read_docs_per_sec"] = 0,
                ["written_docs_per_sec"] = 0,
            },
        };
        foreach (var server in store.Servers)
        {
            yield return new JsonObject
            {
                ["id"] = new JsonArray("server", server.Id.ToString()),
                ["query_engine"] = new JsonObject
                {
                    ["client_connections"] = server.OpenConnections(),
                    ["clients_active"] = server.OpenConnections(),
                    ["queries_per_sec"] = 0,
                    ["queries_total"] = server.QueriesTotal(),
                    ["read_docs_per_sec"] = 0,
                    ["read_docs_total"] = 0,
                    ["written_docs_per_sec"] = 0,
                    ["written_docs_total"] = 0,
                },
                ["server"] = server.Name,
            };
        }
        foreach (var table in ConfigRows.UserTables(store))
        {
            yield return new JsonObject
            {
                ["db"] = table.Db.Name,
                ["id"] = new JsonArray("table", table.Id.ToString()),
                ["query_engine"] = new JsonObject { ["read_docs_per_sec"] = 0, ["written_docs_per_sec"] = 0 },
                ["table"] = table.Name,
            };
            var bytes = table.Documents.Values.Sum(d => (long)d.ToJsonString().Length);
            foreach (var server in store.Servers.Where(s => table.Shards.Any(shard => shard.Replicas.Contains(s.Name))))
            {
                yield return new JsonObject
                {
                    ["db"] = table.Db.Name,
                    ["id"] = new JsonArray("table_server", table.Id.ToString(), server.Id.ToString()),
                    ["query_engine"] = new JsonObject
                    {
                        ["read_docs_per_sec"] = 0,
                        ["read_docs_total"] = 0,
                        ["written_docs_per_sec"] = 0,
                        ["written_docs_total"] = 0,
                    },
                    ["server"] = server.Name,
                    ["storage_engine"] = new JsonObject
                    {
                        ["cache"] = new JsonObject { ["in_use_bytes"] = bytes },
                        ["disk"] = new JsonObject
                        {
                            ["read_bytes_per_sec"] = 0,
                            ["read_bytes_total"] = 0,
                            ["space_usage"] = new JsonObject
                            {
                                ["data_bytes"] = bytes,
                                ["garbage_bytes"] = 0,
                                ["metadata_bytes"] = 0,
                                ["preallocated_bytes"] = 0,
                            },
                            ["written_bytes_per_sec"] = 0,
                            ["written_bytes_total"] = 0,
                        },
                    },
                    ["table"] = table.Name,
                };
            }
        }
    }
}

/// <summary>
/// <c>rethinkdb.logs</c> (logs/logs_backend.cc): the test server logs one line per server start, the real server's
/// <c>Server ready, "name" id</c>, in the real rows' shape.
/// </summary>
internal sealed class LogsTable() : SystemTable("logs")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store) => store.Servers.Select(server => new JsonObject
    {
        ["id"] = new JsonArray(server.TimeStarted.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00'", CultureInfo.InvariantCulture), server.Id.ToString()),
        ["level"] = "notice",
        ["message"] = $"Server ready, \"{server.Name}\" {server.Id}",
        ["server"] = server.Name,
        ["timestamp"] = ServerMember.Time(server.TimeStarted),
        ["uptime"] = 0,
    });
}

/// <summary>
/// <c>rethinkdb.jobs</c>: empty. The real server lists the queries running (the one reading the table among them)
/// with their source printed in JavaScript form; the test server does not track them.
/// </summary>
internal sealed class JobsTable() : SystemTable("jobs")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store) => [];
}
