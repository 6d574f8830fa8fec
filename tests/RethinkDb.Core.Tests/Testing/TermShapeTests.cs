using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Term arrays of every shape the server's walker takes or refuses (term_walker.cc), against either server: one to
/// three elements, a type number first, then arguments (an array) and optional arguments (an object) in that order,
/// either one alone.
/// </summary>
public sealed class TermShapeTests
{
    private static readonly (string Term, string Answer)[] Answers =
    [
        // MAKE_OBJ with its optional arguments second and no arguments, and the usual form.
        ("""[3,{"a":1}]""", """{"t":1,"r":[{"a":1}]}"""),
        ("""[3,[],{"a":1}]""", """{"t":1,"r":[{"a":1}]}"""),
        ("""[2,{}]""", """{"t":1,"r":[[]]}"""),
        ("""[2,[1,[3,{"b":[2,[1,2]]}]]]""", """{"t":1,"r":[[1,{"b":[1,2]}]]}"""),
        ("""[24,{"a":1}]""", """{"t":17,"r":["Expected 1 or more arguments but found 0."],"b":[]}"""),
        // Comparisons need two arguments.
        ("""[17,[1]]""", """{"t":17,"r":["Expected 2 or more arguments but found 1."],"b":[]}"""),
        ("""[18,[1]]""", """{"t":17,"r":["Expected 2 or more arguments but found 1."],"b":[]}"""),
        ("""[19,[1]]""", """{"t":17,"r":["Expected 2 or more arguments but found 1."],"b":[]}"""),
        ("""[20,[1]]""", """{"t":17,"r":["Expected 2 or more arguments but found 1."],"b":[]}"""),
        ("""[21,[1]]""", """{"t":17,"r":["Expected 2 or more arguments but found 1."],"b":[]}"""),
        ("""[22,[1]]""", """{"t":17,"r":["Expected 2 or more arguments but found 1."],"b":[]}"""),
        ("""[3,5]""", """{"t":17,"r":["Second element in a Term is neither arguments nor optional arguments."],"b":[]}"""),
        ("""[2,"x"]""", """{"t":17,"r":["Second element in a Term is neither arguments nor optional arguments."],"b":[]}"""),
        ("""[24,[1,2],5]""", """{"t":17,"r":["Third element in a Term is not optional arguments."],"b":[]}"""),
        ("""[24,{},{}]""", """{"t":17,"r":["Second and third element in a term are both optional arguments."],"b":[]}"""),
        ("""[24,[1,2],{},1]""", """{"t":17,"r":["Expected between 1 and 3 elements in a raw term, but found 4."],"b":[]}"""),
        ("""[24,[1,[]]]""", """{"t":17,"r":["Expected between 1 and 3 elements in a raw term, but found 0."],"b":[1]}"""),
        ("""["x"]""", """{"t":17,"r":["Expected a TermType as a NUMBER but found STRING."],"b":[]}"""),
        ("""[null]""", """{"t":17,"r":["Expected a TermType as a NUMBER but found NULL."],"b":[]}"""),
        ("""[true,[1]]""", """{"t":17,"r":["Expected a TermType as a NUMBER but found BOOL."],"b":[]}"""),
        ("""[[1],[2]]""", """{"t":17,"r":["Expected a TermType as a NUMBER but found ARRAY."],"b":[]}"""),
        // Pre-order: a misplaced asc inside is found where it is.
        ("""[24,[1,[2,[[73,[1]]]]]]""", """{"t":17,"r":["ASC may only be used as an argument to ORDER_BY or UNION."],"b":[1,0]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Term_shapes_are_taken_and_refused_as_the_server_walker_does(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers.Select(a => ($"[1,{a.Term},{{}}]", a.Answer)));
    }
}
