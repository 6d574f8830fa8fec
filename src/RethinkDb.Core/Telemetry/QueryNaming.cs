using System.Collections.Concurrent;
using System.Text;
using RethinkDb.Protocol;

namespace RethinkDb.Telemetry;

/// <summary>
/// The low-cardinality names a query is reported under: <c>db.operation.name</c> (the top-level term, in the
/// official drivers' snake case), <c>db.collection.name</c> (the table the query reads or writes, when it names one
/// with a literal) and <c>db.query.summary</c> (both together). Never a document value: only term names and the
/// literal name of a table.
/// </summary>
internal static class QueryNaming
{
    private static readonly ConcurrentDictionary<TermType, string> TermNames = new();
    private const int MaxCachedSummaries = 1024;
    private static readonly ConcurrentDictionary<(TermType, string), string> Summaries = new();

    /// <summary>The top-level term (<c>get_all</c>), or the query type for queries without one (<c>server_info</c>).</summary>
    public static string OperationName(ReqlExpr? term, QueryType type) => term is not null
        ? TermNames.GetOrAdd(term.TermType, static t => SnakeCase(t.ToString()))
        : type switch
        {
            QueryType.ServerInfo => "server_info",
            QueryType.NoreplyWait => "noreply_wait",
            QueryType.Continue => "continue",
            QueryType.Stop => "stop",
            _ => "start",
        };

    /// <summary>
    /// The table of the query: found by following the first argument from the top-level term down to a
    /// <c>table</c> term whose name is a string literal (<c>r.table("heroes").get(1).update(...)</c> → <c>heroes</c>).
    /// </summary>
    public static string? CollectionName(ReqlExpr? term)
    {
        // Bounded: a chain of a few hundred terms is unusual, and telemetry must never cost a deep walk.
        for (var depth = 0; depth < 64 && term is ReqlTerm t; depth++)
        {
            if (t.TermType == TermType.Table)
            {
                return t.Args.Count > 0 && t.Args[^1] is ReqlDatum { Value: string name } ? name : null;
            }
            if (t.Args.Count == 0)
            {
                return null;
            }
            term = t.Args[0];
        }
        return null;
    }

    /// <summary><c>{operation} {table}</c>, or the operation alone; cached so a steady workload allocates no strings.</summary>
    public static string Summary(string operation, TermType termType, string? collection)
    {
        if (collection is null)
        {
            return operation;
        }
        if (Summaries.TryGetValue((termType, collection), out var summary))
        {
            return summary;
        }
        summary = $"{operation} {collection}";
        // Bounded: an application with a table per tenant must not grow this cache without end.
        if (Summaries.Count < MaxCachedSummaries)
        {
            Summaries.TryAdd((termType, collection), summary);
        }
        return summary;
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
