using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.SystemTables;

/// <summary>
/// A user (clustering/administration/auth/user.cc): a password, and permissions at the global scope, per database
/// and per table. What a user may do follows the server's rules: the narrowest scope that says yes or no decides; the
/// <c>rethinkdb</c> database does not inherit the global scope; <c>admin</c> may do everything.
/// </summary>
internal sealed class UserAccount(string name, ScramServer.StoredPassword password, bool hasPassword)
{
    public const string Admin = "admin";

    public string Name { get; } = name;

    public ScramServer.StoredPassword Password { get; set; } = password;

    /// <summary>Whether a non-empty password is set (<c>users.password</c>).</summary>
    public bool HasPassword { get; set; } = hasPassword;

    public Permissions Global { get; } = new(isGlobal: true);

    public Dictionary<Guid, Permissions> Databases { get; } = [];

    public Dictionary<Guid, Permissions> Tables { get; } = [];

    public bool IsAdmin => Name == Admin;

    public bool MayRead(MemoryDb db, MemoryTable? table) =>
        IsAdmin || Decide(db, table, p => p.Read);

    public bool MayWrite(MemoryDb db, MemoryTable table) =>
        IsAdmin || (Decide(db, table, p => p.Read) && Decide(db, table, p => p.Write));

    /// <summary>Config permission on a table, on a database (<paramref name="table"/> null), or global (both null).</summary>
    public bool MayConfig(MemoryDb? db, MemoryTable? table) =>
        IsAdmin || (db is null ? Global.Config == true : Decide(db, table, p => p.Config));

    public bool MayConnect() => IsAdmin || Global.Connect == true;

    /// <summary>The permissions of a scope, created empty (undecided) when asked for.</summary>
    public Permissions Scope(MemoryDb? db, MemoryTable? table)
    {
        if (table is not null)
        {
            return Tables.TryGetValue(table.Id, out var forTable) ? forTable : Tables[table.Id] = new Permissions(isGlobal: false);
        }
        if (db is not null)
        {
            return Databases.TryGetValue(db.Id, out var forDb) ? forDb : Databases[db.Id] = new Permissions(isGlobal: false);
        }
        return Global;
    }

    /// <summary>Drops scopes left with nothing decided, as the server erases them.</summary>
    public void Prune()
    {
        foreach (var id in Databases.Where(d => d.Value.IsUndecided).Select(d => d.Key).ToList())
        {
            Databases.Remove(id);
        }
        foreach (var id in Tables.Where(t => t.Value.IsUndecided).Select(t => t.Key).ToList())
        {
            Tables.Remove(id);
        }
    }

    private bool Decide(MemoryDb db, MemoryTable? table, Func<Permissions, bool?> permission)
    {
        if (table is not null && Tables.TryGetValue(table.Id, out var forTable) && permission(forTable) is { } byTable)
        {
            return byTable;
        }
        if (Databases.TryGetValue(db.Id, out var forDb) && permission(forDb) is { } byDb)
        {
            return byDb;
        }
        // The system database does not inherit permissions from the global scope.
        return db.Name != SystemDatabase.Name && permission(Global) == true;
    }
}

/// <summary>
/// The permissions of one scope (auth/permissions.cc): each of <c>read</c>, <c>write</c>, <c>config</c> (and, at
/// the global scope, <c>connect</c>) is true, false or undecided (null).
/// </summary>
internal sealed class Permissions(bool isGlobal)
{
    public bool? Read { get; private set; }

    public bool? Write { get; private set; }

    public bool? Config { get; private set; }

    public bool? Connect { get; private set; }

    public bool IsUndecided => Read is null && Write is null && Config is null && Connect is null;

    /// <summary>Takes the permissions of <paramref name="other"/>.</summary>
    public void CopyFrom(Permissions other) =>
        (Read, Write, Config, Connect) = (other.Read, other.Write, other.Config, other.Connect);

    /// <summary>Copies for the old value of a change.</summary>
    public Permissions Clone() => new(isGlobal) { Read = Read, Write = Write, Config = Config, Connect = Connect };

    /// <summary>
    /// Merges <c>{read, write, config, connect}</c> (each a boolean, or null to undecide) as <c>permissions_t::merge</c>;
    /// returns the server's message for a bad value, leaving nothing changed.
    /// </summary>
    public string? Merge(JsonNode? value)
    {
        if (value is not JsonObject obj)
        {
            return $"Expected an object, got {Datum.Print(value)}.";
        }
        var next = Clone();
        var keys = obj.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (field, set) in new (string, Action<bool?>)[]
                 {
                     ("read", v => next.Read = v), ("write", v => next.Write = v), ("config", v => next.Config = v),
                 })
        {
            if (obj.TryGetPropertyValue(field, out var given))
            {
                keys.Remove(field);
                if (ToTribool(given, field, out var decided) is { } bad)
                {
                    return bad;
                }
                set(decided);
            }
        }
        if (obj.TryGetPropertyValue("connect", out var connect))
        {
            if (!isGlobal)
            {
                return "The `connect` permission is only valid at the global scope.";
            }
            keys.Remove("connect");
            if (ToTribool(connect, "connect", out var decided) is { } bad)
            {
                return bad;
            }
            next.Connect = decided;
        }
        if (keys.Count > 0)
        {
            return $"Unexpected key(s) `{string.Join("`, `", keys.Order(StringComparer.Ordinal))}`.";
        }
        (Read, Write, Config, Connect) = (next.Read, next.Write, next.Config, next.Connect);
        return null;
    }

    /// <summary>The decided permissions as an object (<c>permissions_t::to_datum</c>), or null when none is.</summary>
    public JsonObject? ToDatum()
    {
        var obj = new JsonObject();
        if (Config is { } config)
        {
            obj["config"] = config;
        }
        if (Connect is { } connect)
        {
            obj["connect"] = connect;
        }
        if (Read is { } read)
        {
            obj["read"] = read;
        }
        if (Write is { } write)
        {
            obj["write"] = write;
        }
        return obj.Count == 0 ? null : obj;
    }

    private static string? ToTribool(JsonNode? value, string field, out bool? decided)
    {
        decided = null;
        switch (Datum.Kind(value))
        {
            case System.Text.Json.JsonValueKind.True:
                decided = true;
                return null;
            case System.Text.Json.JsonValueKind.False:
                decided = false;
                return null;
            case System.Text.Json.JsonValueKind.Null:
                return null;
            default:
                return $"Expected a boolean or null for `{field}`, got {Datum.Print(value)}.";
        }
    }
}
