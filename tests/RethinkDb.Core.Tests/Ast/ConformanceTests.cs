using System.Text.Json.Nodes;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Ast;

/// <summary>The forms and errors of the official drivers (issue #15), checked on the wire without a server.</summary>
public sealed class ConformanceTests
{
    public static TheoryData<string, TermType> PrefixOperators() => new()
    {
        { "add", TermType.Add }, { "sub", TermType.Sub }, { "mul", TermType.Mul }, { "div", TermType.Div },
        { "mod", TermType.Mod }, { "eq", TermType.Eq }, { "ne", TermType.Ne }, { "lt", TermType.Lt },
        { "le", TermType.Le }, { "gt", TermType.Gt }, { "ge", TermType.Ge }, { "and", TermType.And }, { "or", TermType.Or },
    };

    private static ReqlTerm Prefix(string name, params object?[] args) => name switch
    {
        "add" => R.Add(args), "sub" => R.Sub(args), "mul" => R.Mul(args), "div" => R.Div(args), "mod" => R.Mod(args),
        "eq" => R.Eq(args), "ne" => R.Ne(args), "lt" => R.Lt(args), "le" => R.Le(args), "gt" => R.Gt(args),
        "ge" => R.Ge(args), "and" => R.And(args), "or" => R.Or(args),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(PrefixOperators))]
    public void Prefix_operators_send_every_argument(string name, TermType type)
    {
        Assert.Equal($"[{(int)type},[1,2,3]]", Wire.Json(Prefix(name, 1, 2, 3)));
        Assert.Equal($"[{(int)type},[1]]", Wire.Json(Prefix(name, 1)));
        // No argument is sent as none: the server answers the arity error, as for the official drivers.
        Assert.Equal($"[{(int)type},[]]", Wire.Json(Prefix(name)));
        // Printed as the JavaScript driver prints it: a chain on the first argument.
        Assert.Equal($"r.expr(1).{name}(2, 3)", Prefix(name, 1, 2, 3).ToString());
    }

    [Fact]
    public void ToJson_is_TO_JSON_STRING()
    {
        Assert.Equal("[172,[[2,[1,2]]]]", Wire.Json(R.Expr(new[] { 1, 2 }).ToJson()));
        Assert.Equal(Wire.Json(R.Expr(1).ToJsonString()), Wire.Json(R.Expr(1).ToJson()));
    }

    [Fact]
    public void Function_values_are_accepted_where_functions_are()
    {
        ReqlExpr sum = R.Expr((Func<ReqlExpr, ReqlExpr, ReqlExpr>)((a, b) => a + b));
        Assert.Equal(TermType.Func, sum.TermType);
        var js = R.Js("(function(a, b) { return a - b; })");
        var seq = R.Expr(new[] { 1, 2 });
        Assert.Equal("[37,[[2,[1,2]],[11,[\"(function(a, b) { return a - b; })\"]]]]", Wire.Json(seq.Reduce(js)));
        Assert.Equal("[37,[[2,[1,2]],[11,[\"(function(a, b) { return a - b; })\"]]]]", Wire.Json(R.Reduce(seq, js)));
        Assert.Same(sum, seq.Reduce(sum).Args[1]);
        Assert.Same(sum, seq.Map(seq, sum).Args[2]);
        Assert.Same(sum, seq.Map(seq, seq, sum).Args[3]);
        Assert.Same(sum, seq.Fold(0, sum).Args[2]);
        Assert.Same(sum, seq.InnerJoin(seq, sum).Args[2]);
        Assert.Same(sum, seq.OuterJoin(seq, sum).Args[2]);
        Assert.Same(js, R.Map(seq, seq, js).Args[2]);
        Assert.Equal("[64,[[11,[\"f\"]],[2,[1,2]],3]]", Wire.Json(seq.Do(3, R.Js("f"))));
        // A value using R.Row is wrapped in a function, as the JavaScript driver's funcWrap does.
        var wrapped = seq.Map(seq, R.Row + 1);
        Assert.Equal(TermType.Func, wrapped.Args[2].TermType);
    }

    [Fact]
    public void Args_compiles_where_the_server_spreads_arguments()
    {
        var names = R.Args(new[] { "a" });
        Assert.Equal("[15,[[14,[\"db\"]],[154,[[2,[\"a\"]]]]]]", Wire.Json(R.Db("db").Table(names)));
        Assert.Equal("[60,[[14,[\"db\"]],[154,[[2,[\"a\"]]]]]]", Wire.Json(R.Db("db").TableCreate(names)));
        Assert.Equal("[61,[[14,[\"db\"]],[154,[[2,[\"a\"]]]]]]", Wire.Json(R.Db("db").TableDrop(names)));
        Assert.Equal("[65,[[154,[[2,[true,1,2]]]]]]", Wire.Json(R.Branch(R.Args(new object[] { true, 1, 2 }))));
        Assert.Equal("[78,[[15,[\"t\"]],[154,[[2,[1,2]]]]]]", Wire.Json(R.Table("t").GetAll(R.Args(new[] { 1, 2 }))));
    }

    private static object Nested(int depth, bool dictionaries)
    {
        object value = 1;
        for (var i = 0; i < depth; i++)
        {
            value = dictionaries ? new Dictionary<string, object> { ["k"] = value } : new List<object> { value };
        }
        return value;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nesting_is_limited_to_20_levels_as_the_official_drivers(bool dictionaries)
    {
        // As r.expr of the JavaScript driver: 19 levels around a number pass, 20 do not.
        Assert.NotNull(R.Expr(Nested(19, dictionaries)));
        var error = Assert.Throws<ReqlDriverCompileError>(() => R.Expr(Nested(20, dictionaries)));
        Assert.Equal("Nesting depth limit exceeded.", error.Message);
        Assert.NotNull(R.Expr(Nested(20, dictionaries), 21));
        Assert.Throws<ReqlDriverCompileError>(() => R.Expr(Nested(5, dictionaries), 5));
        Assert.Equal("Nesting depth limit exceeded.", Assert.Throws<ReqlDriverCompileError>(() => R.Expr(1, 0)).Message);
        Assert.Equal("Nesting depth limit exceeded.",
            Assert.Throws<ReqlDriverCompileError>(() => R.Expr(Nested(10_000, dictionaries))).Message);
        // Arguments of commands are converted the same way.
        Assert.Throws<ReqlDriverCompileError>(() => R.Table("t").Insert(Nested(10_000, dictionaries)));
    }

    [Fact]
    public void A_depth_beyond_the_stack_is_the_same_error_not_a_crash()
    {
        var error = Assert.Throws<ReqlDriverCompileError>(() => R.Expr(Nested(1_000_000, dictionaries: false), int.MaxValue));
        Assert.Equal("Nesting depth limit exceeded.", error.Message);
    }

    [Fact]
    public void Serialized_values_too_deep_for_System_Text_Json_get_the_nesting_error()
    {
        JsonNode node = 1;
        for (var i = 0; i < 10_000; i++)
        {
            node = new JsonArray(node);
        }
        var error = Assert.Throws<ReqlDriverCompileError>(() => Wire.Json(R.Expr(node)));
        Assert.Equal("Nesting depth limit exceeded.", error.Message);
        JsonNode obj = 1;
        for (var i = 0; i < 10_000; i++)
        {
            obj = new JsonObject { ["k"] = obj };
        }
        Assert.Equal("Nesting depth limit exceeded.", Assert.Throws<ReqlDriverCompileError>(() => Wire.Json(R.Expr(obj))).Message);
        var poco = new Node();
        for (var i = 0; i < 10_000; i++)
        {
            poco = new Node { Next = poco };
        }
        Assert.Equal("Nesting depth limit exceeded.", Assert.Throws<ReqlDriverCompileError>(() => Wire.Json(R.Expr(poco))).Message);
    }

    private sealed class Node
    {
        public Node? Next { get; set; }
    }

    [Fact]
    public void Dictionaries_with_keys_that_are_not_strings_are_refused()
    {
        var error = Assert.Throws<ReqlDriverCompileError>(() => R.Expr(new Dictionary<int, string> { [1] = "a" }));
        Assert.Equal("Object keys must be strings.", error.Message);
        Assert.Throws<ReqlDriverCompileError>(() => R.Expr(new List<object> { new Dictionary<object, int> { [Guid.Empty] = 1 } }));
        Assert.Equal("{\"a\":1}", Wire.Json(R.Expr(new Dictionary<object, int> { ["a"] = 1 })));
    }

    [Fact]
    public void Negative_zero_keeps_its_sign()
    {
        Assert.Equal("-0.0", Wire.Json(R.Expr(-0.0)));
        Assert.Equal("0", Wire.Json(R.Expr(0.0)));
        Assert.Equal("-3", Wire.Json(R.Expr(-3.0)));
        Assert.Equal("[2,[-0.0,1]]", Wire.Json(R.Expr(new[] { -0.0, 1.0 })));
        Assert.Equal("[24,[-0.0,1]]", Wire.Json(R.Add(-0.0, 1)));
    }

    [Fact]
    public void Do_without_arguments_fails_as_in_the_JavaScript_driver()
    {
        var error = Assert.Throws<ReqlDriverCompileError>(() => R.Do());
        Assert.Equal("Expected 1 or more arguments but found 0.", error.Message);
    }

    [Fact]
    public void Query_errors_print_the_query_and_carets_in_their_message()
    {
        using var response = StubResponses.Parse("""{"t":18,"e":3000000,"r":["Expected type NUMBER but found STRING."],"b":[]}""");
        var error = Assert.IsType<ReqlQueryLogicError>(ResponseErrors.Create(response, R.Expr(1).Add("a")));
        Assert.Equal("Expected type NUMBER but found STRING in:\nr.expr(1).add(\"a\")\n^^^^^^^^^^^^^^^^^^", error.Message);
        Assert.Equal("Expected type NUMBER but found STRING.", error.ErrorMessage);
        Assert.Equal("r.expr(1).add(\"a\")", error.Query);
        Assert.Equal("^^^^^^^^^^^^^^^^^^", error.Carets);
        Assert.Empty(error.Backtrace!);
        // ToString shows the message, query included, once.
        var text = error.ToString();
        Assert.Equal(text.IndexOf("r.expr(1).add", StringComparison.Ordinal), text.LastIndexOf("r.expr(1).add", StringComparison.Ordinal));

        using var pointed = StubResponses.Parse("""{"t":18,"e":3000000,"r":["Expected type NUMBER but found STRING."],"b":[1]}""");
        var atArg = ResponseErrors.Create(pointed, R.Expr(1).Add("a"));
        Assert.Equal("Expected type NUMBER but found STRING in:\nr.expr(1).add(\"a\")\n              ^^^ ", atArg.Message.TrimEnd() + " ");
    }

    [Fact]
    public void Query_errors_never_print_a_secret()
    {
        using var response = StubResponses.Parse("""{"t":18,"e":4100000,"r":["Duplicate primary key."],"b":[]}""");
        var query = R.Db("rethinkdb").Table("users").Insert(new Dictionary<string, object?> { ["id"] = "bob", ["password"] = "hunter2-secret" });
        var error = ResponseErrors.Create(response, query);
        Assert.Contains("r.db(\"rethinkdb\").table(\"users\").insert(", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", error.ToString(), StringComparison.Ordinal);
    }
}
