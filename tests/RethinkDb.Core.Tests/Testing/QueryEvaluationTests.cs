using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// The test server's ReQL subset, checked against the answers of the real server (the same tests run against one
/// when RETHINKDB_HOST is set).
/// </summary>
public sealed class QueryEvaluationTests
{
    private sealed record Doc(int Id, int N, int Group);

    private static async Task<(Harness H, ReqlTerm Numbers)> NumbersAsync(ServerKind kind, int count = 10)
    {
        var h = await Harness.StartAsync(kind);
        return (h, await h.CreateNumbersAsync("numbers", count));
    }

    [Theory, TestServer, RealServer]
    public async Task Databases_and_tables_are_created_listed_and_dropped(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var conn = h.Connection;
        Assert.Contains("test", await R.DbList().RunAsync<List<string>>(conn));
        Assert.Contains(h.Db, await R.DbList().RunAsync<List<string>>(conn));

        var created = await R.Db(h.Db).TableCreate("b").OptArg("primary_key", "key").RunAsync(conn);
        Assert.Equal(1, created.GetProperty("tables_created").GetInt32());
        var config = created.GetProperty("config_changes")[0];
        Assert.Equal(JsonValueKind.Null, config.GetProperty("old_val").ValueKind);
        Assert.Equal("b", config.GetProperty("new_val").GetProperty("name").GetString());
        Assert.Equal(h.Db, config.GetProperty("new_val").GetProperty("db").GetString());
        Assert.Equal("key", config.GetProperty("new_val").GetProperty("primary_key").GetString());
        Assert.True(Guid.TryParse(config.GetProperty("new_val").GetProperty("id").GetString(), out _));
        await R.Db(h.Db).TableCreate("a").RunAsync(conn);
        Assert.Equal(new[] { "a", "b" }, await R.Db(h.Db).TableList().RunAsync<List<string>>(conn));

        var again = await Assert.ThrowsAsync<ReqlOpFailedError>(() => R.Db(h.Db).TableCreate("a").RunAsync(conn));
        Assert.Equal($"Table `{h.Db}.a` already exists.", again.ErrorMessage);
        var badName = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => R.Db(h.Db).TableCreate("no way").RunAsync(conn));
        Assert.Equal("Table name `no way` invalid (Use A-Z, a-z, 0-9, _ and - only).", badName.ErrorMessage);

        var dropped = await R.Db(h.Db).TableDrop("a").RunAsync(conn);
        Assert.Equal(1, dropped.GetProperty("tables_dropped").GetInt32());
        Assert.Equal("a", dropped.GetProperty("config_changes")[0].GetProperty("old_val").GetProperty("name").GetString());
        var gone = await Assert.ThrowsAsync<ReqlOpFailedError>(() => R.Db(h.Db).TableDrop("a").RunAsync(conn));
        Assert.Equal($"Table `{h.Db}.a` does not exist.", gone.ErrorMessage);

        var name = h.Db + "_extra";
        var db = await R.DbCreate(name).RunAsync(conn);
        Assert.Equal(1, db.GetProperty("dbs_created").GetInt32());
        Assert.Equal(name, db.GetProperty("config_changes")[0].GetProperty("new_val").GetProperty("name").GetString());
        await R.Db(name).TableCreate("t").RunAsync(conn);
        var dbDropped = await R.DbDrop(name).RunAsync(conn);
        Assert.Equal(1, dbDropped.GetProperty("dbs_dropped").GetInt32());
        Assert.Equal(1, dbDropped.GetProperty("tables_dropped").GetInt32());
    }

    [Theory, TestServer, RealServer]
    public async Task The_default_database_comes_from_the_connection(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        await R.Db(h.Db).TableCreate("here").RunAsync(h.Connection);
        await using var conn = await h.Target.ConnectAsync(o => o.Db = h.Db);
        await R.Table("here").Insert(new { id = 1 }).RunWriteAsync(conn);
        Assert.Equal(1, await R.Table("here").Count().RunAsync<int>(conn));
        Assert.Equal(1, await R.Table("here").Count().RunAsync<int>(h.Connection, new RunOptions { Db = h.Db }));
        var missing = await Assert.ThrowsAsync<ReqlOpFailedError>(() => R.Table("here").RunAsync(h.Connection, new RunOptions { Db = "no_such_db_x" }));
        Assert.Equal("Database `no_such_db_x` does not exist.", missing.ErrorMessage);
    }

    [Theory, TestServer, RealServer]
    public async Task Branch_evaluates_only_the_chosen_branch(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        Assert.Equal("b", await R.Branch(R.Expr(1).Gt(2), "a", R.Expr(3).Gt(2), "b", "c").RunAsync<string>(h.Connection));
        Assert.Equal("c", await R.Branch(false, "a", ReqlDatum.Null, "b", "c").RunAsync<string>(h.Connection));
        // The branch not taken is never run: its error does not happen.
        Assert.Equal(1, await R.Branch(true, 1, R.Error("not taken")).RunAsync<int>(h.Connection));
        var even = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => R.Branch(true, 1, 2, 3).RunAsync<int>(h.Connection));
        Assert.Equal("Cannot call `branch` term with an even number of arguments.", even.ErrorMessage);
    }

    [Theory, TestServer, RealServer]
    public async Task Filter_takes_objects_functions_and_row(ServerKind kind)
    {
        var (h, numbers) = await NumbersAsync(kind);
        await using var _ = h;
        var conn = h.Connection;

        Assert.Equal(new[] { 3, 6, 9 }, IdSet(await numbers.Filter(new { group = 0 }).RunAsync<List<Doc>>(conn)));
        Assert.Equal(new[] { 8, 9, 10 }, IdSet(await numbers.Filter(d => d["n"] > 7).RunAsync<List<Doc>>(conn)));
        Assert.Equal(new[] { 1, 10 }, IdSet(await numbers.Filter(R.Row["n"] < 2 | R.Row["n"] >= 10).RunAsync<List<Doc>>(conn)));
        Assert.Equal(new[] { 4 }, IdSet(await numbers.Filter(d => (d["n"] * 2 + 1 - 1) / 2 == 4 & !(d["group"] == 0)).RunAsync<List<Doc>>(conn)));
        // A missing field makes the row not match, unless default says otherwise.
        Assert.Empty(await numbers.Filter(d => d["nope"] == 1).RunAsync<List<Doc>>(conn));
        Assert.Equal(10, (await numbers.Filter(d => d["nope"] == 1).OptArg("default", true).RunAsync<List<Doc>>(conn)).Count);
        var error = await Assert.ThrowsAsync<ReqlNonExistenceError>(() =>
            numbers.Filter(d => d["nope"] == 1).OptArg("default", R.Error()).RunAsync<List<Doc>>(conn));
        Assert.StartsWith("No attribute `nope` in object:", error.Message, StringComparison.Ordinal);
    }

    [Theory, TestServer, RealServer]
    public async Task Get_and_getAll_read_by_primary_key(ServerKind kind)
    {
        var (h, numbers) = await NumbersAsync(kind);
        await using var _ = h;
        Assert.Equal(new Doc(5, 5, 2), await numbers.Get(5).RunAsync<Doc>(h.Connection));
        Assert.Null(await numbers.Get(99).RunAsync<Doc?>(h.Connection));
        Assert.Equal(new[] { 2, 4, 7 }, IdSet(await numbers.GetAll(7, 2, 99, 4).RunAsync<List<Doc>>(h.Connection)));
        Assert.Equal(new[] { 3 }, IdSet(await numbers.GetAll(3).OptArg("index", "id").RunAsync<List<Doc>>(h.Connection)));
        var index = await Assert.ThrowsAsync<ReqlOpFailedError>(() => numbers.GetAll(3).OptArg("index", "n").RunAsync(h.Connection));
        Assert.Equal($"Index `n` was not found on table `{h.Db}.numbers`.", index.ErrorMessage);
    }

    [Theory, TestServer, RealServer]
    public async Task OrderBy_limit_skip_and_count(ServerKind kind)
    {
        var (h, numbers) = await NumbersAsync(kind);
        await using var _ = h;
        var conn = h.Connection;
        Assert.Equal(new[] { 3, 6, 9, 1, 4, 7, 10, 2, 5, 8 }, Ids(await numbers.OrderBy("group", "n").RunAsync<List<Doc>>(conn)));
        Assert.Equal(new[] { 9, 6, 3, 10, 7, 4, 1, 8, 5, 2 }, Ids(await numbers.OrderBy(R.Asc("group"), R.Desc("n")).RunAsync<List<Doc>>(conn)));
        Assert.Equal(new[] { 10, 9, 8 }, Ids(await numbers.OrderBy(d => d["n"] * -1).Limit(3).RunAsync<List<Doc>>(conn)));
        Assert.Equal(new[] { 4, 5 }, Ids(await numbers.OrderBy().OptArg("index", "id").Skip(3).Limit(2).RunAsync<List<Doc>>(conn)));
        Assert.Equal(new[] { 10, 9 }, Ids(await numbers.OrderBy().OptArg("index", R.Desc("id")).Limit(2).RunAsync<List<Doc>>(conn)));
        Assert.Equal(10, await numbers.Count().RunAsync<int>(conn));
        Assert.Equal(3, await numbers.Filter(new { group = 1 }).Skip(1).Count().RunAsync<int>(conn));
        Assert.Equal(4, await numbers.Count(d => d["group"] == 1).RunAsync<int>(conn));
    }

    [Theory, TestServer, RealServer]
    public async Task Pluck_without_and_merge(ServerKind kind)
    {
        var (h, numbers) = await NumbersAsync(kind, 3);
        await using var _ = h;
        var conn = h.Connection;
        Assert.Equal("""{"n":2}""", (await numbers.Get(2).Pluck("n").RunAsync(conn)).GetRawText());
        Assert.Equal("""{"group":2,"id":2}""", (await numbers.Get(2).Without("n").RunAsync(conn)).GetRawText());
        var merged = await numbers.Get(2).Merge(new { extra = new { deep = true } }, R.Expr(new { n = 20 })).RunAsync(conn);
        Assert.Equal("""{"extra":{"deep":true},"group":2,"id":2,"n":20}""", merged.GetRawText());
        var mapped = await numbers.OrderBy("id").Merge(d => R.Expr(new Dictionary<string, object?> { ["double"] = d["n"] * 2 })).Pluck("double").RunAsync(conn);
        Assert.Equal("""[{"double":2},{"double":4},{"double":6}]""", mapped.GetRawText());
        var names = await numbers.OrderBy("id")["n"].RunAsync<List<int>>(conn);
        Assert.Equal(new[] { 1, 2, 3 }, names);
    }

    [Theory, TestServer, RealServer]
    public async Task Values_compare_across_types_as_the_server_orders_them(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var values = R.Expr(new object?[] { "b", 2, null, true, new { a = 1 }, new object[] { 1 }, "a", 1.5 });
        var sorted = await values.OrderBy(v => v).RunAsync(h.Connection);
        Assert.Equal("""[[1],true,null,1.5,2,{"a":1},"a","b"]""", sorted.GetRawText());
        Assert.True(await (R.Expr(1) == 1.0).RunAsync<bool>(h.Connection));
        Assert.True(await (R.Expr("a") < "b").RunAsync<bool>(h.Connection));
        Assert.Equal(2, await (R.Expr(true) & 2).RunAsync<int>(h.Connection));
        Assert.Equal(7, await (R.Expr(7) % 10).RunAsync<int>(h.Connection));
    }

    [Fact]
    public async Task Rows_of_a_table_scan_come_in_batches_of_the_configured_size()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, new TestServerOptions { BatchSize = 4 });
        var numbers = await h.CreateNumbersAsync("numbers", 10);
        var before = h.Server!.QueriesReceived;
        await using var cursor = await numbers.RunCursorAsync<Doc>(h.Connection);
        Assert.Equal(10, (await cursor.ToListAsync()).Count);
        // START + 2 CONTINUEs: 4 + 4 + 2 rows.
        Assert.Equal(3, h.Server.QueriesReceived - before);
    }

    [Fact]
    public async Task Scans_come_in_a_fixed_order_that_is_not_key_order()
    {
        // As the real server's shard order: a test that forgets orderBy fails on the test server too, every time.
        var (h, numbers) = await NumbersAsync(ServerKind.TestServer, 20);
        await using var _ = h;
        var scan = Ids(await numbers.RunAsync<List<Doc>>(h.Connection));
        Assert.Equal(Enumerable.Range(1, 20), scan.Order());
        Assert.NotEqual(Enumerable.Range(1, 20), scan);
        Assert.Equal(scan, Ids(await numbers.RunAsync<List<Doc>>(h.Connection)));
        Assert.Equal(scan.Where(id => id % 2 == 0), Ids(await numbers.Filter(d => d["n"] % 2 == 0).RunAsync<List<Doc>>(h.Connection)));
        var some = Ids(await numbers.GetAll(1, 2, 3, 4, 5, 6, 7, 8).RunAsync<List<Doc>>(h.Connection));
        Assert.Equal(scan.Where(id => id <= 8), some);
        // orderBy stays exact.
        Assert.Equal(Enumerable.Range(1, 20), Ids(await numbers.OrderBy().OptArg("index", "id").RunAsync<List<Doc>>(h.Connection)));
    }

    private static int[] Ids(List<Doc> docs) => [.. docs.Select(d => d.Id)];

    // A table scan (filter, getAll) has no defined order: the real server answers in its shards' order.
    private static int[] IdSet(List<Doc> docs) => [.. docs.Select(d => d.Id).Order()];
}
