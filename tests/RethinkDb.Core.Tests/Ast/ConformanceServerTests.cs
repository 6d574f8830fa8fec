using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Ast;

/// <summary>The official drivers' forms of issue #15, run against the test server and the real one.</summary>
public sealed class ConformanceServerTests
{
    [Theory, TestServer, RealServer]
    public async Task Prefix_operators_take_any_number_of_arguments(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var c = h.Connection;
        Assert.Equal(6, await R.Add(1, 2, 3).RunAsync<int>(c));
        Assert.Equal("abc", await R.Add("a", "b", "c").RunAsync<string>(c));
        Assert.Equal(7, await R.Sub(10, 1, 2).RunAsync<int>(c));
        Assert.Equal(24, await R.Mul(2, 3, 4).RunAsync<int>(c));
        Assert.Equal(4, await R.Div(24, 2, 3).RunAsync<int>(c));
        Assert.Equal(1, await R.Mod(7, 3).RunAsync<int>(c));
        Assert.True(await R.Eq(1, 1, 1).RunAsync<bool>(c));
        Assert.False(await R.Ne(1, 1).RunAsync<bool>(c));
        Assert.True(await R.Lt(1, 2, 3).RunAsync<bool>(c));
        Assert.False(await R.Lt(1, 3, 2).RunAsync<bool>(c));
        Assert.True(await R.Le(1, 1, 2).RunAsync<bool>(c));
        Assert.True(await R.Gt(3, 2, 1).RunAsync<bool>(c));
        Assert.True(await R.Ge(3, 3, 1).RunAsync<bool>(c));
        Assert.False(await R.And(true, false).RunAsync<bool>(c));
        Assert.True(await R.Or(false, true).RunAsync<bool>(c));
        Assert.True(await R.Not(false).RunAsync<bool>(c));
        var none = await Assert.ThrowsAsync<ReqlServerCompileError>(() => R.Add().RunAsync<int>(c));
        Assert.Equal("Expected 1 or more arguments but found 0.", none.ErrorMessage);
        Assert.Equal("Expected 1 or more arguments but found 0 in:\nr.add()\n^^^^^^^", none.Message);
    }

    [Theory, TestServer, RealServer]
    public async Task ToJson_is_the_value_as_JSON_text(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        Assert.Equal("[1,2]", await R.Expr(new[] { 1, 2 }).ToJson().RunAsync<string>(h.Connection));
    }

    [Theory, TestServer, RealServer]
    public async Task A_function_built_once_is_reused_where_a_function_is_accepted(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var c = h.Connection;
        ReqlExpr isEven = R.Expr((Func<ReqlExpr, ReqlExpr>)(x => x % 2 == 0));
        var numbers = R.Expr(new[] { 1, 2, 3, 4 });
        Assert.Equal(new[] { 2, 4 }, await numbers.Filter(isEven).RunAsync<int[]>(c));
        // R.Row in a function position is wrapped in a function, as the official drivers' funcWrap does.
        Assert.Equal(new[] { 3, 4 }, await numbers.Filter(R.Row > 2).RunAsync<int[]>(c));
    }

    [Theory, TestServer, RealServer]
    public async Task A_function_built_once_reduces_and_folds(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var c = h.Connection;
        ReqlExpr sum = R.Expr((Func<ReqlExpr, ReqlExpr, ReqlExpr>)((a, b) => a + b));
        var numbers = R.Expr(new[] { 1, 2, 3, 4 });
        Assert.Equal(10, await numbers.Reduce(sum).RunAsync<int>(c));
        Assert.Equal(10, await R.Reduce(numbers, sum).RunAsync<int>(c));
        Assert.Equal(10, await numbers.Fold(0, sum).RunAsync<int>(c));
        Assert.Equal(5, await R.Expr(2).Do(3, sum).RunAsync<int>(c));
        Assert.Equal(new[] { 11, 22, 33, 44 }, await numbers.Map(R.Expr(new[] { 10, 20, 30, 40 }), sum).RunAsync<int[]>(c));
        Assert.Equal(new[] { 11, 22 }, await R.Map(numbers, R.Expr(new[] { 10, 20 }), sum).RunAsync<int[]>(c));
        Assert.Equal(new[] { 2, 3 }, await R.Expr(new[] { 1, 2 }).Map(R.Row + 1).RunAsync<int[]>(c));
    }

    [Theory, RealServer]
    public async Task JavaScript_functions_are_accepted_where_functions_are(ServerKind kind)
    {
        // The test server does not run JavaScript (r.js): real server only.
        await using var h = await Harness.StartAsync(kind);
        var c = h.Connection;
        var numbers = R.Expr(new[] { 1, 2, 3, 4 });
        Assert.Equal(10, await numbers.Reduce(R.Js("(function(a, b) { return a + b; })")).RunAsync<int>(c));
        Assert.Equal(new[] { 11, 22 }, await numbers.Map(R.Expr(new[] { 10, 20 }), R.Js("(function(a, b) { return a + b; })")).RunAsync<int[]>(c));
        Assert.Equal(new[] { 2, 4 }, await numbers.Filter(R.Js("(function(x) { return x % 2 == 0; })")).RunAsync<int[]>(c));
    }

    [Theory, TestServer, RealServer]
    public async Task Args_spreads_names_keys_and_branches(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var c = h.Connection;
        var created = await R.Db(h.Db).TableCreate(R.Args(new[] { "spread" })).RunAsync(c);
        Assert.Equal(1, created.GetProperty("tables_created").GetInt32());
        var table = R.Db(h.Db).Table(R.Args(new[] { "spread" }));
        await table.Insert(new[] { new { id = 1 }, new { id = 2 }, new { id = 3 } }).RunWriteAsync(c);
        var found = await table.GetAll(R.Args(new[] { 1, 3 })).RunAsync<List<JsonElement>>(c);
        Assert.Equal(new[] { 1, 3 }, found.Select(d => d.GetProperty("id").GetInt32()).Order());
        Assert.Equal("yes", await R.Branch(R.Args(new object[] { true, "yes", "no" })).RunAsync<string>(c));
        Assert.Equal("no", await R.Branch(R.Args(new object[] { false, "yes", "no" })).RunAsync<string>(c));
        var dropped = await R.Db(h.Db).TableDrop(R.Args(new[] { "spread" })).RunAsync(c);
        Assert.Equal(1, dropped.GetProperty("tables_dropped").GetInt32());
    }

    [Theory, TestServer, RealServer]
    public async Task Negative_zero_comes_back_negative(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var value = await R.Expr(-0.0).RunAsync<double>(h.Connection);
        Assert.True(double.IsNegative(value) && value == 0, $"got {value}");
        var inArray = await R.Expr(new[] { -0.0, 1.0 }).RunAsync<double[]>(h.Connection);
        Assert.True(double.IsNegative(inArray[0]));
    }

    [Theory, TestServer, RealServer]
    public async Task Nesting_within_the_limit_round_trips(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        object value = 1;
        for (var i = 0; i < 30; i++)
        {
            value = new List<object> { value };
        }
        var json = await R.Expr(value, 31).RunAsync<JsonElement>(h.Connection);
        Assert.Equal(new string('[', 30) + "1" + new string(']', 30), json.GetRawText());
    }

    [Theory, TestServer, RealServer]
    public async Task Query_errors_print_the_query_in_their_message(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var error = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => R.Expr(1).Add("a").RunAsync<int>(h.Connection));
        Assert.Equal("Expected type NUMBER but found STRING in:\nr.expr(1).add(\"a\")\n^^^^^^^^^^^^^^^^^^", error.Message);
        Assert.Equal("Expected type NUMBER but found STRING.", error.ErrorMessage);
        Assert.Contains(error.Message, error.ToString(), StringComparison.Ordinal);
    }
}
