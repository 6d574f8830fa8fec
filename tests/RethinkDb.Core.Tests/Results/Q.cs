using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Results;

/// <summary>
/// Builds raw terms the query builder never makes (a wrong number of arguments, terms outside the test server's
/// subset), to see how the servers answer them.
/// </summary>
internal static class Q
{
    public static ReqlTerm T(TermType type, params object?[] args) => new(type, [.. args.Select(a => R.Expr(a))]);
}
