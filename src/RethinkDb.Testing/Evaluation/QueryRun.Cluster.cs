using System.Text.Json.Nodes;

using RethinkDb.Testing.Evaluation.SystemTables;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Cluster administration for a one-server cluster: <c>config</c>, <c>status</c>, <c>wait</c> and <c>sync</c> of a
/// table or database, with the shapes of the server's <c>table_config</c>/<c>table_status</c> rows. Every table is
/// always ready: it has one shard, on this server.
/// </content>
internal sealed partial class QueryRun
{
    private static void AddClusterTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Config] = (r, a) => r.Config(a[0]);
        table[TermType.Status] = (r, a) =>
        {
            var status = r.AsTable(a[0]);
            r.RefuseSystemDb(status.Db, "the system tables in it don't have meaningful status information.");
            return r.Made(TableStatus(status));
        };
        table[TermType.Wait] = (r, a) => r.Wait(a);
        table[TermType.Sync] = (r, a) =>
        {
            r.AsTable(a[0]);
            return r.Made(new JsonObject { ["synced"] = 1 });
        };
    }

    private DatumValue Config(Value target)
    {
        switch (target)
        {
            case DbValue db:
                RefuseSystemDb(db.Db, "you can't configure it.");
                break;
            case TableValue table:
                RefuseSystemDb(table.Table.Db, "you can't configure the tables in it.");
                break;
        }
        if (target is DbValue configured)
        {
            RequireConfig(configured.Db);
        }
        else
        {
            RequireConfig(AsTable(target).Db, AsTable(target));
        }
        return target switch
        {
            DbValue db => Made(DbConfig(db.Db)),
            TableValue table => Made(TableConfig(table.Table)),
            _ => throw TypeError(target, "TABLE"),
        };
    }

    private static JsonObject TableStatus(MemoryTable table) => ConfigRows.TableStatus(table);

    /// <summary><c>wait</c>: a table answers <c>{ready: 1}</c>, a database the number of its tables.</summary>
    private DatumValue Wait(Args args)
    {
        if (args.Count == 0)
        {
            throw LogicError("`wait` can only be called on a table or database."); // r.wait(), which 2.4 still parses
        }
        if (args.OptArg("wait_for") is { } waitFor && AsString(waitFor) is not ("ready_for_outdated_reads" or "ready_for_reads" or "ready_for_writes" or "all_replicas_ready") and var unknown)
        {
            throw LogicError($"Unknown table readiness state: '{unknown}', must be one of 'ready_for_outdated_reads', 'ready_for_reads', 'ready_for_writes', or 'all_replicas_ready'");
        }
        if (args.OptArg("timeout") is { } timeout)
        {
            AsNumber(timeout);
        }
        var waited = args[0];
        RefuseSystemDb(waited is DbValue waitedDb ? waitedDb.Db : AsTable(waited).Db,
            "the system tables in it are always available and don't need to be waited on.");
        return waited switch
        {
            DbValue db => Made(new JsonObject { ["ready"] = db.Db.Tables.Count }),
            var table => Made(new JsonObject { ["ready"] = AsTable(table) is not null ? 1 : 0 }),
        };
    }
}
