using System.Text;
using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Queries and values nested deeper than System.Text.Json's default 64 levels, as RethinkDB 2.4.4 takes them: the test
/// server parses them at any depth, and where it would run out of stack it answers RESOURCE_LIMIT instead of ending
/// the process.
/// </summary>
public class DeepNestingTests
{
    private static string Nested(int levels) => new string('[', levels) + new string(']', levels);

    [Theory, TestServer, RealServer]
    public async Task A_document_nested_past_64_levels_is_stored_and_read_back_with_a_larger_max_depth(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("deep");
        await using var deepReader = await h.Target.ConnectAsync(o =>
            o.JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { MaxDepth = 300 });

        // Built by the server from text, so the query itself stays shallow.
        var inserted = await table.Insert(R.Json("{\"id\":1,\"v\":" + Nested(200) + "}")).RunWriteAsync(h.Connection);
        Assert.Equal(1, inserted.Inserted);

        var tooDeep = await Assert.ThrowsAsync<JsonException>(() => table.Get(1).RunAsync<JsonElement>(h.Connection));
        Assert.Contains("JsonSerializerOptions.MaxDepth", tooDeep.Message, StringComparison.Ordinal);
        Assert.Equal(2, await R.Expr(1).Add(1).RunAsync<int>(h.Connection));
        var read = await table.Get(1).RunAsync<JsonElement>(deepReader);
        Assert.Equal(Nested(200), read.GetProperty("v").GetRawText());
        var rows = await table.RunAsync<List<JsonElement>>(deepReader);
        Assert.Equal(Nested(200), Assert.Single(rows).GetProperty("v").GetRawText());
    }

    [Theory, TestServer, RealServer]
    public async Task Json_text_nested_a_thousand_levels_is_parsed_and_answered_whole(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.SendAsync(1, "[1,[98,[" + JsonSerializer.Serialize(Nested(1000)) + "]],{}]");
        var (_, body) = await raw.ReceiveAsync();

        Assert.Equal(1, body.GetProperty("t").GetInt32());
        Assert.Equal(Nested(1000), body.GetProperty("r")[0].GetRawText());
    }

    [Theory, TestServer, RealServer]
    public async Task A_query_twenty_thousand_terms_deep_is_answered_and_the_connection_goes_on(ServerKind kind)
    {
        // Deeper than the driver sends (it stops at 4,096 JSON levels); the real server answers it, the test server
        // answers it or, where its stack runs short, fails it with RESOURCE_LIMIT; either way the next query is answered.
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);
        var chain = new StringBuilder("0");
        for (var i = 0; i < 20_000; i++)
        {
            chain.Insert(0, "[24,[").Append(",1]]");
        }

        await raw.SendAsync(1, "[1," + chain + ",{}]");
        // Not a speed check: a Debug build on two cores busy with the other tests took over 10 s to answer it once.
        var (_, deep) = await raw.ReceiveAsync(TimeSpan.FromMinutes(2));
        await raw.SendAsync(2, "[1,[24,[1,1]],{}]");
        var (_, next) = await raw.ReceiveAsync();

        var type = deep.GetProperty("t").GetInt32();
        if (type == 1)
        {
            Assert.Equal(20_000, deep.GetProperty("r")[0].GetInt32());
        }
        else
        {
            Assert.Equal(ServerKind.TestServer, kind);
            Assert.Equal(18, type);
            Assert.Equal(2000000, deep.GetProperty("e").GetInt32());
            Assert.Contains("nested this deeply", deep.GetProperty("r")[0].GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(2, next.GetProperty("r")[0].GetInt32());
    }
}
