using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Testing.Differential;

/// <summary>
/// Random, deterministic queries over plain values: arithmetic, comparisons, arrays, objects, strings, sequences and
/// conversions nested up to three deep, most of them wrong in some way (the interesting part is which error comes
/// first, its type, its words and its backtrace). Only for recording <c>real-server-answers.json</c>.
/// </summary>
internal sealed class QueryGenerator(int seed)
{
    private static readonly string[] Strings = ["", "a", "abc", "Hello World", "a,b,,c", " x y ", "ÉtÉ", "123", "1.5e3", "null", "[1,2]"];

    private static readonly string[] Keys = ["a", "b", "c", "id"];

    private static readonly TermType[] Unary =
    [
        TermType.Not, TermType.TypeOf, TermType.Count, TermType.Keys, TermType.Values, TermType.Upcase, TermType.Downcase,
        TermType.Split, TermType.Floor, TermType.Ceil, TermType.Round, TermType.Sum, TermType.Avg, TermType.Min, TermType.Max,
        TermType.Distinct, TermType.IsEmpty, TermType.ToJsonString, TermType.Json, TermType.Object, TermType.Literal,
        TermType.Desc, TermType.Info, TermType.BitNot,
    ];

    private static readonly TermType[] Binary =
    [
        TermType.Add, TermType.Sub, TermType.Mul, TermType.Div, TermType.Mod, TermType.Eq, TermType.Ne, TermType.Lt, TermType.Gt,
        TermType.Le, TermType.Ge, TermType.And, TermType.Or, TermType.Append, TermType.Prepend, TermType.Nth, TermType.Limit,
        TermType.Skip, TermType.Union, TermType.Contains, TermType.Merge, TermType.HasFields, TermType.Pluck, TermType.Without,
        TermType.Bracket, TermType.GetField, TermType.CoerceTo, TermType.SetInsert, TermType.SetUnion, TermType.SetIntersection,
        TermType.SetDifference, TermType.Difference, TermType.DeleteAt, TermType.Default, TermType.Match, TermType.Split,
        TermType.OffsetsOf, TermType.Zip, TermType.BitAnd, TermType.BitOr, TermType.BitXor, TermType.BitSal, TermType.BitSar,
        TermType.Range, TermType.Count, TermType.OrderBy, TermType.Min, TermType.Max, TermType.Sum, TermType.Avg,
        TermType.Distinct, TermType.Group, TermType.Reduce, TermType.Ungroup,
    ];

    private static readonly TermType[] Ternary =
    [
        TermType.Slice, TermType.InsertAt, TermType.ChangeAt, TermType.SpliceAt, TermType.Branch, TermType.Split, TermType.Range,
        TermType.DeleteAt, TermType.Add, TermType.Sub, TermType.Mul, TermType.Eq, TermType.Lt, TermType.Union, TermType.Pluck,
        TermType.Without, TermType.HasFields, TermType.Merge,
    ];

    private static readonly string[] CoercionTargets = ["string", "number", "array", "object", "bool", "null", "binary"];

    private readonly Random _random = new(seed);

    /// <summary>The next query: one to three levels of terms over plain values.</summary>
    public ReqlExpr Next() => Term(_random.Next(1, 4));

    private ReqlExpr Term(int depth)
    {
        if (depth <= 0 || _random.Next(3) == 0)
        {
            return Value();
        }
        var kind = _random.Next(10);
        if (kind < 3)
        {
            return new ReqlTerm(Pick(Unary), [Term(depth - 1)]);
        }
        if (kind < 8)
        {
            var type = Pick(Binary);
            var first = Term(depth - 1);
            var second = type == TermType.CoerceTo ? R.Expr(Pick(CoercionTargets)) : Term(depth - 1);
            return new ReqlTerm(type, [first, second]);
        }
        return new ReqlTerm(Pick(Ternary), [Term(depth - 1), Term(depth - 1), Term(depth - 1)]);
    }

    private ReqlExpr Value() => _random.Next(9) switch
    {
        0 => R.Expr(_random.Next(-3, 10)),
        1 => R.Expr(new[] { -1.5, 0.5, 2.25, 1e300, -0.0, 3.0 }[_random.Next(6)]),
        2 => R.Expr(Pick(Strings)),
        3 => R.Expr(_random.Next(2) == 0),
        4 => R.Expr(null),
        5 => R.Expr(Enumerable.Range(0, _random.Next(5)).Select(_ => Element()).ToArray()),
        6 => R.Expr(Object()),
        7 => R.Expr(new[] { 1, 2, 3 }),
        _ => R.Expr(new object[]
        {
            new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x" },
            new Dictionary<string, object?> { ["a"] = 2 },
            new Dictionary<string, object?> { ["b"] = "y", ["c"] = null },
        }),
    };

    private object? Element() => _random.Next(3) == 0 ? Strings[_random.Next(4)] : _random.Next(-2, 6);

    private Dictionary<string, object?> Object()
    {
        var obj = new Dictionary<string, object?>();
        for (var i = _random.Next(4); i > 0; i--)
        {
            obj[Pick(Keys)] = Element();
        }
        return obj;
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
