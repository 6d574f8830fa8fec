using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Errors typed and blamed as the server types and blames them where that is not what one would guess:
/// <c>reduce</c> over an empty stream blames the reducing function's body, <c>r.error()</c> outside a <c>default</c>
/// is QUERY_LOGIC (not USER), <c>r.http</c> checks its address before anything else. Exact answers, against either
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
    ];

    [Theory, TestServer, RealServer]
    public async Task Errors_are_typed_and_blamed_as_the_server_types_and_blames_them(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers);
    }
}
