using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;
using RethinkDb.Testing.Evaluation.SystemTables;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// <c>reconfigure</c> and <c>rebalance</c> of a table or database (rdb_protocol/terms/db_table.cc,
/// clustering/administration/tables/generate_config.cc, real_reql_cluster_interface.cc): the options checked in the
/// server's order and words, shards and replicas placed on the servers running with the tags asked for, and the
/// results <c>{reconfigured, config_changes, status_changes}</c> (no <c>status_changes</c> with <c>dry_run</c>) and
/// <c>{rebalanced, status_changes}</c>. <c>table_create</c>'s <c>shards</c>/<c>replicas</c> use the same placement.
/// </content>
internal sealed partial class QueryRun
{
    /// <summary>The replication asked for (<c>table_generate_config_params_t</c>).</summary>
    private sealed record ReplicaParams(int Shards, Dictionary<string, int> Replicas, HashSet<string> NonvotingTags, string PrimaryTag);

    private static void AddReconfigureTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Reconfigure] = (r, a) => r.Reconfigure(a);
        table[TermType.Rebalance] = (r, a) => r.Rebalance(a);
    }

    private DatumValue Reconfigure(Args args)
    {
        if (args.Count == 0)
        {
            throw LogicError("`reconfigure` can only be called on a table or database.");
        }
        var (db, tables) = TableOrDb(args[0], "you can't configure the tables in it.");
        var dryRun = args.OptArg("dry_run") is { } d && AsBool(d);
        if (args.OptArg("emergency_repair") is { } repair && AsDatum(repair) is not null)
        {
            var mode = AsString(repair);
            if (mode is not ("unsafe_rollback" or "unsafe_rollback_or_erase" or "_debug_recommit"))
            {
                throw LogicError("`emergency_repair` should be \"unsafe_rollback\" or \"unsafe_rollback_or_erase\"", repair.Origin);
            }
            if (args.RawOptArg("nonvoting_replica_tags") is not null || args.RawOptArg("primary_replica_tag") is not null ||
                args.RawOptArg("replicas") is not null || args.RawOptArg("shards") is not null)
            {
                throw LogicError("In emergency repair mode, you can't specify shards, replicas, etc.");
            }
            if (tables is null)
            {
                throw LogicError("Can't emergency repair an entire database at once; instead you should run `reconfigure()` on each table individually.");
            }
            RequireConfig(db, tables[0]);
            // Every replica of the shared store is always available: there is never anything to repair.
            throw OpFailedError("This table doesn't need to be repaired.");
        }
        var shardsValue = args.OptArg("shards") ?? throw LogicError("Missing required argument `shards`.");
        var shards = AsInteger(shardsValue);
        if (shards <= 0)
        {
            throw LogicError("Every table must have at least one shard.", shardsValue.Origin);
        }
        var replicas = args.OptArg("replicas") ?? throw LogicError("Missing required argument `replicas`.");
        var parameters = ReplicaParamsOf((int)Math.Min(shards, int.MaxValue), replicas, args.OptArg("nonvoting_replica_tags"), args.OptArg("primary_replica_tag"));
        lock (_store.Sync)
        {
            var targets = tables ?? [.. db.Tables.Values];
            RequireConfig(db, [.. targets]);
            if (tables is null && targets.Count == 0)
            {
                RequireConfig(db);
            }
            var result = new JsonObject();
            foreach (var table in targets)
            {
                var shardList = PlaceReplicas(parameters);
                var oldConfig = ConfigRows.TableConfig(table);
                var oldStatus = ConfigRows.TableStatus(table);
                table.Shards = shardList;
                var newConfig = ConfigRows.TableConfig(table);
                if (dryRun)
                {
                    table.Shards = [.. ConfigShards(oldConfig)];
                }
                var one = new JsonObject
                {
                    ["config_changes"] = new JsonArray(Pair(oldConfig, newConfig)),
                    ["reconfigured"] = dryRun ? 0 : 1,
                };
                if (!dryRun)
                {
                    one["status_changes"] = new JsonArray(Pair(oldStatus, ConfigRows.TableStatus(table)));
                }
                MergeStats(result, one);
            }
            if (!dryRun)
            {
                _store.SystemDb.Refresh();
            }
            return Made(result);
        }
    }

    private DatumValue Rebalance(Args args)
    {
        if (args.Count == 0)
        {
            throw LogicError("`rebalance` can only be called on a table or database.");
        }
        var (db, tables) = TableOrDb(args[0], "you can't rebalance the tables in it.");
        lock (_store.Sync)
        {
            var targets = tables ?? [.. db.Tables.Values];
            RequireConfig(db, [.. targets]);
            var result = new JsonObject();
            foreach (var table in targets)
            {
                var status = ConfigRows.TableStatus(table);
                // The server rebalances only when its distribution sample has at least a key per shard.
                var rebalanced = table.Documents.Count >= Math.Max(2, table.Shards.Count) ? 1 : 0;
                MergeStats(result, new JsonObject
                {
                    ["rebalanced"] = rebalanced,
                    ["status_changes"] = new JsonArray(Pair(status, ConfigRows.TableStatus(table))),
                });
            }
            return Made(result);
        }
    }

    /// <summary>The database and tables a table-or-database term applies to (tables null: the whole database).</summary>
    private (MemoryDb Db, List<MemoryTable>? Tables) TableOrDb(Value target, string systemRefusal)
    {
        var (db, tables) = target is DbValue dbValue ? (dbValue.Db, (List<MemoryTable>?)null) : (AsTable(target).Db, [AsTable(target)]);
        RefuseSystemDb(db, systemRefusal);
        return (db, tables);
    }

    /// <summary><c>replicas</c> (a number, or an object of counts per server tag) and the tag options, as <c>get_replicas_and_primary</c>.</summary>
    private ReplicaParams ReplicaParamsOf(int shards, Value replicas, Value? nonvotingTags, Value? primaryTag)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var node = AsDatum(replicas);
        switch (node)
        {
            case JsonObject perTag:
                if (primaryTag is null)
                {
                    throw LogicError("`primary_replica_tag` must be specified when `replicas` is an OBJECT.", replicas.Origin);
                }
                foreach (var (tag, count) in perTag)
                {
                    if (!ValidName().IsMatch(tag))
                    {
                        throw LogicError($"Server tag name `{tag}` invalid (Use A-Z, a-z, 0-9, _ and - only).", replicas.Origin);
                    }
                    if (Datum.Kind(count) != JsonValueKind.Number)
                    {
                        throw LogicError($"Expected type NUMBER but found {Datum.TypeName(count)}.", replicas.Origin);
                    }
                    var number = Datum.Number(count!);
                    if (number != Math.Floor(number))
                    {
                        throw LogicError($"Number not an integer: {Datum.FormatNumber(number)}", replicas.Origin);
                    }
                    if (number < 0)
                    {
                        throw LogicError("Can't have a negative number of replicas", replicas.Origin);
                    }
                    counts[tag] = (int)Math.Min(number, int.MaxValue);
                }
                break;
            case JsonValue when Datum.Kind(node) == JsonValueKind.Number:
                if (primaryTag is not null)
                {
                    throw LogicError("`replicas` must be an OBJECT if `primary_replica_tag` is specified.", replicas.Origin);
                }
                if (nonvotingTags is not null)
                {
                    throw LogicError("`replicas` must be an OBJECT if `nonvoting_replica_tags` is specified.", replicas.Origin);
                }
                var replicaCount = AsInteger(replicas);
                if (replicaCount < 0)
                {
                    throw LogicError($"Number not an integer (<0): {Datum.FormatNumber(replicaCount)}", replicas.Origin);
                }
                counts["default"] = (int)Math.Min(replicaCount, int.MaxValue);
                break;
            default:
                throw LogicError($"Expected type OBJECT or NUMBER but found {Datum.TypeName(node)}:\n{Datum.Print(node)}", replicas.Origin);
        }
        var nonvoting = new HashSet<string>(StringComparer.Ordinal);
        if (nonvotingTags is not null)
        {
            var tags = AsDatum(nonvotingTags);
            if (tags is not JsonArray list)
            {
                throw LogicError($"Expected type ARRAY but found {Datum.TypeName(tags)}:\n{Datum.Print(tags)}", nonvotingTags.Origin);
            }
            foreach (var tag in list)
            {
                if (Datum.Kind(tag) != JsonValueKind.String)
                {
                    throw LogicError($"Expected type STRING but found {Datum.TypeName(tag)}:\n{Datum.Print(tag)}", nonvotingTags.Origin);
                }
                nonvoting.Add(Datum.String(tag!));
            }
        }
        var primary = primaryTag is null ? "default" : AsString(primaryTag);
        if (!ValidName().IsMatch(primary))
        {
            throw LogicError($"Server tag name `{primary}` invalid (Use A-Z, a-z, 0-9, _ and - only).", primaryTag!.Origin);
        }
        return new ReplicaParams(shards, counts, nonvoting, primary);
    }

    /// <summary>
    /// Checks the parameters as <c>validate_params</c> and places each shard's replicas on the running servers with
    /// the tags asked for, spreading primaries over them. The caller holds the store lock.
    /// </summary>
    private List<TableShard> PlaceReplicas(ReplicaParams parameters)
    {
        if (parameters.Replicas.Values.Sum(c => (long)c) == 0)
        {
            throw OpFailedError("You must set `replicas` to at least one. `replicas` includes the primary replica; if there are zero replicas, there is nowhere to put the data.");
        }
        if (parameters.Shards > 64)
        {
            throw OpFailedError("Maximum number of shards is 64.");
        }
        if (parameters.Replicas.GetValueOrDefault(parameters.PrimaryTag) == 0)
        {
            throw OpFailedError($"Can't use server tag `{parameters.PrimaryTag}` for primary replicas because you specified no replicas in server tag `{parameters.PrimaryTag}`.");
        }
        foreach (var tag in parameters.NonvotingTags.Order(StringComparer.Ordinal))
        {
            if (!parameters.Replicas.ContainsKey(tag))
            {
                throw OpFailedError($"You specified that the replicas in server tag `{tag}` should be non-voting, but you didn't specify a number of replicas in server tag `{tag}`.");
            }
        }
        var byTag = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (tag, count) in parameters.Replicas.Where(p => p.Value > 0).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var servers = _store.Servers.Where(s => s.Tags.Contains(tag)).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
            if (servers.Count == 0)
            {
                throw OpFailedError($"Could not find any servers with server tag `{tag}`.");
            }
            if (servers.Count < count)
            {
                throw OpFailedError($"Can't put {count} replicas on servers with the tag `{tag}` because there are only {servers.Count} servers with the tag `{tag}`. It's impossible to have more replicas of the data than there are servers.");
            }
            byTag[tag] = servers;
        }
        var placed = new List<TableShard>();
        for (var shard = 0; shard < parameters.Shards; shard++)
        {
            var voting = new List<string>();
            var nonvoting = new List<string>();
            string? primary = null;
            foreach (var (tag, servers) in byTag)
            {
                // Rotate by shard so that primaries and replicas spread over the servers.
                var chosen = Enumerable.Range(0, parameters.Replicas[tag]).Select(i => servers[(shard + i) % servers.Count]).ToList();
                if (tag == parameters.PrimaryTag)
                {
                    primary = chosen[0];
                }
                (parameters.NonvotingTags.Contains(tag) ? nonvoting : voting).AddRange(chosen);
            }
            placed.Add(new TableShard(primary!, [.. voting.Concat(nonvoting)], nonvoting));
        }
        return placed;
    }

    /// <summary>The shards of a <c>table_config</c> row, back as <see cref="TableShard"/>s.</summary>
    private static IEnumerable<TableShard> ConfigShards(JsonObject config) =>
        config["shards"]!.AsArray().Select(shard => new TableShard(
            Datum.String(shard!["primary_replica"]!),
            [.. shard["replicas"]!.AsArray().Select(n => Datum.String(n!))],
            [.. shard["nonvoting_replicas"]!.AsArray().Select(n => Datum.String(n!))]));

    /// <summary>
    /// The shards of a new table: on the server running the query, as the real server's default (one shard, one
    /// replica) places it when idle; with <c>shards</c>/<c>replicas</c>, placed as <c>reconfigure</c> places them.
    /// </summary>
    private List<TableShard> NewTableShards(Args args)
    {
        var shardsValue = args.OptArg("shards");
        var replicas = args.OptArg("replicas");
        var nonvoting = args.OptArg("nonvoting_replica_tags");
        var primaryTag = args.OptArg("primary_replica_tag");
        if (shardsValue is null && replicas is null && nonvoting is null && primaryTag is null)
        {
            return [new TableShard(_serverName, [_serverName], [])];
        }
        var shards = shardsValue is null ? 1 : AsInteger(shardsValue);
        if (shardsValue is not null && shards <= 0)
        {
            throw LogicError("Every table must have at least one shard.", shardsValue.Origin);
        }
        var parameters = replicas is null
            ? new ReplicaParams((int)Math.Min(shards, int.MaxValue), new Dictionary<string, int>(StringComparer.Ordinal) { ["default"] = 1 }, [], "default")
            : ReplicaParamsOf((int)Math.Min(shards, int.MaxValue), replicas, nonvoting, primaryTag);
        lock (_store.Sync)
        {
            return PlaceReplicas(parameters);
        }
    }

    private static JsonObject Pair(JsonObject oldValue, JsonObject newValue) => new() { ["new_val"] = newValue, ["old_val"] = oldValue };
}
