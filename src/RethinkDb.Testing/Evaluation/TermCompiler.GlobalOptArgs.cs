using System.Text.Json;

namespace RethinkDb.Testing.Evaluation;

/// <content>The names of the global optional arguments the server accepts (optargs.cc).</content>
internal static partial class TermCompiler
{
    /// <summary>
    /// Throws the server's COMPILE_ERROR for a global optional argument it does not know (optargs.cc: any optional
    /// argument name of any term is accepted, and a few internal ones).
    /// </summary>
    public static void CheckGlobalOptArgNames(JsonElement globalOptArgs)
    {
        foreach (var optArg in globalOptArgs.EnumerateObject())
        {
            if (!AcceptedGlobalOptArgs.Contains(optArg.Name))
            {
                throw QueryFailure.Compile($"Unrecognized global optional argument `{optArg.Name}`.");
            }
        }
    }

    // optargs.cc, acceptable_optargs.
    private static readonly HashSet<string> AcceptedGlobalOptArgs =
    [
        "_EVAL_FLAGS_", "_NO_RECURSE_", "_SHORTCUT_", "array_limit", "attempts", "auth", "base", "binary_format",
        "changefeed_queue_size", "conflict", "data", "db", "default", "default_timezone", "dry_run", "durability",
        "emergency_repair", "emit", "fill", "final_emit", "first_batch_scaledown_factor", "float", "geo", "geo_system",
        "group_format", "header", "identifier_format", "ignore_write_hook", "include_initial", "include_offsets",
        "include_states", "include_types", "index", "interleave", "ordered", "left_bound", "max_batch_bytes",
        "max_batch_rows", "max_batch_seconds", "max_dist", "max_results", "method", "min_batch_rows", "multi",
        "non_atomic", "nonvoting_replica_tags", "noreply", "num_vertices", "overwrite", "page", "page_limit", "params",
        "primary_key", "primary_replica_tag", "profile", "read_mode", "redirects", "replicas", "result_format",
        "return_changes", "return_vals", "right_bound", "shards", "squash", "time_format", "timeout", "unit",
        "use_outdated", "verify", "wait_for",
    ];
}
