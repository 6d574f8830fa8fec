using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// The everyday terms (control, types, math, strings, arrays, objects), asserted with the real server's results and
/// messages (read from its source, src/rdb_protocol/terms/*.cc and datum.cc of 2.4.4); the same tests run against a
/// real RethinkDB when RETHINKDB_HOST is set.
/// </summary>
public sealed class EverydayTermTests
{
    private static async Task<string> JsonAsync(Harness h, ReqlExpr query) => (await query.RunAsync(h.Connection)).GetRawText();

    private static async Task<string> FailsAsync<TError>(Harness h, ReqlExpr query) where TError : ReqlQueryError =>
        (await Assert.ThrowsAsync<TError>(() => query.RunAsync(h.Connection))).ErrorMessage;

    [Theory, TestServer, RealServer]
    public async Task Do_default_and_error(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        Assert.Equal("3", await JsonAsync(h, R.Expr(1).Do(x => x + 2)));
        Assert.Equal("5", await JsonAsync(h, R.Expr(2).Do(3, (x, y) => x + y)));
        Assert.Equal("\"d\"", await JsonAsync(h, R.Expr(new { a = 1 })["b"].Default("d")));
        Assert.Equal("\"No attribute `b` in object:\\n{\\n\\t\\\"a\\\":\\t1\\n}\"",
            await JsonAsync(h, R.Expr(new { a = 1 })["b"].Default(e => e)));
        Assert.Equal("2", await JsonAsync(h, R.Expr(ReqlDatum.Null).Default(2)));
        Assert.Equal("1", await JsonAsync(h, R.Expr(1).Default(2)));
        // A logic error is not defaulted.
        Assert.Equal("Expected type NUMBER but found STRING.", await FailsAsync<ReqlQueryLogicError>(h, (R.Expr("a") - 1).Default(2)));
        // r.error() inside default re-raises the original error.
        Assert.StartsWith("No attribute `b` in object:", await FailsAsync<ReqlNonExistenceError>(h, R.Expr(new { a = 1 })["b"].Default(R.Error())), StringComparison.Ordinal);
        Assert.Equal("boom", await FailsAsync<ReqlUserError>(h, R.Error("boom")));
    }

    [Theory, TestServer, RealServer]
    public async Task Coerce_to_and_type_of(ServerKind kind)
    {
        var h = await Harness.StartAsync(kind);
        await using var _ = h;
        var numbers = await h.CreateNumbersAsync("numbers", 3);
        Assert.Equal("\"1\"", await JsonAsync(h, R.Expr(1).CoerceTo("string")));
        Assert.Equal("\"[1,\\\"a\\\"]\"", await JsonAsync(h, R.Expr(new object[] { 1, "a" }).CoerceTo("STRING")));
        Assert.Equal("2.5", await JsonAsync(h, R.Expr("2.5").CoerceTo("number")));
        Assert.Equal("Could not coerce `2x` to NUMBER.", await FailsAsync<ReqlQueryLogicError>(h, R.Expr("2x").CoerceTo("number")));
        Assert.Equal("[[\"a\",1],[\"b\",2]]", await JsonAsync(h, R.Expr(new { b = 2, a = 1 }).CoerceTo("array")));
        Assert.Equal("{\"a\":1}", await JsonAsync(h, R.Expr(new object[] { new object[] { "a", 1 } }).CoerceTo("object")));
        Assert.Equal("false", await JsonAsync(h, R.Expr(ReqlDatum.Null).CoerceTo("bool")));
        Assert.Equal("true", await JsonAsync(h, R.Expr(0).CoerceTo("bool")));
        Assert.Equal("Cannot coerce NUMBER to ARRAY.", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(1).CoerceTo("array")));
        Assert.Equal("Unknown Type: FOO", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(1).CoerceTo("foo")));
        Assert.Equal(3, (await numbers.CoerceTo("array").RunAsync(h.Connection)).GetArrayLength());

        Assert.Equal("\"NUMBER\"", await JsonAsync(h, R.Expr(1).TypeOf()));
        Assert.Equal("\"ARRAY\"", await JsonAsync(h, R.Expr(new[] { 1 }).TypeOf()));
        Assert.Equal("\"NULL\"", await JsonAsync(h, R.Expr(ReqlDatum.Null).TypeOf()));
        Assert.Equal("\"TABLE\"", await JsonAsync(h, numbers.TypeOf()));
        Assert.Equal("\"SELECTION<OBJECT>\"", await JsonAsync(h, numbers.Get(1).TypeOf()));
        Assert.Equal("\"SELECTION<STREAM>\"", await JsonAsync(h, numbers.Filter(new { group = 1 }).TypeOf()));
        Assert.Equal("\"STREAM\"", await JsonAsync(h, numbers.Map(d => d["n"]).TypeOf()));
        Assert.Equal("\"GROUPED_STREAM\"", await JsonAsync(h, numbers.Group("group").TypeOf()));
        Assert.Equal("\"GROUPED_DATA\"", await JsonAsync(h, numbers.Group("group").Count().TypeOf()));
        Assert.Equal("\"[1,{\\\"a\\\":\\\"é\\\"}]\"", await JsonAsync(h, R.Expr(new object[] { 1, new { a = "é" } }).ToJsonString()));
        Assert.Equal("{\"a\":[1,2]}", await JsonAsync(h, R.Json("{\"a\":[1,2]}")));
    }

    [Theory, TestServer, RealServer]
    public async Task Math_and_bit_operations(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        Assert.Equal("2", await JsonAsync(h, R.Expr(2.7).Floor()));
        Assert.Equal("-2", await JsonAsync(h, R.Expr(-2.5).Ceil()));
        Assert.Equal("-3", await JsonAsync(h, R.Expr(-2.5).Round()));
        Assert.Equal("3", await JsonAsync(h, R.Expr(2.5).Round()));
        Assert.Equal("-1", await JsonAsync(h, R.Expr(-7) % 3));
        Assert.Equal("Number not an integer: 7.5", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(7.5) % 2));
        Assert.Equal("Cannot take a number modulo 0.", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(7) % 0));
        Assert.Equal("1", await JsonAsync(h, R.Expr(5).BitAnd(3)));
        Assert.Equal("7", await JsonAsync(h, R.Expr(5).BitOr(3)));
        Assert.Equal("6", await JsonAsync(h, R.Expr(5).BitXor(3)));
        Assert.Equal("-6", await JsonAsync(h, R.Expr(5).BitNot()));
        Assert.Equal("20", await JsonAsync(h, R.Expr(5).BitSal(2)));
        Assert.Equal("-3", await JsonAsync(h, R.Expr(-5).BitSar(1)));
        Assert.Equal("Cannot bit-shift by a negative value", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(5).BitSal(-1)));
        Assert.Equal("6", await JsonAsync(h, R.Expr(1) + R.Args(new[] { 2, 3 })));
    }

    [Theory, TestServer, RealServer]
    public async Task Random_uuid_and_range(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var conn = h.Connection;
        for (var i = 0; i < 20; i++)
        {
            var n = await R.Random(3, 5).RunAsync<double>(conn);
            Assert.True(n is 3 or 4, $"random(3, 5) gave {n}");
            var f = await R.Random().RunAsync<double>(conn);
            Assert.InRange(f, 0, 0.9999999999);
            var g = await R.Random(1, 2).OptArg("float", true).RunAsync<double>(conn);
            Assert.InRange(g, 1, 1.9999999999);
        }
        Assert.Equal("Generating a random integer requires one or two bounds.", await FailsAsync<ReqlQueryLogicError>(h, R.Random().OptArg("float", false)));
        Assert.Equal("Lower bound (5) is not less than upper bound (5).", await FailsAsync<ReqlQueryLogicError>(h, R.Random(5, 5)));
        Assert.Equal("Upper bound (1.5) could not be safely converted to an integer.", await FailsAsync<ReqlQueryLogicError>(h, R.Random(1.5)));
        Assert.True(Guid.TryParse(await R.Uuid().RunAsync<string>(conn), out _));
        // Name-based: SHA-1 (version 5) in the server's namespace; the same name gives the same UUID.
        var named = await R.Uuid("slava@example.com").RunAsync<string>(conn);
        Assert.Equal(named, await R.Uuid("slava@example.com").RunAsync<string>(conn));
        Assert.Equal('5', named[14]);
        Assert.Equal("[0,1,2]", await JsonAsync(h, R.Range(3).CoerceTo("array")));
        Assert.Equal("[2,3]", await JsonAsync(h, R.Range(2, 4).CoerceTo("array")));
        // A limited endless stream streams its rows, but stays infinite for coercion and aggregation (checked on 2.4.4).
        Assert.Equal([0L, 2L, 4L], await R.Range().Map(x => x * 2).Limit(3).RunAsync<List<long>>(conn));
        Assert.Equal([1L, 3L], await R.Range().Filter(x => x % 2 == 1).Limit(2).RunAsync<List<long>>(conn));
        Assert.Equal(EndlessMessage, await FailsAsync<ReqlQueryLogicError>(h, R.Range().Map(x => x * 2).Limit(3).CoerceTo("array")));
        Assert.Equal(EndlessMessage, await FailsAsync<ReqlQueryLogicError>(h, R.Range().Limit(3).Count()));
        Assert.Equal(EndlessMessage, await FailsAsync<ReqlQueryLogicError>(h, R.Range().Count()));
    }

    private const string EndlessMessage =
        "Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array.";

    [Theory, TestServer, RealServer]
    public async Task Strings_split_case_and_match(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        Assert.Equal("[\"a\",\"b\",\"c\"]", await JsonAsync(h, R.Expr("  a b\tc ").Split()));
        Assert.Equal("[\"a\",\"\",\"b\"]", await JsonAsync(h, R.Expr("a,,b").Split(",")));
        Assert.Equal("[\"a\",\"b,c\"]", await JsonAsync(h, R.Expr("a,b,c").Split(",", 1)));
        Assert.Equal("[\"a\",\"b c\"]", await JsonAsync(h, R.Expr("a b c").Split(ReqlDatum.Null, 1)));
        Assert.Equal("[\"a\",\"é\",\"b\"]", await JsonAsync(h, R.Expr("aéb").Split("")));
        Assert.Equal("\"ABC É\"", await JsonAsync(h, R.Expr("abc É").Upcase()));
        Assert.Equal("\"abc é\"", await JsonAsync(h, R.Expr("ABC é").Downcase()));
        Assert.Equal("{\"end\":4,\"groups\":[{\"end\":4,\"start\":2,\"str\":\"23\"}],\"start\":1,\"str\":\"123\"}",
            await JsonAsync(h, R.Expr("a123b").Match("1([0-9]+)")));
        Assert.Equal("null", await JsonAsync(h, R.Expr("abc").Match("x")));
        Assert.Equal("\"bc\"", await JsonAsync(h, R.Expr("abcd").Slice(1, 3)));
    }

    [Theory, TestServer, RealServer]
    public async Task Array_operations(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var a = R.Expr(new[] { 1, 2, 3 });
        Assert.Equal("[1,2,3,4]", await JsonAsync(h, a.Append(4)));
        Assert.Equal("[0,1,2,3]", await JsonAsync(h, a.Prepend(0)));
        Assert.Equal("[1,3]", await JsonAsync(h, a.Difference(new[] { 2 })));
        Assert.Equal("[1,2,3,4]", await JsonAsync(h, a.SetInsert(4).SetInsert(1)));
        Assert.Equal("[1,2,3,5]", await JsonAsync(h, a.SetUnion(new[] { 3, 5 })));
        Assert.Equal("[3,2]", await JsonAsync(h, a.SetIntersection(new[] { 3, 2, 9 })));
        Assert.Equal("[1,3]", await JsonAsync(h, a.SetDifference(new[] { 2 })));
        Assert.Equal("[1,9,2,3]", await JsonAsync(h, a.InsertAt(1, 9)));
        Assert.Equal("[1,2,3,9]", await JsonAsync(h, a.InsertAt(-1, 9)));
        Assert.Equal("[1,8,9,2,3]", await JsonAsync(h, a.SpliceAt(1, new[] { 8, 9 })));
        Assert.Equal("[1,3]", await JsonAsync(h, a.DeleteAt(1)));
        Assert.Equal("[1]", await JsonAsync(h, a.DeleteAt(1, 3)));
        Assert.Equal("[1,2,9]", await JsonAsync(h, a.ChangeAt(-1, 9)));
        Assert.Equal("Index `3` out of bounds for array of size: `3`.", await FailsAsync<ReqlNonExistenceError>(h, a.ChangeAt(3, 9)));
        Assert.Equal("Index out of bounds: -4", await FailsAsync<ReqlNonExistenceError>(h, a.DeleteAt(-4)));
        Assert.Equal("[2,3]", await JsonAsync(h, a.Slice(1)));
        Assert.Equal("[2]", await JsonAsync(h, a.Slice(1, 2)));
        Assert.Equal("[2,3]", await JsonAsync(h, a.Slice(1, 2).OptArg("right_bound", "closed")));
        Assert.Equal("[1,2]", await JsonAsync(h, a.Slice(-3, -1)));
        Assert.Equal("3", await JsonAsync(h, a.Nth(-1)));
        Assert.Equal("Index out of bounds: 5", await FailsAsync<ReqlNonExistenceError>(h, a.Nth(5)));
        Assert.Equal("true", await JsonAsync(h, a.Contains(3, 1)));
        Assert.Equal("false", await JsonAsync(h, a.Contains(4)));
        Assert.Equal("true", await JsonAsync(h, a.Contains(x => x > 2)));
        Assert.Equal("[1,2,3]", await JsonAsync(h, R.Expr(new[] { 3, 1, 2, 3 }).Distinct()));
        Assert.Equal("[1,2,3,4]", await JsonAsync(h, a.Union(new[] { 4 })));
        Assert.Equal("false", await JsonAsync(h, a.IsEmpty()));
        Assert.Equal("[1]", await JsonAsync(h, R.Expr(new[] { 5, 7, 5 }).OffsetsOf(7)));
        Assert.Equal("[2,4,6]", await JsonAsync(h, a.Map(x => x * 2)));
        Assert.Equal("[5,7,9]", await JsonAsync(h, a.Map(new[] { 4, 5, 6, 7 }, (x, y) => x + y)));
        Assert.Equal("[1,1,2,2,3,3]", await JsonAsync(h, a.ConcatMap(x => R.Expr(new[] { x, x }))));
    }

    [Theory, TestServer, RealServer]
    public async Task Objects_pluck_without_merge_and_literal(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var doc = R.Expr(new { a = new { b = 1, c = 2 }, d = new[] { new { e = 1, f = 2 } }, g = 3 });
        Assert.Equal("{\"a\":{\"b\":1}}", await JsonAsync(h, doc.Pluck(new { a = new[] { "b" } })));
        Assert.Equal("{\"a\":{\"c\":2},\"g\":3}", await JsonAsync(h, doc.Pluck(new { a = "c" }, "g")));
        Assert.Equal("{\"d\":[{\"e\":1}]}", await JsonAsync(h, doc.Pluck(new { d = "e" })));
        Assert.Equal("{\"a\":{\"c\":2},\"d\":[{\"e\":1,\"f\":2}]}", await JsonAsync(h, doc.Without(new { a = "b" }, "g")));
        Assert.Equal("true", await JsonAsync(h, doc.HasFields(new { a = "b" }, "g")));
        Assert.Equal("false", await JsonAsync(h, doc.HasFields(new { a = "x" })));
        Assert.Equal("{\"a\":{\"b\":1,\"c\":2,\"x\":5},\"g\":3}", await JsonAsync(h, doc.Without("d").Merge(new { a = new { x = 5 } })));
        Assert.Equal("{\"a\":{\"x\":5},\"g\":3}", await JsonAsync(h, doc.Without("d").Merge(new { a = R.Literal(new { x = 5 }) })));
        Assert.Equal("{\"g\":3}", await JsonAsync(h, doc.Without("d").Merge(new { a = R.Literal() })));
        Assert.Equal("[\"a\",\"d\",\"g\"]", await JsonAsync(h, doc.Keys()));
        Assert.Equal("[1,2]", await JsonAsync(h, R.Expr(new { y = 2, x = 1 }).Values()));
        Assert.Equal("{\"k\":1,\"v\":\"w\"}", await JsonAsync(h, R.Object("k", 1, "v", "w")));
        Assert.Equal("OBJECT expects an even number of arguments (but found 1).", await FailsAsync<ReqlQueryLogicError>(h, R.Object("k")));
        Assert.Equal("Cannot perform pluck on a non-object non-sequence `1`.", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(1).Pluck("a")));
        Assert.Equal("[{\"a\":1}]", await JsonAsync(h, R.Expr(new object[] { new { a = 1, b = 2 }, new { b = 3 } }).WithFields("a")));
        Assert.Equal("Stray literal keyword found: literal is only legal inside of the object passed to merge or update and cannot nest inside other literals.",
            await FailsAsync<ReqlQueryLogicError>(h, R.Literal(1)));
    }

    [Fact]
    public async Task Js_and_http_answer_that_the_test_server_cannot_run_them()
    {
        // Test server only: a real server would run them.
        await using var h = await Harness.StartAsync(ServerKind.TestServer);
        Assert.Equal("The test server cannot run JavaScript: r.js is not supported (it has no JavaScript engine).",
            await FailsAsync<ReqlQueryLogicError>(h, R.Js("1 + 1")));
        Assert.Equal("The test server has no network access: r.http is not supported.",
            await FailsAsync<ReqlOpFailedError>(h, R.Http("http://example.com")));
    }
}
