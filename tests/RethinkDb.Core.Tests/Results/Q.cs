using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Results;

/// <summary>
/// Builds raw terms for the results tests, independent of the fluent query builder: <c>Q.T(TermType.X, args)</c>.
/// </summary>
internal static class Q
{
    public static ReqlTerm T(TermType type, params object?[] args) => new(type, [.. args.Select(R.Expr)]);

    public static ReqlTerm T(TermType type, object?[] args, params (string Name, object? Value)[] optArgs) =>
        new(type, [.. args.Select(R.Expr)], optArgs.ToDictionary(o => o.Name, o => R.Expr(o.Value)));

    public static ReqlTerm Table(string db, string table) => T(TermType.Table, R.Db(db), table);

    /// <summary>A one-parameter function: <c>[69, [[2, [1]], body(var 1)]]</c>.</summary>
    public static ReqlTerm Func(Func<ReqlExpr, ReqlExpr> body) =>
        T(TermType.Func, T(TermType.MakeArray, 1), body(T(TermType.Var, 1)));

    public static ReqlTerm Field(ReqlExpr row, string name) => T(TermType.GetField, row, name);

    public static ReqlTerm Array(params object?[] items) => T(TermType.MakeArray, items);

    /// <summary>An object whose values are terms: <c>[3, [], {key: term}]</c> (MAKE_OBJ).</summary>
    public static ReqlTerm MakeObj(params (string Key, object? Value)[] pairs) =>
        new(TermType.MakeObj, [], pairs.ToDictionary(p => p.Key, p => R.Expr(p.Value)));

    /// <summary>A JSON object datum (nested arrays must be built with <see cref="Array"/> terms).</summary>
    public static Dictionary<string, object?> Obj(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}
