using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Testing.Differential;

/// <summary>
/// Random, deterministic read queries over <see cref="AnswerFixture"/>'s table: a base (ordered by the primary or the
/// secondary index, or by a field, or the table as it scans) followed by one to three stream operations, with functions
/// over the rows' fields.
/// Only for recording <c>real-server-table-answers.json</c>.
/// </summary>
internal sealed class TableQueryGenerator(int seed)
{
    private static readonly string[] Fields = ["a", "b", "c", "d", "id", "e"];

    private readonly Random _random = new(seed);
    private int _variable = 100;

    public ReqlExpr Next()
    {
        var query = Base();
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            query = Operation(query);
        }
        return query;
    }

    private static ReqlTerm Table() => R.Db("test").Table(AnswerFixture.Table);

    // Mostly ordered; a plain table in one case in four, read in the server's own shard order.
    private ReqlTerm Base() => _random.Next(4) switch
    {
        0 => Table().OrderBy(new IndexOptions { Index = _random.Next(2) == 0 ? "id" : "a" }),
        1 => Table(),
        _ => new ReqlTerm(TermType.OrderBy, [Table(), R.Expr("id")]),
    };

    private string Field() => Fields[_random.Next(Fields.Length)];

    private ReqlExpr FieldOrFunction() => _random.Next(2) == 0 ? R.Expr(Field()) : Function();

    private ReqlTerm Operation(ReqlExpr s) => _random.Next(26) switch
    {
        0 => new ReqlTerm(TermType.Filter, [s, Function()]),
        1 => new ReqlTerm(TermType.Map, [s, Function()]),
        2 => new ReqlTerm(TermType.Pluck, [s, R.Expr(Field()), R.Expr(Field())]),
        3 => new ReqlTerm(TermType.Without, [s, R.Expr(Field())]),
        4 => new ReqlTerm(TermType.HasFields, [s, R.Expr(Field())]),
        5 => new ReqlTerm(TermType.OrderBy, [s, FieldOrFunction()]),
        6 => new ReqlTerm(TermType.Limit, [s, R.Expr(_random.Next(-1, 5))]),
        7 => new ReqlTerm(TermType.Skip, [s, R.Expr(_random.Next(0, 5))]),
        8 => new ReqlTerm(TermType.Nth, [s, R.Expr(_random.Next(-2, 8))]),
        9 => new ReqlTerm(TermType.Count, _random.Next(2) == 0 ? [s] : [s, Function()]),
        10 => new ReqlTerm(new[] { TermType.Sum, TermType.Avg, TermType.Min, TermType.Max }[_random.Next(4)], [s, FieldOrFunction()]),
        11 => new ReqlTerm(TermType.Count, [new ReqlTerm(TermType.Group, [s, FieldOrFunction()])]),
        12 => new ReqlTerm(TermType.Ungroup, [new ReqlTerm(TermType.Max, [new ReqlTerm(TermType.Group, [s, FieldOrFunction()]), R.Expr("id")])]),
        13 => new ReqlTerm(TermType.Distinct, [new ReqlTerm(TermType.Map, [s, Function()])]),
        14 => new ReqlTerm(TermType.ConcatMap, [s, Function()]),
        15 => new ReqlTerm(TermType.Contains, [s, Function()]),
        16 => new ReqlTerm(TermType.IsEmpty, [s]),
        17 => new ReqlTerm(TermType.Bracket, [s, R.Expr(Field())]),
        18 => new ReqlTerm(TermType.Slice, [s, R.Expr(_random.Next(0, 3)), R.Expr(_random.Next(-1, 6))]),
        19 => new ReqlTerm(TermType.Union, [s, R.Expr(new[] { 1, 2 })]),
        20 => new ReqlTerm(TermType.Reduce, [new ReqlTerm(TermType.Map, [s, Function()]), Sum()]),
        21 => new ReqlTerm(TermType.CoerceTo, [s, R.Expr("array")]),
        22 => new ReqlTerm(TermType.OffsetsOf, [s, Function()]),
        23 => new ReqlTerm(TermType.Merge, [s, Function()]),
        24 => new ReqlTerm(TermType.WithFields, [s, R.Expr(Field())]),
        _ => new ReqlTerm(TermType.Filter, [s, R.Expr(new Dictionary<string, object?> { [Fields[_random.Next(3)]] = _random.Next(0, 6) })]),
    };

    private ReqlTerm Function()
    {
        var id = ++_variable;
        var row = new ReqlTerm(TermType.Var, [R.Expr(id)]);
        return new ReqlTerm(TermType.Func, [new ReqlTerm(TermType.MakeArray, [R.Expr(id)]), Body(row, _random.Next(0, 3))]);
    }

    private ReqlTerm Sum()
    {
        var (a, b) = (++_variable, ++_variable);
        return new ReqlTerm(TermType.Func,
        [
            new ReqlTerm(TermType.MakeArray, [R.Expr(a), R.Expr(b)]),
            new ReqlTerm(TermType.Add, [new ReqlTerm(TermType.Var, [R.Expr(a)]), new ReqlTerm(TermType.Var, [R.Expr(b)])]),
        ]);
    }

    private ReqlExpr Body(ReqlExpr row, int depth)
    {
        if (depth <= 0)
        {
            return _random.Next(3) == 0 ? Literal() : FieldOf(row);
        }
        return _random.Next(12) switch
        {
            0 => new ReqlTerm(new[] { TermType.Add, TermType.Sub, TermType.Mul, TermType.Gt, TermType.Lt, TermType.Eq, TermType.Ne, TermType.Ge }[_random.Next(8)],
                [Body(row, depth - 1), Body(row, depth - 1)]),
            1 => new ReqlTerm(new[] { TermType.Upcase, TermType.Downcase, TermType.Count, TermType.TypeOf, TermType.Not, TermType.Keys, TermType.IsEmpty }[_random.Next(7)],
                [Body(row, depth - 1)]),
            2 => new ReqlTerm(TermType.HasFields, [row, R.Expr(Field())]),
            3 => new ReqlTerm(TermType.Default, [Body(row, depth - 1), Literal()]),
            4 => new ReqlTerm(TermType.Branch, [Body(row, depth - 1), Body(row, depth - 1), Body(row, depth - 1)]),
            5 => new ReqlTerm(TermType.Merge, [row, R.Expr(new Dictionary<string, object?> { ["e"] = 1 })]),
            6 => new ReqlTerm(TermType.Contains, [Body(row, depth - 1), Literal()]),
            7 => new ReqlTerm(TermType.Bracket, [FieldOf(row), R.Expr(_random.Next(2) == 0 ? "k" : 0)]),
            8 => new ReqlTerm(TermType.Pluck, [row, R.Expr(Field())]),
            9 => new ReqlTerm(TermType.And, [Body(row, depth - 1), Body(row, depth - 1)]),
            10 => new ReqlTerm(TermType.Match, [FieldOf(row), R.Expr(new[] { "^I", "o", "(?i)l", "" }[_random.Next(4)])]),
            _ => FieldOf(row),
        };
    }

    private ReqlTerm FieldOf(ReqlExpr row) => new(TermType.Bracket, [row, R.Expr(Field())]);

    private ReqlExpr Literal() => _random.Next(7) switch
    {
        0 => R.Expr(_random.Next(-2, 8)),
        1 => R.Expr(new[] { "Iron", "x", "", "LOKI" }[_random.Next(4)]),
        2 => R.Expr(null),
        3 => R.Expr(_random.Next(2) == 0),
        4 => R.Expr(new[] { 1, 2 }),
        5 => R.Expr(1.5),
        _ => R.Expr(_random.Next(0, 4)),
    };
}
