namespace RethinkDb.Core.Tests.Testing.Differential;

/// <summary>
/// Random, deterministic writes to <see cref="AnswerFixture"/>'s write table (reset before each): inserts with and
/// without keys and conflict modes, and update/replace/delete on a table, a document, a filter, a secondary-index
/// lookup, a key range or an ordered limit, with objects and functions, some returning changes. Only for recording
/// <c>real-server-write-answers.json</c>.
/// </summary>
internal sealed class WriteQueryGenerator(int seed)
{
    private static readonly string[] Fields = ["a", "b", "c", "e"];

    private readonly Random _random = new(seed);
    private int _variable = 100;

    public ReqlExpr Next()
    {
        var returnChanges = _random.Next(3) == 0;
        KeyValuePair<string, ReqlExpr>[]? options = returnChanges ? [new("return_changes", R.Expr(true))] : null;
        switch (_random.Next(4))
        {
            case 0:
                var documents = Enumerable.Range(0, _random.Next(1, 3)).Select(_ => (object?)Document(_random.Next(3) != 0)).ToArray();
                var insert = new InsertOptions
                {
                    ReturnChanges = returnChanges ? true : null,
                    Conflict = _random.Next(3) switch { 0 => Conflict.Update, 1 => Conflict.Replace, _ => null },
                };
                return _random.Next(2) == 0 ? Table().Insert(documents, insert) : Table().Insert(documents[0], insert);
            case 1:
                return new ReqlTerm(TermType.Update, [Selection(), Change()], options);
            case 2:
                return new ReqlTerm(TermType.Replace, [Selection(), Change()], options);
            default:
                return new ReqlTerm(TermType.Delete, [Selection()], options);
        }
    }

    private static ReqlTerm Table() => R.Db("test").Table(AnswerFixture.WriteTable);

    private object? Value() => _random.Next(8) switch
    {
        0 => _random.Next(-1, 6),
        1 => "s",
        2 => null,
        3 => true,
        4 => new object[] { 1 },
        5 => new Dictionary<string, object?> { ["k"] = 2 },
        6 => 2.5,
        _ => _random.Next(1, 6),
    };

    private Dictionary<string, object?> Document(bool withKey)
    {
        var document = new Dictionary<string, object?>();
        if (withKey)
        {
            document["id"] = _random.Next(3) == 0 ? Value() : _random.Next(1, 7);
        }
        for (var i = _random.Next(3); i > 0; i--)
        {
            document[Fields[_random.Next(Fields.Length)]] = Value();
        }
        return document;
    }

    private ReqlTerm Selection() => _random.Next(6) switch
    {
        0 => Table(),
        1 => Table().Get(_random.Next(0, 6)),
        2 => Table().Filter(R.Expr(new Dictionary<string, object?> { ["a"] = 3 })),
        3 => Table().GetAll(new IndexOptions { Index = "a" }, 3, 5),
        4 => Table().Between(2, 4),
        _ => Table().OrderBy(new IndexOptions { Index = "id" }).Limit(2),
    };

    private ReqlExpr Change()
    {
        switch (_random.Next(5))
        {
            case 0:
                return R.Expr(Document(false));
            case 1:
                return R.Expr(Document(_random.Next(4) == 0));
        }
        var id = ++_variable;
        var row = new ReqlTerm(TermType.Var, [R.Expr(id)]);
        ReqlExpr body = _random.Next(3) switch
        {
            0 => new ReqlTerm(TermType.Default, [new ReqlTerm(TermType.Add, [new ReqlTerm(TermType.Bracket, [row, R.Expr("a")]), R.Expr(1)]), R.Expr(0)]),
            1 => R.Expr(new Dictionary<string, object?> { ["a"] = new ReqlTerm(TermType.Bracket, [row, R.Expr("b")]) }),
            _ => new ReqlTerm(TermType.Branch,
            [
                new ReqlTerm(TermType.Gt, [new ReqlTerm(TermType.Bracket, [row, R.Expr("a")]), R.Expr(3)]),
                R.Expr(null),
                new ReqlTerm(TermType.Merge, [row, R.Expr(new Dictionary<string, object?> { ["e"] = 1 })]),
            ]),
        };
        return new ReqlTerm(TermType.Func, [new ReqlTerm(TermType.MakeArray, [R.Expr(id)]), body]);
    }
}
