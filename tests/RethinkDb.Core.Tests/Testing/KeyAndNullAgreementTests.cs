using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Primary keys of the wrong type, refused as the server refuses them: by <c>get</c> while the table is read, outside
/// any term (an empty backtrace however deep the <c>get</c>), by <c>get_all</c> as its own error once no key is null;
/// and <c>sum</c>/<c>avg</c> skipping null values (adding null fails with NON_EXISTENCE, which the terminal skips as a
/// missing field). Exact answers, against either server.
/// </summary>
public sealed class KeyAndNullAgreementTests
{
    private const string Table = "agreement_keys";

    private static readonly (string Query, string Answer)[] KeyAnswers =
    [
        ("""[1,[16,[[15,[[14,["test"]],"agreement_keys"]],null]],{}]""", """{"t":18,"e":3100000,"r":["Primary keys must be either a number, string, bool, pseudotype or array (got type NULL):\nnull"],"b":[]}"""),
        ("""[1,[16,[[15,[[14,["test"]],"agreement_keys"]],{"a":1}]],{}]""", """{"t":18,"e":3000000,"r":["Primary keys must be either a number, string, bool, pseudotype or array (got type OBJECT):\n{\n\t\"a\":\t1\n}"],"b":[]}"""),
        ("""[1,[2,[[16,[[15,[[14,["test"]],"agreement_keys"]],null]]]],{}]""", """{"t":18,"e":3100000,"r":["Primary keys must be either a number, string, bool, pseudotype or array (got type NULL):\nnull"],"b":[]}"""),
        ("""[1,[31,[[16,[[15,[[14,["test"]],"agreement_keys"]],null]],"a"]],{}]""", """{"t":18,"e":3100000,"r":["Primary keys must be either a number, string, bool, pseudotype or array (got type NULL):\nnull"],"b":[]}"""),
        ("""[1,[54,[[16,[[15,[[14,["test"]],"agreement_keys"]],null]]]],{}]""", """{"t":18,"e":3100000,"r":["Primary keys must be either a number, string, bool, pseudotype or array (got type NULL):\nnull"],"b":[]}"""),
        ("""[1,[78,[[15,[[14,["test"]],"agreement_keys"]],null]],{}]""", """{"t":18,"e":3100000,"r":["Keys cannot be NULL."],"b":[1]}"""),
        ("""[1,[78,[[15,[[14,["test"]],"agreement_keys"]],[2,[1]],{"a":1}]],{}]""", """{"t":18,"e":3000000,"r":["Primary keys must be either a number, string, bool, pseudotype or array (got type OBJECT):\n{\n\t\"a\":\t1\n}"],"b":[]}"""),
        ("""[1,[78,[[15,[[14,["test"]],"agreement_keys"]],{"a":1},null]],{}]""", """{"t":18,"e":3100000,"r":["Keys cannot be NULL."],"b":[2]}"""),
        ("""[1,[2,[[78,[[15,[[14,["test"]],"agreement_keys"]],{"a":1}]]]],{}]""", """{"t":18,"e":3000000,"r":["Primary keys must be either a number, string, bool, pseudotype or array (got type OBJECT):\n{\n\t\"a\":\t1\n}"],"b":[0]}"""),
    ];

    private static readonly (string Query, string Answer)[] NullAnswers =
    [
        ("""[1,[145,[[2,[1,null]]]],{}]""", """{"t":1,"r":[1]}"""),
        ("""[1,[146,[[2,[1,null]]]],{}]""", """{"t":1,"r":[1]}"""),
        ("""[1,[145,[[2,[{"a":1},{"a":null},{"b":1}]],"a"]],{}]""", """{"t":1,"r":[1]}"""),
        ("""[1,[146,[[2,[{"a":null}]],"a"]],{}]""", """{"t":18,"e":3100000,"r":["Cannot take the average of an empty stream.  (If you passed `avg` a field name, it may be that no elements of the stream had that field.)"],"b":[]}"""),
        ("""[1,[145,[[2,[{"a":null}]],"a"]],{}]""", """{"t":1,"r":[0]}"""),
        ("""[1,[145,[[2,[null]]]],{}]""", """{"t":1,"r":[0]}"""),
        ("""[1,[145,[[2,[{"a":1},{"a":null}]],[69,[[2,[1]],[31,[[10,[1]],"a"]]]]]],{}]""", """{"t":1,"r":[1]}"""),
        ("""[1,[145,[[144,[[2,[{"g":1,"a":null},{"g":2,"a":3}]],"g"]],"a"]],{}]""", """{"t":1,"r":[{"$reql_type$":"GROUPED_DATA","data":[[2,3]]}]}"""),
        ("""[1,[146,[[144,[[2,[{"g":1,"a":null},{"g":2,"a":3}]],"g"]],"a"]],{}]""", """{"t":1,"r":[{"$reql_type$":"GROUPED_DATA","data":[[2,3]]}]}"""),
        ("""[1,[145,[[2,[1,"x"]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type NUMBER but found STRING."],"b":[]}"""),
        ("""[1,[145,[[2,[{"a":1},{"a":"x"}]],"a"]],{}]""", """{"t":18,"e":3000000,"r":["Expected type NUMBER but found STRING."],"b":[]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Keys_of_the_wrong_type_are_refused_where_the_server_refuses_them(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersOnTableAsync(Table, KeyAnswers);
    }

    [Theory, TestServer, RealServer]
    public async Task Sum_and_average_skip_null_values(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(NullAnswers);
    }
}
