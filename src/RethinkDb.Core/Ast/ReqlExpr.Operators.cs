using System.Diagnostics.CodeAnalysis;
using RethinkDb.Protocol;

namespace RethinkDb;

// Math and logic: the C# operators, their named forms (add, eq, and...), bit operations and rounding.
[SuppressMessage("Usage", "CA2225:Operator overloads have named alternates",
    Justification = "The named alternates are the ReQL names (Add, Sub, Eq, Lt, And, Not...), as in the official drivers; conversions have R.Expr.")]
public abstract partial class ReqlExpr
{
    /// <summary>A string datum, so <c>doc["name"] == "Iron Man"</c> compiles.</summary>
    public static implicit operator ReqlExpr(string? value) => new ReqlDatum(value);

    /// <summary>A number datum, so <c>doc["age"] &gt; 30</c> compiles.</summary>
    public static implicit operator ReqlExpr(int value) => new ReqlDatum((long)value);

    /// <summary>A number datum.</summary>
    public static implicit operator ReqlExpr(long value) => new ReqlDatum(value);

    /// <summary>A number datum.</summary>
    /// <exception cref="ReqlDriverCompileError"><paramref name="value"/> is NaN or infinite.</exception>
    public static implicit operator ReqlExpr(double value) => new ReqlDatum(value);

    /// <summary>A boolean datum.</summary>
    public static implicit operator ReqlExpr(bool value) => new ReqlDatum(value);

    /// <summary><c>a + b</c>: ADD (numbers, strings, arrays, times and durations).</summary>
    public static ReqlTerm operator +(ReqlExpr left, ReqlExpr right) => Binary(TermType.Add, left, right);

    /// <summary><c>a - b</c>: SUB.</summary>
    public static ReqlTerm operator -(ReqlExpr left, ReqlExpr right) => Binary(TermType.Sub, left, right);

    /// <summary><c>a * b</c>: MUL (also repeats arrays).</summary>
    public static ReqlTerm operator *(ReqlExpr left, ReqlExpr right) => Binary(TermType.Mul, left, right);

    /// <summary><c>a / b</c>: DIV.</summary>
    public static ReqlTerm operator /(ReqlExpr left, ReqlExpr right) => Binary(TermType.Div, left, right);

    /// <summary><c>a % b</c>: MOD.</summary>
    public static ReqlTerm operator %(ReqlExpr left, ReqlExpr right) => Binary(TermType.Mod, left, right);

    /// <summary><c>a == b</c>: EQ, a term, not a C# comparison (use <c>is null</c> to test a reference).</summary>
    public static ReqlTerm operator ==(ReqlExpr? left, ReqlExpr? right) => Binary(TermType.Eq, left, right);

    /// <summary><c>a != b</c>: NE, a term, not a C# comparison.</summary>
    public static ReqlTerm operator !=(ReqlExpr? left, ReqlExpr? right) => Binary(TermType.Ne, left, right);

    /// <summary><c>a &lt; b</c>: LT.</summary>
    public static ReqlTerm operator <(ReqlExpr left, ReqlExpr right) => Binary(TermType.Lt, left, right);

    /// <summary><c>a &lt;= b</c>: LE.</summary>
    public static ReqlTerm operator <=(ReqlExpr left, ReqlExpr right) => Binary(TermType.Le, left, right);

    /// <summary><c>a &gt; b</c>: GT.</summary>
    public static ReqlTerm operator >(ReqlExpr left, ReqlExpr right) => Binary(TermType.Gt, left, right);

    /// <summary><c>a &gt;= b</c>: GE.</summary>
    public static ReqlTerm operator >=(ReqlExpr left, ReqlExpr right) => Binary(TermType.Ge, left, right);

    /// <summary><c>a &amp; b</c>: AND (C#'s <c>&amp;&amp;</c> cannot be overloaded).</summary>
    public static ReqlTerm operator &(ReqlExpr left, ReqlExpr right) => Binary(TermType.And, left, right);

    /// <summary><c>a | b</c>: OR (C#'s <c>||</c> cannot be overloaded).</summary>
    public static ReqlTerm operator |(ReqlExpr left, ReqlExpr right) => Binary(TermType.Or, left, right);

    /// <summary><c>!a</c>: NOT.</summary>
    public static ReqlTerm operator !(ReqlExpr value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Chain(TermType.Not);
    }

    private static ReqlTerm Binary(TermType type, ReqlExpr? left, ReqlExpr? right) =>
        new(type, [left ?? ReqlDatum.Null, right ?? ReqlDatum.Null]);

    /// <summary>Sum, concatenation, or time plus seconds (<c>add</c>).</summary>
    public ReqlTerm Add(params object?[] values) => ChainMany(TermType.Add, values);

    /// <summary>Difference (<c>sub</c>).</summary>
    public ReqlTerm Sub(params object?[] values) => ChainMany(TermType.Sub, values);

    /// <summary>Product, or an array repeated (<c>mul</c>).</summary>
    public ReqlTerm Mul(params object?[] values) => ChainMany(TermType.Mul, values);

    /// <summary>Quotient (<c>div</c>).</summary>
    public ReqlTerm Div(params object?[] values) => ChainMany(TermType.Div, values);

    /// <summary>Remainder (<c>mod</c>).</summary>
    public ReqlTerm Mod(object? divisor) => Chain(TermType.Mod, divisor);

    /// <summary>Whether all values are equal (<c>eq</c>).</summary>
    public ReqlTerm Eq(params object?[] values) => ChainMany(TermType.Eq, values);

    /// <summary>Whether the values are not all equal (<c>ne</c>).</summary>
    public ReqlTerm Ne(params object?[] values) => ChainMany(TermType.Ne, values);

    /// <summary>Whether the values are strictly increasing (<c>lt</c>).</summary>
    public ReqlTerm Lt(params object?[] values) => ChainMany(TermType.Lt, values);

    /// <summary>Whether the values are increasing (<c>le</c>).</summary>
    public ReqlTerm Le(params object?[] values) => ChainMany(TermType.Le, values);

    /// <summary>Whether the values are strictly decreasing (<c>gt</c>).</summary>
    public ReqlTerm Gt(params object?[] values) => ChainMany(TermType.Gt, values);

    /// <summary>Whether the values are decreasing (<c>ge</c>).</summary>
    public ReqlTerm Ge(params object?[] values) => ChainMany(TermType.Ge, values);

    /// <summary>Logical and (<c>and</c>).</summary>
    public ReqlTerm And(params object?[] values) => ChainMany(TermType.And, values);

    /// <summary>Logical or (<c>or</c>).</summary>
    public ReqlTerm Or(params object?[] values) => ChainMany(TermType.Or, values);

    /// <summary>Logical negation (<c>not</c>).</summary>
    public ReqlTerm Not() => Chain(TermType.Not);

    /// <summary>Bitwise and (<c>bitAnd</c>).</summary>
    public ReqlTerm BitAnd(params object?[] values) => ChainMany(TermType.BitAnd, values);

    /// <summary>Bitwise or (<c>bitOr</c>).</summary>
    public ReqlTerm BitOr(params object?[] values) => ChainMany(TermType.BitOr, values);

    /// <summary>Bitwise exclusive or (<c>bitXor</c>).</summary>
    public ReqlTerm BitXor(params object?[] values) => ChainMany(TermType.BitXor, values);

    /// <summary>Bitwise complement (<c>bitNot</c>).</summary>
    public ReqlTerm BitNot() => Chain(TermType.BitNot);

    /// <summary>Arithmetic shift left (<c>bitSal</c>).</summary>
    public ReqlTerm BitSal(object? bits) => Chain(TermType.BitSal, bits);

    /// <summary>Arithmetic shift right (<c>bitSar</c>).</summary>
    public ReqlTerm BitSar(object? bits) => Chain(TermType.BitSar, bits);

    /// <summary>Rounds down (<c>floor</c>).</summary>
    public ReqlTerm Floor() => Chain(TermType.Floor);

    /// <summary>Rounds up (<c>ceil</c>).</summary>
    public ReqlTerm Ceil() => Chain(TermType.Ceil);

    /// <summary>Rounds to the nearest integer (<c>round</c>).</summary>
    public ReqlTerm Round() => Chain(TermType.Round);
}
