using System.Runtime.CompilerServices;
using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// A ReQL expression: a term of the query language that can be run on a <see cref="Connection"/>.
/// Build expressions with <see cref="R"/> and chain the instance methods, as with <c>r</c> in the official drivers.
/// </summary>
/// <remarks>
/// <para>Expressions are immutable: every method returns a new expression and never changes its receiver, so an
/// expression may be shared between threads and reused in several queries.</para>
/// <para>Arguments typed <see cref="object"/> accept whatever <see cref="R.Expr(object?)"/> accepts: expressions,
/// numbers, strings, booleans, null, dates, byte arrays, collections, dictionaries, lambdas and any object
/// System.Text.Json can serialize. A <c>string[]</c> passed alone to a <c>params object?[]</c> parameter spreads into
/// several arguments (C# array covariance); pass <c>R.Expr(array)</c> to send one array.</para>
/// <para>Optional arguments are added with <see cref="ReqlTerm.OptArg(string, object?)"/> on the term a method returns,
/// using the wire name: <c>R.Table("heroes").GetAll("a").OptArg("index", "name")</c>.</para>
/// <para>The C# operators build terms: <c>+ - * / %</c> are ADD, SUB, MUL, DIV and MOD; <c>== != &lt; &lt;= &gt; &gt;=</c>
/// are EQ, NE, LT, LE, GT and GE; <c>&amp; | !</c> are AND, OR and NOT. Because <c>==</c> builds a term, compare
/// references with <c>is null</c> or <see cref="object.ReferenceEquals(object?, object?)"/>;
/// <see cref="Equals(object?)"/> and <see cref="GetHashCode"/> keep reference semantics.</para>
/// </remarks>
public abstract partial class ReqlExpr
{
    /// <summary>The term type this expression is sent as (<see cref="TermType.Datum"/> for plain values).</summary>
    public abstract TermType TermType { get; }

    /// <summary>Whether <c>R.Row</c> occurs in the expression (then it is wrapped in a function where one is expected).</summary>
    internal abstract bool HasImplicitVar { get; }

    /// <summary>Writes the wire JSON of the expression.</summary>
    /// <param name="writer">The writer of the query body.</param>
    /// <param name="options">The connection's serializer options, used for documents and other CLR values.</param>
    internal abstract void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <summary>Reference equality: two expressions are equal only if they are the same instance.</summary>
    /// <remarks>The <c>==</c> operator builds an EQ term instead; this method is what collections use.</remarks>
    public sealed override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <summary>A hash code consistent with the reference equality of <see cref="Equals(object?)"/>.</summary>
    public sealed override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    /// <summary>The expression in ReQL form, as the official drivers print it: <c>r.table("heroes").get("x")</c>.</summary>
    public override string ToString() => ReqlPrinter.Print(this, (IReadOnlyList<object>?)null).Query;

    /// <summary>A term of <paramref name="termType"/> with this expression as its first argument.</summary>
    private protected ReqlTerm Chain(TermType termType) => new(termType, [this]);

    /// <summary>A term of <paramref name="termType"/> with this expression and one more argument.</summary>
    private protected ReqlTerm Chain(TermType termType, object? arg) => new(termType, [this, R.Expr(arg)]);

    /// <summary>A term of <paramref name="termType"/> with this expression and two more arguments.</summary>
    private protected ReqlTerm Chain(TermType termType, object? arg1, object? arg2) =>
        new(termType, [this, R.Expr(arg1), R.Expr(arg2)]);

    /// <summary>A term of <paramref name="termType"/> with this expression followed by <paramref name="args"/>.</summary>
    private protected ReqlTerm ChainMany(TermType termType, object?[]? args) => new(termType, Prepend(this, args, wrap: false));

    /// <summary>As <see cref="ChainMany"/>, with every argument that uses <c>R.Row</c> wrapped in a function.</summary>
    private protected ReqlTerm ChainManyWrapped(TermType termType, object?[]? args) =>
        new(termType, Prepend(this, args, wrap: true));

    /// <summary>A term of <paramref name="termType"/> with this expression and a function argument.</summary>
    private protected ReqlTerm ChainFunc(TermType termType, ReqlExpr function) => new(termType, [this, function]);

    internal static ReqlExpr[] Prepend(ReqlExpr? first, object?[]? args, bool wrap)
    {
        // A params array is null when a caller passes a single null: that means one null argument.
        args ??= [null];
        var offset = first is null ? 0 : 1;
        var result = new ReqlExpr[args.Length + offset];
        if (first is not null)
        {
            result[0] = first;
        }
        for (var i = 0; i < args.Length; i++)
        {
            var arg = R.Expr(args[i]);
            result[i + offset] = wrap ? ReqlLambda.Wrap(arg) : arg;
        }
        return result;
    }
}
