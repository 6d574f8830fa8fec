using System.Text.Json;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// Values nested deeper than System.Text.Json's default 64 levels, which RethinkDB 2.4.4 stores and returns whole (an
/// object 1,000 levels deep comes back as it went in): the connection reads past them and stays open, a read into the
/// caller's type is bounded by the caller's JsonSerializerOptions.MaxDepth and says so when it is exceeded.
/// </summary>
public class DeepResponseTests
{
    private static string Nested(int levels) => new string('[', levels) + new string(']', levels);

    private static Connection Connect(ScriptedServer server, int maxDepth)
    {
        var options = server.Options();
        options.JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { MaxDepth = maxDepth };
        return Connection.OpenAsync(options).GetAwaiter().GetResult();
    }

    /// <summary>Answers every START with <paramref name="answer"/>, CONTINUE and STOP with an empty end of sequence.</summary>
    private static ScriptedServer Answering(string answer) => ScriptedServer.Start(async c =>
    {
        await c.AcceptV0_4Async();
        while (true)
        {
            var (token, query) = await c.ReadQueryAsync();
            await c.SendAsync(token, query is "[3]" or "[2]" ? """{"t":2,"r":[]}""" : answer);
        }
    });

    [Theory]
    [InlineData(100)]
    [InlineData(100_000)]
    public async Task An_atom_deeper_than_the_options_allow_fails_its_query_alone_and_says_how_to_read_it(int levels)
    {
        await using var server = Answering("{\"t\":1,\"r\":[" + Nested(levels) + "]}");
        await using var connection = Connect(server, maxDepth: 0);

        var error = await Assert.ThrowsAsync<JsonException>(() => R.Expr(1).RunAsync<JsonElement>(connection));

        Assert.Contains("JsonSerializerOptions.MaxDepth", error.Message, StringComparison.Ordinal);
        Assert.Contains("64 levels", error.Message, StringComparison.Ordinal);
        Assert.True(connection.IsOpen);
    }

    [Theory]
    [InlineData(1000, 1000)] // a larger MaxDepth reads deeper atoms whole
    [InlineData(64, 0)] // the default depth itself is readable
    public async Task An_atom_as_deep_as_the_options_allow_reads_whole(int levels, int maxDepth)
    {
        await using var server = Answering("{\"t\":1,\"r\":[" + Nested(levels) + "]}");
        await using var connection = Connect(server, maxDepth);

        var value = await R.Expr(1).RunAsync<JsonElement>(connection);

        Assert.Equal(Nested(levels), value.GetRawText());
    }

    [Fact]
    public async Task Deep_rows_of_a_cursor_fail_the_row_and_a_larger_max_depth_reads_them()
    {
        var batch = "{\"t\":2,\"r\":[1," + Nested(200) + "]}";
        await using (var server = Answering(batch))
        await using (var connection = Connect(server, maxDepth: 0))
        {
            await using var cursor = await R.Expr(1).RunCursorAsync<JsonElement>(connection);
            await using var rows = cursor.GetAsyncEnumerator();
            Assert.True(await rows.MoveNextAsync());
            Assert.Equal(1, rows.Current.GetInt32());
            var error = await Assert.ThrowsAsync<JsonException>(async () => await rows.MoveNextAsync());
            Assert.Contains("JsonSerializerOptions.MaxDepth", error.Message, StringComparison.Ordinal);
            Assert.True(connection.IsOpen);
        }
        await using (var server = Answering(batch))
        await using (var connection = Connect(server, maxDepth: 300))
        {
            var all = await R.Expr(1).RunAsync<List<JsonElement>>(connection);
            Assert.Equal(Nested(200), all[1].GetRawText());
        }
    }

    [Fact]
    public async Task A_deep_write_summary_is_read_for_its_counts_and_deep_changes_with_a_larger_max_depth()
    {
        var summary = "{\"t\":1,\"r\":[{\"inserted\":1,\"changes\":[{\"old_val\":null,\"new_val\":{\"id\":1,\"deep\":" + Nested(500) + "}}]}]}";
        await using var server = Answering(summary);
        await using (var connection = Connect(server, maxDepth: 0))
        {
            var counts = await R.Expr(1).RunWriteAsync(connection);
            Assert.Equal(1, counts.Inserted);
        }
        await using (var connection = Connect(server, maxDepth: 600))
        {
            var result = await R.Expr(1).RunWriteAsync<JsonElement>(connection);
            Assert.Equal(Nested(500), Assert.Single(result.Changes).NewVal.GetProperty("deep").GetRawText());
        }
    }

    [Fact]
    public async Task A_deep_profile_and_a_deep_error_backtrace_are_read()
    {
        var profile = "[" + string.Concat(Enumerable.Repeat("{\"description\":\"Evaluating add.\",\"sub_tasks\":[", 300)) +
            string.Concat(Enumerable.Repeat("]}", 300)) + "]";
        await using (var server = Answering("{\"t\":1,\"r\":[2],\"p\":" + profile + "}"))
        await using (var connection = Connect(server, maxDepth: 0))
        {
            var profiled = await R.Expr(1).RunProfiledAsync<int>(connection);
            Assert.Equal(2, profiled.Value);
            Assert.Equal(JsonValueKind.Array, profiled.Profile.ValueKind);
        }
        var backtrace = "[" + string.Join(",", Enumerable.Repeat("0", 300)) + "]";
        await using (var server = Answering("{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform add on a non-number.\"],\"b\":" + backtrace + "}"))
        await using (var connection = Connect(server, maxDepth: 0))
        {
            var error = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => R.Expr(1).RunAsync<int>(connection));
            Assert.Equal(300, error.Backtrace?.Count);
            Assert.True(connection.IsOpen);
        }
    }
}
