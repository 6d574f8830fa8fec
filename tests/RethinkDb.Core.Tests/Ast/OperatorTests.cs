using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Ast;

public sealed class OperatorTests
{
    private static readonly ReqlExpr X = R.Row["x"];

    public static TheoryData<string, TermType> BinaryOperators() => new()
    {
        { "+", TermType.Add }, { "-", TermType.Sub }, { "*", TermType.Mul }, { "/", TermType.Div }, { "%", TermType.Mod },
        { "==", TermType.Eq }, { "!=", TermType.Ne }, { "<", TermType.Lt }, { "<=", TermType.Le }, { ">", TermType.Gt },
        { ">=", TermType.Ge }, { "&", TermType.And }, { "|", TermType.Or },
    };

    [Theory]
    [MemberData(nameof(BinaryOperators))]
    public void Operators_build_the_matching_term(string op, TermType expected)
    {
        ReqlTerm term = op switch
        {
            "+" => X + 1, "-" => X - 1, "*" => X * 1, "/" => X / 1, "%" => X % 1,
            "==" => X == 1, "!=" => X != 1, "<" => X < 1, "<=" => X <= 1, ">" => X > 1, ">=" => X >= 1,
            "&" => X & true, "|" => X | true,
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
        Assert.Equal(expected, term.TermType);
        Assert.Same(X, term.Args[0]);
        Assert.Equal(2, term.Args.Count);
    }

    [Fact]
    public void Not_operator_and_literals_on_the_left()
    {
        Assert.Equal("[23,[[170,[[13,[]],\"x\"]]]]", Wire.Json(!X));
        Assert.Equal("[19,[30,[170,[[13,[]],\"x\"]]]]", Wire.Json(30 < X));
        Assert.Equal("[24,[\"a\",[170,[[13,[]],\"x\"]]]]", Wire.Json("a" + X));
    }

    [Fact]
    public void Implicit_conversions_make_datums()
    {
        ReqlExpr s = "text", i = 3, l = 5_000_000_000L, d = 2.5, b = true;
        Assert.Equal("\"text\"", Wire.Json(s));
        Assert.Equal("3", Wire.Json(i));
        Assert.Equal("5000000000", Wire.Json(l));
        Assert.Equal("2.5", Wire.Json(d));
        Assert.Equal("true", Wire.Json(b));
    }

    [Fact]
    public void Equality_with_null_builds_a_term_and_is_null_checks_the_reference()
    {
        var term = X == null;
        Assert.Equal("[17,[[170,[[13,[]],\"x\"]],null]]", Wire.Json(term));
        Assert.False(X is null);
    }

    [Fact]
    public void Equals_and_GetHashCode_are_reference_based()
    {
        var a = R.Table("t");
        var b = R.Table("t");
        Assert.True(a.Equals(a));
        Assert.False(a.Equals(b));
        Assert.Equal(a.GetHashCode(), a.GetHashCode());
        var set = new HashSet<ReqlExpr> { a, b, a };
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void Indexers_are_bracket_terms()
    {
        Assert.Equal("[170,[[15,[\"t\"]],\"name\"]]", Wire.Json(R.Table("t")["name"]));
        Assert.Equal("[170,[[15,[\"t\"]],-1]]", Wire.Json(R.Table("t")[-1]));
        Assert.Equal("[170,[[15,[\"t\"]],[103,[]]]]", Wire.Json(R.Table("t").Bracket(R.Now())));
    }

    [Fact]
    public void Terms_are_immutable_and_OptArg_returns_a_copy()
    {
        var getAll = R.Table("t").GetAll("a");
        var indexed = getAll.OptArg("index", "x");
        var reindexed = indexed.OptArg("index", "y");

        Assert.Empty(getAll.OptArgs);
        Assert.Equal("[78,[[15,[\"t\"]],\"a\"],{\"index\":\"x\"}]", Wire.Json(indexed));
        Assert.Equal("[78,[[15,[\"t\"]],\"a\"],{\"index\":\"y\"}]", Wire.Json(reindexed));
        Assert.Same(getAll.Args[0], reindexed.Args[0]);
    }

    [Fact]
    public void Public_term_constructor_copies_its_inputs()
    {
        var args = new List<ReqlExpr> { R.Expr("t") };
        var optArgs = new Dictionary<string, ReqlExpr> { ["read_mode"] = R.Expr("single") };
        var term = new ReqlTerm(TermType.Table, args, optArgs);
        args.Add(R.Expr("x"));
        optArgs["other"] = R.Expr(1);

        Assert.Equal("[15,[\"t\"],{\"read_mode\":\"single\"}]", Wire.Json(term));
        Assert.Throws<ArgumentException>(() => new ReqlTerm(TermType.Table, new List<ReqlExpr> { null! }));
    }

    [Fact]
    public void ToString_prints_reql()
    {
        Assert.Equal("r.table(\"t\").get(1)", R.Table("t").Get(1).ToString());
    }
}
