using System.Linq.Expressions;
using System.Reflection;

namespace RethinkDb;

/// <summary>
/// Evaluates on the client the parts of a typed lambda that do not depend on its parameters: constants, captured
/// variables, <c>DateTimeOffset.Now</c>, <c>Guid.Parse("...")</c>. Their values are sent as data.
/// </summary>
internal static class ClientEvaluator
{
    /// <summary>Whether <paramref name="node"/> uses a parameter of a lambda (then it must be translated, not evaluated).</summary>
    /// <exception cref="ReqlDriverCompileError">The expression nests deeper than <paramref name="maxDepth"/>.</exception>
    public static bool UsesParameters(Expression node, int maxDepth)
    {
        var finder = new ParameterFinder(maxDepth);
        finder.Visit(node);
        return finder.Found;
    }

    /// <summary>The value of an expression without parameters.</summary>
    public static object? Evaluate(Expression node)
    {
        switch (node)
        {
            case ConstantExpression constant:
                return constant.Value;
            case MemberExpression { Member: FieldInfo field } member:
                // Captured variables are fields of a closure object: read them without compiling anything.
                return field.GetValue(member.Expression is null ? null : Evaluate(member.Expression));
            case MemberExpression { Member: PropertyInfo { GetMethod.IsStatic: false } property, Expression: not null } member
                when property.GetIndexParameters().Length == 0:
                return property.GetValue(Evaluate(member.Expression));
            case UnaryExpression { NodeType: ExpressionType.Convert, Operand: var operand } convert
                when convert.Type == typeof(object) || Nullable.GetUnderlyingType(convert.Type) == operand.Type:
                return Evaluate(operand);
            default:
                // Anything else (arithmetic, method calls, constructors): the interpreter, which needs no dynamic code.
                var lambda = Expression.Lambda<Func<object?>>(Expression.Convert(node, typeof(object)));
                return lambda.Compile(preferInterpretation: true)();
        }
    }

    private sealed class ParameterFinder(int maxDepth) : ExpressionVisitor
    {
        private int _depth;

        public bool Found { get; private set; }

        public override Expression? Visit(Expression? node)
        {
            if (node is null || Found)
            {
                return node;
            }
            if (++_depth > maxDepth)
            {
                throw LambdaTranslator.TooDeep(maxDepth);
            }
            try
            {
                return base.Visit(node);
            }
            finally
            {
                _depth--;
            }
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found = true;
            return node;
        }
    }
}
