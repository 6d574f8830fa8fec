using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Results;

public sealed class WriteResultTests
{
    private sealed record Person(string Id, string Name, int Age);

    [Theory, TestServer, RealServer]
    public async Task Insert_generates_keys_for_documents_without_one(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("people");
        var result = await Q.T(TermType.Insert, table, Q.Array(Q.Obj(("name", "ann")), Q.Obj(("name", "bob")), Q.Obj(("id", "c"), ("name", "cid"))))
            .RunWriteAsync(h.Connection);

        Assert.Equal(3, result.Inserted);
        Assert.Equal(0, result.Errors + result.Replaced + result.Unchanged + result.Skipped + result.Deleted);
        Assert.Null(result.FirstError);
        Assert.Equal(2, result.GeneratedKeys.Count);
        Assert.All(result.GeneratedKeys, k => Assert.True(Guid.TryParse(k, out _)));
        var stored = await Q.T(TermType.Get, table, result.GeneratedKeys[0]).RunAsync<JsonElement>(h.Connection);
        Assert.Equal(result.GeneratedKeys[0], stored.GetProperty("id").GetString());
        result.EnsureSuccess();
    }

    [Theory, TestServer, RealServer]
    public async Task A_duplicate_key_is_counted_and_EnsureSuccess_throws(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("people");
        await Q.T(TermType.Insert, table, Q.Obj(("id", 1), ("name", "ann"))).RunWriteAsync(h.Connection);

        var result = await Q.T(TermType.Insert, table, Q.Array(Q.Obj(("id", 1), ("name", "again")), Q.Obj(("id", 2), ("name", "bob"))))
            .RunWriteAsync(h.Connection);

        Assert.Equal(1, result.Inserted);
        Assert.Equal(1, result.Errors);
        Assert.Equal("Duplicate primary key `id`:\n{\n\t\"id\": 1,\n\t\"name\": \"ann\"\n}\n{\n\t\"id\": 1,\n\t\"name\": \"again\"\n}", result.FirstError);
        var error = Assert.Throws<ReqlWriteError>(result.EnsureSuccess);
        Assert.Equal(result.FirstError, error.Message);
        Assert.Same(result, error.Result);
        Assert.IsAssignableFrom<ReqlQueryError>(error);
    }

    [Theory, TestServer, RealServer]
    public async Task Conflicts_replace_or_update_and_return_changes(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("people");
        await Q.T(TermType.Insert, table, Q.Obj(("id", "p"), ("name", "ann"), ("age", 30))).RunWriteAsync(h.Connection);

        var updated = await Q.T(TermType.Insert, [table, Q.Obj(("id", "p"), ("age", 31))], ("conflict", "update"), ("return_changes", true))
            .RunWriteAsync<Person>(h.Connection);
        Assert.Equal(1, updated.Replaced);
        var change = Assert.Single(updated.Changes);
        Assert.Equal(new Person("p", "ann", 30), change.OldVal);
        Assert.Equal(new Person("p", "ann", 31), change.NewVal);

        var same = await Q.T(TermType.Insert, [table, Q.Obj(("id", "p"), ("name", "ann"), ("age", 31))], ("conflict", "replace"), ("return_changes", true))
            .RunWriteAsync<Person>(h.Connection);
        Assert.Equal(1, same.Unchanged);
        Assert.Empty(same.Changes);

        var replaced = await Q.T(TermType.Insert, [table, Q.Obj(("id", "p"), ("name", "zed"), ("age", 1))], ("conflict", "replace"))
            .RunWriteAsync(h.Connection);
        Assert.Equal(1, replaced.Replaced);
    }

    [Theory, TestServer, RealServer]
    public async Task Update_replace_and_delete_on_tables_selections_and_single_documents(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateNumbersAsync("numbers", 10);
        var conn = h.Connection;

        // Selection: filter(row.group == 0) → ids 3, 6, 9.
        var selection = Q.T(TermType.Filter, table, Q.Func(row => Q.T(TermType.Eq, Q.Field(row, "group"), 0)));
        var updated = await Q.T(TermType.Update, selection, Q.Func(row => Q.MakeObj(("n", Q.T(TermType.Mul, Q.Field(row, "n"), 10))))).RunWriteAsync(conn);
        Assert.Equal(3, updated.Replaced);
        Assert.Equal(60, await Q.Field(Q.T(TermType.Get, table, 6), "n").RunAsync<int>(conn));

        var unchanged = await Q.T(TermType.Update, Q.T(TermType.Get, table, 1), Q.Obj(("n", 1))).RunWriteAsync(conn);
        Assert.Equal(1, unchanged.Unchanged);

        var missing = await Q.T(TermType.Update, Q.T(TermType.Get, table, 99), Q.Obj(("n", 1))).RunWriteAsync(conn);
        Assert.Equal(1, missing.Skipped);

        var replaced = await Q.T(TermType.Replace, Q.T(TermType.Get, table, 2), Q.Obj(("id", 2), ("only", true))).RunWriteAsync(conn);
        Assert.Equal(1, replaced.Replaced);
        Assert.Equal("""{"id":2,"only":true}""", (await Q.T(TermType.Get, table, 2).RunAsync(conn)).GetRawText());

        var changedKey = await Q.T(TermType.Replace, Q.T(TermType.Get, table, 2), Q.Obj(("id", 3))).RunWriteAsync(conn);
        Assert.Equal(1, changedKey.Errors);
        Assert.StartsWith("Primary key `id` cannot be changed", changedKey.FirstError, StringComparison.Ordinal);

        var deleted = await Q.T(TermType.Delete, [Q.T(TermType.Get, table, 4)], ("return_changes", true)).RunWriteAsync<JsonElement>(conn);
        Assert.Equal(1, deleted.Deleted);
        Assert.Equal(4, Assert.Single(deleted.Changes).OldVal.GetProperty("id").GetInt32());
        Assert.Equal(JsonValueKind.Null, deleted.Changes[0].NewVal.ValueKind);

        var deletedMissing = await Q.T(TermType.Delete, Q.T(TermType.Get, table, 4)).RunWriteAsync(conn);
        Assert.Equal(1, deletedMissing.Skipped);

        var all = await Q.T(TermType.Delete, table).RunWriteAsync(conn);
        Assert.Equal(9, all.Deleted);
        Assert.Equal(0, await Q.T(TermType.Count, table).RunAsync<int>(conn));
    }

    [Theory, TestServer, RealServer]
    public async Task A_query_that_is_not_a_write_is_refused(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        await Assert.ThrowsAsync<ReqlDriverError>(() => R.Expr(1).RunWriteAsync(h.Connection));
        var table = await h.CreateNumbersAsync("numbers", 3);
        await Assert.ThrowsAsync<ReqlDriverError>(() => table.RunWriteAsync(h.Connection));
        Assert.Equal(0, h.Connection.PendingCount);
    }

    [Fact]
    public void Warnings_and_every_count_are_read()
    {
        using var response = StubResponses.Parse("""{"t":1,"r":[{"deleted":1,"errors":2,"first_error":"boom","generated_keys":["k"],"inserted":3,"replaced":4,"skipped":5,"unchanged":6,"warnings":["Too many changes, array truncated to 2."],"lock":"ignored"}]}""");
        var result = WriteResultReader.Read<JsonElement>(response.Results, changes: null);
        Assert.Equal((1L, 2L, 3L, 4L, 5L, 6L), (result.Deleted, result.Errors, result.Inserted, result.Replaced, result.Skipped, result.Unchanged));
        Assert.Equal("boom", result.FirstError);
        Assert.Equal(["k"], result.GeneratedKeys);
        Assert.Equal(["Too many changes, array truncated to 2."], result.Warnings);
    }
}
