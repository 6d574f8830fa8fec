using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// An endless <c>r.range()</c> as 2.4.4 treats it: streamed by the terms that read it lazily (<c>limit</c>, <c>map</c>,
/// <c>slice</c>, <c>is_empty</c>, joins), refused by those that need every row (aggregations, <c>coerce_to</c>,
/// <c>nth</c>, <c>contains</c>, <c>distinct</c>, <c>sample</c>), even once cut by <c>limit</c>/<c>skip</c>/<c>slice</c>; the
/// refusal blamed on the <c>range</c>, or on the <c>map</c>/<c>filter</c>/<c>fold</c> added to it, as the server blames it.
/// Exact answers of the real server.
/// </summary>
public sealed class EndlessStreamAgreementTests
{
    private static readonly (string Query, string Answer)[] Answers =
    [
        ("""[1,[51,[[71,[[173,[]],4]],"array"]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[43,[[71,[[173,[]],4]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[71,[[173,[]],4]],{}]""", """{"t":2,"r":[0,1,2,3],"n":[]}"""),
        ("""[1,[38,[[71,[[173,[]],4]],[69,[[2,[1]],[10,[1]]]]]],{}]""", """{"t":2,"r":[0,1,2,3],"n":[]}"""),
        ("""[1,[45,[[38,[[173,[]],[69,[[2,[1]],[10,[1]]]]]],2]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[93,[[39,[[173,[]],[69,[[2,[1]],true]]]],2]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[170,[[173,[]],2]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[81,[[173,[]],2]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[86,[[173,[]]]],{}]""", """{"t":1,"r":[false]}"""),
        ("""[1,[45,[[70,[[173,[]],3]],2]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[45,[[173,[]],5]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[93,[[173,[]],3]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[42,[[71,[[173,[]],3]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[93,[[71,[[173,[]],5]],3]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[45,[[71,[[173,[]],10]],5]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[43,[[173,[]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[43,[[38,[[173,[]],[69,[[2,[1]],[10,[1]]]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[43,[[39,[[173,[]],[69,[[2,[1]],true]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[51,[[173,[]],"array"]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[81,[[71,[[173,[]],4]],2]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[43,[[30,[[173,[]],2,4]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[30,[[173,[]],2,4]],{}]""", """{"t":2,"r":[2,3],"n":[]}"""),
        ("""[1,[43,[[70,[[173,[]],2]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[45,[[173,[]],-1]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[145,[[71,[[173,[]],3]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[43,[[187,[[173,[]],0,[69,[[2,[1,2]],[10,[1]]]]],{"emit":[69,[[2,[1,2,3]],[2,[[10,[2]]]]]]}]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
        ("""[1,[43,[[72,[[48,[[71,[[173,[]],2]],[2,[1]],[69,[[2,[1,2]],true]]]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0,0,0]}"""),
        ("""[1,[43,[[44,[[173,[]],[2,[1]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[42,[[38,[[71,[[173,[]],3]],[69,[[2,[1]],[10,[1]]]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0,0]}"""),
        ("""[1,[37,[[71,[[173,[]],3]],[69,[[2,[1,2]],[24,[[10,[1]],[10,[2]]]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[187,[[71,[[173,[]],3]],0,[69,[[2,[1,2]],[24,[[10,[1]],[10,[2]]]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[68,[[71,[[173,[]],2]],[69,[[2,[1]],[2,[]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[148,[[71,[[173,[]],3]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[146,[[71,[[173,[]],3]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[144,[[71,[[173,[]],3]],[69,[[2,[1]],[10,[1]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[41,[[71,[[173,[]],3]],[69,[[2,[1]],[10,[1]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0,0]}"""),
        ("""[1,[87,[[71,[[173,[]],5]],3]],{}]""", """{"t":2,"r":[3],"n":[]}"""),
        ("""[1,[48,[[71,[[173,[]],2]],[2,[1]],[69,[[2,[1,2]],true]]]],{}]""", """{"t":2,"r":[{"left":0,"right":1},{"left":1,"right":1}],"n":[]}"""),
        ("""[1,[43,[[48,[[173,[]],[2,[1]],[69,[[2,[1,2]],true]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Cannot use an infinite stream with an aggregation function (`reduce`, `count`, etc.) or coerce it to an array."],"b":[0]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task An_endless_range_is_streamed_or_refused_as_on_the_server(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers);
    }
}
