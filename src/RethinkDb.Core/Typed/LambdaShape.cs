using System.Linq.Expressions;

namespace RethinkDb;

/// <summary>
/// The shape of a lambda, as the key of <see cref="LambdaCache"/>: node types, CLR types, members, methods and the
/// values of literal constants, walked in pre-order. Two lambdas with the same shape translate to the same ReQL up
/// to the values the client evaluates (captured variables, <c>DateTimeOffset.Now</c>...), which are never part of it.
/// </summary>
/// <remarks>
/// One walker does three jobs so that they cannot disagree: hash a lambda, record its shape as tokens (on a cache
/// miss), and match a lambda against recorded tokens while collecting the nodes whose values are re-read for this
/// call. Hashing and matching allocate nothing. A node kind the walker does not know makes the lambda uncacheable.
/// </remarks>
internal sealed class LambdaShape
{
    private enum Mode
    {
        Hash,
        Record,
        Match,
    }

    [ThreadStatic]
    private static LambdaShape? t_walker;

    private readonly List<ParameterExpression> _scope = [];
    private Mode _mode;
    private HashCode _hash;
    private List<object?>? _tokens;
    private Dictionary<Expression, int>? _indexes;
    private object?[]? _expected;
    private int _position;
    private int _node;
    private int[]? _slotIndexes;
    private object[]? _slotNodes;
    private int _nextSlot;
    private bool _failed;

    /// <summary>The hash of the lambda's shape, or null when it has a node kind the cache does not handle.</summary>
    public static int? Hash(LambdaExpression lambda)
    {
        var walker = Rent(Mode.Hash);
        walker.Walk(lambda);
        return walker._failed ? null : walker._hash.ToHashCode();
    }

    /// <summary>The shape's tokens and the pre-order index of every node (for a cache entry).</summary>
    public static (object?[] Tokens, Dictionary<Expression, int> Indexes)? Record(LambdaExpression lambda)
    {
        var walker = Rent(Mode.Record);
        walker._tokens = [];
        walker._indexes = new(ReferenceEqualityComparer.Instance);
        walker.Walk(lambda);
        var result = walker._failed ? null : ((object?[] Tokens, Dictionary<Expression, int> Indexes)?)([.. walker._tokens], walker._indexes);
        walker._tokens = null;
        walker._indexes = null;
        return result;
    }

    /// <summary>Whether <paramref name="lambda"/> has the recorded shape; if so, <paramref name="slotNodes"/> holds
    /// its nodes at <paramref name="slotIndexes"/> (pre-order), whose values this call must evaluate.</summary>
    public static bool Matches(LambdaExpression lambda, object?[] tokens, int[] slotIndexes, object[] slotNodes)
    {
        var walker = Rent(Mode.Match);
        walker._expected = tokens;
        walker._slotIndexes = slotIndexes;
        walker._slotNodes = slotNodes;
        walker.Walk(lambda);
        var matched = !walker._failed && walker._position == tokens.Length && walker._nextSlot == slotIndexes.Length;
        walker._expected = null;
        walker._slotIndexes = null;
        walker._slotNodes = null;
        return matched;
    }

    /// <summary>Whether a constant is a literal that belongs to the shape (compared by value), rather than an object
    /// holding values (a closure, a collection) that are read again on every call.</summary>
    public static bool IsLiteral(object? value) => value is null or string or decimal or Guid or DateTime or DateTimeOffset or TimeSpan
        || value.GetType().IsPrimitive || value.GetType().IsEnum;

    private static LambdaShape Rent(Mode mode)
    {
        var walker = t_walker ??= new LambdaShape();
        walker._mode = mode;
        walker._hash = default;
        walker._position = 0;
        walker._node = 0;
        walker._nextSlot = 0;
        walker._failed = false;
        walker._scope.Clear();
        return walker;
    }

    private void Walk(LambdaExpression lambda)
    {
        try
        {
            Visit(lambda, 0);
        }
        finally
        {
            _scope.Clear();
        }
    }

    private void Visit(Expression? node, int depth)
    {
        if (_failed)
        {
            return;
        }
        if (node is null)
        {
            Int(-1);
            return;
        }
        if (depth > LambdaTranslator.MaxDepth)
        {
            _failed = true;
            return;
        }
        var index = _node++;
        switch (_mode)
        {
            case Mode.Record:
                _indexes![node] = index;
                break;
            case Mode.Match when _nextSlot < _slotIndexes!.Length && _slotIndexes[_nextSlot] == index:
                _slotNodes![_nextSlot++] = node;
                break;
        }
        Int((int)node.NodeType);
        Object(node.Type);
        depth++;
        switch (node)
        {
            case ParameterExpression parameter:
                Int(_scope.LastIndexOf(parameter));
                break;
            case ConstantExpression constant:
                // A literal is part of the shape; an object holding values (a closure) is not: only its type is.
                Object(IsLiteral(constant.Value) ? constant.Value : Holder.Instance);
                break;
            case MemberExpression member:
                Object(member.Member);
                Visit(member.Expression, depth);
                break;
            case MethodCallExpression call:
                Object(call.Method);
                Visit(call.Object, depth);
                VisitAll(call.Arguments, depth);
                break;
            case UnaryExpression unary:
                Object(unary.Method);
                Visit(unary.Operand, depth);
                break;
            case BinaryExpression binary when binary.Conversion is null:
                Object(binary.Method);
                Int(binary.IsLiftedToNull ? 1 : 0);
                Visit(binary.Left, depth);
                Visit(binary.Right, depth);
                break;
            case ConditionalExpression conditional:
                Visit(conditional.Test, depth);
                Visit(conditional.IfTrue, depth);
                Visit(conditional.IfFalse, depth);
                break;
            case LambdaExpression lambda:
                Int(lambda.Parameters.Count);
                foreach (var parameter in lambda.Parameters)
                {
                    Object(parameter.Type);
                    _scope.Add(parameter);
                }
                Visit(lambda.Body, depth);
                _scope.RemoveRange(_scope.Count - lambda.Parameters.Count, lambda.Parameters.Count);
                break;
            case NewExpression create:
                VisitNew(create, depth);
                break;
            case MemberInitExpression init:
                VisitNew(init.NewExpression, depth);
                Int(init.Bindings.Count);
                foreach (var binding in init.Bindings)
                {
                    if (binding is not MemberAssignment assignment)
                    {
                        _failed = true;
                        return;
                    }
                    Object(assignment.Member);
                    Visit(assignment.Expression, depth);
                }
                break;
            case NewArrayExpression array:
                VisitAll(array.Expressions, depth);
                break;
            case ListInitExpression list:
                VisitNew(list.NewExpression, depth);
                Int(list.Initializers.Count);
                foreach (var initializer in list.Initializers)
                {
                    Object(initializer.AddMethod);
                    VisitAll(initializer.Arguments, depth);
                }
                break;
            case TypeBinaryExpression typeBinary:
                Object(typeBinary.TypeOperand);
                Visit(typeBinary.Expression, depth);
                break;
            default:
                _failed = true;
                break;
        }
    }

    private void VisitNew(NewExpression create, int depth)
    {
        Object(create.Constructor);
        Int(create.Members?.Count ?? -1);
        if (create.Members is { } members)
        {
            foreach (var member in members)
            {
                Object(member);
            }
        }
        VisitAll(create.Arguments, depth);
    }

    private void VisitAll(System.Collections.ObjectModel.ReadOnlyCollection<Expression> nodes, int depth)
    {
        Int(nodes.Count);
        foreach (var node in nodes)
        {
            Visit(node, depth);
        }
    }

    private void Int(int value)
    {
        switch (_mode)
        {
            case Mode.Hash:
                _hash.Add(value);
                break;
            case Mode.Record:
                _tokens!.Add(value);
                break;
            default:
                _failed |= _position >= _expected!.Length || _expected[_position++] is not int expected || expected != value;
                break;
        }
    }

    private void Object(object? value)
    {
        switch (_mode)
        {
            case Mode.Hash:
                _hash.Add(value);
                break;
            case Mode.Record:
                _tokens!.Add(value);
                break;
            default:
                _failed |= _position >= _expected!.Length || !Same(_expected[_position++], value);
                break;
        }
    }

    /// <summary>Equality that sees what the wire sees: the sign of zero, a DateTime's kind, an offset.</summary>
    private static bool Same(object? expected, object? actual) => (expected, actual) switch
    {
        (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
        (float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b),
        (DateTime a, DateTime b) => a == b && a.Kind == b.Kind,
        (DateTimeOffset a, DateTimeOffset b) => a == b && a.Offset == b.Offset,
        (decimal a, decimal b) => a == b && a.Scale == b.Scale,
        _ => Equals(expected, actual),
    };

    /// <summary>The token of a constant whose value is not part of the shape.</summary>
    private sealed class Holder
    {
        public static readonly Holder Instance = new();
    }
}
