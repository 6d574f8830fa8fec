using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;
using RethinkDb.Testing.Evaluation.SystemTables;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// The permission model (clustering/administration/auth/user.cc, user_context.cc): the checks each term makes, as
/// the real server makes them, and <c>grant</c>. A missing permission is PERMISSION_ERROR
/// ``User `x` does not have the required `read` permission.``.
/// </content>
internal sealed partial class QueryRun
{
    /// <summary>
    /// Terms that use a table without reading it (configuration, indexes, write hooks, grant) or that check write
    /// permission (which includes read) themselves: a <c>table</c> term as their first argument skips the read check.
    /// </summary>
    private static readonly HashSet<TermType> UsesTableWithoutReading =
    [
        TermType.Config, TermType.Status, TermType.Wait, TermType.Sync, TermType.Reconfigure, TermType.Rebalance,
        TermType.IndexCreate, TermType.IndexDrop, TermType.IndexList, TermType.IndexRename, TermType.IndexStatus,
        TermType.IndexWait, TermType.SetWriteHook, TermType.GetWriteHook, TermType.Grant, TermType.Insert,
    ];

    /// <summary>
    /// The backtrace depth of a <c>table</c> term that is the first argument of a <see cref="UsesTableWithoutReading"/>
    /// term being evaluated (-1: none): that table term skips the read check, tables nested deeper do not.
    /// </summary>
    private int _tableNotReadAt = -1;

    private static void AddPermissionTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Grant] = (r, a) => r.Grant(a);
    }

    private UserAccount? Account => _store.Users.GetValueOrDefault(_user);

    private QueryFailure PermissionError(string permission) =>
        Fail(ErrorType.PermissionError, $"User `{_user}` does not have the required `{permission}` permission.");

    private void RequireRead(MemoryTable table)
    {
        lock (_store.Sync)
        {
            if (Account?.MayRead(table.Db, table) != true)
            {
                throw PermissionError("read");
            }
        }
    }

    /// <summary>Write permission: read and write on the table (<c>require_write_permission</c>).</summary>
    private void RequireWrite(MemoryTable table)
    {
        lock (_store.Sync)
        {
            if (Account?.MayWrite(table.Db, table) != true)
            {
                throw PermissionError("write");
            }
        }
    }

    /// <summary>Config permission on the tables given, on their database, or globally (no database).</summary>
    private void RequireConfig(MemoryDb? db = null, params MemoryTable[] tables)
    {
        lock (_store.Sync)
        {
            var account = Account;
            var allowed = account is not null && (tables.Length == 0
                ? account.MayConfig(db, null)
                : tables.All(t => account.MayConfig(t.Db, t)));
            if (!allowed)
            {
                throw PermissionError("config");
            }
        }
    }

    /// <summary>
    /// <c>r.grant(user, permissions)</c>, <c>db.grant(...)</c>, <c>table.grant(...)</c>: merges the permissions into
    /// the user's scope and answers <c>{granted: 1, permissions_changes: [{old_val, new_val}]}</c>.
    /// </summary>
    private DatumValue Grant(Args args)
    {
        // grant_term_t reads the user name and the permissions, then the scope.
        var name = AsString(args[args.Count - 2]);
        var permissions = AsDatum(args[args.Count - 1]);
        var (db, table) = args.Count == 3
            ? args[0] switch
            {
                DbValue scope => (scope.Db, (MemoryTable?)null),
                var scope => (AsTable(scope).Db, AsTable(scope)),
            }
            : ((MemoryDb?)null, (MemoryTable?)null);
        if (name == UserAccount.Admin)
        {
            throw OpFailedError($"The permissions of the user `{name}` can't be modified.");
        }
        lock (_store.Sync)
        {
            // auth::grant checks read and write permission on rethinkdb.permissions.
            if (Account?.MayWrite(_store.SystemDb.Db, _store.SystemDb.Db.Tables["permissions"]) != true)
            {
                throw PermissionError(Account?.MayRead(_store.SystemDb.Db, _store.SystemDb.Db.Tables["permissions"]) == true ? "write" : "read");
            }
            if (!_store.Users.TryGetValue(name, out var user))
            {
                throw OpFailedError($"User `{name}` not found.");
            }
            var scope = user.Scope(db, table);
            var old = scope.ToDatum();
            var merged = scope.Clone();
            if (merged.Merge(permissions) is { } bad)
            {
                user.Prune();
                throw OpFailedError(bad);
            }
            scope.CopyFrom(merged);
            user.Prune();
            _store.SystemDb.Refresh();
            return Made(new JsonObject
            {
                ["granted"] = 1,
                ["permissions_changes"] = new JsonArray(new JsonObject { ["new_val"] = merged.ToDatum(), ["old_val"] = old }),
            });
        }
    }

    /// <summary>
    /// Evaluates the first argument of <paramref name="type"/>; a <c>table</c> term there skips the read check when
    /// the term does not read it.
    /// </summary>
    private Value EvalFirstArgument(TermType type, JsonElement first)
    {
        if (!UsesTableWithoutReading.Contains(type) || !IsTerm(first, TermType.Table))
        {
            return EvalAt(first, 0);
        }
        var saved = _tableNotReadAt;
        _tableNotReadAt = _path.Count + 1;
        try
        {
            return EvalAt(first, 0);
        }
        finally
        {
            _tableNotReadAt = saved;
        }
    }
}
