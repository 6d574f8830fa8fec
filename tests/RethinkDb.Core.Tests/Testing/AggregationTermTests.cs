using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Aggregations, grouping, folds and joins, asserted with the real server's results and messages (src/rdb_protocol/
/// shards.cc and terms/seq.cc of 2.4.4); the same tests run against a real RethinkDB when RETHINKDB_HOST is set.
/// Numbers documents are {id: i, n: i, group: i % 3} for i in 1..count.
/// </summary>
public sealed class AggregationTermTests
{
    private static async Task<string> JsonAsync(Harness h, ReqlExpr query) => (await query.RunAsync(h.Connection)).GetRawText();

    private static async Task<string> FailsAsync<TError>(Harness h, ReqlExpr query) where TError : ReqlQueryError =>
        (await Assert.ThrowsAsync<TError>(() => query.RunAsync(h.Connection))).ErrorMessage;

    [Theory, TestServer, RealServer]
    public async Task Sum_avg_min_max_with_fields_and_functions(ServerKind kind)
    {
        var h = await Harness.StartAsync(kind);
        await using var _ = h;
        var numbers = await h.CreateNumbersAsync("numbers", 6);
        Assert.Equal("21", await JsonAsync(h, numbers.Sum("n")));
        Assert.Equal("42", await JsonAsync(h, numbers.Sum(d => d["n"] * 2)));
        Assert.Equal("3.5", await JsonAsync(h, numbers.Avg("n")));
        Assert.Equal("6", await JsonAsync(h, R.Expr(new[] { 1, 2, 3 }).Sum()));
        // Rows without the field are skipped.
        Assert.Equal("3", await JsonAsync(h, R.Expr(new object[] { new { a = 1 }, new { b = 5 }, new { a = 2 } }).Sum("a")));
        Assert.Equal("0", await JsonAsync(h, R.Expr(Array.Empty<int>()).Sum()));
        Assert.Equal("Cannot take the average of an empty stream.  (If you passed `avg` a field name, it may be that no elements of the stream had that field.)",
            await FailsAsync<ReqlNonExistenceError>(h, R.Expr(Array.Empty<int>()).Avg()));
        Assert.Equal("Expected type NUMBER but found STRING.", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(new object[] { 1, "a" }).Sum()));
        Assert.Equal("{\"group\":1,\"id\":1,\"n\":1}", await JsonAsync(h, numbers.Min("n")));
        Assert.Equal("{\"group\":0,\"id\":6,\"n\":6}", await JsonAsync(h, numbers.Max(d => d["n"])));
        Assert.Equal("{\"group\":0,\"id\":6,\"n\":6}", await JsonAsync(h, numbers.Max().OptArg("index", "id")));
        Assert.Equal("Cannot take the min of an empty stream.  (If you passed `min` a field name, it may be that no elements of the stream had that field.)",
            await FailsAsync<ReqlNonExistenceError>(h, R.Expr(Array.Empty<int>()).Min()));
        Assert.Equal("3", await JsonAsync(h, R.Expr(new[] { 3, 1, 2 }).Max()));
    }

    [Theory, TestServer, RealServer]
    public async Task Reduce_fold_and_count(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        Assert.Equal("10", await JsonAsync(h, R.Expr(new[] { 1, 2, 3, 4 }).Reduce((a, b) => a + b)));
        Assert.Equal("Cannot reduce over an empty stream.", await FailsAsync<ReqlNonExistenceError>(h, R.Expr(Array.Empty<int>()).Reduce((a, b) => a + b)));
        Assert.Equal("\"abc\"", await JsonAsync(h, R.Expr(new[] { "a", "b", "c" }).Fold("", (acc, x) => acc + x)));
        Assert.Equal("[1,3,6]", await JsonAsync(h, R.Expr(new[] { 1, 2, 3 }).Fold(0, (acc, x) => acc + x)
            .OptArg("emit", (ReqlExpr acc, ReqlExpr x, ReqlExpr next) => R.Expr(new object[] { next })).CoerceTo("array")));
        Assert.Equal("3", await JsonAsync(h, R.Expr("héé").Count()));
        Assert.Equal("2", await JsonAsync(h, R.Expr(new { a = 1, b = 2 }).Count()));
        Assert.Equal("2", await JsonAsync(h, R.Expr(new[] { 1, 2, 1 }).Count(1)));
    }

    [Theory, TestServer, RealServer]
    public async Task Group_multi_operations_per_group_and_ungroup(ServerKind kind)
    {
        var h = await Harness.StartAsync(kind);
        await using var _ = h;
        var numbers = await h.CreateNumbersAsync("numbers", 6);
        Assert.Equal("[{\"group\":0,\"reduction\":9},{\"group\":1,\"reduction\":5},{\"group\":2,\"reduction\":7}]",
            await JsonAsync(h, numbers.Group("group").Sum("n").Ungroup()));
        Assert.Equal("[{\"group\":0,\"reduction\":[3,6]},{\"group\":1,\"reduction\":[1,4]},{\"group\":2,\"reduction\":[2,5]}]",
            await JsonAsync(h, numbers.Group("group").Map(d => d["n"]).OrderBy(x => x).Ungroup()));
        Assert.Equal("[{\"group\":0,\"reduction\":6},{\"group\":1,\"reduction\":4},{\"group\":2,\"reduction\":5}]",
            await JsonAsync(h, numbers.Group("group").Max("n")["n"].Ungroup()));
        var tags = R.Expr(new object[] { new { t = new[] { "a", "b" } }, new { t = new[] { "b" } } });
        Assert.Equal("[{\"group\":\"a\",\"reduction\":1},{\"group\":\"b\",\"reduction\":2}]",
            await JsonAsync(h, tags.Group("t").OptArg("multi", true).Count().Ungroup()));
        Assert.Equal("[{\"group\":[1,false],\"reduction\":1},{\"group\":[1,true],\"reduction\":1}]",
            await JsonAsync(h, R.Expr(new object[] { new { a = 1, b = true }, new { a = 1, b = false } }).Group("a", "b").Count().Ungroup()));
    }

    [Theory, TestServer, RealServer]
    public async Task ForEach_adds_up_write_summaries(ServerKind kind)
    {
        var h = await Harness.StartAsync(kind);
        await using var _ = h;
        var table = await h.CreateTableAsync("fe");
        var result = await R.Expr(new[] { 1, 2, 3 }).ForEach(x => table.Insert(new Dictionary<string, object?> { ["id"] = x })).RunAsync(h.Connection);
        Assert.Equal(3, result.GetProperty("inserted").GetInt32());
        Assert.Equal(0, result.GetProperty("errors").GetInt32());
        Assert.Equal(3, await table.Count().RunAsync<int>(h.Connection));
        Assert.Equal("{}", await JsonAsync(h, R.Expr(Array.Empty<int>()).ForEach(x => table.Get(x).Delete())));
        // insert takes a stream too.
        var streamed = await table.Insert(R.Range(10, 13).Map(x => R.Object("id", x))).RunAsync(h.Connection);
        Assert.Equal(3, streamed.GetProperty("inserted").GetInt32());
    }

    [Theory, TestServer, RealServer]
    public async Task Joins_and_zip(ServerKind kind)
    {
        var h = await Harness.StartAsync(kind);
        await using var _ = h;
        var numbers = await h.CreateNumbersAsync("numbers", 3);
        var refs = R.Expr(new object[] { new { r = 1 }, new { r = 3 }, new { r = 9 }, new { x = 0 } });
        Assert.Equal("[{\"group\":1,\"id\":1,\"n\":1,\"r\":1},{\"group\":0,\"id\":3,\"n\":3,\"r\":3}]",
            await JsonAsync(h, refs.EqJoin("r", numbers).Zip().OrderBy("id")));
        Assert.Equal("[{\"left\":1,\"right\":2},{\"left\":1,\"right\":3},{\"left\":2,\"right\":3}]",
            await JsonAsync(h, R.Expr(new[] { 1, 2 }).InnerJoin(new[] { 2, 3 }, (l, r) => l < r)));
        Assert.Equal("[{\"left\":1,\"right\":2},{\"left\":2}]",
            await JsonAsync(h, R.Expr(new[] { 1, 2 }).OuterJoin(new[] { 2 }, (l, r) => l < r)));
        // The server reads "left" of each row: a number is a type error, an object without it is not a join's row.
        Assert.Equal("Expected type OBJECT but found NUMBER.", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(new[] { 1 }).Zip()));
        Assert.Equal("ZIP can only be called on the result of a join.", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(new[] { new { a = 1 } }).Zip()));
    }

    [Theory, TestServer, RealServer]
    public async Task Between_reads_a_key_range(ServerKind kind)
    {
        var h = await Harness.StartAsync(kind);
        await using var _ = h;
        var numbers = await h.CreateNumbersAsync("numbers", 6);
        Assert.Equal(new[] { 2, 3 }, (await numbers.Between(2, 4).RunAsync<List<Dictionary<string, int>>>(h.Connection)).Select(d => d["id"]).Order());
        Assert.Equal(new[] { 2, 3, 4 }, (await numbers.Between(2, 4).OptArg("right_bound", "closed").RunAsync<List<Dictionary<string, int>>>(h.Connection)).Select(d => d["id"]).Order());
        Assert.Equal(new[] { 5, 6 }, (await numbers.Between(4, R.MaxVal).OptArg("left_bound", "open").RunAsync<List<Dictionary<string, int>>>(h.Connection)).Select(d => d["id"]).Order());
        Assert.Equal(new[] { 1 }, (await numbers.Between(R.MinVal, 2).RunAsync<List<Dictionary<string, int>>>(h.Connection)).Select(d => d["id"]).Order());
        Assert.Equal("Cannot use `null` in BETWEEN, use `r.minval` or `r.maxval` to denote unboundedness.",
            await FailsAsync<ReqlQueryLogicError>(h, numbers.Between(ReqlDatum.Null, 2)));
        // A selection: writes can follow.
        var deleted = await numbers.Between(5, R.MaxVal).Delete().RunAsync(h.Connection);
        Assert.Equal(2, deleted.GetProperty("deleted").GetInt32());
    }
}
