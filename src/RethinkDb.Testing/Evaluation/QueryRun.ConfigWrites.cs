using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Testing.Evaluation.SystemTables;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Writes to <c>rethinkdb.db_config</c> and <c>rethinkdb.table_config</c> (tables/db_config.cc, table_config.cc):
/// updating a row renames or reconfigures, deleting it drops the database or table, with the server's checks and
/// messages. Creating a database or table by inserting a row is not supported (use <c>db_create</c>/<c>table_create</c>).
/// </content>
internal sealed partial class QueryRun : IConfigWrites
{
    private const string DbConfigFormat = "The change you're trying to make to `rethinkdb.db_config` has the wrong format. ";
    private const string TableConfigFormat = "The change you're trying to make to `rethinkdb.table_config` has the wrong format. ";

    string? IConfigWrites.WriteDbConfig(JsonNode key, JsonObject? oldRow, JsonObject? newRow)
    {
        var db = FindById(key, id => _store.Databases.Values.FirstOrDefault(d => d.Id == id && d.Name != SystemDatabase.Name));
        if (db is null)
        {
            RequireConfig();
            if (newRow is null)
            {
                return null; // deleting a database that is not there
            }
            return _keyGenerated
                ? "The test server does not support creating a database by inserting into `rethinkdb.db_config`; use dbCreate."
                : "If you want to create a new table by inserting into `rethinkdb.db_config`, you must use an auto-generated primary key.";
        }
        RequireConfig(db);
        if (newRow is null)
        {
            _store.Databases.Remove(db.Name);
            foreach (var table in db.Tables.Values)
            {
                CloseFeeds(table);
            }
            return null;
        }
        if (ConfigName(newRow, "database name") is { } badName)
        {
            return DbConfigFormat + badName;
        }
        if (newRow.Select(p => p.Key).Where(k => k is not ("id" or "name")).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } extra)
        {
            return DbConfigFormat + "Unexpected key(s):" + string.Concat(extra.Select(k => " " + k));
        }
        var name = Datum.String(newRow["name"]!);
        if (name == db.Name)
        {
            return null;
        }
        if (_store.Databases.ContainsKey(name))
        {
            return $"Cannot rename database `{db.Name}` to `{name}` because database `{name}` already exists.";
        }
        _store.Databases.Remove(db.Name);
        db.Name = name;
        _store.Databases[name] = db;
        return null;
    }

    string? IConfigWrites.WriteTableConfig(JsonNode key, JsonObject? oldRow, JsonObject? newRow)
    {
        var table = FindById(key, id => ConfigRows.UserTables(_store).FirstOrDefault(t => t.Id == id));
        if (table is null)
        {
            if (newRow is null)
            {
                return null;
            }
            return _keyGenerated
                ? "The test server does not support creating a table by inserting into `rethinkdb.table_config`; use tableCreate."
                : "There is no existing table with the given ID. To create a new table by inserting into `rethinkdb.table_config`, you must let the database generate the primary key automatically.";
        }
        RequireConfig(table.Db, table);
        if (newRow is null)
        {
            table.Db.Tables.Remove(table.Name);
            CloseFeeds(table);
            return null;
        }
        if (ParseTableConfig(table, newRow, out var db, out var shards) is { } bad)
        {
            return TableConfigFormat + bad;
        }
        if (Datum.String(newRow["primary_key"]!) != table.PrimaryKey)
        {
            return "It's illegal to change a table's primary key";
        }
        if (db != table.Db)
        {
            RequireConfig(db);
        }
        var name = Datum.String(newRow["name"]!);
        if ((db != table.Db || name != table.Name) && db.Tables.ContainsKey(name))
        {
            return $"Can't rename table `{table.Db.Name}.{table.Name}` to `{db.Name}.{name}` because table `{db.Name}.{name}` already exists.";
        }
        table.Db.Tables.Remove(table.Name);
        table.Db = db;
        table.Name = name;
        db.Tables[name] = table;
        table.Shards = shards;
        table.WriteAcks = Datum.String(newRow["write_acks"]!);
        table.Durability = Datum.String(newRow["durability"]!);
        return null;
    }

    /// <summary>The row of an existing table, read as <c>convert_table_config_and_name_from_datum</c> does.</summary>
    private string? ParseTableConfig(MemoryTable table, JsonObject row, out MemoryDb db, out List<TableShard> shards)
    {
        db = table.Db;
        shards = [];
        if (ConfigName(row, "table name") is { } badName)
        {
            return badName;
        }
        if (!row.TryGetPropertyValue("db", out var dbName))
        {
            return "Expected a field named `db`.";
        }
        if (!IsString(dbName))
        {
            return $"Expected a database name; got {Datum.Print(dbName)}";
        }
        if (!_store.Databases.TryGetValue(Datum.String(dbName!), out var found) || found.Name == SystemDatabase.Name)
        {
            return $"Database `{Datum.String(dbName!)}` does not exist.";
        }
        db = found;
        if (!row.TryGetPropertyValue("indexes", out var indexes))
        {
            return "Expected a field named `indexes`.";
        }
        if (indexes is not JsonArray list || list.Any(i => !IsString(i)) ||
            !list.Select(i => Datum.String(i!)).ToHashSet(StringComparer.Ordinal).SetEquals(table.Indexes.Keys))
        {
            return "The `indexes` field is read-only and can't be used to create or drop indexes.";
        }
        if (!row.TryGetPropertyValue("primary_key", out var primaryKey))
        {
            return "Expected a field named `primary_key`.";
        }
        if (!IsString(primaryKey))
        {
            return $"In `primary_key`: Expected a string; got {Datum.Print(primaryKey)}";
        }
        if (!row.TryGetPropertyValue("shards", out var shardsNode))
        {
            return "Expected a field named `shards`.";
        }
        if (ParseShards(shardsNode, shards) is { } badShards)
        {
            return "In `shards`: " + badShards;
        }
        if (!row.TryGetPropertyValue("write_acks", out var writeAcks))
        {
            return "Expected a field named `write_acks`.";
        }
        if (!IsString(writeAcks) || Datum.String(writeAcks!) is not ("single" or "majority"))
        {
            return $"In `write_acks`: Expected \"single\" or \"majority\", got: {Datum.Print(writeAcks)}";
        }
        if (!row.TryGetPropertyValue("durability", out var durability))
        {
            return "Expected a field named `durability`.";
        }
        if (!IsString(durability) || Datum.String(durability!) is not ("soft" or "hard"))
        {
            return $"In `durability`: Expected \"soft\" or \"hard\", got: {Datum.Print(durability)}";
        }
        if (!row.TryGetPropertyValue("write_hook", out var writeHook))
        {
            return "Expected a field named `write_hook`.";
        }
        if (!Datum.AreEqual(writeHook, table.WriteHook?.Info))
        {
            return "The `write_hook` field is read-only and can't be used to create or drop a write hook function.";
        }
        var extra = row.Select(p => p.Key)
            .Where(k => k is not ("id" or "name" or "db" or "indexes" or "primary_key" or "shards" or "write_acks" or "durability" or "write_hook"))
            .Order(StringComparer.Ordinal).ToList();
        return extra.Count > 0 ? "Unexpected key(s):" + string.Concat(extra.Select(k => " " + k)) : null;
    }

    /// <summary>A <c>shards</c> array of <c>{primary_replica, replicas, nonvoting_replicas}</c> naming running servers.</summary>
    private string? ParseShards(JsonNode? node, List<TableShard> shards)
    {
        if (node is not JsonArray array)
        {
            return $"Expected an array, got {Datum.Print(node)}";
        }
        if (array.Count == 0)
        {
            return "You must specify at least one shard.";
        }
        var servers = _store.Servers.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var shard in array)
        {
            if (shard is not JsonObject obj)
            {
                return $"Expected an object; got {Datum.Print(shard)}";
            }
            var names = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var field in new[] { "replicas", "nonvoting_replicas" })
            {
                if (!obj.TryGetPropertyValue(field, out var list) && field == "replicas")
                {
                    return "Expected a field named `replicas`.";
                }
                names[field] = [];
                if (list is null)
                {
                    continue;
                }
                if (list is not JsonArray items)
                {
                    return $"In `{field}`: Expected an array, got {Datum.Print(list)}";
                }
                foreach (var item in items)
                {
                    if (!IsString(item) || !servers.Contains(Datum.String(item!)))
                    {
                        return $"In `{field}`: Server `{(IsString(item) ? Datum.String(item!) : Datum.Print(item))}` does not exist or is not connected.";
                    }
                    if (names[field].Contains(Datum.String(item!)))
                    {
                        return $"In `{field}`: Server `{Datum.String(item!)}` is listed more than once.";
                    }
                    names[field].Add(Datum.String(item!));
                }
            }
            if (names["replicas"].Count == 0)
            {
                return "You must specify at least one replica for each shard.";
            }
            if (!obj.TryGetPropertyValue("primary_replica", out var primary))
            {
                return "Expected a field named `primary_replica`.";
            }
            if (!IsString(primary) || !servers.Contains(Datum.String(primary!)))
            {
                return $"In `primary_replica`: Server `{(IsString(primary) ? Datum.String(primary!) : Datum.Print(primary))}` does not exist or is not connected.";
            }
            if (!names["replicas"].Contains(Datum.String(primary!)))
            {
                return $"The server listed in the `primary_replica` field (`{Datum.String(primary!)}`) must also appear in `replicas`.";
            }
            shards.Add(new TableShard(Datum.String(primary!), names["replicas"], names["nonvoting_replicas"]));
        }
        return null;
    }

    /// <summary>The <c>name</c> field, checked as <c>convert_name_from_datum</c>.</summary>
    private static string? ConfigName(JsonObject row, string what)
    {
        if (!row.TryGetPropertyValue("name", out var name))
        {
            return "Expected a field named `name`.";
        }
        if (!IsString(name))
        {
            return $"In `name`: Expected a {what}; got {Datum.Print(name)}";
        }
        return ValidName().IsMatch(Datum.String(name!))
            ? null
            : $"In `name`: {Datum.Print(name)} is not a valid {what}; Use A-Z, a-z, 0-9, _ and - only";
    }

    private static T? FindById<T>(JsonNode key, Func<Guid, T?> find) where T : class =>
        IsString(key) && Guid.TryParse(Datum.String(key), out var id) ? find(id) : null;

    private static bool IsString(JsonNode? node) => Datum.Kind(node) == JsonValueKind.String;
}
