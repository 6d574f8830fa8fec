using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// <c>union</c> with an ordering (<c>interleave</c> a field, a function, <c>r.asc</c>/<c>r.desc</c>, a list of them, any
/// other datum read as a field name) as 2.4.4 merges it: the inputs taken as sorted and checked to be, rows missing the
/// key first, equal rows of different inputs in the order of the server's heap, the first key that cannot be read blamed
/// where the ordering was given; and <c>r.minval</c>/<c>r.maxval</c> named by <c>type_of</c>/<c>info</c> and refused by
/// <c>coerce_to</c>. Exact answers of the real server.
/// </summary>
public sealed class OrderedUnionAgreementTests
{
    private static readonly (string Query, string Answer)[] UnionAnswers =
    [
        ("""[1,[44,[[2,[1]],[2,[2]]],{"interleave":"a"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `2`."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[1]],[2,[2]],[2,[3]]],{"interleave":"a"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `2`."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[{"a":1},5]],[2,[{"a":2}]]],{"interleave":"a"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `5`."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[{"a":1},{"a":3}]],[2,[{"a":2},7]]],{"interleave":"a"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `7`."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[1,2]]],{"interleave":"a"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `2`."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[{"a":1},2]]],{"interleave":"a"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `2`."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[{"a":3},{"a":1}]],[2,[{"a":2}]]],{"interleave":"a"}],{}]""", """{"t":18,"e":3000000,"r":["The streams given as arguments are not ordered by given ordering."],"b":[]}"""),
        ("""[1,[44,[[2,[{"a":3},{"b":1}]],[2,[{"a":2}]]],{"interleave":"a"}],{}]""", """{"t":18,"e":3000000,"r":["The streams given as arguments are not ordered by given ordering."],"b":[]}"""),
        ("""[1,[44,[[2,[{"a":1}]],[2,[{"a":2}]]],{"interleave":[69,[[2,[1]],[31,[[10,[1]],"b"]]]]}],{}]""", """{"t":1,"r":[[{"a":1},{"a":2}]]}"""),
        ("""[1,[44,[[2,[{"a":1}]],[2,[{"a":2}]]],{"interleave":[2,["a",[74,["a"]]]]}],{}]""", """{"t":1,"r":[[{"a":1},{"a":2}]]}"""),
        ("""[1,[44,[[2,[{"a":1}]],[2,[{"a":2}]]],{"interleave":[74,["a"]]}],{}]""", """{"t":1,"r":[[{"a":2},{"a":1}]]}"""),
        ("""[1,[44,[[2,[{"a":1}]],[2,[{"a":2}]]],{"interleave":[2,[5]]}],{}]""", """{"t":18,"e":3000000,"r":["Expected type STRING but found NUMBER."],"b":["interleave",0]}"""),
        ("""[1,[44,[[2,[{"a":1}]],[2,[{"a":2}]]],{"interleave":5}],{}]""", """{"t":18,"e":3000000,"r":["Expected type STRING but found NUMBER."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[1]],[2,[{"a":1}]]],{"interleave":"a"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `1`."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[{"a":1}]],[2,[1]]],{"interleave":"a"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `1`."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[1]]],{"interleave":"a"}],{}]""", """{"t":1,"r":[[1]]}"""),
        ("""[1,[44,[[2,[]],[2,[1]]],{"interleave":"a"}],{}]""", """{"t":1,"r":[[1]]}"""),
        ("""[1,[44,[[2,[{"a":2}]],[2,[{"a":1}]]],{"interleave":"a"}],{}]""", """{"t":1,"r":[[{"a":1},{"a":2}]]}"""),
        ("""[1,[44,[[2,[{"a":1,"s":1},{"a":1,"s":2}]],[2,[{"a":1,"s":3}]]],{"interleave":"a"}],{}]""", """{"t":1,"r":[[{"a":1,"s":1},{"a":1,"s":3},{"a":1,"s":2}]]}"""),
        ("""[1,[44,[[2,[{"a":1}]],[2,[{"b":1}]]],{"interleave":"a"}],{}]""", """{"t":1,"r":[[{"b":1},{"a":1}]]}"""),
        ("""[1,[44,[[2,[{"b":1}]],[2,[{"a":1}]]],{"interleave":"a"}],{}]""", """{"t":1,"r":[[{"b":1},{"a":1}]]}"""),
        ("""[1,[44,[[2,[{"b":1},{"b":2}]],[2,[{"a":1}]]],{"interleave":"a"}],{}]""", """{"t":1,"r":[[{"b":1},{"b":2},{"a":1}]]}"""),
        ("""[1,[44,[[2,[{"a":1},{"b":2}]],[2,[{"a":0}]]],{"interleave":"a"}],{}]""", """{"t":18,"e":3000000,"r":["The streams given as arguments are not ordered by given ordering."],"b":[]}"""),
        ("""[1,[44,[[2,[{"a":1},{"a":5}]],[2,[{"a":3},{"a":4}]]],{"interleave":[2,[[74,["a"]]]]}],{}]""", """{"t":18,"e":3000000,"r":["The streams given as arguments are not ordered by given ordering."],"b":[]}"""),
        ("""[1,[44,[[2,[{"a":5},{"a":1}]],[2,[{"a":4},{"a":3}]]],{"interleave":[2,[[74,["a"]]]]}],{}]""", """{"t":1,"r":[[{"a":5},{"a":4},{"a":3},{"a":1}]]}"""),
        ("""[1,[44,[[2,[1,2,3]],[2,[2,5]]],{"interleave":[69,[[2,[1]],[10,[1]]]]}],{}]""", """{"t":1,"r":[[1,2,2,3,5]]}"""),
        ("""[1,[44,[[2,[1,2,3]],[2,[2,5]]],{"interleave":[2,[]]}],{}]""", """{"t":1,"r":[[1,2,3,2,5]]}"""),
        ("""[1,[44,[[2,[{"a":1,"b":2},{"a":1,"b":1}]]],{"interleave":[2,["a","b"]]}],{}]""", """{"t":18,"e":3000000,"r":["The streams given as arguments are not ordered by given ordering."],"b":[]}"""),
        ("""[1,[44,[[2,[1,2]],[173,[3]]],{"interleave":[69,[[2,[1]],[10,[1]]]]}],{}]""", """{"t":2,"r":[0,1,1,2,2],"n":[]}"""),
        ("""[1,[52,[[44,[[2,[1,2]],[2,[3]]],{"interleave":[69,[[2,[1]],[10,[1]]]]}]]],{}]""", """{"t":1,"r":["ARRAY"]}"""),
        ("""[1,[44,[[2,[1]],[2,[2]]],{"interleave":[2,["a"]]}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `2`."],"b":["interleave",0]}"""),
        ("""[1,[44,[[2,[1]],[2,[2]]],{"interleave":[2,["b",[74,["a"]]]]}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `2`."],"b":["interleave",0]}"""),
        ("""[1,[44,[[2,[{"b":1}]],[2,[{"b":1,"a":2}]]],{"interleave":[2,["b",[74,["a"]]]]}],{}]""", """{"t":1,"r":[[{"a":2,"b":1},{"b":1}]]}"""),
        ("""[1,[44,[[2,[1]],[2,[2]]],{"interleave":[74,[5]]}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `2`."],"b":["interleave",0]}"""),
        ("""[1,[44,[[2,[1]],[2,[2]]],{"interleave":[74,["a"]]}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `2`."],"b":["interleave",0]}"""),
        ("""[1,[44,[[2,[1]],[2,[2]]],{"interleave":[69,[[2,[1]],[31,[[10,[1]],"a"]]]]}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `2`."],"b":["interleave",1,0]}"""),
        ("""[1,[44,[[2,[1]],[2,[2]]],{"interleave":null}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `2`."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[1]],[2,[2]]],{"interleave":{"a":1}}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `2`."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[{"a":1}]],[2,[{"a":2}]]],{"interleave":[2,[[69,[[2,[1]],[31,[[10,[1]],"a"]]]]]]}],{}]""", """{"t":1,"r":[[{"a":1},{"a":2}]]}"""),
        ("""[1,[44,[[2,[{"a":1}]],[2,[{"a":2}]]],{"interleave":[2,[[69,[[2,[1,2]],[31,[[10,[1]],"a"]]]]]]}],{}]""", """{"t":18,"e":3000000,"r":["Expected function with 1 argument but found function with 2 arguments."],"b":["interleave",0,1]}"""),
        ("""[1,[44,[[2,[3,1]]],{"interleave":[69,[[2,[1]],[10,[1]]]]}],{}]""", """{"t":18,"e":3000000,"r":["The streams given as arguments are not ordered by given ordering."],"b":[]}"""),
        ("""[1,[44,[[2,[1,3]],[2,[2]],[2,[0,4]]],{"interleave":[69,[[2,[1]],[10,[1]]]]}],{}]""", """{"t":1,"r":[[0,1,2,3,4]]}"""),
        ("""[1,[44,[[2,[5,4,3,2,1,0]],[2,[5,3,1]],[2,[9,8,0]],[2,[4,4,4]]],{"interleave":[74,[[69,[[2,[1]],[10,[1]]]]]]}],{}]""", """{"t":1,"r":[[9,8,5,5,4,4,4,4,3,3,2,1,1,0,0]]}"""),
        ("""[1,[44,[[2,[{"k":1,"i":1},{"k":1,"i":2},{"k":2,"i":3}]],[2,[{"k":1,"i":4},{"k":2,"i":5}]],[2,[{"k":1,"i":6},{"k":1,"i":7}]],[2,[{"k":0,"i":8},{"k":1,"i":9}]],[2,[{"k":1,"i":10}]]],{"interleave":"k"}],{}]""", """{"t":1,"r":[[{"i":8,"k":0},{"i":6,"k":1},{"i":10,"k":1},{"i":9,"k":1},{"i":7,"k":1},{"i":1,"k":1},{"i":4,"k":1},{"i":2,"k":1},{"i":5,"k":2},{"i":3,"k":2}]]}"""),
        ("""[1,[44,[[2,[{"k":1},{"k":1},{"k":2}]],[2,[{"k":1},"x"]],[2,[{"k":1},{"k":1}]],[2,[{"k":0},{"k":1}]],[2,[7]]],{"interleave":"k"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform get_field on a non-object non-sequence `7`."],"b":["interleave"]}"""),
        ("""[1,[44,[[2,[1]],[2,[2]]],{"interleave":true}],{}]""", """{"t":1,"r":[[1,2]]}"""),
        ("""[1,[44,[[2,[1]],[2,[2]]],{"interleave":false}],{}]""", """{"t":1,"r":[[1,2]]}"""),
    ];

    private static readonly (string Query, string Answer)[] BoundAnswers =
    [
        ("""[1,[52,[[181,[]]]],{}]""", """{"t":1,"r":["MAXVAL"]}"""),
        ("""[1,[52,[[180,[]]]],{}]""", """{"t":1,"r":["MINVAL"]}"""),
        ("""[1,[79,[[180,[]]]],{}]""", """{"t":1,"r":[{"type":"MINVAL"}]}"""),
        ("""[1,[79,[[181,[]]]],{}]""", """{"t":1,"r":[{"type":"MAXVAL"}]}"""),
        ("""[1,[51,[[180,[]],"string"]],{}]""", """{"t":18,"e":3000000,"r":["Cannot convert `r.minval` to JSON."],"b":[]}"""),
        ("""[1,[51,[[180,[]],"bool"]],{}]""", """{"t":1,"r":[true]}"""),
        ("""[1,[51,[[181,[]],"datum"]],{}]""", """{"t":18,"e":3000000,"r":["Cannot convert `r.maxval` to JSON."],"b":[]}"""),
        ("""[1,[51,[[181,[]],"maxval"]],{}]""", """{"t":18,"e":3000000,"r":["Cannot convert `r.maxval` to JSON."],"b":[]}"""),
        ("""[1,[51,[[181,[]],"nope"]],{}]""", """{"t":18,"e":3000000,"r":["Unknown Type: NOPE"],"b":[]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task An_ordered_union_merges_its_inputs_as_on_the_server(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(UnionAnswers);
    }

    [Theory, TestServer, RealServer]
    public async Task Minval_and_maxval_are_typed_and_refused_as_on_the_server(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(BoundAnswers);
    }
}
