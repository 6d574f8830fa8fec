using System.Linq.Expressions;

namespace RethinkDb;

/// <summary>
/// The shape of a lambda, as the key of <see cref="LambdaCache"/>: node types, CLR types, members, methods and the
/// values of literal constants, walked in pre-order. Two lambdas with the same shape translate to the same ReQL up
/// to the values the client evaluates (captured variables, <c>DateTimeOffset.Now</c>...), which are never part of it.
/// </summary>
/// <remarks>
/// <para>A lambda is walked once per call: the walk writes its tokens (numbers and objects, in two buffers reused by
/// the thread) and its hash, and remembers its nodes by pre-order index. A cached entry is then matched by comparing
/// buffers, not by walking the tree again; its slot nodes are read from the remembered nodes. The buffers are cleared
/// when the walker is returned, so that no captured value outlives the call.</para>
/// <para>The numbers alone decide where the objects fall in the stream (each node type has one token layout and
/// every count is a number), so comparing the two buffers separately compares the walk.</para>
/// <para>A node kind the walker does not know makes the lambda uncacheable.</para>
/// </remarks>
internal sealed class LambdaShape
{
    // Buffers larger than this are dropped rather than kept by the thread (a very large lambda is rare).
    private const int MaxKeptLength = 1024;

    [ThreadStatic]
    private static LambdaShape? t_free;

    // Objects and nodes are kept in arrays of a struct that wraps the reference: storing into an array of a
    // reference type checks the element type on every store (arrays are covariant), which cost a sixth of the walk.
    private Ref<ParameterExpression>[] _scope = new Ref<ParameterExpression>[4];
    private int[] _ints = new int[32];
    private Ref<object?>[] _objects = new Ref<object?>[16];
    private Ref<Expression>[] _nodes = new Ref<Expression>[16];
    private int _scopeCount;
    private int _intCount;
    private int _objectCount;
    private int _nodeCount;
    private HashCode _hash;
    private bool _failed;

    /// <summary>The hash of the walked shape.</summary>
    public int Hash => _hash.ToHashCode();

    /// <summary>
    /// Walks <paramref name="lambda"/>: the walker holding its shape (give it back with <see cref="Return"/>), or
    /// null when the lambda has a node kind the cache does not handle.
    /// </summary>
    public static LambdaShape? Walk(LambdaExpression lambda)
    {
        // Taken from the thread, not shared: a walk that re-enters (it never runs user code, but a caller might)
        // gets a walker of its own.
        var walker = t_free ?? new LambdaShape();
        t_free = null;
        walker.Visit(lambda, 0);
        Array.Clear(walker._scope, 0, walker._scopeCount);
        walker._scopeCount = 0;
        if (walker._failed)
        {
            walker.Return();
            return null;
        }
        return walker;
    }

    /// <summary>Whether the walked lambda has the shape of <paramref name="tokens"/>.</summary>
    public bool Matches(Tokens tokens)
    {
        if (_intCount != tokens.Ints.Length || _objectCount != tokens.Objects.Length
            || !_ints.AsSpan(0, _intCount).SequenceEqual(tokens.Ints))
        {
            return false;
        }
        var expected = tokens.Objects;
        var actual = _objects;
        for (var i = 0; i < expected.Length; i++)
        {
            if (!ReferenceEquals(expected[i], actual[i].Value) && !Same(expected[i], actual[i].Value))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A copy of the walked tokens, for a cache entry.</summary>
    public Tokens Record()
    {
        var objects = new object?[_objectCount];
        for (var i = 0; i < objects.Length; i++)
        {
            objects[i] = _objects[i].Value;
        }
        return new(_ints.AsSpan(0, _intCount).ToArray(), objects);
    }

    /// <summary>The node of the walked lambda at a pre-order index.</summary>
    public Expression Node(int index) => _nodes[index].Value;

    /// <summary>The pre-order index of every node of the walked lambda (for translating a new entry).</summary>
    public Dictionary<Expression, int> Indexes()
    {
        var indexes = new Dictionary<Expression, int>(_nodeCount, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < _nodeCount; i++)
        {
            indexes[_nodes[i].Value] = i;
        }
        return indexes;
    }

    /// <summary>Clears the walker (it holds no node or value afterwards) and gives it back to the thread.</summary>
    public void Return()
    {
        if (_nodes.Length > MaxKeptLength || _objects.Length > MaxKeptLength || _ints.Length > MaxKeptLength)
        {
            return;
        }
        Array.Clear(_nodes, 0, _nodeCount);
        Array.Clear(_objects, 0, _objectCount);
        _intCount = 0;
        _objectCount = 0;
        _nodeCount = 0;
        _hash = default;
        _failed = false;
        t_free = this;
    }

    /// <summary>Whether a constant is a literal that belongs to the shape (compared by value), rather than an object
    /// holding values (a closure, a collection) that are read again on every call.</summary>
    public static bool IsLiteral(object? value)
    {
        if (value is null or string)
        {
            return true;
        }
        var type = value.GetType();
        return type.IsPrimitive || type.IsEnum || value is decimal or Guid or DateTime or DateTimeOffset or TimeSpan;
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
        if (_nodeCount == _nodes.Length)
        {
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }
        _nodes[_nodeCount++].Value = node;
        Int((int)node.NodeType);
        Object(node.Type);
        depth++;
        // By node type, not by class: one jump instead of a chain of type tests (the walk runs on every call).
        switch (node.NodeType)
        {
            case ExpressionType.Parameter when node is ParameterExpression parameter:
                Int(ScopeIndex(parameter));
                break;
            case ExpressionType.Constant when node is ConstantExpression constant:
                // A literal is part of the shape; an object holding values (a closure) is not: only its type is.
                Object(IsLiteral(constant.Value) ? constant.Value : Holder.Instance);
                break;
            case ExpressionType.MemberAccess when node is MemberExpression member:
                Object(member.Member);
                Visit(member.Expression, depth);
                break;
            case ExpressionType.Call when node is MethodCallExpression call:
                Object(call.Method);
                Visit(call.Object, depth);
                VisitAll(call.Arguments, depth);
                break;
            case ExpressionType.Conditional when node is ConditionalExpression conditional:
                Visit(conditional.Test, depth);
                Visit(conditional.IfTrue, depth);
                Visit(conditional.IfFalse, depth);
                break;
            case ExpressionType.Lambda when node is LambdaExpression lambda:
                VisitLambda(lambda, depth);
                break;
            case ExpressionType.New when node is NewExpression create:
                VisitNew(create, depth);
                break;
            case ExpressionType.MemberInit when node is MemberInitExpression init:
                VisitMemberInit(init, depth);
                break;
            case ExpressionType.NewArrayInit or ExpressionType.NewArrayBounds when node is NewArrayExpression array:
                VisitAll(array.Expressions, depth);
                break;
            case ExpressionType.ListInit when node is ListInitExpression list:
                VisitNew(list.NewExpression, depth);
                Int(list.Initializers.Count);
                for (var i = 0; i < list.Initializers.Count; i++)
                {
                    Object(list.Initializers[i].AddMethod);
                    VisitAll(list.Initializers[i].Arguments, depth);
                }
                break;
            case ExpressionType.TypeIs or ExpressionType.TypeEqual when node is TypeBinaryExpression typeBinary:
                Object(typeBinary.TypeOperand);
                Visit(typeBinary.Expression, depth);
                break;
            default:
                VisitOperator(node, depth);
                break;
        }
    }

    private void VisitOperator(Expression node, int depth)
    {
        switch (node)
        {
            case BinaryExpression binary when binary.Conversion is null:
                // Whether the operator is lifted to null needs no token: the node's type and its operands' say it.
                Object(binary.Method);
                Visit(binary.Left, depth);
                Visit(binary.Right, depth);
                break;
            case UnaryExpression unary:
                Object(unary.Method);
                Visit(unary.Operand, depth);
                break;
            default:
                _failed = true;
                break;
        }
    }

    private void VisitMemberInit(MemberInitExpression init, int depth)
    {
        VisitNew(init.NewExpression, depth);
        Int(init.Bindings.Count);
        for (var i = 0; i < init.Bindings.Count; i++)
        {
            if (init.Bindings[i] is not MemberAssignment assignment)
            {
                _failed = true;
                return;
            }
            Object(assignment.Member);
            Visit(assignment.Expression, depth);
        }
    }

    private void VisitLambda(LambdaExpression lambda, int depth)
    {
        var parameters = lambda.Parameters;
        var count = parameters.Count;
        Int(count);
        for (var i = 0; i < count; i++)
        {
            var parameter = parameters[i];
            Object(parameter.Type);
            if (_scopeCount == _scope.Length)
            {
                Array.Resize(ref _scope, _scope.Length * 2);
            }
            _scope[_scopeCount++].Value = parameter;
        }
        Visit(lambda.Body, depth);
        _scopeCount -= count;
        Array.Clear(_scope, _scopeCount, count);
    }

    // The innermost parameter in scope that is this one (-1 for none): a lambda may shadow an outer one's name, never
    // its node, so the index of the node tells the parameters apart.
    private int ScopeIndex(ParameterExpression parameter)
    {
        for (var i = _scopeCount - 1; i >= 0; i--)
        {
            if (ReferenceEquals(_scope[i].Value, parameter))
            {
                return i;
            }
        }
        return -1;
    }

    private void VisitNew(NewExpression create, int depth)
    {
        Object(create.Constructor);
        Int(create.Members?.Count ?? -1);
        if (create.Members is { } members)
        {
            for (var i = 0; i < members.Count; i++)
            {
                Object(members[i]);
            }
        }
        VisitAll(create.Arguments, depth);
    }

    private void VisitAll(System.Collections.ObjectModel.ReadOnlyCollection<Expression> nodes, int depth)
    {
        Int(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            Visit(nodes[i], depth);
        }
    }

    private void Int(int value)
    {
        if (_intCount == _ints.Length)
        {
            Array.Resize(ref _ints, _ints.Length * 2);
        }
        _ints[_intCount++] = value;
        _hash.Add(value);
    }

    private void Object(object? value)
    {
        if (_objectCount == _objects.Length)
        {
            Array.Resize(ref _objects, _objects.Length * 2);
        }
        _objects[_objectCount++].Value = value;
        _hash.Add(value);
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

    /// <summary>A walked shape, kept by a cache entry: the numbers and the objects of the walk, in order.</summary>
    public sealed record Tokens(int[] Ints, object?[] Objects);

    /// <summary>A reference in an array element that needs no element-type check when stored.</summary>
    private struct Ref<T>
    {
        public T Value;
    }

    /// <summary>The token of a constant whose value is not part of the shape.</summary>
    private sealed class Holder
    {
        public static readonly Holder Instance = new();
    }
}
