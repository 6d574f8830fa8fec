using System.Text.Json.Nodes;

namespace RethinkDb.Core.Tests.Ast;

public sealed class LambdaTests
{
    private static JsonArray Parse(ReqlExpr expr) => JsonNode.Parse(Wire.Json(expr))!.AsArray();

    private static long ParamId(JsonNode func, int index) => func[1]![0]![1]![index]!.GetValue<long>();

    [Fact]
    public void One_parameter_lambda_is_a_func_whose_body_uses_its_var()
    {
        var func = Parse(R.Table("t").Filter(h => h["age"] > 30))[1]![1]!;

        Assert.Equal(69, func[0]!.GetValue<int>());
        var id = ParamId(func, 0);
        // body: [21, [[170, [[10, [id]], "age"]], 30]]
        var body = func[1]![1]!;
        Assert.Equal(21, body[0]!.GetValue<int>());
        Assert.Equal($"[170,[[10,[{id}]],\"age\"]]", body[1]![0]!.ToJsonString());
        Assert.Equal(30, body[1]![1]!.GetValue<int>());
    }

    [Fact]
    public void Multi_parameter_lambdas_get_one_var_per_parameter_in_order()
    {
        var func = Parse(R.Expr(new[] { 1 }).Fold(0, (acc, x) => acc - x))[1]![2]!;

        var acc = ParamId(func, 0);
        var x = ParamId(func, 1);
        Assert.NotEqual(acc, x);
        Assert.Equal($"[25,[[10,[{acc}]],[10,[{x}]]]]", func[1]![1]!.ToJsonString());
    }

    [Fact]
    public void Nested_lambdas_get_distinct_ids_and_the_inner_body_can_see_the_outer_var()
    {
        var outer = Parse(R.Table("a").Map(x => R.Table("b").Map(y => x + y)))[1]![1]!;
        var inner = outer[1]![1]![1]![1]!;

        var outerId = ParamId(outer, 0);
        var innerId = ParamId(inner, 0);
        Assert.NotEqual(outerId, innerId);
        Assert.Equal($"[24,[[10,[{outerId}]],[10,[{innerId}]]]]", inner[1]![1]!.ToJsonString());
    }

    [Fact]
    public void Lambdas_built_one_after_another_never_reuse_an_id()
    {
        var first = ParamId(Parse(R.Table("t").Map(x => x))[1]![1]!, 0);
        var second = ParamId(Parse(R.Table("t").Map(x => x))[1]![1]!, 0);
        Assert.True(second > first);
    }

    [Fact]
    public void Zero_and_four_parameter_functions_translate()
    {
        Assert.Equal("[64,[[69,[[2,[]],[103,[]]]]]]", Wire.Json(R.Do(() => R.Now())));

        Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr> four = (a, b, c, d) => a + b + c + d;
        var func = JsonNode.Parse(Wire.Json(R.Expr(four)))!;
        Assert.Equal(4, func[1]![0]![1]!.AsArray().Count);
    }

    [Fact]
    public void A_lambda_passed_as_a_value_translates_through_its_delegate_type()
    {
        Func<ReqlExpr, ReqlExpr> f = x => x["a"];
        var term = Assert.IsType<ReqlTerm>(R.Expr(f));
        Assert.Equal(TermType.Func, term.TermType);
    }

    [Fact]
    public void A_delegate_of_another_shape_is_a_driver_compile_error()
    {
        Func<int, int> wrong = x => x + 1;
        var error = Assert.Throws<ReqlDriverCompileError>(() => R.Expr(wrong));
        Assert.Contains("cannot be translated", error.Message, StringComparison.Ordinal);
        Assert.Throws<ReqlDriverCompileError>(() => R.Table("t").Filter((object)(Action)(() => { })));
    }

    [Fact]
    public void A_lambda_returning_null_is_a_driver_compile_error()
    {
        var error = Assert.Throws<ReqlDriverCompileError>(() => R.Table("t").Map(_ => null!));
        Assert.Contains("returned null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lambda_that_throws_is_a_driver_compile_error_with_the_cause()
    {
        var error = Assert.Throws<ReqlDriverCompileError>(() =>
            R.Table("t").Map(_ => throw new InvalidOperationException("no")));
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void Row_in_a_function_position_is_wrapped_in_a_function_but_not_elsewhere()
    {
        var filter = Parse(R.Table("t").Filter(R.Row["a"] == 1))[1]![1]!;
        Assert.Equal(69, filter[0]!.GetValue<int>());
        Assert.Equal("[13,[]]", filter[1]![1]![1]![0]![1]![0]!.ToJsonString());

        // GET is not a function position: the row stays as it is.
        Assert.Equal("[16,[[15,[\"t\"]],[170,[[13,[]],\"a\"]]]]", Wire.Json(R.Table("t").Get(R.Row["a"])));
    }

    [Fact]
    public void Null_for_a_function_means_the_null_value()
    {
        Assert.Equal("[92,[[170,[[16,[[15,[\"t\"]],1]],\"a\"]],null]]", Wire.Json(R.Table("t").Get(1)["a"].Default(null)));
        Assert.Equal("[55,[[16,[[15,[\"t\"]],1]],null]]", Wire.Json(R.Table("t").Get(1).Replace(null)));
    }
}
