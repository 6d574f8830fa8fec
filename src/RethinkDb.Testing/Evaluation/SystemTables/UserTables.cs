using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.SystemTables;

/// <summary>
/// <c>rethinkdb.users</c> (auth/users_artificial_table_backend.cc): <c>{id, password}</c> with <c>password</c> a
/// boolean. Inserting a row adds a user, updating its <c>password</c> (a string, or <c>false</c> for none) changes it,
/// deleting it removes the user.
/// </summary>
internal sealed class UsersTable(int scramIterations) : SystemTable("users")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store) =>
        store.Users.Values.Select(user => new JsonObject { ["id"] = user.Name, ["password"] = user.HasPassword });

    public override string? Write(WriteContext context, JsonNode key, JsonObject? oldRow, JsonObject? newRow)
    {
        if (Datum.Kind(key) != JsonValueKind.String || context.KeyGenerated)
        {
            return $"Expected a username as the primary key, got {Datum.Print(key)}.";
        }
        var name = Datum.String(key);
        var users = context.Store.Users;
        if (newRow is null)
        {
            if (name == UserAccount.Admin)
            {
                return $"The user `{name}` can't be deleted.";
            }
            return users.TryRemove(name, out _) ? null : $"User `{name}` not found.";
        }
        // user_t::merge: exactly the fields id and password.
        if (!newRow.ContainsKey("id"))
        {
            return "Expected a field named `id`.";
        }
        if (!newRow.TryGetPropertyValue("password", out var password))
        {
            return "Expected a field named `password`.";
        }
        if (newRow.Count != 2)
        {
            return $"Unexpected key(s) `{string.Join("`, `", newRow.Select(p => p.Key).Where(k => k is not ("id" or "password")).Order(StringComparer.Ordinal))}`.";
        }
        users.TryGetValue(name, out var existing);
        switch (Datum.Kind(password))
        {
            case JsonValueKind.String:
                var text = Datum.String(password!);
                Set(context.Store, name, existing, ScramServer.StoredPassword.Create(text, scramIterations), text.Length > 0);
                return null;
            case JsonValueKind.True when existing is not { HasPassword: true }:
                return "Expected an object or string to set the password, or `false` to keep it unset, got true.";
            case JsonValueKind.True:
                return null;
            case JsonValueKind.False:
                Set(context.Store, name, existing, ScramServer.StoredPassword.Create("", scramIterations), false);
                return null;
            case JsonValueKind.Object:
                return "The test server does not support setting a password from its hash.";
            default:
                return $"Expected an object, string or boolean for `password`, got {Datum.Print(password)}.";
        }
    }

    private static void Set(MemoryStore store, string name, UserAccount? existing, ScramServer.StoredPassword password, bool hasPassword)
    {
        if (existing is null)
        {
            store.Users[name] = new UserAccount(name, password, hasPassword);
            return;
        }
        existing.Password = password;
        existing.HasPassword = hasPassword;
    }
}

/// <summary>
/// <c>rethinkdb.permissions</c> (auth/permissions_artificial_table_backend.cc): a row per user and scope with
/// decided permissions, keyed <c>[user]</c>, <c>[user, database id]</c> or <c>[user, database id, table id]</c>;
/// <c>admin</c>'s rows are fixed. Writing a row sets the permissions of its scope, as <c>grant</c> does.
/// </summary>
internal sealed class PermissionsTable() : SystemTable("permissions")
{
    public override IEnumerable<JsonObject> Rows(MemoryStore store)
    {
        yield return Row([UserAccount.Admin], UserAccount.Admin, new JsonObject { ["config"] = true, ["connect"] = true, ["read"] = true, ["write"] = true });
        yield return Row([UserAccount.Admin, store.SystemDb.Db.Id.ToString()], UserAccount.Admin,
            new JsonObject { ["config"] = true, ["read"] = true, ["write"] = true }, database: SystemDatabase.Name);
        foreach (var user in store.Users.Values.Where(u => !u.IsAdmin))
        {
            if (user.Global.ToDatum() is { } global)
            {
                yield return Row([user.Name], user.Name, global);
            }
            foreach (var (dbId, permissions) in user.Databases)
            {
                if (permissions.ToDatum() is { } decided)
                {
                    var db = store.Databases.Values.FirstOrDefault(d => d.Id == dbId);
                    yield return Row([user.Name, dbId.ToString()], user.Name, decided, database: db?.Name ?? "__deleted_database__");
                }
            }
            foreach (var (tableId, permissions) in user.Tables)
            {
                var table = ConfigRows.UserTables(store).FirstOrDefault(t => t.Id == tableId);
                if (table is not null && permissions.ToDatum() is { } decided)
                {
                    yield return Row([user.Name, table.Db.Id.ToString(), tableId.ToString()], user.Name, decided, table.Db.Name, table.Name);
                }
            }
        }
    }

    public override string? Write(WriteContext context, JsonNode key, JsonObject? oldRow, JsonObject? newRow)
    {
        if (context.KeyGenerated)
        {
            return "You must specify a primary key.";
        }
        if (ParseKey(context.Store, key, out var userName, out var db, out var table) is { } badKey)
        {
            return badKey;
        }
        if (userName == UserAccount.Admin)
        {
            return $"The permissions of the user `{userName}` can't be modified.";
        }
        if (!context.Store.Users.TryGetValue(userName, out var user))
        {
            return $"No user named `{userName}`.";
        }
        var scope = user.Scope(db, table);
        if (newRow is null)
        {
            scope.Merge(new JsonObject { ["config"] = null, ["read"] = null, ["write"] = null });
            if (db is null)
            {
                scope.Merge(new JsonObject { ["connect"] = null });
            }
            user.Prune();
            return null;
        }
        var keys = newRow.Select(p => p.Key).Where(k => k != "id").ToHashSet(StringComparer.Ordinal);
        if (newRow.TryGetPropertyValue("user", out var named))
        {
            keys.Remove("user");
            if (Datum.Kind(named) != JsonValueKind.String || Datum.String(named!) != userName)
            {
                return "The key `user` does not match the primary key.";
            }
        }
        if (db is not null && newRow.TryGetPropertyValue("database", out var database))
        {
            keys.Remove("database");
            if (Datum.Kind(database) != JsonValueKind.String || Datum.String(database!) != db.Name)
            {
                return "The key `database` does not match the primary key.";
            }
        }
        if (table is not null && newRow.TryGetPropertyValue("table", out var tableName))
        {
            keys.Remove("table");
            if (Datum.Kind(tableName) != JsonValueKind.String || Datum.String(tableName!) != table.Name)
            {
                return "The key `table` does not match the primary key.";
            }
        }
        if (!newRow.TryGetPropertyValue("permissions", out var permissions))
        {
            user.Prune();
            return "Expected a field `permissions`.";
        }
        keys.Remove("permissions");
        // The server merges into a copy of the user and keeps it only when the whole row is good.
        var merged = scope.Clone();
        var error = merged.Merge(permissions)
            ?? (keys.Count > 0 ? $"Unexpected key(s) `{string.Join("`, `", keys.Order(StringComparer.Ordinal))}`." : null);
        if (error is null)
        {
            scope.CopyFrom(merged);
        }
        user.Prune();
        return error;
    }

    /// <summary>The scope a primary key names, as <c>parse_primary_key</c>; the server's message when it names none.</summary>
    private static string? ParseKey(MemoryStore store, JsonNode key, out string user, out MemoryDb? db, out MemoryTable? table)
    {
        user = "";
        db = null;
        table = null;
        if (key is not JsonArray { Count: >= 1 and <= 3 } parts)
        {
            return $"Expected an array of one to three items in the primary key, got {Datum.Print(key)}.";
        }
        if (Datum.Kind(parts[0]) != JsonValueKind.String)
        {
            return $"Expected a string as the username, got {Datum.Print(parts[0])}.";
        }
        user = Datum.String(parts[0]!);
        if (parts.Count > 1)
        {
            if (Datum.Kind(parts[1]) != JsonValueKind.String || !Guid.TryParse(Datum.String(parts[1]!), out var dbId))
            {
                return $"Expected a UUID as the database, got {Datum.Print(parts[1])}.";
            }
            db = store.Databases.Values.FirstOrDefault(d => d.Id == dbId);
            if (db is null)
            {
                return $"No database with UUID `{dbId}` exists.";
            }
        }
        if (parts.Count > 2)
        {
            if (Datum.Kind(parts[2]) != JsonValueKind.String || !Guid.TryParse(Datum.String(parts[2]!), out var tableId))
            {
                return $"Expected a UUID as the table, got {Datum.Print(parts[2])}.";
            }
            var found = db!.Tables.Values.FirstOrDefault(t => t.Id == tableId);
            if (found is null)
            {
                return $"No table with UUID `{tableId}` exists.";
            }
            table = found;
        }
        return null;
    }

    internal static JsonObject Row(string[] id, string user, JsonObject permissions, string? database = null, string? table = null)
    {
        var row = new JsonObject
        {
            ["id"] = new JsonArray([.. id.Select(part => (JsonNode?)JsonValue.Create(part))]),
            ["permissions"] = permissions,
            ["user"] = user,
        };
        if (database is not null)
        {
            row["database"] = database;
        }
        if (table is not null)
        {
            row["table"] = table;
        }
        return row;
    }
}
