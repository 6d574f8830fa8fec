using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// The terms that take a range: <c>slice</c>, <c>during</c> and <c>between</c> (and its old number, 36). A bound
/// option that is neither <c>open</c> nor <c>closed</c> is refused with its print (quoted), and <c>during</c> reads each
/// bound's option only when the time falls on that bound; <c>between</c> refuses anything but a table slice with the
/// value's print, as the server's <c>val_t</c> prints it. Exact answers, against either server.
/// </summary>
public sealed class RangeTermAgreementTests
{
    private static readonly (string Query, string Answer)[] Answers =
    [
        ("""[1,[30,[[2,[1,2,3]],0,2],{"left_bound":"x"}],{}]""", """{"t":18,"e":3000000,"r":["Expected `open` or `closed` for optarg `left_bound` (got `\"x\"`)."],"b":[]}"""),
        ("""[1,[30,[[2,[1,2,3]],0,2],{"right_bound":"é\n"}],{}]""", """{"t":18,"e":3000000,"r":["Expected `open` or `closed` for optarg `right_bound` (got `\"é\\n\"`)."],"b":[]}"""),
        ("""[1,[105,[[101,[5]],[101,[0]],[101,[10]]],{"left_bound":"x"}],{}]""", """{"t":1,"r":[true]}"""),
        ("""[1,[105,[[101,[0]],[101,[0]],[101,[10]]],{"left_bound":"x"}],{}]""", """{"t":18,"e":3000000,"r":["Expected `open` or `closed` for optarg `left_bound` (got `\"x\"`)."],"b":[]}"""),
        ("""[1,[105,[[101,[0]],[101,[0]],[101,[10]]],{"left_bound":"open","right_bound":"x"}],{}]""", """{"t":1,"r":[false]}"""),
        ("""[1,[105,[[101,[10]],[101,[0]],[101,[10]]],{"left_bound":"x","right_bound":"y"}],{}]""", """{"t":18,"e":3000000,"r":["Expected `open` or `closed` for optarg `right_bound` (got `\"y\"`)."],"b":[]}"""),
        ("""[1,[105,[[101,[10]],[101,[10]],[101,[10]]],{"left_bound":"x","right_bound":"y"}],{}]""", """{"t":18,"e":3000000,"r":["Expected `open` or `closed` for optarg `left_bound` (got `\"x\"`)."],"b":[]}"""),
        ("""[1,[105,[[101,[10]],[101,[10]],[101,[10]]],{"left_bound":"closed","right_bound":"y"}],{}]""", """{"t":18,"e":3000000,"r":["Expected `open` or `closed` for optarg `right_bound` (got `\"y\"`)."],"b":[]}"""),
        ("""[1,[105,[[101,[10]],[101,[10]],[101,[10]]],{"left_bound":"open","right_bound":"y"}],{}]""", """{"t":1,"r":[false]}"""),
        ("""[1,[105,[[101,[5]],[101,[10]],[101,[0]]],{"left_bound":"x"}],{}]""", """{"t":1,"r":[false]}"""),
        ("""[1,[105,[[101,[5]],[101,[0]],[101,[10]]],{"left_bound":5}],{}]""", """{"t":1,"r":[true]}"""),
        ("""[1,[105,[[101,[0]],[101,[0]],[101,[10]]],{"left_bound":5}],{}]""", """{"t":18,"e":3000000,"r":["Expected type STRING but found NUMBER."],"b":["left_bound"]}"""),
        ("""[1,[182,[[2,[1,2,3]],1,3],{"left_bound":"x"}],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found DATUM:\n[\n\t1,\n\t2,\n\t3\n]"],"b":[0]}"""),
        ("""[1,[36,[[2,[1,2,3]],1,3]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found DATUM:\n[\n\t1,\n\t2,\n\t3\n]"],"b":[0]}"""),
        ("""[1,[182,[1,1,3]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found DATUM:\n1"],"b":[0]}"""),
        ("""[1,[182,["a",1,3]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found DATUM:\n\"a\""],"b":[0]}"""),
        ("""[1,[182,[{"a":1},1,3]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found DATUM:\n{\n\t\"a\":\t1\n}"],"b":[0]}"""),
        ("""[1,[182,[null,1,3]],{}]""", """{"t":18,"e":3100000,"r":["Expected type TABLE_SLICE but found DATUM:\nnull"],"b":[0]}"""),
        ("""[1,[182,[[173,[3]],1,2]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found SEQUENCE:\nVALUE SEQUENCE"],"b":[0]}"""),
        ("""[1,[182,[[14,["test"]],1,2]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found DATABASE:\ndb(\"test\")"],"b":[0]}"""),
        ("""[1,[182,[[69,[[2,[]],[1,[3]]]],1,2]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found FUNCTION:\nVALUE FUNCTION"],"b":[0]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Ranges_and_their_bounds_are_read_as_the_server_reads_them(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers);
    }
}
