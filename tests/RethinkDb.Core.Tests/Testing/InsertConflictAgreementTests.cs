using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// An insert's conflict function, as 2.4.4 runs it: called with the primary key's name, the stored document and the
/// inserted one; what it returns replaces the stored document (null deletes it, the same document leaves it unchanged)
/// under the same checks as <c>replace</c>, its error is the row's, and it must take three arguments. Exact answers,
/// against either server.
/// </summary>
public sealed class InsertConflictAgreementTests
{
    private const string Table = "agreement_conflict";

    private static readonly (string Query, string Answer)[] Answers =
    [
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":1,"a":1}]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":1,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":1,"a":2}],{"conflict":[69,[[2,[1,2,3]],[35,[[10,[2]],[10,[3]]]]]],"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"a":2,"id":1},"old_val":{"a":1,"id":1}}],"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":1,"b":3}],{"conflict":[69,[[2,[1,2,3]],[10,[3]]]]}],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":1,"b":4}],{"conflict":[69,[[2,[1,2,3]],[10,[2]]]]}],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":0,"replaced":0,"skipped":0,"unchanged":1}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":1,"b":4}],{"conflict":[69,[[2,[1,2,3]],null]],"return_changes":true}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":null,"old_val":{"b":3,"id":1}}],"deleted":1,"errors":0,"inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[43,[[15,[[14,["test"]],"agreement_conflict"]]]],{}]""", """{"t":1,"r":[0]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":2}]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":1,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":2}],{"conflict":[69,[[2,[1,2,3]],{"id":3}]]}],{}]""", """{"t":1,"r":[{"deleted":0,"errors":1,"first_error":"Primary key `id` cannot be changed (`{\n\t\"id\":\t2\n}` -> `{\n\t\"id\":\t3\n}`).","inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":2}],{"conflict":[69,[[2,[1,2,3]],5]]}],{}]""", """{"t":1,"r":[{"deleted":0,"errors":1,"first_error":"Inserted value must be an OBJECT (got NUMBER):\n5","inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":2}],{"conflict":[69,[[2,[1,2,3]],{"x":1}]]}],{}]""", """{"t":1,"r":[{"deleted":0,"errors":1,"first_error":"Inserted object must have primary key `id`:\n{\n\t\"x\":\t1\n}","inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":2}],{"conflict":[69,[[2,[1,2,3]],[10,[1]]]]}],{}]""", """{"t":1,"r":[{"deleted":0,"errors":1,"first_error":"Inserted value must be an OBJECT (got STRING):\n\"id\"","inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":7}],{"conflict":[69,[[2,[1,2,3]],{"x":1}]]}],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":1,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":2}],{"conflict":[69,[[2,[1,2,3]],[12,["boom"]]]]}],{}]""", """{"t":1,"r":[{"deleted":0,"errors":1,"first_error":"boom","inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":2}],{"conflict":[69,[[2,[1,2]],[10,[1]]]]}],{}]""", """{"t":18,"e":3000000,"r":["The conflict function passed to `insert` should expect 3 arguments."],"b":[]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],[2,[{"id":2,"z":1},{"id":8}]]],{"conflict":[69,[[2,[1,2,3]],[35,[[10,[2]],[10,[3]],{"n":1}]]]],"return_changes":"always"}],{}]""", """{"t":1,"r":[{"changes":[{"new_val":{"id":2,"n":1,"z":1},"old_val":{"id":2}},{"new_val":{"id":8},"old_val":null}],"deleted":0,"errors":0,"inserted":1,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],{"id":2}],{"conflict":5}],{}]""", """{"t":18,"e":3000000,"r":["Expected type STRING but found NUMBER."],"b":["conflict"]}"""),
        ("""[1,[16,[[15,[[14,["test"]],"agreement_conflict"]],2]],{}]""", """{"t":1,"r":[{"id":2,"n":1,"z":1}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"agreement_conflict"]],[2,[{"id":2},{"id":2}]]],{"conflict":[69,[[2,[1,2,3]],[35,[[10,[2]],{"c":[24,[[170,[[10,[2]],"c"]],1]]}]]]]}],{}]""", """{"t":1,"r":[{"deleted":0,"errors":2,"first_error":"No attribute `c` in object:\n{\n\t\"id\":\t2,\n\t\"n\":\t1,\n\t\"z\":\t1\n}","inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task A_conflict_function_resolves_each_conflict_as_the_server_does(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersOnTableAsync(Table, Answers);
    }
}
