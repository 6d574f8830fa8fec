using System.Text;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Text in a query that is not proper UTF-8 or UTF-16, as the real server takes or refuses it: bytes that are not
/// UTF-8 (its own check, with its words), an escaped high surrogate alone (rapidjson refuses the query), an escaped
/// low surrogate alone (taken, and stored encoded on its own: the driver reads it as U+FFFD).
/// </summary>
public sealed class QueryTextAgreementTests
{
    private static readonly (byte[] Body, string Answer)[] Answers =
    [
        (Bytes("[1,\"a", 0xFF, "b\"]"),
            """{"t":17,"r":["String `a` (truncated) is not a UTF-8 string; Invalid initial byte seen at position 1."],"b":[]}"""),
        (Bytes("[1,\"", 0xC3, "\"]"),
            """{"t":17,"r":["String `` (truncated) is not a UTF-8 string; Expected continuation byte, saw end of string at position 0."],"b":[]}"""),
        (Bytes("[1,\"abc", 0xC3, "(\"]"),
            """{"t":17,"r":["String `abc` (truncated) is not a UTF-8 string; Expected continuation byte, saw something else at position 3."],"b":[]}"""),
        (Bytes("[1,[2,[\"ok\",\"bad", 0xFF, "\"]]]"),
            """{"t":17,"r":["String `bad` (truncated) is not a UTF-8 string; Invalid initial byte seen at position 3."],"b":[]}"""),
        (Encoding.UTF8.GetBytes("""[1,"a\ud800b"]"""),
            """{"t":16,"r":["Client is buggy (failed to deserialize query)."],"b":[]}"""),
        (Encoding.UTF8.GetBytes("""[1,"\ud800\n"]"""),
            """{"t":16,"r":["Client is buggy (failed to deserialize query)."],"b":[]}"""),
        // An escaped backslash before "ud800" is no escape.
        (Encoding.UTF8.GetBytes("""[1,"\\ud800"]"""), """{"t":1,"r":["\\ud800"]}"""),
    ];

    private static byte[] Bytes(string before, byte invalid, string after) =>
        [.. Encoding.UTF8.GetBytes(before), invalid, .. Encoding.UTF8.GetBytes(after)];

    [Theory, TestServer, RealServer]
    public async Task Text_that_is_not_unicode_is_refused_in_the_servers_words(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers);
    }

    [Theory, TestServer, RealServer]
    public async Task A_lone_low_surrogate_another_client_stored_reads_as_a_replacement_character(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("text");
        await using (var raw = await RawConnection.OpenAsync(h.Target))
        {
            // As JavaScript's JSON.stringify writes a string cut inside an emoji.
            await raw.SendAsync(1, $$"""[1,[56,[[15,[[14,["{{h.Db}}"]],"text"]],{"id":"a","v":"x\udc00y","big":"{{new string('b', 8000)}}"}]]]""");
            var (_, inserted) = await raw.ReceiveAsync();
            Assert.Equal(1, inserted.GetProperty("r")[0].GetProperty("inserted").GetInt32());
        }

        var document = await table.Get("a").RunAsync<Dictionary<string, string>>(h.Connection);
        var rows = new List<Dictionary<string, string>>();
        await foreach (var row in await table.RunCursorAsync<Dictionary<string, string>>(h.Connection))
        {
            rows.Add(row);
        }

        Assert.Equal("x\uFFFDy", document["v"]);
        Assert.Equal("x\uFFFDy", Assert.Single(rows)["v"]);
        Assert.True(h.Connection.IsOpen);
    }

    [Theory, TestServer, RealServer]
    public async Task A_lone_low_surrogate_in_json_text_reads_as_a_replacement_character(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);

        Assert.Equal("x\uFFFDy", await R.Json("\"x\\udc00y\"").RunAsync<string>(h.Connection));
        var refused = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => R.Json("\"x\\ud800y\"").RunAsync<string>(h.Connection));
        Assert.Equal("Failed to parse \"\"x\\ud800y\"\" as JSON: The surrogate pair in string is invalid.", refused.ErrorMessage);
        Assert.True(h.Connection.IsOpen);
    }
}
