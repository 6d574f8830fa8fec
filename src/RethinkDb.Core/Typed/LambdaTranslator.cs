using System.Linq.Expressions;
using System.Reflection;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// Translates a C# lambda given as an expression tree (<c>h =&gt; h.Age &gt; 30 &amp;&amp; h.Team == "avengers"</c>)
/// into a ReQL function, member names to the field names the connection's serializer writes.
/// </summary>
/// <remarks>
/// <para>Translation happens when the query is built: a construct with no exact ReQL meaning is a
/// <see cref="ReqlDriverCompileError"/> naming it and the lambda, never a query that means something else. Parts of
/// the lambda that do not use its parameters are evaluated on the client and sent as values.</para>
/// <para>Recursion is bounded by <see cref="MaxDepth"/>, so no expression, however large, can exhaust the stack.</para>
/// </remarks>
internal sealed partial class LambdaTranslator
{
    /// <summary>The deepest expression translated; far beyond hand-written lambdas, far below the stack's limit.</summary>
    public const int MaxDepth = 256;

    private readonly LambdaExpression _root;
    private readonly Dictionary<ParameterExpression, ReqlExpr> _parameters = [];
    private int _depth;

    // Template mode (a translation for LambdaCache): the lambda's nodes by pre-order index, the slots made so far,
    // and whether the translation depends only on the shape (false once a captured value decided its structure).
    private Dictionary<Expression, int>? _indexes;
    private Dictionary<int, Expression>? _slots;
    private bool _cacheable = true;

    private LambdaTranslator(LambdaExpression root) => _root = root;

    /// <summary>A ReQL function of as many parameters as <paramref name="lambda"/> has (one to three).</summary>
    public static ReqlExpr Function(LambdaExpression lambda)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        return OverExpressions(lambda) ? UntypedFunction(lambda) : LambdaCache.Function(lambda);
    }

    /// <summary>The function of <paramref name="lambda"/>, translated now (no cache).</summary>
    internal static ReqlTerm Translate(LambdaExpression lambda) => new LambdaTranslator(lambda).FunctionOf(lambda);

    /// <summary>
    /// The function of <paramref name="lambda"/> as a template for <see cref="LambdaCache"/>: each value the client
    /// evaluates is a <see cref="ReqlSlot"/>, listed with its node. Null when the translation is not the same for
    /// every lambda of this shape (a captured value decided its structure) or fails (the caller translates again,
    /// which reports the error).
    /// </summary>
    internal static (ReqlTerm? Template, Dictionary<int, Expression> Slots) TranslateTemplate(LambdaExpression lambda, Dictionary<Expression, int> indexes)
    {
        var translator = new LambdaTranslator(lambda) { _indexes = indexes, _slots = [] };
        try
        {
            var template = translator.FunctionOf(lambda);
            return (translator._cacheable ? template : null, translator._slots);
        }
        catch (ReqlError)
        {
            return (null, translator._slots);
        }
    }

    /// <summary>The body of <paramref name="lambda"/> with its parameters bound to <paramref name="arguments"/>
    /// (for forms that inline a lambda, such as the result selector of a join).</summary>
    public static ReqlExpr Body(LambdaExpression lambda, params ReadOnlySpan<ReqlExpr> arguments)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        var translator = new LambdaTranslator(lambda);
        for (var i = 0; i < arguments.Length; i++)
        {
            translator._parameters[lambda.Parameters[i]] = arguments[i];
        }
        return translator.Visit(lambda.Body);
    }

    /// <summary>The field path of a key selector made only of member accesses (<c>h =&gt; h.Name</c>), or null.</summary>
    public static ReqlMemberName? SimpleField(LambdaExpression lambda) =>
        (lambda.Body is UnaryExpression { NodeType: ExpressionType.Convert, Operand: var boxed } && lambda.Body.Type == typeof(object) ? boxed : lambda.Body)
            is MemberExpression { Expression: ParameterExpression parameter, Member: PropertyInfo or FieldInfo } member
            ? SimpleFields.GetOrAdd((parameter.Type, member.Member), static key =>
                IsSpecialMember(key.Member) || JsonMemberNames.IsAlwaysIgnored(key.Member) ? null : new ReqlMemberName(key.Owner, key.Member))
            : null;

    // The field of a member, or null when it is not a plain field, by owner and member: a program has finitely many,
    // the attribute lookup behind the answer costs more than the rest of a key selector, and one instance per member
    // (names are immutable) means a key selector such as OrderBy(h => h.Name) allocates none.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type Owner, MemberInfo Member), ReqlMemberName?> SimpleFields = new();

    internal static ReqlDriverCompileError TooDeep(int maxDepth) =>
        new($"A lambda nests expressions more than {maxDepth} deep; it cannot be translated to ReQL.");

    private ReqlTerm FunctionOf(LambdaExpression lambda)
    {
        var p = lambda.Parameters;
        return p.Count switch
        {
            1 => ReqlLambda.Create(a => Bind(lambda, [a])),
            2 => ReqlLambda.Create((a, b) => Bind(lambda, [a, b])),
            3 => ReqlLambda.Create((a, b, c) => Bind(lambda, [a, b, c])),
            _ => throw Unsupported(lambda, $"a lambda of {p.Count} parameters (ReQL functions here take one to three)"),
        };
    }

    private ReqlExpr Bind(LambdaExpression lambda, ReqlExpr[] arguments)
    {
        for (var i = 0; i < arguments.Length; i++)
        {
            _parameters[lambda.Parameters[i]] = arguments[i];
        }
        return Visit(lambda.Body);
    }

    private ReqlExpr Visit(Expression node)
    {
        if (++_depth > MaxDepth)
        {
            throw TooDeep(MaxDepth);
        }
        try
        {
            if (node is ParameterExpression parameter)
            {
                if (!_parameters.TryGetValue(parameter, out var bound))
                {
                    throw Unsupported(node, "a parameter of an enclosing lambda the translator does not know");
                }
                // A group of `group ... into g` is an ungrouped row: its elements are its "reduction".
                return IsGrouping(parameter.Type) ? new ReqlTerm(TermType.Bracket, [bound, new ReqlDatum("reduction")]) : bound;
            }
            if (node is ConstantExpression constant)
            {
                _cacheable &= LambdaShape.IsLiteral(constant.Value);
                return Value(constant.Value);
            }
            if (node is not LambdaExpression && !ClientEvaluator.UsesParameters(node, MaxDepth - _depth))
            {
                return _indexes is not null && _indexes.TryGetValue(node, out var index) ? Slot(node, index) : Value(Evaluate(node));
            }
            return node switch
            {
                BinaryExpression binary => VisitBinary(binary),
                UnaryExpression unary => VisitUnary(unary),
                MemberExpression member => VisitMember(member),
                MethodCallExpression call => VisitCall(call),
                ConditionalExpression conditional => new ReqlTerm(TermType.Branch,
                    [Visit(conditional.Test), Visit(conditional.IfTrue), Visit(conditional.IfFalse)]),
                NewExpression create => VisitNew(create),
                MemberInitExpression init => VisitMemberInit(init),
                NewArrayExpression { NodeType: ExpressionType.NewArrayInit } array => new ReqlTerm(TermType.MakeArray, VisitAll(array.Expressions)),
                ListInitExpression dictionary when IsStringDictionary(dictionary.Type) && dictionary.Initializers.All(static i => i.Arguments.Count == 2) =>
                    VisitDictionaryInit(dictionary),
                ListInitExpression list when list.Initializers.All(static i => i.Arguments.Count == 1) =>
                    new ReqlTerm(TermType.MakeArray, [.. list.Initializers.Select(i => Visit(i.Arguments[0]))]),
                _ => throw Unsupported(node, $"the {node.NodeType} expression"),
            };
        }
        finally
        {
            _depth--;
        }
    }

    private ReqlExpr[] VisitAll(System.Collections.ObjectModel.ReadOnlyCollection<Expression> nodes)
    {
        var result = new ReqlExpr[nodes.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Visit(nodes[i]);
        }
        return result;
    }

    /// <summary>A value evaluated on every call of a cached translation (checked now, so that errors surface when
    /// the lambda is first translated).</summary>
    private ReqlSlot Slot(Expression node, int index)
    {
        Value(EvaluateValue(node));
        _slots![index] = node;
        return new ReqlSlot(index);
    }

    /// <summary>The value of a part of the lambda without parameters, used to decide the translation's structure.</summary>
    private object? Evaluate(Expression node)
    {
        // Only a literal is part of a cached shape: a structure decided by any other value is this lambda's alone.
        _cacheable &= node is ConstantExpression { Value: var literal } && LambdaShape.IsLiteral(literal);
        return EvaluateValue(node);
    }

    private object? EvaluateValue(Expression node)
    {
        try
        {
            return ClientEvaluator.Evaluate(node);
        }
        catch (Exception ex) when (ex is not ReqlError)
        {
            throw new ReqlDriverCompileError($"{Describe(node)} in {Describe(_root)} threw {ex.GetType().Name} when evaluated on the client: {ex.Message}", ex);
        }
    }

    /// <summary>A value computed on the client, as R.Expr sends it (enums and objects through the serializer).</summary>
    internal static ReqlExpr Value(object? value) => value switch
    {
        LambdaExpression => throw new ReqlDriverCompileError("A lambda value cannot be sent as data."),
        Enum => new ReqlDatum(value, serialized: true),
        _ => R.Expr(value),
    };

    private ReqlTerm VisitBinary(BinaryExpression node)
    {
        var (left, right) = EnumOperands(node.Left, node.Right);
        if (node.NodeType is ExpressionType.Equal or ExpressionType.NotEqual && (IsNull(left) || IsNull(right)))
        {
            // A missing field is null to a C# object: compare with the field defaulted to null, so that documents
            // without it match `== null` instead of raising a non-existence error.
            var other = IsNull(left) ? right : left;
            var defaulted = new ReqlTerm(TermType.Default, [Visit(other), ReqlDatum.Null]);
            return new ReqlTerm(node.NodeType == ExpressionType.Equal ? TermType.Eq : TermType.Ne, [defaulted, ReqlDatum.Null]);
        }
        var type = node.NodeType switch
        {
            ExpressionType.Equal => TermType.Eq,
            ExpressionType.NotEqual => TermType.Ne,
            ExpressionType.LessThan => TermType.Lt,
            ExpressionType.LessThanOrEqual => TermType.Le,
            ExpressionType.GreaterThan => TermType.Gt,
            ExpressionType.GreaterThanOrEqual => TermType.Ge,
            ExpressionType.AndAlso => TermType.And,
            ExpressionType.OrElse => TermType.Or,
            ExpressionType.And when IsBoolean(node.Left.Type) => TermType.And,
            ExpressionType.Or when IsBoolean(node.Left.Type) => TermType.Or,
            ExpressionType.Add or ExpressionType.AddChecked => TermType.Add,
            ExpressionType.Subtract or ExpressionType.SubtractChecked => TermType.Sub,
            ExpressionType.Multiply or ExpressionType.MultiplyChecked => TermType.Mul,
            ExpressionType.Divide when IsIntegral(node.Left.Type) && IsIntegral(node.Right.Type) => throw Unsupported(node,
                "integer division (ReQL divides exactly, C# truncates); make an operand a double, or use Math.Floor"),
            ExpressionType.Divide => TermType.Div,
            ExpressionType.Modulo => TermType.Mod,
            ExpressionType.Coalesce => TermType.Default,
            ExpressionType.ArrayIndex => TermType.Bracket,
            _ => throw Unsupported(node, $"the {node.NodeType} operator"),
        };
        return new ReqlTerm(type, [Visit(left), Visit(right)]);
    }

    /// <summary>
    /// C# compares enums as integers (<c>(int)h.Status == 2</c>); the stored value is what the serializer writes
    /// (a name with JsonStringEnumConverter), so the constant side is turned back into the enum.
    /// </summary>
    private (Expression Left, Expression Right) EnumOperands(Expression left, Expression right)
    {
        if (EnumOf(left) is { } leftEnum && EnumConstant(right, leftEnum) is { } r)
        {
            return (StripConvert(left), r);
        }
        if (EnumOf(right) is { } rightEnum && EnumConstant(left, rightEnum) is { } l)
        {
            return (l, StripConvert(right));
        }
        return (left, right);
    }

    private static Type? EnumOf(Expression node) =>
        node is UnaryExpression { NodeType: ExpressionType.Convert, Operand: var operand } && !IsDayOfWeek(operand)
            && (Nullable.GetUnderlyingType(operand.Type) ?? operand.Type) is { IsEnum: true } enumType
            ? enumType
            : null;

    private static Expression StripConvert(Expression node) => ((UnaryExpression)node).Operand;

    private ConstantExpression? EnumConstant(Expression node, Type enumType)
    {
        if (ClientEvaluator.UsesParameters(node, MaxDepth))
        {
            return null;
        }
        var value = Evaluate(node);
        return Expression.Constant(value is null ? null : Enum.ToObject(enumType, value), typeof(object));
    }

    private static bool IsNull(Expression node) => node is ConstantExpression { Value: null };

    private static bool IsBoolean(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(bool);

    private static bool IsIntegral(Type type) => Type.GetTypeCode(Nullable.GetUnderlyingType(type) ?? type)
        is TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64
        or TypeCode.Byte or TypeCode.SByte;

    private ReqlExpr VisitUnary(UnaryExpression node) => node.NodeType switch
    {
        ExpressionType.Not when IsBoolean(node.Operand.Type) => new ReqlTerm(TermType.Not, [Visit(node.Operand)]),
        ExpressionType.Negate or ExpressionType.NegateChecked => new ReqlTerm(TermType.Sub, [new ReqlDatum(0L), Visit(node.Operand)]),
        ExpressionType.UnaryPlus => Visit(node.Operand),
        // Numeric widening, nullable lifting and boxing change nothing in JSON.
        ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs when IsRepresentationPreserving(node.Operand.Type, node.Type) =>
            Visit(node.Operand),
        // A day of the week computed by the server is its number, whatever the serializer does with enums.
        ExpressionType.Convert or ExpressionType.ConvertChecked when IsDayOfWeek(node.Operand) && IsIntegral(node.Type) => Visit(node.Operand),
        ExpressionType.ArrayLength => new ReqlTerm(TermType.Count, [Visit(node.Operand)]),
        ExpressionType.Quote => Visit(node.Operand),
        _ => throw Unsupported(node, $"the {node.NodeType} conversion or operator from {node.Operand.Type.Name} to {node.Type.Name}"),
    };

    private static bool IsRepresentationPreserving(Type from, Type to)
    {
        from = Nullable.GetUnderlyingType(from) ?? from;
        to = Nullable.GetUnderlyingType(to) ?? to;
        if (from == to || to == typeof(object) || to.IsAssignableFrom(from))
        {
            return true;
        }
        // A number stays a JSON number; an enum cast to its number would not match a name-written enum.
        return IsNumeric(from) && IsNumeric(to) && !from.IsEnum && !to.IsEnum && (IsIntegral(to) ? IsIntegral(from) : true);
    }

    private static bool IsNumeric(Type type) => IsIntegral(type)
        || Type.GetTypeCode(type) is TypeCode.Double or TypeCode.Single or TypeCode.Decimal;

    private ReqlExpr VisitMember(MemberExpression node)
    {
        if (node.Expression is null)
        {
            throw Unsupported(node, "a static member that depends on a lambda parameter");
        }
        var target = node.Expression;
        var targetType = target.Type;
        switch (node.Member.Name)
        {
            case "Length" when targetType == typeof(string) || targetType.IsArray:
            case "Count" when IsCollection(targetType):
                return new ReqlTerm(TermType.Count, [Visit(target)]);
            case "HasValue" when Nullable.GetUnderlyingType(targetType) is not null:
                return new ReqlTerm(TermType.Ne, [new ReqlTerm(TermType.Default, [Visit(target), ReqlDatum.Null]), ReqlDatum.Null]);
            case "Value" when Nullable.GetUnderlyingType(targetType) is not null:
                return Visit(target);
            case "Key" when IsGrouping(targetType) && target is ParameterExpression grouping && _parameters.TryGetValue(grouping, out var row):
                return new ReqlTerm(TermType.Bracket, [row, new ReqlDatum("group")]);
        }
        if (TimePart(node) is { } part)
        {
            return new ReqlTerm(part, [Visit(target)]);
        }
        if (WholeSeconds(node) is { } seconds)
        {
            return seconds;
        }
        if (IsDayOfWeek(node))
        {
            return new ReqlTerm(TermType.Mod, [new ReqlTerm(TermType.DayOfWeek, [Visit(target)]), new ReqlDatum(7L)]);
        }
        if (node.Member is not (PropertyInfo or FieldInfo) || IsSpecialMember(node))
        {
            throw Unsupported(node, $"the member {targetType.Name}.{node.Member.Name}");
        }
        if (JsonMemberNames.IsAlwaysIgnored(node.Member))
        {
            throw Unsupported(node, $"{targetType.Name}.{node.Member.Name}, which is [JsonIgnore]d and so not stored");
        }
        return new ReqlTerm(TermType.Bracket, [Visit(target), new ReqlMemberName(targetType, node.Member)]);
    }

    private static TermType? TimePart(MemberExpression node) =>
        (Nullable.GetUnderlyingType(node.Expression!.Type) ?? node.Expression.Type) is var t && (t == typeof(DateTimeOffset) || t == typeof(DateTime))
            ? node.Member.Name switch
            {
                "Year" => TermType.Year,
                "Month" => TermType.Month,
                "Day" => TermType.Day,
                "DayOfYear" => TermType.DayOfYear,
                "Hour" => TermType.Hours,
                "Minute" => TermType.Minutes,
                _ => null,
            }
            : null;

    /// <summary>C#'s whole seconds: ReQL's seconds has the fraction, floor drops it exactly.</summary>
    private ReqlTerm? WholeSeconds(MemberExpression node) =>
        (Nullable.GetUnderlyingType(node.Expression!.Type) ?? node.Expression.Type) is var t && (t == typeof(DateTimeOffset) || t == typeof(DateTime))
            && node.Member.Name == "Second"
            ? new ReqlTerm(TermType.Floor, [new ReqlTerm(TermType.Seconds, [Visit(node.Expression)])])
            : null;

    /// <summary><c>time.DayOfWeek</c>: ReQL numbers days Monday 1 to Sunday 7, C# Sunday 0 to Saturday 6; modulo 7
    /// maps one onto the other exactly.</summary>
    private static bool IsDayOfWeek(Expression node) => node is MemberExpression { Member.Name: "DayOfWeek", Expression: { } time }
        && (Nullable.GetUnderlyingType(time.Type) ?? time.Type) is var t && (t == typeof(DateTimeOffset) || t == typeof(DateTime));

    private static bool IsGrouping(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IGrouping<,>);

    /// <summary>Members of framework types (string, DateTimeOffset...) that are not document fields.</summary>
    private static bool IsSpecialMember(MemberExpression node) => IsSpecialMember(node.Member);

    private static bool IsSpecialMember(MemberInfo member)
    {
        var owner = member.DeclaringType;
        return owner is null || owner.IsPrimitive || owner == typeof(string) || owner == typeof(DateTimeOffset) || owner == typeof(DateTime)
            || owner == typeof(TimeSpan) || owner == typeof(Guid) || (owner.IsGenericType && owner.GetGenericTypeDefinition() == typeof(Nullable<>));
    }

    private static bool IsCollection(Type type) =>
        type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private ReqlMemberObject VisitNew(NewExpression node)
    {
        if (node.Members is null || node.Members.Count != node.Arguments.Count)
        {
            throw Unsupported(node, $"constructing {node.Type.Name} from values of the document (use an object initializer, new {node.Type.Name} {{ Member = ... }}, or an anonymous type)");
        }
        var fields = new KeyValuePair<ReqlMemberName, ReqlExpr>[node.Arguments.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = new(new ReqlMemberName(node.Type, node.Members[i]), Visit(node.Arguments[i]));
        }
        return new ReqlMemberObject(fields);
    }

    /// <summary><c>new Dictionary&lt;string, T&gt; { { "key", value } }</c>: an object whose keys are data, sent as
    /// written (never through the naming policy), each known on the client.</summary>
    private ReqlObject VisitDictionaryInit(ListInitExpression node)
    {
        var slotsBefore = _slots?.Count ?? 0;
        var fields = new KeyValuePair<string, ReqlExpr>[node.Initializers.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var key = node.Initializers[i].Arguments[0];
            if (ClientEvaluator.UsesParameters(key, MaxDepth) || Evaluate(key) is not string name)
            {
                throw Unsupported(node, "a dictionary key computed from the document or null (keys must be strings known on the client)");
            }
            fields[i] = new(name, Visit(node.Initializers[i].Arguments[1]));
        }
        // The cache fills slots in terms and member objects only: an object of data keys with a slot is not cached.
        _cacheable &= (_slots?.Count ?? 0) == slotsBefore;
        return new ReqlObject(fields);
    }

    private ReqlMemberObject VisitMemberInit(MemberInitExpression node)
    {
        if (node.NewExpression.Arguments.Count > 0)
        {
            throw Unsupported(node, $"a constructor with arguments for {node.Type.Name}: only members set by the initializer can be sent");
        }
        var fields = new KeyValuePair<ReqlMemberName, ReqlExpr>[node.Bindings.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            if (node.Bindings[i] is not MemberAssignment assignment)
            {
                throw Unsupported(node, $"the {node.Bindings[i].BindingType} binding of {node.Bindings[i].Member.Name} (only Member = value)");
            }
            if (JsonMemberNames.IsAlwaysIgnored(assignment.Member))
            {
                throw Unsupported(node, $"{node.Type.Name}.{assignment.Member.Name}, which is [JsonIgnore]d and so not stored");
            }
            fields[i] = new(new ReqlMemberName(node.Type, assignment.Member), Visit(assignment.Expression));
        }
        return new ReqlMemberObject(fields);
    }

    private ReqlDriverCompileError Unsupported(Expression node, string what) =>
        new($"{what} cannot be translated to ReQL: `{Describe(node)}` in the lambda `{Describe(_root)}`.");

    /// <summary>An expression as text for an error message, unless it is too deep to print safely.</summary>
    private static string Describe(Expression node)
    {
        try
        {
            ClientEvaluator.UsesParameters(node, MaxDepth);
        }
        catch (ReqlDriverCompileError)
        {
            return $"<an expression of type {node.Type.Name} too deep to print>";
        }
        var text = node.ToString();
        return text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "...");
    }
}
