using System.Linq.Expressions;

namespace RethinkDb;

// Lambdas over expressions: a typed sequence of ReqlExpr elements (a List<ReqlExpr> given to R.Expr) takes the
// untyped API's lambdas, which must build what they built before R.Expr had a typed overload.
internal sealed partial class LambdaTranslator
{
    /// <summary>Whether every parameter is an expression (a typed sequence of <see cref="ReqlExpr"/> elements, as
    /// <c>R.Expr(new[] { R.Row["a"] })</c> is): such a lambda is the untyped API's, written as it always was.</summary>
    private static bool OverExpressions(LambdaExpression lambda)
    {
        // By index: enumerating a lambda's parameters allocates an enumerator, and this runs for every typed lambda.
        var parameters = lambda.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var type = parameters[i].Type;
            if (!typeof(ReqlExpr).IsAssignableFrom(type) || !type.IsAssignableFrom(typeof(ReqlTerm)))
            {
                return false;
            }
        }
        return parameters.Count > 0;
    }

    /// <summary>Runs a lambda over expressions with <c>VAR</c> terms, as the untyped API runs a <c>Func</c>
    /// (interpreted: no dynamic code).</summary>
    private static ReqlTerm UntypedFunction(LambdaExpression lambda)
    {
        var count = lambda.Parameters.Count;
        if (count > 3)
        {
            throw new ReqlDriverCompileError($"A lambda of {count} parameters cannot be translated to ReQL (functions here take one to three): `{lambda}`.");
        }
        // The same lambda behind parameters of the type the VAR terms have, returning object.
        var vars = new ParameterExpression[count];
        for (var i = 0; i < count; i++)
        {
            vars[i] = Expression.Parameter(typeof(ReqlTerm));
        }
        var body = Expression.Convert(Expression.Invoke(lambda, vars), typeof(object));
        return count switch
        {
            1 => Create(Expression.Lambda<Func<ReqlTerm, object?>>(body, vars).Compile(preferInterpretation: true)),
            2 => Create(Expression.Lambda<Func<ReqlTerm, ReqlTerm, object?>>(body, vars).Compile(preferInterpretation: true)),
            _ => Create(Expression.Lambda<Func<ReqlTerm, ReqlTerm, ReqlTerm, object?>>(body, vars).Compile(preferInterpretation: true)),
        };

        static ReqlTerm Create(Delegate function) => function switch
        {
            Func<ReqlTerm, object?> f1 => ReqlLambda.Create(a => R.Expr(f1((ReqlTerm)a))),
            Func<ReqlTerm, ReqlTerm, object?> f2 => ReqlLambda.Create((a, b) => R.Expr(f2((ReqlTerm)a, (ReqlTerm)b))),
            var f3 => ReqlLambda.Create((a, b, c) => R.Expr(((Func<ReqlTerm, ReqlTerm, ReqlTerm, object?>)f3)((ReqlTerm)a, (ReqlTerm)b, (ReqlTerm)c))),
        };
    }
}
