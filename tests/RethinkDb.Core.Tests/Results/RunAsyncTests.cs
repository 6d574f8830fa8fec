using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Protocol;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Results;

public sealed class RunAsyncTests
{
    private sealed record Doc(int Id, int N, int Group);

    [Theory, TestServer, RealServer]
    public async Task Atoms_are_read_as_the_requested_type(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var conn = h.Connection;

        Assert.Equal(3, await (R.Expr(1) + 2).RunAsync<int>(conn));
        Assert.Equal(2.5, await (R.Expr(5) / 2).RunAsync<double>(conn));
        Assert.Equal("ab", await (R.Expr("a") + "b").RunAsync<string>(conn));
        Assert.True(await (R.Expr(1) == 1).RunAsync<bool>(conn));
        Assert.Null(await R.Expr((object?)null).RunAsync<string?>(conn));
        Assert.Equal(new[] { 1, 2, 3 }, await R.Expr(new[] { 1, 2, 3 }).RunAsync<int[]>(conn));
        Assert.Equal(new long[] { 1, 2, 3 }, await R.Expr(new[] { 1, 2, 3 }).RunAsync<List<long>>(conn));
        var doc = await R.Expr(new { id = 7, n = 8, group = 9 }).RunAsync<Doc>(conn);
        Assert.Equal(new Doc(7, 8, 9), doc);
    }

    [Theory, TestServer, RealServer]
    public async Task Raw_access_gives_the_json_as_the_server_sent_it(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var element = await R.Expr(new { b = 1, a = new object[] { "x", true } }).RunAsync(h.Connection);
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        Assert.Equal("""{"a":["x",true],"b":1}""", element.GetRawText());

        var node = await R.Expr(new { k = "v" }).RunAsync<JsonNode>(h.Connection);
        Assert.Equal("v", (string?)node!["k"]);
    }

    [Fact]
    public async Task A_sequence_in_many_batches_is_read_whole_as_a_list()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, new TestServerOptions { BatchSize = 7 });
        var table = await h.CreateNumbersAsync("numbers", 100);
        var before = h.Server!.QueriesReceived;

        var rows = await table.RunAsync<List<Doc>>(h.Connection);

        Assert.Equal(Enumerable.Range(1, 100), rows.Select(r => r.Id));
        // One START, then CONTINUE for batches 2..15 (100 rows in 7s: 14 partial batches and a last one).
        Assert.Equal(1 + 14, h.Server.QueriesReceived - before);
        Assert.Equal(0, h.Server.OpenCursors);
        Assert.Equal(0, h.Connection.PendingCount);

        var raw = await table.RunAsync(h.Connection);
        Assert.Equal(JsonValueKind.Array, raw.ValueKind);
        Assert.Equal(100, raw.GetArrayLength());
        var array = await table.RunAsync<Doc[]>(h.Connection);
        Assert.Equal(100, array.Length);
    }

    [Theory, TestServer, RealServer]
    public async Task A_sequence_cannot_be_read_as_a_single_object(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateNumbersAsync("numbers", 3);
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => table.RunAsync<Doc>(h.Connection));
        Assert.Contains("sequence", error.Message, StringComparison.Ordinal);
        Assert.Contains("RunCursorAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_a_big_sequence_as_a_list_can_be_cancelled_and_stops_the_query()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, new TestServerOptions { BatchSize = 10 });
        var table = await h.CreateNumbersAsync("numbers", 200);
        h.Server!.Fault = TestServerFault.StallQueries;
        await using var stalled = await h.ConnectAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.RunAsync<List<Doc>>(stalled, cancellationToken: cts.Token));
        Assert.Equal(0, stalled.PendingCount);
    }

    [Fact]
    public async Task Cancelling_while_batches_are_collected_stops_the_query_on_the_server()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, new TestServerOptions
        {
            BatchSize = 10,
            MaxResponseDelay = TimeSpan.FromMilliseconds(400),
        });
        var table = await h.CreateNumbersAsync("numbers", 100);
        h.Server!.Fault = TestServerFault.SlowOutOfOrder;
        await using var slow = await h.ConnectAsync();
        var stops = h.Server.StoppedTokens.Count;

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        // Ten batches answered after up to 400 ms each: the query is still running when the token fires.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.RunAsync<List<Doc>>(slow, cancellationToken: cts.Token));

        await Eventually.TrueAsync(() => h.Server.StoppedTokens.Count == stops + 1, "The server saw no STOP.");
        await Eventually.TrueAsync(() => h.Server.OpenCursors == 0, "The server still holds the query.");
        Assert.Equal(0, slow.PendingCount);
        Assert.Equal(100, await table.Count().RunAsync<int>(slow));
    }

    [Theory, TestServer, RealServer]
    public async Task A_changefeed_is_refused_by_RunAsync_and_stopped(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("feed");
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => table.Changes().RunAsync<List<JsonElement>>(h.Connection));
        Assert.Contains("RunChangesAsync", error.Message, StringComparison.Ordinal);
        if (h.Server is { } server)
        {
            await Eventually.TrueAsync(() => server.OpenCursors == 0);
        }
    }

    [Theory, TestServer, RealServer]
    public async Task NoReply_queries_run_without_an_answer(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("quiet");
        await table.Insert(new { id = 1 }).RunNoReplyAsync(h.Connection);
        await h.Connection.NoreplyWaitAsync();
        Assert.Equal(1, await table.Count().RunAsync<int>(h.Connection));
        Assert.Equal(0, h.Connection.PendingCount);
    }

    [Theory, TestServer, RealServer]
    public async Task Group_results_read_as_groupings_and_raw_when_asked(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var numbers = await h.CreateNumbersAsync("numbers", 10); // group = id % 3
        var conn = h.Connection;

        var counts = await numbers.Group("group").Count().RunAsync<List<Grouping<int, int>>>(conn);
        Assert.Equal([new(0, 3), new(1, 4), new(2, 3)], counts);

        var rows = await numbers.Group("group").RunAsync<List<Grouping<int, List<Doc>>>>(conn);
        Assert.Equal(new[] { 1, 4, 7, 10 }, rows[1].Reduction.Select(d => d.Id).Order());

        var ungrouped = await numbers.Group("group").Count().Ungroup().RunAsync<List<Grouping<int, int>>>(conn);
        Assert.Equal(counts, ungrouped);

        var native = await numbers.Group("group").Count().RunAsync(conn);
        Assert.Equal("""[{"group":0,"reduction":3},{"group":1,"reduction":4},{"group":2,"reduction":3}]""", native.GetRawText());

        var raw = await numbers.Group("group").Count().RunAsync(conn, new RunOptions { GroupFormat = "raw" });
        Assert.Equal("GROUPED_DATA", raw.GetProperty("$reql_type$").GetString());
        Assert.Equal("[[0,3],[1,4],[2,3]]", raw.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Grouped_data_reads_as_groupings_unless_the_format_is_raw()
    {
        // Keys and reductions of any JSON shape are copied as they are into {"group", "reduction"} objects.
        const string body = """{"t":1,"r":[{"$reql_type$":"GROUPED_DATA","data":[["a",3],[{"k":[1,2]},{"x":"y"}]]}]}""";
        using var response = StubResponses.Parse(body);

        var groups = ResultReader.ReadAtom(response.Results, ResultReader.GetTypeInfo<List<Grouping<JsonElement, JsonElement>>>(RethinkDbJson.DefaultOptions), rawGroups: false);
        Assert.Equal(2, groups.Count);
        Assert.Equal("a", groups[0].Group.GetString());
        Assert.Equal(3, groups[0].Reduction.GetInt32());
        Assert.Equal("""{"k":[1,2]}""", groups[1].Group.GetRawText());
        Assert.Equal("""{"x":"y"}""", groups[1].Reduction.GetRawText());

        using var counts = StubResponses.Parse("""{"t":1,"r":[{"$reql_type$":"GROUPED_DATA","data":[["a",3],["b",5]]}]}""");
        var typed = ResultReader.ReadAtom(counts.Results, ResultReader.GetTypeInfo<List<Grouping<string, int>>>(RethinkDbJson.DefaultOptions), rawGroups: false);
        Assert.Equal([new Grouping<string, int>("a", 3), new Grouping<string, int>("b", 5)], typed);

        var native = ResultReader.ReadAtom(response.Results, ResultReader.GetTypeInfo<JsonElement>(RethinkDbJson.DefaultOptions), rawGroups: false);
        Assert.Equal("""[{"group":"a","reduction":3},{"group":{"k":[1,2]},"reduction":{"x":"y"}}]""", native.GetRawText());

        var raw = ResultReader.ReadAtom(response.Results, ResultReader.GetTypeInfo<JsonElement>(RethinkDbJson.DefaultOptions), rawGroups: true);
        Assert.Equal("GROUPED_DATA", raw.GetProperty("$reql_type$").GetString());
        Assert.True(ResultReader.GroupsAreRaw(new RunOptions { GroupFormat = "raw" }));
        Assert.False(ResultReader.GroupsAreRaw(new RunOptions { GroupFormat = "native" }));
    }

    [Fact]
    public void Rows_of_many_batches_are_joined_into_one_array()
    {
        using var buffer = new PooledBuffer(4);
        buffer.Write((byte)'[');
        ResultReader.AppendBatch(buffer, "[1,2]"u8);
        ResultReader.AppendBatch(buffer, "[]"u8);
        ResultReader.AppendBatch(buffer, """[{"a":[3]}]"""u8);
        ResultReader.AppendBatch(buffer, "[4]"u8);
        buffer.Write((byte)']');
        Assert.Equal("""[1,2,{"a":[3]},4]""", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
