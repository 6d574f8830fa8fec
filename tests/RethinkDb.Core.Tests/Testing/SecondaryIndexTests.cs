using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Secondary indexes and the terms that read them, asserted with the real server's results and messages
/// (src/rdb_protocol/terms/sindex.cc and clustering/administration/real_reql_cluster_interface.cc of 2.4.4); the same
/// tests run against a real RethinkDB when RETHINKDB_HOST is set.
/// </summary>
public sealed class SecondaryIndexTests
{
    private static async Task<string> JsonAsync(Harness h, ReqlExpr query) => (await query.RunAsync(h.Connection)).GetRawText();

    private static async Task<string> FailsAsync<TError>(Harness h, ReqlExpr query) where TError : ReqlQueryError =>
        (await Assert.ThrowsAsync<TError>(() => query.RunAsync(h.Connection))).ErrorMessage;

    private static async Task<ReqlTerm> PeopleAsync(Harness h)
    {
        var people = await h.CreateTableAsync("people");
        await people.Insert(new object[]
        {
            new { id = 1, name = "ann", age = 30, tags = new[] { "a", "b" }, city = "oslo" },
            new { id = 2, name = "bob", age = 25, tags = new[] { "b" }, city = "rome" },
            new { id = 3, name = "cid", age = 30, tags = Array.Empty<string>(), city = "oslo" },
            new { id = 4, name = "dan", tags = new[] { "c" }, city = "rome" },
        }).RunAsync(h.Connection);
        return people;
    }

    private static async Task<int[]> IdsAsync(Harness h, ReqlExpr query) =>
        [.. (await query.RunAsync<List<JsonElement>>(h.Connection)).Select(d => d.GetProperty("id").GetInt32())];

    [Theory, TestServer, RealServer]
    public async Task Indexes_are_created_listed_renamed_and_dropped(ServerKind kind)
    {
        var h = await Harness.StartAsync(kind);
        await using var _ = h;
        var people = await PeopleAsync(h);
        Assert.Equal("{\"created\":1}", await JsonAsync(h, people.IndexCreate("age")));
        await people.IndexCreate("tags").OptArg("multi", true).RunAsync(h.Connection);
        await people.IndexCreate("city_age", d => R.Expr(new object[] { d["city"], d["age"] })).RunAsync(h.Connection);
        await people.IndexWait().RunAsync(h.Connection);
        Assert.Equal("[\"age\",\"city_age\",\"tags\"]", await JsonAsync(h, people.IndexList()));
        Assert.Equal($"Index `age` already exists on table `{h.Db}.people`.", await FailsAsync<ReqlOpFailedError>(h, people.IndexCreate("age")));
        Assert.Equal("Index name conflict: `id` is the name of the primary key.", await FailsAsync<ReqlQueryLogicError>(h, people.IndexCreate("id")));

        var status = (await people.IndexStatus("tags").RunAsync(h.Connection))[0];
        Assert.Equal("tags", status.GetProperty("index").GetString());
        Assert.True(status.GetProperty("ready").GetBoolean());
        Assert.True(status.GetProperty("multi").GetBoolean());
        Assert.False(status.GetProperty("geo").GetBoolean());
        Assert.False(status.GetProperty("outdated").GetBoolean());
        Assert.Equal($"Index `nope` was not found on table `{h.Db}.people`.", await FailsAsync<ReqlOpFailedError>(h, people.IndexStatus("nope")));

        Assert.Equal("{\"renamed\":1}", await JsonAsync(h, people.IndexRename("age", "years")));
        Assert.Equal($"Index `age` does not exist or index `tags` already exists on table `{h.Db}.people`.",
            await FailsAsync<ReqlOpFailedError>(h, people.IndexRename("age", "tags")));
        Assert.Equal("{\"dropped\":1}", await JsonAsync(h, people.IndexDrop("years")));
        Assert.Equal($"Index `years` does not exist on table `{h.Db}.people`.", await FailsAsync<ReqlOpFailedError>(h, people.IndexDrop("years")));
    }

    [Theory, TestServer, RealServer]
    public async Task Terms_read_through_indexes(ServerKind kind)
    {
        var h = await Harness.StartAsync(kind);
        await using var _ = h;
        var people = await PeopleAsync(h);
        await people.IndexCreate("age").RunAsync(h.Connection);
        await people.IndexCreate("tags").OptArg("multi", true).RunAsync(h.Connection);
        await people.IndexCreate("city_age", d => R.Expr(new object[] { d["city"], d["age"] })).RunAsync(h.Connection);
        await people.IndexWait().RunAsync(h.Connection);

        Assert.Equal(new[] { 1, 3 }, (await IdsAsync(h, people.GetAll(30).OptArg("index", "age"))).Order());
        Assert.Equal(new[] { 1, 2 }, (await IdsAsync(h, people.GetAll("b").OptArg("index", "tags"))).Order());
        Assert.Equal(new[] { 1, 3 }, (await IdsAsync(h, people.GetAll(R.Expr(new object[] { "oslo", 30 })).OptArg("index", "city_age"))).Order());
        Assert.Equal(new[] { 2, 1, 3 }, await IdsAsync(h, people.OrderBy().OptArg("index", "age")));
        Assert.Equal(new[] { 1, 3, 2 }, await IdsAsync(h, people.OrderBy("id").OptArg("index", R.Desc("age"))));
        Assert.Equal(new[] { 2 }, await IdsAsync(h, people.Between(20, 30).OptArg("index", "age")));
        Assert.Equal("[25,30]", await JsonAsync(h, people.Distinct().OptArg("index", "age").CoerceTo("array")));
        Assert.Equal(2, (await people.Min().OptArg("index", "age").RunAsync(h.Connection)).GetProperty("id").GetInt32());
        Assert.Equal("[{\"group\":\"a\",\"reduction\":1},{\"group\":\"b\",\"reduction\":2},{\"group\":\"c\",\"reduction\":1}]",
            await JsonAsync(h, people.Group().OptArg("index", "tags").Count().Ungroup()));
        Assert.Equal("[\"ann\",\"cid\"]", await JsonAsync(h, R.Expr(new[] { 30 }).EqJoin(x => x, people).OptArg("index", "age")["right"]["name"].OrderBy(x => x)));

        // The index follows writes.
        await people.Get(2).Update(new { age = 30 }).RunAsync(h.Connection);
        Assert.Equal(new[] { 1, 2, 3 }, (await IdsAsync(h, people.GetAll(30).OptArg("index", "age"))).Order());
    }
}
