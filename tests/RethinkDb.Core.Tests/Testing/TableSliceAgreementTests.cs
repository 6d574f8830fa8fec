using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Table slices as 2.4.4 has them: <c>between</c> and <c>order_by({index})</c> on a table make a <c>TABLE_SLICE</c>
/// (its type name, its print in type errors, its index, bounds and sorting), each at most once and on one index
/// (<c>between</c> after an indexed <c>order_by</c> reads that index; the combinations the server refuses, refused in
/// its words and blamed on the table), and a selection loaded into an array (<c>order_by</c> on a field,
/// <c>sample</c>) stays a selection, not a datum. Exact answers of the real server.
/// </summary>
public sealed class TableSliceAgreementTests
{
    private static readonly (string Query, string Answer)[] Answers =
    [
        ("""[1,[56,[[15,[[14,["test"]],"sl"]],[2,[{"id":1,"a":30},{"id":2,"a":20},{"id":3,"a":10},{"id":4,"a":25}]]]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":4,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[75,[[15,[[14,["test"]],"sl"]],"a"]],{}]""", """{"t":1,"r":[{"created":1}]}"""),
        ("""[1,[43,[[140,[[15,[[14,["test"]],"sl"]],"a"]]]],{}]""", """{"t":1,"r":[1]}"""),
        ("""[1,[41,[[182,[[15,[[14,["test"]],"sl"]],15,31],{"index":"a"}]],{"index":"a"}],{}]""", """{"t":2,"r":[{"a":20,"id":2},{"a":25,"id":4},{"a":30,"id":1}],"n":[]}"""),
        ("""[1,[41,[[182,[[15,[[14,["test"]],"sl"]],15,31],{"index":"a"}]],{"index":[74,["a"]]}],{}]""", """{"t":2,"r":[{"a":30,"id":1},{"a":25,"id":4},{"a":20,"id":2}],"n":[]}"""),
        ("""[1,[41,[[182,[[15,[[14,["test"]],"sl"]],1,4]]],{"index":"id"}],{}]""", """{"t":2,"r":[{"a":30,"id":1},{"a":20,"id":2},{"a":10,"id":3}],"n":[]}"""),
        ("""[1,[41,[[182,[[15,[[14,["test"]],"sl"]],1,4]]],{"index":[74,["id"]]}],{}]""", """{"t":2,"r":[{"a":10,"id":3},{"a":20,"id":2},{"a":30,"id":1}],"n":[]}"""),
        ("""[1,[41,[[182,[[15,[[14,["test"]],"sl"]],1,4]]],{"index":"a"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot order by index `a` after calling BETWEEN on index `id`."],"b":[0,0]}"""),
        ("""[1,[41,[[182,[[15,[[14,["test"]],"sl"]],15,31],{"index":"a"}]],{"index":"id"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot order by index `id` after calling BETWEEN on index `a`."],"b":[0,0]}"""),
        ("""[1,[182,[[41,[[15,[[14,["test"]],"sl"]]],{"index":"a"}],15,31],{"index":"a"}],{}]""", """{"t":2,"r":[{"a":20,"id":2},{"a":25,"id":4},{"a":30,"id":1}],"n":[]}"""),
        ("""[1,[182,[[41,[[15,[[14,["test"]],"sl"]]],{"index":[74,["a"]]}],15,31],{"index":"a"}],{}]""", """{"t":2,"r":[{"a":30,"id":1},{"a":25,"id":4},{"a":20,"id":2}],"n":[]}"""),
        ("""[1,[182,[[41,[[15,[[14,["test"]],"sl"]]],{"index":"a"}],1,3]],{}]""", """{"t":2,"r":[],"n":[]}"""),
        ("""[1,[182,[[41,[[15,[[14,["test"]],"sl"]]],{"index":"a"}],1,3],{"index":"id"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot call BETWEEN on index `id` after ordering on index `a`."],"b":[0,0]}"""),
        ("""[1,[41,[[41,[[15,[[14,["test"]],"sl"]]],{"index":"a"}]],{"index":"a"}],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform multiple indexed ORDER_BYs on the same table."],"b":[0,0]}"""),
        ("""[1,[41,[[182,[[15,[[14,["test"]],"sl"]],15,31],{"index":"a"}],"id"],{"index":"a"}],{}]""", """{"t":2,"r":[{"a":20,"id":2},{"a":25,"id":4},{"a":30,"id":1}],"n":[]}"""),
        ("""[1,[41,[[182,[[15,[[14,["test"]],"sl"]],15,31],{"index":"a"}],[74,["id"]]]],{}]""", """{"t":1,"r":[[{"a":25,"id":4},{"a":20,"id":2},{"a":30,"id":1}]]}"""),
        ("""[1,[182,[[182,[[15,[[14,["test"]],"sl"]],1,3]],1,3]],{}]""", """{"t":18,"e":3000000,"r":["Cannot perform multiple BETWEENs on the same table."],"b":[0,0]}"""),
        ("""[1,[52,[[182,[[15,[[14,["test"]],"sl"]],1,3]]]],{}]""", """{"t":1,"r":["TABLE_SLICE"]}"""),
        ("""[1,[52,[[41,[[15,[[14,["test"]],"sl"]]],{"index":"a"}]]],{}]""", """{"t":1,"r":["TABLE_SLICE"]}"""),
        ("""[1,[52,[[41,[[15,[[14,["test"]],"sl"]],"a"]]]],{}]""", """{"t":1,"r":["SELECTION<ARRAY>"]}"""),
        ("""[1,[52,[[81,[[15,[[14,["test"]],"sl"]],1]]]],{}]""", """{"t":1,"r":["SELECTION<ARRAY>"]}"""),
        ("""[1,[52,[[41,[[182,[[15,[[14,["test"]],"sl"]],1,3]],"a"]]]],{}]""", """{"t":1,"r":["SELECTION<ARRAY>"]}"""),
        ("""[1,[52,[[41,[[182,[[15,[[14,["test"]],"sl"]],1,3]]],{"index":"id"}]]],{}]""", """{"t":1,"r":["TABLE_SLICE"]}"""),
        ("""[1,[52,[[71,[[182,[[15,[[14,["test"]],"sl"]],1,3]],1]]]],{}]""", """{"t":1,"r":["SELECTION<STREAM>"]}"""),
        ("""[1,[52,[[39,[[182,[[15,[[14,["test"]],"sl"]],1,3]],true]]]],{}]""", """{"t":1,"r":["SELECTION<STREAM>"]}"""),
        ("""[1,[24,[[182,[[15,[[14,["test"]],"sl"]],1,3]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found TABLE_SLICE:\nSELECTION ON table(sl)"],"b":[0]}"""),
        ("""[1,[78,[[182,[[15,[[14,["test"]],"sl"]],1,3]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found TABLE_SLICE:\nSELECTION ON table(sl)"],"b":[0]}"""),
        ("""[1,[16,[[182,[[15,[[14,["test"]],"sl"]],1,3]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found TABLE_SLICE:\nSELECTION ON table(sl)"],"b":[0]}"""),
        ("""[1,[51,[[182,[[15,[[14,["test"]],"sl"]],1,3]],"string"]],{}]""", """{"t":18,"e":3000000,"r":["Cannot coerce TABLE_SLICE to STRING."],"b":[0]}"""),
        ("""[1,[51,[[182,[[15,[[14,["test"]],"sl"]],1,3]],"object"]],{}]""", """{"t":18,"e":3000000,"r":["Expected type ARRAY but found OBJECT."],"b":[]}"""),
        ("""[1,[51,[[182,[[15,[[14,["test"]],"sl"]],1,3]],"array"]],{}]""", """{"t":1,"r":[[{"a":20,"id":2},{"a":30,"id":1}]]}"""),
        ("""[1,[156,[[182,[[15,[[14,["test"]],"sl"]],1,3]],"a","b"]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found TABLE_SLICE:\nSELECTION ON table(sl)"],"b":[0]}"""),
        ("""[1,[24,[[41,[[15,[[14,["test"]],"sl"]],"a"]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found SELECTION:\nSELECTION ON table(sl)"],"b":[0]}"""),
        ("""[1,[78,[[41,[[15,[[14,["test"]],"sl"]],"a"]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE but found SELECTION:\nSELECTION ON table(sl)"],"b":[0]}"""),
        ("""[1,[182,[[41,[[15,[[14,["test"]],"sl"]],"a"]],1,2]],{}]""", """{"t":18,"e":3000000,"r":["Expected type TABLE_SLICE but found SELECTION:\nSELECTION ON table(sl)"],"b":[0]}"""),
        ("""[1,[51,[[41,[[15,[[14,["test"]],"sl"]],"a"]],"string"]],{}]""", """{"t":18,"e":3000000,"r":["Cannot coerce SELECTION<STREAM> to STRING."],"b":[0]}"""),
        ("""[1,[51,[[41,[[15,[[14,["test"]],"sl"]],"a"]],"number"]],{}]""", """{"t":18,"e":3000000,"r":["Cannot coerce SELECTION<STREAM> to NUMBER."],"b":[0]}"""),
        ("""[1,[51,[[41,[[15,[[14,["test"]],"sl"]],"a"]],"object"]],{}]""", """{"t":18,"e":3000000,"r":["Expected type ARRAY but found OBJECT."],"b":[]}"""),
        ("""[1,[51,[[41,[[15,[[14,["test"]],"sl"]],"a"]],"array"]],{}]""", """{"t":1,"r":[[{"a":10,"id":3},{"a":20,"id":2},{"a":25,"id":4},{"a":30,"id":1}]]}"""),
        ("""[1,[29,[[41,[[15,[[14,["test"]],"sl"]],"a"]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found SELECTION:\nSELECTION ON table(sl)"],"b":[0]}"""),
        ("""[1,[93,[[41,[[15,[[14,["test"]],"sl"]],"a"]],1]],{}]""", """{"t":1,"r":[false]}"""),
        ("""[1,[45,[[41,[[15,[[14,["test"]],"sl"]],"a"]],0]],{}]""", """{"t":1,"r":[{"a":10,"id":3}]}"""),
        ("""[1,[64,[[69,[[2,[1]],[43,[[10,[1]]]]]],[41,[[15,[[14,["test"]],"sl"]],"a"]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found SELECTION:\nSELECTION ON table(sl)"],"b":[1]}"""),
        ("""[1,[17,[[41,[[15,[[14,["test"]],"sl"]],"a"]],[2,[]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found SELECTION:\nSELECTION ON table(sl)"],"b":[0]}"""),
        ("""[1,[2,[[41,[[15,[[14,["test"]],"sl"]],"a"]]]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found SELECTION:\nSELECTION ON table(sl)"],"b":[0]}"""),
        ("""[1,{"x":[41,[[15,[[14,["test"]],"sl"]],"a"]]},{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found SELECTION:\nSELECTION ON table(sl)"],"b":["x"]}"""),
        ("""[1,[92,[[41,[[15,[[14,["test"]],"sl"]],"a"]],5]],{}]""", """{"t":1,"r":[[{"a":10,"id":3},{"a":20,"id":2},{"a":25,"id":4},{"a":30,"id":1}]]}"""),
        ("""[1,[43,[[41,[[15,[[14,["test"]],"sl"]],"a"]]]],{}]""", """{"t":1,"r":[4]}"""),
        ("""[1,[54,[[71,[[41,[[15,[[14,["test"]],"sl"]],"a"]],0]]]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[51,[[81,[[15,[[14,["test"]],"sl"]],1]],"number"]],{}]""", """{"t":18,"e":3000000,"r":["Cannot coerce SELECTION<STREAM> to NUMBER."],"b":[0]}"""),
        ("""[1,[24,[[81,[[15,[[14,["test"]],"sl"]],1]],1]],{}]""", """{"t":18,"e":3000000,"r":["Expected type DATUM but found SELECTION:\nSELECTION ON table(sl)"],"b":[0]}"""),
        ("""[1,[43,[[81,[[15,[[14,["test"]],"sl"]],2]]]],{}]""", """{"t":1,"r":[2]}"""),
        ("""[1,[41,[[39,[[15,[[14,["test"]],"sl"]],true]]],{"index":"a"}],{}]""", """{"t":18,"e":3000000,"r":["Indexed order_by can only be performed on a TABLE or TABLE_SLICE. Make sure order_by comes before any transformations (such as map) or filters."],"b":[]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Table_slices_are_made_combined_and_refused_as_on_the_server(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersOnTableAsync("sl", Answers);
    }

    private static readonly (string Query, string Answer)[] WriteAnswers =
    [
        ("""[1,[56,[[15,[[14,["test"]],"ws"]],[2,[{"id":1,"a":30},{"id":2,"a":20},{"id":3,"a":10},{"id":4,"a":25},{"id":5,"a":5}]]]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":5,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[75,[[15,[[14,["test"]],"ws"]],"a"]],{}]""", """{"t":1,"r":[{"created":1}]}"""),
        ("""[1,[43,[[140,[[15,[[14,["test"]],"ws"]],"a"]]]],{}]""", """{"t":1,"r":[1]}"""),
        ("""[1,[53,[[182,[[15,[[14,["test"]],"ws"]],1,3]],{"b":1}],{"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"a":20,"b":1,"id":2},"old_val":{"a":20,"id":2}},{"new_val":{"a":30,"b":1,"id":1},"old_val":{"a":30,"id":1}}],"deleted":0,"errors":0,"inserted":0,"replaced":2,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[182,[[15,[[14,["test"]],"ws"]],15,26],{"index":"a"}],{"c":1}]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":0,"replaced":2,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[71,[[41,[[15,[[14,["test"]],"ws"]]],{"index":"a"}],2]],{"d":1}],{"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"a":5,"d":1,"id":5},"old_val":{"a":5,"id":5}},{"new_val":{"a":10,"d":1,"id":3},"old_val":{"a":10,"id":3}}],"deleted":0,"errors":0,"inserted":0,"replaced":2,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[71,[[41,[[15,[[14,["test"]],"ws"]]],{"index":[74,["a"]]}],1]],{"e":1}],{"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"a":30,"b":1,"e":1,"id":1},"old_val":{"a":30,"b":1,"id":1}}],"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[41,[[15,[[14,["test"]],"ws"]],"a"]],{"f":1}]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":0,"replaced":5,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[71,[[41,[[15,[[14,["test"]],"ws"]],"a"]],1]],{"g":1}],{"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"a":5,"d":1,"f":1,"g":1,"id":5},"old_val":{"a":5,"d":1,"f":1,"id":5}}],"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[45,[[41,[[15,[[14,["test"]],"ws"]],"a"]],0]],{"h":1}],{"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"a":5,"d":1,"f":1,"g":1,"h":1,"id":5},"old_val":{"a":5,"d":1,"f":1,"g":1,"id":5}}],"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[45,[[41,[[15,[[14,["test"]],"ws"]]],{"index":"a"}],-1]],{"i":1}],{"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"a":30,"b":1,"e":1,"f":1,"i":1,"id":1},"old_val":{"a":30,"b":1,"e":1,"f":1,"id":1}}],"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[147,[[15,[[14,["test"]],"ws"]]],{"index":"a"}],{"j":1}],{"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"a":5,"d":1,"f":1,"g":1,"h":1,"id":5,"j":1},"old_val":{"a":5,"d":1,"f":1,"g":1,"h":1,"id":5}}],"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[148,[[15,[[14,["test"]],"ws"]],"a"]],{"k":1}],{"return_changes":true}],{}]""", """{"t":18,"e":3000000,"r":["Expected type SELECTION but found DATUM:\n{\n\t\"a\":\t30,\n\t\"b\":\t1,\n\t\"e\":\t1,\n\t\"f\":\t1,\n\t\"i\":\t1,\n\t\"id\":\t1\n}"],"b":[0,0]}"""),
        ("""[1,[55,[[45,[[182,[[15,[[14,["test"]],"ws"]],1,3]],0]],[69,[[2,[1]],[35,[[10,[1]],{"r":1}]]]]],{"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"a":20,"b":1,"c":1,"f":1,"id":2,"r":1},"old_val":{"a":20,"b":1,"c":1,"f":1,"id":2}}],"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[54,[[70,[[41,[[15,[[14,["test"]],"ws"]]],{"index":"a"}],4]]],{"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":null,"old_val":{"a":30,"b":1,"e":1,"f":1,"i":1,"id":1}}],"deleted":1,"errors":0,"inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[41,[[15,[[14,["test"]],"ws"]],"id"]],{}]""", """{"t":1,"r":[[{"a":20,"b":1,"c":1,"f":1,"id":2,"r":1},{"a":10,"d":1,"f":1,"id":3},{"a":25,"c":1,"f":1,"id":4},{"a":5,"d":1,"f":1,"g":1,"h":1,"id":5,"j":1}]]}"""),
        ("""[1,[43,[[15,[[14,["test"]],"ws"]]]],{}]""", """{"t":1,"r":[4]}"""),
        ("""[1,[53,[[30,[[41,[[15,[[14,["test"]],"ws"]],"id"]],0,1]],{"z":1}],{"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"a":20,"b":1,"c":1,"f":1,"id":2,"r":1,"z":1},"old_val":{"a":20,"b":1,"c":1,"f":1,"id":2,"r":1}}],"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[42,[[15,[[14,["test"]],"ws"]]]],{"z":2}]],{}]""", """{"t":18,"e":3000000,"r":["Expected type SELECTION but found SEQUENCE:\nVALUE SEQUENCE"],"b":[0]}"""),
        ("""[1,[53,[[44,[[15,[[14,["test"]],"ws"]],[15,[[14,["test"]],"ws"]]]],{"z":2}]],{}]""", """{"t":18,"e":3000000,"r":["Expected type SELECTION but found SEQUENCE:\nVALUE SEQUENCE"],"b":[0]}"""),
        ("""[1,[53,[[39,[[41,[[15,[[14,["test"]],"ws"]],"id"]],true]],{"y":1}],{"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"a":25,"c":1,"f":1,"id":4,"y":1},"old_val":{"a":25,"c":1,"f":1,"id":4}},{"new_val":{"a":5,"d":1,"f":1,"g":1,"h":1,"id":5,"j":1,"y":1},"old_val":{"a":5,"d":1,"f":1,"g":1,"h":1,"id":5,"j":1}},{"new_val":{"a":10,"d":1,"f":1,"id":3,"y":1},"old_val":{"a":10,"d":1,"f":1,"id":3}},{"new_val":{"a":20,"b":1,"c":1,"f":1,"id":2,"r":1,"y":1,"z":1},"old_val":{"a":20,"b":1,"c":1,"f":1,"id":2,"r":1,"z":1}}],"deleted":0,"errors":0,"inserted":0,"replaced":4,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[41,[[15,[[14,["test"]],"ws"]],"id"]],{}]""", """{"t":1,"r":[[{"a":20,"b":1,"c":1,"f":1,"id":2,"r":1,"y":1,"z":1},{"a":10,"d":1,"f":1,"id":3,"y":1},{"a":25,"c":1,"f":1,"id":4,"y":1},{"a":5,"d":1,"f":1,"g":1,"h":1,"id":5,"j":1,"y":1}]]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Writes_go_through_table_slices_and_selections_as_on_the_server(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersOnTableAsync("ws", WriteAnswers);
    }
}
