using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// A value of the wrong kind, refused as the server's <c>val_t</c> refuses it: the kind found and the value's print
/// (<c>Expected type TABLE but found DATUM:\n5</c>, <c>… DATABASE:\ndb("test")</c>, <c>… FUNCTION:\nVALUE FUNCTION</c>,
/// <c>… SEQUENCE:\nVALUE SEQUENCE</c>, <c>… SELECTION:\nSELECTION ON table(x)</c>), blamed on the value; a join
/// takes a datum as a predicate that always answers it; <c>split</c>'s delimiter of the wrong type is blamed on
/// <c>split</c>. Exact answers, against either server.
/// </summary>
public sealed class ValueTypeErrorAgreementTests
{
    private static readonly (string Query, string Answer)[] Answers =
    [
        ("""[1,[56,[5,{}]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found DATUM:\n5"],"b":[0]}"""),
        ("""[1,[56,[[2,[1]],{}]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found DATUM:\n[\n\t1\n]"],"b":[0]}"""),
        ("""[1,[56,[null,{}]],{}]""", """{"t":18,"e":3100000,"r":["Expected type TABLE but found DATUM:\nnull"],"b":[0]}"""),
        ("""[1,[56,[{"a":[2,[1,"b"]]},{}]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found DATUM:\n{\n\t\"a\":\t[\n\t\t1,\n\t\t\"b\"\n\t]\n}"],"b":[0]}"""),
        ("""[1,[15,[5,"x"]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATABASE but found DATUM:\n5"],"b":[0]}"""),
        ("""[1,[15,[null,"x"]],{}]""", """{"t":18,"e":3100000,"r":["Expected type DATABASE but found DATUM:\nnull"],"b":[0]}"""),
        ("""[1,[60,[5,"x"]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATABASE but found DATUM:\n5"],"b":[0]}"""),
        ("""[1,[62,[[2,[1]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATABASE but found DATUM:\n[\n\t1\n]"],"b":[0]}"""),
        ("""[1,[24,[[14,["test"]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found DATABASE:\ndb(\"test\")"],"b":[0]}"""),
        ("""[1,[24,[[69,[[2,[]],1]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found FUNCTION:\nVALUE FUNCTION"],"b":[0]}"""),
        ("""[1,[24,[[173,[3]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found SEQUENCE:\nVALUE SEQUENCE"],"b":[0]}"""),
        ("""[1,[24,[1,[14,["test"]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found DATABASE:\ndb(\"test\")"],"b":[1]}"""),
        ("""[1,[174,[5]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found DATUM:\n5"],"b":[0]}"""),
        ("""[1,[175,["x"]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found DATUM:\n\"x\""],"b":[0]}"""),
        ("""[1,[138,[{"a":1}]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found DATUM:\n{\n\t\"a\":\t1\n}"],"b":[0]}"""),
        ("""[1,[77,[5]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found DATUM:\n5"],"b":[0]}"""),
        ("""[1,[16,[5,1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found DATUM:\n5"],"b":[0]}"""),
        ("""[1,[78,[5,1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found DATUM:\n5"],"b":[0]}"""),
        ("""[1,[64,[[14,["test"]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found DATABASE:\ndb(\"test\")"],"b":[0]}"""),
        ("""[1,[38,[[14,["test"]],[69,[[2,[1]],1]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type SEQUENCE but found DATABASE:\ndb(\"test\")"],"b":[0]}"""),
        ("""[1,[39,[[14,["test"]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type SEQUENCE but found DATABASE:\ndb(\"test\")"],"b":[0]}"""),
        ("""[1,[144,[[14,["test"]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type SEQUENCE but found DATABASE:\ndb(\"test\")"],"b":[0]}"""),
        ("""[1,[24,[[15,[[14,["rethinkdb"]],"server_status"]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found TABLE:\ntable(\"server_status\")"],"b":[0]}"""),
        ("""[1,[15,[[15,[[14,["rethinkdb"]],"server_status"]],"x"]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATABASE but found TABLE:\ntable(\"server_status\")"],"b":[0]}"""),
        ("""[1,[64,[[15,[[14,["rethinkdb"]],"server_status"]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found TABLE:\ntable(\"server_status\")"],"b":[0]}"""),
        ("""[1,[24,[[39,[[15,[[14,["rethinkdb"]],"server_status"]],{}]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found SELECTION:\nSELECTION ON table(server_status)"],"b":[0]}"""),
        ("""[1,[56,[[39,[[15,[[14,["rethinkdb"]],"server_status"]],{}]],{}]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found SELECTION:\nSELECTION ON table(server_status)"],"b":[0]}"""),
        ("""[1,[56,[[16,[[15,[[14,["rethinkdb"]],"server_status"]],"nope"]],{}]],{}]""", """{"t":18,"e":3100000,"r":["Expected type TABLE but found SINGLE_SELECTION:\nnull"],"b":[0]}"""),
        ("""[1,[182,[1,1,3]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found DATUM:\n1"],"b":[0]}"""),
        ("""[1,[182,[[173,[3]],1,2]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found SEQUENCE:\nVALUE SEQUENCE"],"b":[0]}"""),
        ("""[1,[182,[[14,["test"]],1,2]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found DATABASE:\ndb(\"test\")"],"b":[0]}"""),
        ("""[1,[149,["abc",5]],{}]""", """{"t":18,"e":3000000,"r":["Expected type STRING but found NUMBER."],"b":[]}"""),
        ("""[1,[149,["abc",null,1]],{}]""", """{"t":1,"r":[["abc"]]}"""),
        ("""[1,[190,[5]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found DATUM:\n5"],"b":[0]}"""),
        // Where a function is expected: joins take a datum as a predicate that always answers it.
        ("""[1,[48,[[2,[{"a":1}]],[2,[{"id":1}]],"a"]],{}]""", """{"t":1,"r":[[{"left":{"a":1},"right":{"id":1}}]]}"""),
        ("""[1,[48,[[2,[{"a":1}]],[2,[{"id":1}]],false]],{}]""", """{"t":1,"r":[[]]}"""),
        ("""[1,[49,[[2,[{"a":1}]],[2,[{"id":1}]],"a"]],{}]""", """{"t":1,"r":[[{"left":{"a":1},"right":{"id":1}}]]}"""),
        ("""[1,[49,[[2,[{"a":1}]],[2,[{"id":1}]],false]],{}]""", """{"t":1,"r":[[{"left":{"a":1}}]]}"""),
        ("""[1,[38,[[2,[1,2]],5]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found DATUM:\n5"],"b":[1]}"""),
        ("""[1,[40,[[2,[1,2]],[2,[5]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found DATUM:\n[\n\t5\n]"],"b":[1]}"""),
        ("""[1,[40,[[2,[1,2]],5]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found DATUM:\n5"],"b":[1]}"""),
        ("""[1,[37,[[2,[1,2]],5]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found DATUM:\n5"],"b":[1]}"""),
        ("""[1,[187,[[2,[1,2]],0,5]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found DATUM:\n5"],"b":[2]}"""),
        ("""[1,[39,[[2,[1,2]],5]],{}]""", """{"t":1,"r":[[1,2]]}"""),
        ("""[1,[39,[[2,[1,2]],false]],{}]""", """{"t":1,"r":[[]]}"""),
        ("""[1,[144,[[2,[1,2]],5]],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `1`."],"b":[1]}"""),
        ("""[1,[64,[5,1]],{}]""", """{"t":1,"r":[5]}"""),
        ("""[1,[64,[[173,[3]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found SEQUENCE:\nVALUE SEQUENCE"],"b":[0]}"""),
        ("""[1,[37,[[2,[1,2]],[15,[[14,["rethinkdb"]],"server_status"]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found TABLE:\ntable(\"server_status\")"],"b":[1]}"""),
        ("""[1,[37,[[2,[1,2]],[173,[3]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found SEQUENCE:\nVALUE SEQUENCE"],"b":[1]}"""),
        ("""[1,[37,[[2,[1,2]],[14,["test"]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found DATABASE:\ndb(\"test\")"],"b":[1]}"""),
        ("""[1,[38,[[2,[1,2]],[14,["test"]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found DATABASE:\ndb(\"test\")"],"b":[1]}"""),
        ("""[1,[75,[[15,[[14,["rethinkdb"]],"server_status"]],"x",5]],{}]""", """{"t":18,"e":3000000,"r":["Expected type FUNCTION but found DATUM:\n5"],"b":[2]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Values_of_the_wrong_kind_are_refused_with_their_print(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers);
    }
}
