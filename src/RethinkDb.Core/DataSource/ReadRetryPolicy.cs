using RethinkDb.Protocol;

namespace RethinkDb.DataSource;

/// <summary>
/// Which queries may run a second time when their node died before answering: reads only. A query is a read when no
/// term anywhere in it (arguments, optional arguments, functions) changes data, configuration or the outside world,
/// or opens a changefeed.
/// </summary>
/// <remarks>
/// The rule is a list of the terms that are NOT reads, so that a term unknown to it errs on the side of "not a read"
/// only for the kinds of expression the driver cannot look into. Not reads: <c>insert</c>, <c>update</c>,
/// <c>replace</c>, <c>delete</c>, <c>for_each</c>; <c>db_create</c>/<c>db_drop</c>, <c>table_create</c>/<c>table_drop</c>,
/// <c>index_create</c>/<c>index_drop</c>/<c>index_rename</c>, <c>set_write_hook</c>, <c>reconfigure</c>,
/// <c>rebalance</c>, <c>sync</c>, <c>wait</c>, <c>grant</c>; <c>r.js</c> and <c>r.http</c> (they run code or reach
/// other systems); <c>changes</c> (a feed is not a result to fetch again). <c>config()</c> alone is a read; its
/// <c>update</c> is not.
/// </remarks>
internal static class ReadRetryPolicy
{
    /// <summary>Whether <paramref name="query"/> only reads, so running it twice cannot change anything.</summary>
    public static bool IsReadOnly(ReqlExpr query) => IsReadOnly(query, depth: 0);

    /// <summary>Whether <paramref name="type"/> writes, runs outside code, or opens a feed.</summary>
    public static bool IsSideEffect(TermType type) => type is TermType.Insert or TermType.Update or TermType.Replace or TermType.Delete
        or TermType.ForEach or TermType.DbCreate or TermType.DbDrop or TermType.TableCreate or TermType.TableDrop
        or TermType.IndexCreate or TermType.IndexDrop or TermType.IndexRename or TermType.SetWriteHook or TermType.Reconfigure
        or TermType.Rebalance or TermType.Sync or TermType.Wait or TermType.Grant or TermType.Javascript or TermType.Http
        or TermType.Changes;

    private static bool IsReadOnly(ReqlExpr expr, int depth)
    {
        // The encoder refuses terms nested this deep anyway; never recurse without a bound.
        if (depth > QueryLimits.MaxJsonDepth)
        {
            return false;
        }
        switch (expr)
        {
            case ReqlDatum:
            case ReqlMemberName:
                return true;
            case ReqlTypedExpr typed:
                return IsReadOnly(typed.Term, depth + 1);
            case ReqlEncodedFunction encoded:
                return IsReadOnly(encoded.Terms, depth + 1);
            case ReqlObject obj:
                foreach (var field in obj.Fields)
                {
                    if (!IsReadOnly(field.Value, depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            case ReqlMemberObject members:
                foreach (var field in members.DisplayFields)
                {
                    if (!IsReadOnly(field.Value, depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            case ReqlTerm term:
                if (IsSideEffect(term.TermType))
                {
                    return false;
                }
                foreach (var arg in term.Args)
                {
                    if (!IsReadOnly(arg, depth + 1))
                    {
                        return false;
                    }
                }
                foreach (var optArg in term.OptArgs)
                {
                    if (!IsReadOnly(optArg.Value, depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return false; // an expression the driver cannot look into: not known to be a read
        }
    }
}
