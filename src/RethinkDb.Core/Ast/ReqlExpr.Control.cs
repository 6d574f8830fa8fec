using RethinkDb.Protocol;

namespace RethinkDb;

// Control structures, types and strings.
public abstract partial class ReqlExpr
{
    /// <summary>Calls <paramref name="function"/> with this value (<c>do</c>: FUNCALL).</summary>
    public ReqlTerm Do(Func<ReqlExpr, ReqlExpr> function) => new(TermType.Funcall, [Function(function), this]);

    /// <summary>Calls <paramref name="function"/> with this value and <paramref name="arg"/> (<c>do</c>).</summary>
    public ReqlTerm Do(object? arg, Func<ReqlExpr, ReqlExpr, ReqlExpr> function) =>
        new(TermType.Funcall, [Function(function), this, R.Expr(arg)]);

    /// <summary>Calls <paramref name="function"/> with this value and two more (<c>do</c>).</summary>
    public ReqlTerm Do(object? arg1, object? arg2, Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr> function) =>
        new(TermType.Funcall, [Function(function), this, R.Expr(arg1), R.Expr(arg2)]);

    /// <summary>Evaluates a value given as an expression (using <see cref="R.Row"/> for this value) (<c>do</c>).</summary>
    public ReqlTerm Do(object? function) => new(TermType.Funcall, [Wrapped(function), this]);

    /// <summary>Calls a function given as a value (a FUNC term built once, <see cref="R.Js(object)"/>) with this
    /// value and the others: the last of <paramref name="argsAndFunction"/> is the function (<c>do</c>).</summary>
    public ReqlTerm Do(object? arg, object? function, params object?[] argsAndFunction)
    {
        // r.expr(a).do(b, c, f): the function is whatever comes last, the values before it are its arguments.
        object?[] all = [arg, function, .. argsAndFunction ?? [null]];
        var converted = R.ExprAll(all);
        return new(TermType.Funcall, [ReqlLambda.Wrap(converted[^1]), this, .. converted.AsSpan(0, converted.Length - 1)]);
    }

    /// <summary>This value, or <paramref name="value"/> when it is null or fails with a non-existence error
    /// (<c>default</c>); a lambda receives the error message.</summary>
    public ReqlTerm Default(object? value) => Chain(TermType.Default, value);

    /// <summary>This value, or what <paramref name="handler"/> computes from the error message (<c>default</c>);
    /// a null <paramref name="handler"/> means the null value, as in <c>Default(null)</c>.</summary>
    public ReqlTerm Default(Func<ReqlExpr, ReqlExpr>? handler) => ChainFunc(TermType.Default, PlainFunction(handler));

    /// <summary><c>test.branch(then, else)</c>: this value is the test (<c>branch</c>).</summary>
    public ReqlTerm Branch(object? trueValue, object? falseValue, params object?[] more) =>
        new(TermType.Branch, [this, R.Expr(trueValue), R.Expr(falseValue), .. R.ExprAll(more)]);

    /// <summary>Converts to <c>"string"</c>, <c>"number"</c>, <c>"array"</c>, <c>"object"</c>, <c>"binary"</c>
    /// (<c>coerceTo</c>).</summary>
    public ReqlTerm CoerceTo(object typeName) => Chain(TermType.CoerceTo, typeName);

    /// <summary>The type name, such as <c>"NUMBER"</c> or <c>"TABLE"</c> (<c>typeOf</c>).</summary>
    public ReqlTerm TypeOf() => Chain(TermType.TypeOf);

    /// <summary>Information about the value: type, table name, primary key... (<c>info</c>).</summary>
    public ReqlTerm Info() => Chain(TermType.Info);

    /// <summary>The value as a JSON string (<c>toJsonString</c>).</summary>
    public ReqlTerm ToJsonString() => Chain(TermType.ToJsonString);

    /// <summary>The value as a JSON string: the same TO_JSON_STRING term as <see cref="ToJsonString"/>, under the
    /// JavaScript driver's other name for it (<c>toJSON</c>).</summary>
    public ReqlTerm ToJson() => Chain(TermType.ToJsonString);

    /// <summary>Matches a regular expression (RE2 syntax): null, or <c>{str, start, end, groups}</c> (<c>match</c>).</summary>
    public ReqlTerm Match(object regex) => Chain(TermType.Match, regex);

    /// <summary>Splits on whitespace (<c>split</c>).</summary>
    public ReqlTerm Split() => Chain(TermType.Split);

    /// <summary>Splits on <paramref name="separator"/> (null for whitespace) (<c>split</c>).</summary>
    public ReqlTerm Split(object? separator) => Chain(TermType.Split, separator);

    /// <summary>Splits on <paramref name="separator"/> at most <paramref name="maxSplits"/> times (<c>split</c>).</summary>
    public ReqlTerm Split(object? separator, object maxSplits) => Chain(TermType.Split, separator, maxSplits);

    /// <summary>Upper case (<c>upcase</c>).</summary>
    public ReqlTerm Upcase() => Chain(TermType.Upcase);

    /// <summary>Lower case (<c>downcase</c>).</summary>
    public ReqlTerm Downcase() => Chain(TermType.Downcase);
}
