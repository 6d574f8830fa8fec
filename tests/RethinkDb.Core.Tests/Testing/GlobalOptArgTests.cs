using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// The global optional arguments of a START as the real server checks them: names against its list, in its order
/// (the term walker, then the names, then the compiler), and the configured limits before anything runs.
/// </summary>
public sealed class GlobalOptArgTests
{
    private static readonly (string Query, string Answer)[] Answers =
    [
        ("""[1,1,{"foo":1}]""", """{"t":17,"r":["Unrecognized global optional argument `foo`."],"b":[]}"""),
        ("""[1,1,{"db":[14,["x"]],"bar":1,"foo":2}]""", """{"t":17,"r":["Unrecognized global optional argument `bar`."],"b":[]}"""),
        // The walker's errors come first: an unknown term type, a misplaced asc.
        ("""[1,[999],{"foo":1}]""", """{"t":17,"r":["Unrecognized TermType: 999."],"b":[]}"""),
        ("""[1,[73,[1]],{"foo":1}]""", """{"t":17,"r":["ASC may only be used as an argument to ORDER_BY or UNION."],"b":[]}"""),
        // Known names are accepted, the optional arguments of any term among them.
        ("""[1,1,{"durability":"soft","read_mode":"outdated","right_bound":"open"}]""", """{"t":1,"r":[1]}"""),
        ("""[1,1,{"array_limit":0}]""", """{"t":18,"e":3000000,"r":["Illegal array size limit `0`.  (Must be >= 1.)"],"b":[]}"""),
        ("""[1,1,{"array_limit":-3}]""", """{"t":18,"e":3000000,"r":["Illegal array size limit `-3`.  (Must be >= 1.)"],"b":[]}"""),
        ("""[1,1,{"array_limit":1.5}]""", """{"t":18,"e":3000000,"r":["Number not an integer: 1.5"],"b":[]}"""),
        ("""[1,1,{"changefeed_queue_size":0}]""", """{"t":18,"e":3000000,"r":["Illegal changefeed queue size `0`.  (Must be >= 1.)"],"b":[]}"""),
        ("""[1,1,{"array_limit":0,"changefeed_queue_size":0}]""", """{"t":18,"e":3000000,"r":["Illegal changefeed queue size `0`.  (Must be >= 1.)"],"b":[]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Global_optargs_are_checked_as_the_server_checks_them(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers);
    }
}
