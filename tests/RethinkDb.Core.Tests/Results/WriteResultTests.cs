using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Results;

public sealed class WriteResultTests
{
    private sealed record Person(string Id, string Name, int Age);

    [Theory, TestServer, RealServer]
    public async Task Insert_generates_keys_for_documents_without_one(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("people");
        var result = await table.Insert(new object[] { new { name = "ann" }, new { name = "bob" }, new { id = "c", name = "cid" } })
            .RunWriteAsync(h.Connection);

        Assert.Equal(3, result.Inserted);
        Assert.Equal(0, result.Errors + result.Replaced + result.Unchanged + result.Skipped + result.Deleted);
        Assert.Null(result.FirstError);
        Assert.Equal(2, result.GeneratedKeys.Count);
        Assert.All(result.GeneratedKeys, k => Assert.True(Guid.TryParse(k, out _)));
        var stored = await table.Get(result.GeneratedKeys[0]).RunAsync<JsonElement>(h.Connection);
        Assert.Equal(result.GeneratedKeys[0], stored.GetProperty("id").GetString());
        result.EnsureSuccess();
    }

    [Theory, TestServer, RealServer]
    public async Task A_duplicate_key_is_counted_and_EnsureSuccess_throws(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("people");
        await table.Insert(new { id = 1, name = "ann" }).RunWriteAsync(h.Connection);

        var result = await table.Insert(new[] { new { id = 1, name = "again" }, new { id = 2, name = "bob" } }).RunWriteAsync(h.Connection);

        Assert.Equal(1, result.Inserted);
        Assert.Equal(1, result.Errors);
        Assert.Equal("Duplicate primary key `id`:\n{\n\t\"id\":\t1,\n\t\"name\":\t\"ann\"\n}\n{\n\t\"id\":\t1,\n\t\"name\":\t\"again\"\n}", result.FirstError);
        var error = Assert.Throws<ReqlWriteError>(result.EnsureSuccess);
        Assert.Equal(result.FirstError, error.ErrorMessage);
        Assert.Same(result, error.Result);
    }

    [Theory, TestServer, RealServer]
    public async Task Conflicts_replace_or_update_and_return_changes(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("people");
        await table.Insert(new { id = "p", name = "ann", age = 30 }).RunWriteAsync(h.Connection);

        var updated = await table.Insert(new { id = "p", age = 31 }).OptArg("conflict", "update").OptArg("return_changes", true)
            .RunWriteAsync<Person>(h.Connection);
        Assert.Equal(1, updated.Replaced);
        var change = Assert.Single(updated.Changes);
        Assert.Equal(new Person("p", "ann", 30), change.OldVal);
        Assert.Equal(new Person("p", "ann", 31), change.NewVal);

        var same = await table.Insert(new { id = "p", name = "ann", age = 31 }).OptArg("conflict", "replace").OptArg("return_changes", true)
            .RunWriteAsync<Person>(h.Connection);
        Assert.Equal(1, same.Unchanged);
        Assert.Empty(same.Changes);

        var replaced = await table.Insert(new { id = "p", name = "zed", age = 1 }).OptArg("conflict", "replace").RunWriteAsync(h.Connection);
        Assert.Equal(1, replaced.Replaced);
    }

    [Theory, TestServer, RealServer]
    public async Task Update_replace_and_delete_on_tables_selections_and_single_documents(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateNumbersAsync("numbers", 10);
        var conn = h.Connection;

        // Selection: filter(row.group == 0) → ids 3, 6, 9.
        var selection = table.Filter(row => row["group"] == 0);
        var updated = await selection.Update(row => R.Expr(new Dictionary<string, object?> { ["n"] = row["n"] * 10 })).RunWriteAsync(conn);
        Assert.Equal(3, updated.Replaced);
        Assert.Equal(60, await table.Get(6)["n"].RunAsync<int>(conn));

        var unchanged = await table.Get(1).Update(new { n = 1 }).RunWriteAsync(conn);
        Assert.Equal(1, unchanged.Unchanged);

        var missing = await table.Get(99).Update(new { n = 1 }).RunWriteAsync(conn);
        Assert.Equal(1, missing.Skipped);

        var replaced = await table.Get(2).Replace(new { id = 2, only = true }).RunWriteAsync(conn);
        Assert.Equal(1, replaced.Replaced);
        Assert.Equal("""{"id":2,"only":true}""", (await table.Get(2).RunAsync(conn)).GetRawText());

        var changedKey = await table.Get(2).Replace(new { id = 3 }).RunWriteAsync(conn);
        Assert.Equal(1, changedKey.Errors);
        Assert.StartsWith("Primary key `id` cannot be changed", changedKey.FirstError, StringComparison.Ordinal);

        var deleted = await table.Get(4).Delete().OptArg("return_changes", true).RunWriteAsync<JsonElement>(conn);
        Assert.Equal(1, deleted.Deleted);
        Assert.Equal(4, Assert.Single(deleted.Changes).OldVal.GetProperty("id").GetInt32());
        Assert.Equal(JsonValueKind.Null, deleted.Changes[0].NewVal.ValueKind);

        var deletedMissing = await table.Get(4).Delete().RunWriteAsync(conn);
        Assert.Equal(1, deletedMissing.Skipped);

        var all = await table.Delete().RunWriteAsync(conn);
        Assert.Equal(9, all.Deleted);
        Assert.Equal(0, await table.Count().RunAsync<int>(conn));
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
