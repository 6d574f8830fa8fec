using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Errors typed and blamed as the server types and blames them where that is not what one would guess:
/// <c>reduce</c> over an empty stream blames the reducing function's body, <c>r.error()</c> outside a <c>default</c>
/// is QUERY_LOGIC (not USER), <c>r.http</c> checks its address before anything else, a function called with the
/// wrong number of arguments and what <c>for_each</c>'s function gives are blamed on the function's body, <c>r.args</c>
/// of a non-array on itself, an index function that is not deterministic on its body. Exact answers, against either
/// server (the test server's <c>r.http</c> then says it has no network, as documented).
/// </summary>
public sealed class ErrorTypingAgreementTests
{
    private static readonly (string Query, string Answer)[] Answers =
    [
        ("""[1,[37,[[2,[]],[69,[[2,[1,2]],[24,[[10,[1]],[10,[2]]]]]]]],{}]""", """{"t":18,"e":3100000,"r":["Cannot reduce over an empty stream."],"b":[1,1]}"""),
        ("""[1,[37,[[173,[0]],[69,[[2,[1,2]],[10,[1]]]]]],{}]""", """{"t":18,"e":3100000,"r":["Cannot reduce over an empty stream."],"b":[1,1]}"""),
        ("""[1,[12,[]],{}]""", """{"t":18,"e":3000000,"r":["Empty ERROR term outside a default block."],"b":[]}"""),
        ("""[1,[2,[1,[12,[]]]],{}]""", """{"t":18,"e":3000000,"r":["Empty ERROR term outside a default block."],"b":[1]}"""),
        ("""[1,[92,[[12,[]],5]],{}]""", """{"t":18,"e":3000000,"r":["Empty ERROR term outside a default block."],"b":[0]}"""),
        ("""[1,[153,[5]],{}]""", """{"t":18,"e":3000000,"r":["Expected type STRING but found NUMBER."],"b":[0]}"""),
        ("""[1,[153,[{"a":1}]],{}]""", """{"t":18,"e":3000000,"r":["Expected type STRING but found OBJECT."],"b":[0]}"""),
        ("""[1,[39,[[2,[1,2]],[69,[[2,[1,2]],true]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected function with 1 argument but found function with 2 arguments."],"b":[1,1]}"""),
        ("""[1,[37,[[2,[1,2]],[69,[[2,[1]],[10,[1]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected function with 2 arguments but found function with 1 argument."],"b":[1,1]}"""),
        ("""[1,[64,[[69,[[2,[1,2]],[10,[1]]]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected function with 1 argument but found function with 2 arguments."],"b":[0,1]}"""),
        ("""[1,[2,[[64,[[69,[[2,[1,2]],[10,[1]]]],1]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected function with 1 argument but found function with 2 arguments."],"b":[0,0,1]}"""),
        ("""[1,[92,[[31,[{"a":1},"b"]],[69,[[2,[1,2]],[10,[1]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected function with 1 argument but found function with 2 arguments."],"b":[1,1]}"""),
        ("""[1,[68,[[173,[3]],[69,[[2,[1]],[2,[5]]]]]],{}]""", """{"t":18,"e":3000000,"r":["FOR_EACH expects one or more basic write queries.  Expected type OBJECT but found NUMBER."],"b":[1,1]}"""),
        ("""[1,[68,[[173,[3]],5]],{}]""", """{"t":18,"e":3000000,"r":["FOR_EACH expects one or more basic write queries.  Expected type ARRAY but found NUMBER."],"b":[1]}"""),
        ("""[1,[68,[[173,[3]],[69,[[2,[1]],5]]]],{}]""", """{"t":18,"e":3000000,"r":["FOR_EACH expects one or more basic write queries.  Expected type ARRAY but found NUMBER."],"b":[1,1]}"""),
        ("""[1,[154,[5]],{}]""", """{"t":18,"e":3000000,"r":["Expected type ARRAY but found NUMBER."],"b":[]}"""),
        ("""[1,[2,[[154,[5]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type ARRAY but found NUMBER."],"b":[0]}"""),
        ("""[1,[24,[1,[154,["a"]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type ARRAY but found STRING."],"b":[1]}"""),
        ("""[1,[24,[1,[154,[[2,[2,3]]]]]],{}]""", """{"t":1,"r":[6]}"""),
        ("""[1,[177,[]],{}]""", """{"t":18,"e":3000000,"r":["`wait` can only be called on a table or database."],"b":[]}"""),
        ("""[1,[177,[[14,["test"]],1]],{}]""", """{"t":17,"r":["Expected between 0 and 1 arguments but found 2."],"b":[]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Errors_are_typed_and_blamed_as_the_server_types_and_blames_them(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers);
    }

    private static readonly (string Query, string Answer)[] IndexAnswers =
    [
        ("""[1,[75,[[15,[[14,["test"]],"dt"]],"r",[69,[[2,[1]],[151,[]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove function deterministic.  Index functions must be deterministic."],"b":[2,1]}"""),
        ("""[1,[75,[[15,[[14,["test"]],"dt"]],"u",[69,[[2,[1]],[169,[]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove function deterministic.  Index functions must be deterministic."],"b":[2,1]}"""),
        ("""[1,[75,[[15,[[14,["test"]],"dt"]],"n",[69,[[2,[1]],[2,[[103,[]]]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove function deterministic.  Index functions must be deterministic."],"b":[2,1]}"""),
        ("""[1,[75,[[15,[[14,["test"]],"dt"]],"ok",[69,[[2,[1]],[169,["a"]]]]]],{}]""", """{"t":1,"r":[{"created":1}]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Index_functions_that_are_not_deterministic_are_refused_as_on_the_server(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersOnTableAsync("dt", IndexAnswers);
    }
}
