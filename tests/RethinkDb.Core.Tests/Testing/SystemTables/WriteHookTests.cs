using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing.SystemTables;

/// <summary>
/// Write hooks (rdb_protocol/terms/write_hook.cc and btree.cc of 2.4.4): set, replace, delete and read a hook, the
/// hook applied to inserts, updates and deletes with <c>({primary_key, timestamp}, old_val, new_val)</c>, its errors,
/// and <c>ignore_write_hook</c>. The same assertions run against a real server when RETHINKDB_HOST is set.
/// </summary>
public sealed class WriteHookTests
{
    /// <summary>Stamps each written document with the write's context and whether it existed before.</summary>
    private static ReqlExpr Stamp(ReqlExpr context, ReqlExpr oldVal, ReqlExpr newVal) =>
        R.Branch(newVal.Eq(R.Expr(null)), null, newVal.Merge(R.Object("pk", context["primary_key"], "at", context["timestamp"], "existed", oldVal.Ne(R.Expr(null)))));

    [Theory, TestServer, RealServer]
    public async Task A_hook_is_created_replaced_read_and_deleted(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        Assert.Equal(JsonValueKind.Null, (await table.GetWriteHook().RunAsync(h.Connection)).ValueKind);
        Assert.Equal("{\"created\":1}", (await table.SetWriteHook(Stamp).RunAsync(h.Connection)).GetRawText());
        Assert.Equal("{\"replaced\":1}", (await table.SetWriteHook(Stamp).RunAsync(h.Connection)).GetRawText());

        var hook = await table.GetWriteHook().RunAsync(h.Connection);
        Assert.Equal(["function", "query"], hook.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("BINARY", hook.GetProperty("function").GetProperty("$reql_type$").GetString());
        Assert.StartsWith("setWriteHook(", hook.GetProperty("query").GetString());
        Assert.Equal(hook.GetRawText(), (await table.Config().RunAsync(h.Connection)).GetProperty("write_hook").GetRawText());

        // The binary get_write_hook returns sets the same hook again.
        Assert.Equal("{\"replaced\":1}", (await table.SetWriteHook(table.GetWriteHook()["function"]).RunAsync(h.Connection)).GetRawText());
        Assert.Equal("{\"deleted\":1}", (await table.SetWriteHook(null).RunAsync(h.Connection)).GetRawText());
        Assert.Equal(JsonValueKind.Null, (await table.GetWriteHook().RunAsync(h.Connection)).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await table.Config().RunAsync(h.Connection)).GetProperty("write_hook").ValueKind);
    }

    [Theory, TestServer, RealServer]
    public async Task The_hook_sees_the_context_and_both_values_of_every_write(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await table.SetWriteHook(Stamp).RunAsync(h.Connection);

        Assert.Equal(1, (await table.Insert(new { id = "a", n = 1 }).RunWriteAsync(h.Connection)).Inserted);
        var inserted = await table.Get("a").RunAsync(h.Connection);
        Assert.Equal("a", inserted.GetProperty("pk").GetString());
        Assert.False(inserted.GetProperty("existed").GetBoolean());
        Assert.Equal("TIME", inserted.GetProperty("at").GetProperty("$reql_type$").GetString());

        Assert.Equal(1, (await table.Get("a").Update(new { n = 2 }).RunWriteAsync(h.Connection)).Replaced);
        var updated = await table.Get("a").RunAsync(h.Connection);
        Assert.True(updated.GetProperty("existed").GetBoolean());
        Assert.Equal(2, updated.GetProperty("n").GetInt32());

        Assert.Equal(1, (await table.Get("a").Delete().RunWriteAsync(h.Connection)).Deleted);

        // ignore_write_hook stores the document as written.
        await table.Insert(new { id = "b" }).OptArg("ignore_write_hook", true).RunWriteAsync(h.Connection);
        Assert.Equal("{\"id\":\"b\"}", (await table.Get("b").RunAsync(h.Connection)).GetRawText());
    }

    [Theory, TestServer, RealServer]
    public async Task Hook_errors_fail_the_row_with_the_servers_messages(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new { id = "kept" }).RunWriteAsync(h.Connection);

        await table.SetWriteHook((ReqlExpr _, ReqlExpr _, ReqlExpr _) => R.Expr(null)).RunAsync(h.Connection);
        var insert = await table.Insert(new { id = "x" }).RunAsync(h.Connection);
        Assert.Equal(1, insert.GetProperty("errors").GetInt32());
        Assert.Equal("A write hook function must not turn a replace/insert into a deletion.", insert.GetProperty("first_error").GetString());
        Assert.Equal(1, (await table.Get("kept").Delete().RunWriteAsync(h.Connection)).Deleted);

        await table.SetWriteHook((ReqlExpr _, ReqlExpr _, ReqlExpr newVal) => newVal["missing"]).RunAsync(h.Connection);
        var failing = await table.Insert(new { id = "y" }).RunAsync(h.Connection);
        Assert.Equal(1, failing.GetProperty("errors").GetInt32());
        Assert.Equal("Error in write hook: No attribute `missing` in object:\n{\n\t\"id\":\t\"y\"\n}", failing.GetProperty("first_error").GetString());

        await table.SetWriteHook((ReqlExpr _, ReqlExpr oldVal, ReqlExpr _) => oldVal).RunAsync(h.Connection);
        await table.Insert(new { id = "z" }).OptArg("ignore_write_hook", true).RunWriteAsync(h.Connection);
        var resurrect = await table.Get("z").Delete().RunAsync(h.Connection);
        Assert.Equal("A write hook function must not turn a deletion into a replace/insert.", resurrect.GetProperty("first_error").GetString());

        var arity = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => table.SetWriteHook(R.Expr(1).Do(x => x)).RunAsync(h.Connection));
        Assert.Equal("Expected type FUNCTION but found DATUM:\n1", arity.ErrorMessage);
        var now = await Assert.ThrowsAsync<ReqlQueryLogicError>(() =>
            table.SetWriteHook((ReqlExpr _, ReqlExpr _, ReqlExpr newVal) => newVal.Merge(R.Object("at", R.Now()))).RunAsync(h.Connection));
        Assert.Equal("Could not prove function deterministic.  Write hook functions must be deterministic.", now.ErrorMessage);
        var special = await Assert.ThrowsAsync<ReqlOpFailedError>(() => R.Db("rethinkdb").Table("users").SetWriteHook(Stamp).RunAsync(h.Connection));
        Assert.Equal("Database `rethinkdb` is special; you can't set a write hook on the tables in it.", special.ErrorMessage);
    }
}
