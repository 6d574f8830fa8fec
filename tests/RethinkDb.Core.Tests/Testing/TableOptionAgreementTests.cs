using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// A table's <c>read_mode</c> (its own or the query's global one) and <c>identifier_format</c> checked as 2.4.4 checks
/// them: before the table's name and existence, in the server's words. Exact answers, against either server.
/// </summary>
public sealed class TableOptionAgreementTests
{
    private static readonly (string Query, string Answer)[] Answers =
    [
        ("""[1,[15,[[14,["test"]],"nosuch"],{"read_mode":"bogus"}],{}]""", """{"t":18,"e":3000000,"r":["Read mode `bogus` unrecognized (options are \"majority\", \"single\", and \"outdated\")."],"b":[]}"""),
        ("""[1,[15,[[14,["test"]],"nosuch"],{"read_mode":5}],{}]""", """{"t":18,"e":3000000,"r":["Expected type STRING but found NUMBER."],"b":["read_mode"]}"""),
        ("""[1,[15,[[14,["test"]],"nosuch"],{"read_mode":"single"}],{}]""", """{"t":18,"e":4100000,"r":["Table `test.nosuch` does not exist."],"b":[]}"""),
        ("""[1,[15,[[14,["test"]],"nosuch"]],{"read_mode":"bogus"}]""", """{"t":18,"e":3000000,"r":["Read mode `bogus` unrecognized (options are \"majority\", \"single\", and \"outdated\")."],"b":[]}"""),
        ("""[1,[15,[[14,["test"]],"nosuch"],{"identifier_format":"bogus"}],{}]""", """{"t":18,"e":3000000,"r":["Identifier format `bogus` unrecognized (options are \"name\" and \"uuid\")."],"b":[]}"""),
        ("""[1,[15,[[14,["test"]],"nosuch"],{"identifier_format":"uuid"}],{}]""", """{"t":18,"e":4100000,"r":["Table `test.nosuch` does not exist."],"b":[]}"""),
        ("""[1,[15,["nosuch"],{"read_mode":"bogus"}],{}]""", """{"t":18,"e":3000000,"r":["Read mode `bogus` unrecognized (options are \"majority\", \"single\", and \"outdated\")."],"b":[]}"""),
        ("""[1,1,{"read_mode":"bogus"}]""", """{"t":1,"r":[1]}"""),
        ("""[1,[15,["bad name"],{"read_mode":"bogus"}],{}]""", """{"t":18,"e":3000000,"r":["Read mode `bogus` unrecognized (options are \"majority\", \"single\", and \"outdated\")."],"b":[]}"""),
        ("""[1,[15,[[14,["test"]],"nosuch"],{"read_mode":"bogus","identifier_format":"bogus"}],{}]""", """{"t":18,"e":3000000,"r":["Read mode `bogus` unrecognized (options are \"majority\", \"single\", and \"outdated\")."],"b":[]}"""),
        ("""[1,[15,[[14,["test"]],"nosuch"],{"identifier_format":5}],{}]""", """{"t":18,"e":3000000,"r":["Expected type STRING but found NUMBER."],"b":["identifier_format"]}"""),
        ("""[1,[15,[[14,["nodb"]],"nosuch"],{"read_mode":"bogus"}],{}]""", """{"t":18,"e":4100000,"r":["Database `nodb` does not exist."],"b":[0]}"""),
        ("""[1,[15,[[14,["test"]],"nosuch"],{"read_mode":"outdated"}],{"read_mode":"bogus"}]""", """{"t":18,"e":4100000,"r":["Table `test.nosuch` does not exist."],"b":[]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Read_mode_and_identifier_format_are_checked_as_on_the_server(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers);
    }
}
