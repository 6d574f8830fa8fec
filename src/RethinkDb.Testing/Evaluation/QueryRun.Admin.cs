using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RethinkDb.Protocol;
using RethinkDb.Testing.Evaluation.SystemTables;

namespace RethinkDb.Testing.Evaluation;

/// <content>Databases and tables: db, table, dbCreate/dbDrop/dbList, tableCreate/tableDrop/tableList.</content>
internal sealed partial class QueryRun
{
    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex ValidName();

    /// <summary>A database or table name the server accepts; an invalid one is blamed on <paramref name="at"/> (the name's term).</summary>
    private string CheckName(string name, string kind, object[]? at) => ValidName().IsMatch(name)
        ? name
        : throw Fail(ErrorType.QueryLogic, $"{kind} name `{name}` invalid (Use A-Z, a-z, 0-9, _ and - only).", at);

    private MemoryDb FindDb(string name, object[]? at = null)
    {
        CheckName(name, "Database", at);
        lock (_store.Sync)
        {
            return _store.Databases.TryGetValue(name, out var db)
                ? db
                : throw Fail(ErrorType.OpFailed, $"Database `{name}` does not exist.");
        }
    }

    /// <summary>The database of a term given one argument fewer: the global optarg <c>db</c>, else <c>test</c>.</summary>
    private MemoryDb DefaultDb()
    {
        if (GlobalOptArg("db") is { } db)
        {
            var saved = _path;
            _path = [];
            try
            {
                return Eval(db) is DbValue value ? value.Db : throw Fail(ErrorType.QueryLogic, "Expected type DATABASE.");
            }
            finally
            {
                _path = saved;
            }
        }
        return FindDb("test");
    }

    private TableValue Table(Args args)
    {
        var (db, name) = args.Count == 2
            ? (args[0] is DbValue d ? d.Db : throw TypeError(args[0], "DATABASE"), AsString(args[1]))
            : (DefaultDb(), AsString(args[0]));
        CheckReadOptions(args);
        CheckName(name, "Table", args[args.Count - 1].Origin);
        var read = _path.Count != _tableNotReadAt;
        lock (_store.Sync)
        {
            if (!db.Tables.TryGetValue(name, out var table) || !_store.Databases.ContainsKey(db.Name))
            {
                throw Fail(ErrorType.OpFailed, $"Table `{db.Name}.{name}` does not exist.");
            }
            if (read)
            {
                RequireRead(table);
            }
            if (table.Source is not null)
            {
                // A system table's rows are computed when it is read, as the server's artificial tables are.
                _store.SystemDb.Refresh(table);
            }
            return new TableValue(table);
        }
    }

    /// <summary>
    /// A table's <c>read_mode</c> (its own, or the query's global one) and <c>identifier_format</c>, checked before the
    /// table is looked up, as the server's table term does. The test server reads every mode alike.
    /// </summary>
    private void CheckReadOptions(Args args)
    {
        var readMode = args.OptArg("read_mode") is { } mode ? AsString(mode)
            : GlobalOptArg("read_mode") is { ValueKind: System.Text.Json.JsonValueKind.String } global ? global.GetString() : null;
        if (readMode is not (null or "majority" or "single" or "outdated"))
        {
            throw LogicError($"Read mode `{readMode}` unrecognized (options are \"majority\", \"single\", and \"outdated\").");
        }
        if (args.OptArg("identifier_format") is { } format && AsString(format) is var identifiers && identifiers is not ("name" or "uuid"))
        {
            throw LogicError($"Identifier format `{identifiers}` unrecognized (options are \"name\" and \"uuid\").");
        }
    }

    /// <summary>Refuses what the server refuses on the <c>rethinkdb</c> database (artificial_reql_cluster_interface.cc).</summary>
    private void RefuseSystemDb(MemoryDb db, string refusal)
    {
        if (db.Name == SystemDatabase.Name)
        {
            throw Fail(ErrorType.OpFailed, $"Database `rethinkdb` is special; {refusal}");
        }
    }

    private DatumValue DbCreate(Args args)
    {
        var name = CheckName(AsString(args[0]), "Database", args[0].Origin);
        RequireConfig();
        MemoryDb db;
        lock (_store.Sync)
        {
            if (_store.Databases.ContainsKey(name))
            {
                throw Fail(ErrorType.OpFailed, $"Database `{name}` already exists.");
            }
            _store.Databases[name] = db = new MemoryDb(name);
            _store.SystemDb.Refresh();
        }
        return Made(new JsonObject
        {
            ["config_changes"] = new JsonArray(new JsonObject { ["new_val"] = DbConfig(db), ["old_val"] = null }),
            ["dbs_created"] = 1,
        });
    }

    private DatumValue DbDrop(Args args)
    {
        var name = CheckName(AsString(args[0]), "Database", args[0].Origin);
        if (name == SystemDatabase.Name)
        {
            throw Fail(ErrorType.OpFailed, "Database `rethinkdb` is special; you can't delete it.");
        }
        MemoryDb db;
        int tables;
        lock (_store.Sync)
        {
            if (!_store.Databases.TryGetValue(name, out db!))
            {
                throw Fail(ErrorType.OpFailed, $"Database `{name}` does not exist.");
            }
            RequireConfig(db, [.. db.Tables.Values]);
            if (db.Tables.Count == 0)
            {
                RequireConfig(db);
            }
            _store.Databases.Remove(name);
            tables = db.Tables.Count;
            foreach (var table in db.Tables.Values)
            {
                CloseFeeds(table);
            }
            _store.SystemDb.Refresh();
        }
        return Made(new JsonObject
        {
            ["config_changes"] = new JsonArray(new JsonObject { ["new_val"] = null, ["old_val"] = DbConfig(db) }),
            ["dbs_dropped"] = 1,
            ["tables_dropped"] = tables,
        });
    }

    private DatumValue DbList()
    {
        lock (_store.Sync)
        {
            var names = _store.Databases.Keys.Order(StringComparer.Ordinal).Select(n => (JsonNode?)JsonValue.Create(n));
            return Made(new JsonArray([.. names]));
        }
    }

    private (MemoryDb Db, string Name) DbAndName(Args args) => args.Count == 2
        ? (args[0] is DbValue d ? d.Db : throw TypeError(args[0], "DATABASE"), CheckName(AsString(args[1]), "Table", args[1].Origin))
        : (DefaultDb(), CheckName(AsString(args[0]), "Table", args[0].Origin));

    private DatumValue TableCreate(Args args)
    {
        var (db, name) = DbAndName(args);
        var primaryKey = args.OptArg("primary_key") is { } pk ? AsString(pk) : "id";
        CheckDurability(args);
        var durability = args.OptArg("durability") is { } d ? AsString(d) : "hard";
        var shards = NewTableShards(args);
        RefuseSystemDb(db, "you can't create new tables in it.");
        RequireConfig(db);
        MemoryTable table;
        lock (_store.Sync)
        {
            if (!_store.Databases.ContainsKey(db.Name))
            {
                throw Fail(ErrorType.OpFailed, $"Database `{db.Name}` does not exist.");
            }
            if (db.Tables.ContainsKey(name))
            {
                throw Fail(ErrorType.OpFailed, $"Table `{db.Name}.{name}` already exists.");
            }
            db.Tables[name] = table = new MemoryTable(db, name, primaryKey, durability)
            {
                Shards = shards,
            };
            _store.SystemDb.Refresh();
        }
        return Made(new JsonObject
        {
            ["config_changes"] = new JsonArray(new JsonObject { ["new_val"] = TableConfig(table), ["old_val"] = null }),
            ["tables_created"] = 1,
        });
    }

    private DatumValue TableDrop(Args args)
    {
        var (db, name) = DbAndName(args);
        RefuseSystemDb(db, "you can't drop tables in it.");
        MemoryTable? table;
        lock (_store.Sync)
        {
            if (!db.Tables.TryGetValue(name, out table))
            {
                throw Fail(ErrorType.OpFailed, $"Table `{db.Name}.{name}` does not exist.");
            }
            RequireConfig(db, table);
            db.Tables.Remove(name);
            CloseFeeds(table);
            _store.SystemDb.Refresh();
        }
        return Made(new JsonObject
        {
            ["config_changes"] = new JsonArray(new JsonObject { ["new_val"] = null, ["old_val"] = TableConfig(table) }),
            ["tables_dropped"] = 1,
        });
    }

    private DatumValue TableList(Args args)
    {
        var db = args.Count == 1 ? (args[0] is DbValue d ? d.Db : throw TypeError(args[0], "DATABASE")) : DefaultDb();
        lock (_store.Sync)
        {
            var names = db.Tables.Keys.Order(StringComparer.Ordinal).Select(n => (JsonNode?)JsonValue.Create(n));
            return Made(new JsonArray([.. names]));
        }
    }

    private static JsonObject DbConfig(MemoryDb db) => ConfigRows.DbConfig(db);

    private static JsonObject TableConfig(MemoryTable table) => ConfigRows.TableConfig(table);

    private static void CloseFeeds(MemoryTable table)
    {
        foreach (var feed in table.Feeds.ToList())
        {
            feed.Close();
        }
        table.Feeds.Clear();
    }
}
