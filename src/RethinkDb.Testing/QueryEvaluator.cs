using System.Text.Json;
using RethinkDb.Testing.Evaluation;

namespace RethinkDb.Testing;

/// <summary>
/// Evaluates the subset of ReQL the test server supports (see README.md) against an in-memory store shared by
/// every connection of the server. Anything else answers COMPILE_ERROR saying the test server does not support the
/// term, so a test never passes against behaviour the real server lacks.
/// </summary>
internal sealed class QueryEvaluator(MemoryStore store, string serverName)
{
    /// <summary>The databases and tables of the server (shared by every node of a test cluster).</summary>
    public MemoryStore Store { get; } = store;

    /// <summary>Checks the query as the server's compiler does, then runs it as <paramref name="user"/>.</summary>
    /// <exception cref="QueryFailure">A compile or runtime error, with the server's message and backtrace.</exception>
    public QueryResult Evaluate(JsonElement term, JsonElement globalOptArgs, string user = "admin")
    {
        // In the server's order (query_cache.cc): the term walker over the query, the global optargs' names, then the
        // compiler.
        var hasOptArgs = globalOptArgs.ValueKind == JsonValueKind.Object;
        TermCompiler.CheckPlacement(term);
        if (hasOptArgs)
        {
            foreach (var optArg in globalOptArgs.EnumerateObject())
            {
                TermCompiler.CheckPlacement(optArg.Value);
            }
            TermCompiler.CheckGlobalOptArgNames(globalOptArgs);
        }
        TermCompiler.CheckArguments(term);
        if (hasOptArgs)
        {
            foreach (var optArg in globalOptArgs.EnumerateObject())
            {
                TermCompiler.CheckArguments(optArg.Value);
            }
        }
        return new QueryRun(Store, user, serverName, globalOptArgs).Run(term);
    }

    public static QueryFailure Unsupported(TermType type) =>
        QueryFailure.Compile($"The test server does not support the term {type} ({(int)type}).");
}
