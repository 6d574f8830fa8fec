using System.Linq.Expressions;
using System.Text;
using RethinkDb.Protocol;

namespace RethinkDb;

// Method calls: string methods, collection membership and aggregates, Math rounding, indexers.
internal sealed partial class LambdaTranslator
{
    private ReqlExpr VisitCall(MethodCallExpression node)
    {
        var method = node.Method;
        var owner = method.DeclaringType;
        var args = node.Arguments;
        if (owner == typeof(string))
        {
            return VisitStringCall(node);
        }
        if (owner == typeof(Math) && method.Name is "Floor" or "Ceiling" or "Round")
        {
            return VisitRounding(node);
        }
        if (owner == typeof(Math) && method.Name == "Abs" && args.Count == 1)
        {
            // ReQL has no abs: the branch is exact (the operand is evaluated twice, which a pure expression allows).
            var value = Visit(args[0]);
            return new ReqlTerm(TermType.Branch,
                [new ReqlTerm(TermType.Lt, [value, new ReqlDatum(0L)]), new ReqlTerm(TermType.Sub, [new ReqlDatum(0L), value]), value]);
        }
        if (method.Name == "ContainsKey" && node.Object is not null && args.Count == 1 && IsStringDictionary(node.Object.Type))
        {
            // A dictionary's keys are data: the key is sent as it is, never through the naming policy.
            return new ReqlTerm(TermType.HasFields, [Visit(node.Object), Visit(args[0])]);
        }
        if (owner == typeof(MemoryExtensions) && method.Name == "Contains" && args.Count == 2)
        {
            // C# 14 binds array.Contains(x) to the span overload: unwrap the array.
            return new ReqlTerm(TermType.Contains, [Visit(SpanSource(args[0])), Visit(args[1])]);
        }
        if (owner == typeof(Enumerable))
        {
            return VisitEnumerable(node);
        }
        if (method.Name == "Contains" && node.Object is not null && args.Count == 1 && IsCollection(node.Object.Type))
        {
            return new ReqlTerm(TermType.Contains, [Visit(node.Object), Visit(args[0])]);
        }
        if (method.Name == "get_Item" && node.Object is not null && args.Count == 1)
        {
            return new ReqlTerm(TermType.Bracket, [Visit(node.Object), Visit(args[0])]);
        }
        if (method.Name == "Equals" && node.Object is not null && args.Count == 1)
        {
            return new ReqlTerm(TermType.Eq, [Visit(node.Object), Visit(args[0])]);
        }
        if (method.Name == "GetValueOrDefault" && node.Object is not null && Nullable.GetUnderlyingType(node.Object.Type) is { } underlying)
        {
            var fallback = args.Count == 1 ? Visit(args[0]) : Value(Activator.CreateInstance(underlying));
            return new ReqlTerm(TermType.Default, [Visit(node.Object), fallback]);
        }
        throw Unsupported(node, $"the method {owner?.Name}.{method.Name}");
    }

    private static Expression SpanSource(Expression node) => node switch
    {
        MethodCallExpression { Method.Name: "op_Implicit", Arguments: [var source] } => source,
        UnaryExpression { NodeType: ExpressionType.Convert, Operand: var source } => source,
        _ => node,
    };

    private ReqlExpr VisitStringCall(MethodCallExpression node)
    {
        var args = node.Arguments;
        var target = node.Object;
        switch (node.Method.Name)
        {
            case "StartsWith" or "EndsWith" or "Contains" when target is not null && args.Count is 1 or 2 && (args[0].Type == typeof(string) || args[0].Type == typeof(char)):
                var text = ClientString(node, args[0]);
                var ignoreCase = args.Count == 2 && IgnoreCase(node, args[1]);
                var pattern = (ignoreCase ? "(?i)" : "") + node.Method.Name switch
                {
                    "StartsWith" => "^" + EscapeRegex(text),
                    "EndsWith" => EscapeRegex(text) + "$",
                    _ => EscapeRegex(text),
                };
                // MATCH gives an object or null; comparing with null makes it the boolean C# means.
                return new ReqlTerm(TermType.Ne, [new ReqlTerm(TermType.Match, [Visit(target), new ReqlDatum(pattern)]), ReqlDatum.Null]);
            case "ToUpper" or "ToUpperInvariant" when target is not null && args.Count == 0:
                return new ReqlTerm(TermType.Upcase, [Visit(target)]);
            case "ToLower" or "ToLowerInvariant" when target is not null && args.Count == 0:
                return new ReqlTerm(TermType.Downcase, [Visit(target)]);
            case "Equals" when target is not null && args.Count == 1:
            case "op_Equality" when args.Count == 2:
                return target is null
                    ? new ReqlTerm(TermType.Eq, [Visit(args[0]), Visit(args[1])])
                    : new ReqlTerm(TermType.Eq, [Visit(target), Visit(args[0])]);
            case "IsNullOrEmpty" when args.Count == 1:
                // DEFAULT covers null and a missing field alike.
                return new ReqlTerm(TermType.Eq, [new ReqlTerm(TermType.Default, [Visit(args[0]), new ReqlDatum("")]), new ReqlDatum("")]);
            case "Concat" when args.Count is >= 2 and <= 4 && args.All(static a => a.Type == typeof(string)):
                return new ReqlTerm(TermType.Add, VisitAll(args));
            case "ToString" when target is not null && args.Count == 0:
                return Visit(target);
            case "Split" when target is not null:
                return new ReqlTerm(TermType.Split, [Visit(target), new ReqlDatum(SplitSeparator(node))]);
            case "Trim" or "TrimStart" or "TrimEnd":
                throw Unsupported(node, $"string.{node.Method.Name} (ReQL has no trim; match the text you want with Match(\"^\\s*(.*?)\\s*$\") through the untyped API, or trim on the client)");
            case "Substring":
                throw Unsupported(node, "string.Substring (ReQL slices strings by code point and clamps indexes out of range, where C# counts UTF-16 units and throws; use the untyped Slice if that is what you mean)");
            default:
                throw Unsupported(node, $"the string method {node.Method.Name}");
        }
    }

    /// <summary>The separator of <c>text.Split(separator)</c>: one non-empty separator known on the client, no
    /// options (ReQL's split keeps empty entries, as StringSplitOptions.None does, and has no other option).</summary>
    private string SplitSeparator(MethodCallExpression node)
    {
        var args = node.Arguments;
        var separator = args.Count > 0 ? args[0] : null;
        if (separator is NewArrayExpression { NodeType: ExpressionType.NewArrayInit, Expressions: [var single] })
        {
            separator = single;
        }
        var optionsOk = args.Count == 1
            || (args.Count == 2 && args[1].Type == typeof(StringSplitOptions) && !ClientEvaluator.UsesParameters(args[1], MaxDepth)
                && Evaluate(args[1]) is StringSplitOptions.None);
        if (separator is null || (separator.Type != typeof(string) && separator.Type != typeof(char)) || !optionsOk)
        {
            throw Unsupported(node, "this string.Split overload (only Split(separator) with one char or string separator and no options, or StringSplitOptions.None; C#'s Split() on white space keeps empty entries, ReQL's drops them)");
        }
        var text = ClientString(node, separator);
        return text.Length > 0 ? text : throw Unsupported(node, "string.Split with an empty separator (ReQL splits into characters, C# does not split)");
    }

    internal static bool IsStringDictionary(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var key, _] && key == typeof(string)
        && (typeof(System.Collections.IDictionary).IsAssignableFrom(type)
            || type.GetGenericTypeDefinition() is var definition && (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)));

    private string ClientString(MethodCallExpression node, Expression argument)
    {
        if (ClientEvaluator.UsesParameters(argument, MaxDepth))
        {
            throw Unsupported(node, $"{node.Method.Name} with an argument computed from the document (it must be known on the client)");
        }
        return Evaluate(argument) switch
        {
            string text => text,
            char c => c.ToString(),
            _ => throw Unsupported(node, $"{node.Method.Name}(null)"),
        };
    }

    private bool IgnoreCase(MethodCallExpression node, Expression comparison)
    {
        if (comparison.Type != typeof(StringComparison) || ClientEvaluator.UsesParameters(comparison, MaxDepth))
        {
            throw Unsupported(node, $"{node.Method.Name} with a {comparison.Type.Name} argument (only a StringComparison known on the client)");
        }
        return (StringComparison)Evaluate(comparison)! switch
        {
            StringComparison.Ordinal => false,
            StringComparison.OrdinalIgnoreCase => true,
            var other => throw Unsupported(node, $"StringComparison.{other} (culture-aware comparison has no ReQL equivalent; use Ordinal or OrdinalIgnoreCase)"),
        };
    }

    /// <summary>Escapes text for a RE2 pattern: every ASCII punctuation character RE2 treats specially.</summary>
    internal static string EscapeRegex(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (@"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    private ReqlTerm VisitRounding(MethodCallExpression node)
    {
        var args = node.Arguments;
        var type = node.Method.Name switch
        {
            "Floor" => TermType.Floor,
            "Ceiling" => TermType.Ceil,
            _ => TermType.Round,
        };
        if (type == TermType.Round)
        {
            // ReQL rounds halves away from zero; Math.Round(x) rounds them to even: only the former is exact.
            var awayFromZero = args.Count == 2 && args[1].Type == typeof(MidpointRounding)
                && !ClientEvaluator.UsesParameters(args[1], MaxDepth) && Evaluate(args[1]) is MidpointRounding.AwayFromZero;
            if (!awayFromZero)
            {
                throw Unsupported(node, "Math.Round without MidpointRounding.AwayFromZero (ReQL's round takes halves away from zero; write Math.Round(x, MidpointRounding.AwayFromZero))");
            }
        }
        else if (args.Count != 1)
        {
            throw Unsupported(node, $"Math.{node.Method.Name} with {args.Count} arguments");
        }
        return new ReqlTerm(type, [Visit(args[0])]);
    }

    private ReqlTerm VisitEnumerable(MethodCallExpression node)
    {
        var args = node.Arguments;
        var name = node.Method.Name;
        var source = Visit(args[0]);
        if (args.Count == 1)
        {
            return name switch
            {
                "Any" => new ReqlTerm(TermType.Not, [new ReqlTerm(TermType.IsEmpty, [source])]),
                "Count" or "LongCount" => new ReqlTerm(TermType.Count, [source]),
                "Sum" => new ReqlTerm(TermType.Sum, [source]),
                "Average" => new ReqlTerm(TermType.Avg, [source]),
                "Min" => new ReqlTerm(TermType.Min, [source]),
                "Max" => new ReqlTerm(TermType.Max, [source]),
                "Distinct" => new ReqlTerm(TermType.Distinct, [source]),
                _ => throw Unsupported(node, $"Enumerable.{name}"),
            };
        }
        if (args.Count == 2 && name == "Contains")
        {
            return new ReqlTerm(TermType.Contains, [source, Visit(args[1])]);
        }
        if (args.Count == 2 && args[1] is LambdaExpression lambda)
        {
            var function = NestedFunction(lambda);
            return name switch
            {
                "Any" => new ReqlTerm(TermType.Contains, [source, function]),
                "All" => new ReqlTerm(TermType.Not, [new ReqlTerm(TermType.Contains, [source, NestedFunction(lambda, negate: true)])]),
                "Count" or "LongCount" => new ReqlTerm(TermType.Count, [source, function]),
                "Where" => new ReqlTerm(TermType.Filter, [source, function]),
                "Select" => new ReqlTerm(TermType.Map, [source, function]),
                "Sum" => new ReqlTerm(TermType.Sum, [source, function]),
                "Average" => new ReqlTerm(TermType.Avg, [source, function]),
                _ => throw Unsupported(node, $"Enumerable.{name} with a selector"),
            };
        }
        throw Unsupported(node, $"Enumerable.{name}");
    }

    /// <summary>A lambda nested in the body (<c>h.Powers.Any(p =&gt; p.StartsWith("f"))</c>): a function with its own
    /// variable, which sees the enclosing parameters.</summary>
    private ReqlTerm NestedFunction(LambdaExpression lambda, bool negate = false)
    {
        if (lambda.Parameters.Count != 1)
        {
            throw Unsupported(lambda, "a nested lambda with other than one parameter");
        }
        return ReqlLambda.Create(v =>
        {
            _parameters[lambda.Parameters[0]] = v;
            var body = Visit(lambda.Body);
            return negate ? new ReqlTerm(TermType.Not, [body]) : body;
        });
    }
}
