using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// What <c>changes()</c> accepts and refuses, as 2.4.4 words and blames it: a value that is no sequence (blamed on
/// <c>changes</c> itself), an eager stream (a <c>limit</c> handing the blame down to what it limits), the first elements
/// of an unordered stream; <c>min</c>/<c>max</c> by index watched as an ORDER_BY_LIMIT feed; offsets written in the
/// server's key order. Exact answers, against either server.
/// </summary>
public sealed class FeedShapeAgreementTests
{
    private const string Feeds = """[15,[[14,["test"]],"fo"]]""";

    private static readonly (string Query, string Answer)[] Answers =
    [
        ("""[1,[56,[[15,[[14,["test"]],"fs"]],[2,[{"id":1,"a":3},{"id":2,"a":1}]]]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":2,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[75,[[15,[[14,["test"]],"fs"]],"a"]],{}]""", """{"t":1,"r":[{"created":1}]}"""),
        ("""[1,[43,[[140,[[15,[[14,["test"]],"fs"]],"a"]]]],{}]""", """{"t":1,"r":[1]}"""),
        ("""[1,[152,[5]],{}]""", """{"t":18,"e":3000000,"r":["Cannot convert NUMBER to SEQUENCE"],"b":[]}"""),
        ("""[1,[152,["x"]],{}]""", """{"t":18,"e":3000000,"r":["Cannot convert STRING to SEQUENCE"],"b":[]}"""),
        ("""[1,[152,[null]],{}]""", """{"t":18,"e":3100000,"r":["Cannot convert NULL to SEQUENCE"],"b":[]}"""),
        ("""[1,[152,[[147,[[15,[[14,["test"]],"fs"]],"a"]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot convert OBJECT to SEQUENCE"],"b":[]}"""),
        ("""[1,[152,[[71,[[41,[[15,[[14,["test"]],"fs"]],"a"]],1]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot call `changes` on an eager stream."],"b":[0,0]}"""),
        ("""[1,[152,[[71,[[39,[[41,[[15,[[14,["test"]],"fs"]],"a"]],true]],1]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot call `changes` on an eager stream."],"b":[0,0]}"""),
        ("""[1,[152,[[71,[[71,[[41,[[15,[[14,["test"]],"fs"]],"a"]],2]],1]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot call `changes` on an eager stream."],"b":[0,0,0]}"""),
        ("""[1,[152,[[71,[[2,[1,2]],1]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot call `changes` on an eager stream."],"b":[0]}"""),
        ("""[1,[152,[[71,[[42,[[15,[[14,["test"]],"fs"]]]],1]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot call `changes` on an eager stream."],"b":[0,0]}"""),
        ("""[1,[152,[[71,[[81,[[15,[[14,["test"]],"fs"]],1]],1]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot call `changes` on an eager stream."],"b":[0,0]}"""),
        ("""[1,[152,[[71,[[15,[[14,["test"]],"fs"]],1]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot get changes on the first elements of an unordered stream."],"b":[]}"""),
        ("""[1,[152,[[71,[[39,[[15,[[14,["test"]],"fs"]],true]],1]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot get changes on the first elements of an unordered stream."],"b":[]}"""),
        ("""[1,[152,[[30,[[15,[[14,["test"]],"fs"]],0,1]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot get changes on the first elements of an unordered stream."],"b":[]}"""),
        ("""[1,[152,[[41,[[15,[[14,["test"]],"fs"]],"a"]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot call `changes` on an eager stream."],"b":[0]}"""),
        ("""[1,[152,[[2,[1,2]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot call `changes` on an eager stream."],"b":[0]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Changes_refuses_what_the_server_refuses_in_its_words(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersOnTableAsync("fs", Answers);
    }

    [Theory, TestServer, RealServer]
    public async Task Min_and_max_by_index_are_order_by_limit_feeds_and_offsets_come_in_the_servers_key_order(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);
        await raw.SendAsync(1, $$"""[1,[60,[[14,["test"]],"fo"]],{}]""");
        await raw.ReceiveAsync();
        try
        {
            await raw.AssertAnswersAsync(
            [
                ($$"""[1,[56,[{{Feeds}},[2,[{"id":1,"a":3},{"id":2,"a":1}]]]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":2,"replaced":0,"skipped":0,"unchanged":0}]}"""),
                ($$"""[1,[75,[{{Feeds}},"a"]],{}]""", """{"t":1,"r":[{"created":1}]}"""),
                ($$"""[1,[43,[[140,[{{Feeds}},"a"]]]],{}]""", """{"t":1,"r":[1]}"""),
            ]);
            foreach (var extreme in new[] { 147, 148 })
            {
                await raw.SendAsync(100 + extreme, $$"""[1,[152,[[{{extreme}},[{{Feeds}}],{"index":"a"}]]],{}]""");
                Assert.Equal("""{"t":3,"r":[],"n":[3]}""", (await raw.ReceiveAsync()).Body.GetRawText());
                await raw.SendAsync(100 + extreme, "[3]");
                await raw.ReceiveAsync();
            }

            // The real server may send the initial values in a later batch than the first: read until both came.
            const long token = 500;
            await raw.SendAsync(token, $$"""[1,[152,[[71,[[41,[{{Feeds}}],{"index":"a"}],5]]],{"include_initial":true,"include_types":true,"include_offsets":true}],{}]""");
            var items = new List<string>();
            for (var batch = 0; batch < 5 && items.Count < 2; batch++)
            {
                if (batch > 0)
                {
                    await raw.SendAsync(token, "[2]");
                }
                var (_, body) = await raw.ReceiveAsync();
                Assert.Equal(3, body.GetProperty("t").GetInt32());
                items.AddRange(body.GetProperty("r").EnumerateArray().Select(item => item.GetRawText()));
            }
            Assert.Equal(
                [
                    """{"new_offset":0,"new_val":{"a":1,"id":2},"type":"initial"}""",
                    """{"new_offset":1,"new_val":{"a":3,"id":1},"type":"initial"}""",
                ],
                items);
            await raw.SendAsync(token, "[3]");
            await raw.ReceiveAsync();
        }
        finally
        {
            await raw.SendAsync(1_000, $$"""[1,[61,[[14,["test"]],"fo"]],{}]""");
            await raw.ReceiveAsync();
        }
    }
}
