using RethinkDb.Protocol;

namespace RethinkDb;

// The prefix forms of the arithmetic and comparison commands (r.add(1, 2), r.eq(a, b, c)), as the official drivers
// have them. Every argument goes to the server as given; the server checks the count and answers as it does for the
// chained forms (ADD, SUB, MUL, DIV and the comparisons need one argument or more, MOD exactly two).
public static partial class R
{
    /// <summary>Sum, concatenation, or time plus seconds of the values (<c>r.add</c>).</summary>
    public static ReqlTerm Add(params object?[] values) => new(TermType.Add, ExprAll(values));

    /// <summary>The first value minus the others (<c>r.sub</c>).</summary>
    public static ReqlTerm Sub(params object?[] values) => new(TermType.Sub, ExprAll(values));

    /// <summary>Product of the values, or an array repeated (<c>r.mul</c>).</summary>
    public static ReqlTerm Mul(params object?[] values) => new(TermType.Mul, ExprAll(values));

    /// <summary>The first value divided by the others (<c>r.div</c>).</summary>
    public static ReqlTerm Div(params object?[] values) => new(TermType.Div, ExprAll(values));

    /// <summary>Remainder of the first value divided by the second (<c>r.mod</c>).</summary>
    public static ReqlTerm Mod(params object?[] values) => new(TermType.Mod, ExprAll(values));

    /// <summary>Whether all values are equal (<c>r.eq</c>).</summary>
    public static ReqlTerm Eq(params object?[] values) => new(TermType.Eq, ExprAll(values));

    /// <summary>Whether the values are not all equal (<c>r.ne</c>).</summary>
    public static ReqlTerm Ne(params object?[] values) => new(TermType.Ne, ExprAll(values));

    /// <summary>Whether the values are strictly increasing (<c>r.lt</c>).</summary>
    public static ReqlTerm Lt(params object?[] values) => new(TermType.Lt, ExprAll(values));

    /// <summary>Whether the values are increasing (<c>r.le</c>).</summary>
    public static ReqlTerm Le(params object?[] values) => new(TermType.Le, ExprAll(values));

    /// <summary>Whether the values are strictly decreasing (<c>r.gt</c>).</summary>
    public static ReqlTerm Gt(params object?[] values) => new(TermType.Gt, ExprAll(values));

    /// <summary>Whether the values are decreasing (<c>r.ge</c>).</summary>
    public static ReqlTerm Ge(params object?[] values) => new(TermType.Ge, ExprAll(values));
}
