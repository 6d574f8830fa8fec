using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// Turns C# lambdas into ReQL functions: <c>x =&gt; x["age"] &gt; 30</c> becomes
/// <c>[69,[[2,[7]],[21,[[170,[[10,[7]],"age"]],30]]]]</c>.
/// </summary>
/// <remarks>
/// The lambda runs once, when the query is built, with <c>VAR</c> terms as its parameters; what it returns is the
/// function's body. Variable ids come from one process-wide counter (as in the official drivers), so nested lambdas,
/// and lambdas of different queries combined later, never share an id.
/// </remarks>
internal static class ReqlLambda
{
    private static long s_nextVarId;

    public static ReqlTerm Create(Func<ReqlExpr> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Build([], () => function());
    }

    public static ReqlTerm Create(Func<ReqlExpr, ReqlExpr> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var ids = NextIds(1);
        return Build(ids, () => function(Var(ids[0])));
    }

    public static ReqlTerm Create(Func<ReqlExpr, ReqlExpr, ReqlExpr> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var ids = NextIds(2);
        return Build(ids, () => function(Var(ids[0]), Var(ids[1])));
    }

    public static ReqlTerm Create(Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var ids = NextIds(3);
        return Build(ids, () => function(Var(ids[0]), Var(ids[1]), Var(ids[2])));
    }

    public static ReqlTerm Create(Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var ids = NextIds(4);
        return Build(ids, () => function(Var(ids[0]), Var(ids[1]), Var(ids[2]), Var(ids[3])));
    }

    /// <summary>
    /// A delegate passed where a value is expected (for example in an <see cref="object"/> argument):
    /// only <c>Func</c>s over <see cref="ReqlExpr"/> translate.
    /// </summary>
    public static ReqlTerm FromDelegate(Delegate function) => function switch
    {
        Func<ReqlExpr, ReqlExpr> f1 => Create(f1),
        Func<ReqlExpr, ReqlExpr, ReqlExpr> f2 => Create(f2),
        Func<ReqlExpr> f0 => Create(f0),
        Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr> f3 => Create(f3),
        Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr> f4 => Create(f4),
        _ => throw new ReqlDriverCompileError(
            $"A delegate of type {function.GetType()} cannot be translated to a ReQL function; use a Func whose parameters and result are ReqlExpr (up to four parameters)."),
    };

    /// <summary>
    /// Wraps an argument that uses <c>R.Row</c> in a one-parameter function, as the official drivers do for the
    /// arguments of FILTER, MAP, ORDER_BY and the other terms that take a function.
    /// </summary>
    public static ReqlExpr Wrap(ReqlExpr value)
    {
        if (!value.HasImplicitVar)
        {
            return value;
        }
        var ids = NextIds(1);
        return MakeFunc(ids, value);
    }

    private static long[] NextIds(int count)
    {
        var last = Interlocked.Add(ref s_nextVarId, count);
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = last - count + 1 + i;
        }
        return ids;
    }

    private static ReqlTerm Var(long id) => new(TermType.Var, [new ReqlDatum(id)]);

    private static ReqlTerm Build(long[] ids, Func<ReqlExpr> body)
    {
        ReqlExpr? result;
        try
        {
            result = body();
        }
        catch (Exception ex) when (ex is not ReqlError)
        {
            throw new ReqlDriverCompileError($"A lambda could not be translated to ReQL: it threw {ex.GetType().Name}: {ex.Message}", ex);
        }
        if (result is null)
        {
            throw new ReqlDriverCompileError("A lambda returned null; return an expression (R.Expr(null) for the null value).");
        }
        return MakeFunc(ids, result);
    }

    private static ReqlTerm MakeFunc(long[] ids, ReqlExpr body)
    {
        var parameters = new ReqlExpr[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            parameters[i] = new ReqlDatum(ids[i]);
        }
        return new ReqlTerm(TermType.Func, [new ReqlTerm(TermType.MakeArray, parameters), body]);
    }
}
