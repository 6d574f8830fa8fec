using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// The summary a write answers with <c>return_changes</c>, as 2.4.4 writes it: <c>changes</c> only once the write met a
/// document (a get of a missing key is a skip and has it, empty; a selection or an insert of nothing has none), an
/// error's change holding the stored document as both values (no <c>fake_new_val</c>), the primary-key error of a
/// replacement of nothing worded without quotes; and what is not a selection refused with its print. Exact answers.
/// </summary>
public sealed class WriteChangesAgreementTests
{
    private static readonly (string Query, string Answer)[] Answers =
    [
        ("[1,[56,[[15,[[14,[\"test\"]],\"wc\"]],[2,[{\"id\":1,\"a\":1},{\"id\":2,\"a\":2}]]],{\"return_changes\":true}],{}]", "{\"t\":1,\"r\":[{\"changes\":[{\"new_val\":{\"a\":1,\"id\":1},\"old_val\":null},{\"new_val\":{\"a\":2,\"id\":2},\"old_val\":null}],\"deleted\":0,\"errors\":0,\"inserted\":2,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[56,[[15,[[14,[\"test\"]],\"wc\"]],{\"id\":1,\"a\":9}],{\"return_changes\":\"always\"}],{}]", "{\"t\":1,\"r\":[{\"changes\":[{\"error\":\"Duplicate primary key `id`:\\n{\\n\\t\\\"a\\\":\\t1,\\n\\t\\\"id\\\":\\t1\\n}\\n{\\n\\t\\\"a\\\":\\t9,\\n\\t\\\"id\\\":\\t1\\n}\",\"new_val\":{\"a\":1,\"id\":1},\"old_val\":{\"a\":1,\"id\":1}}],\"deleted\":0,\"errors\":1,\"first_error\":\"Duplicate primary key `id`:\\n{\\n\\t\\\"a\\\":\\t1,\\n\\t\\\"id\\\":\\t1\\n}\\n{\\n\\t\\\"a\\\":\\t9,\\n\\t\\\"id\\\":\\t1\\n}\",\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[56,[[15,[[14,[\"test\"]],\"wc\"]],{\"id\":1,\"a\":9}],{\"return_changes\":true}],{}]", "{\"t\":1,\"r\":[{\"changes\":[],\"deleted\":0,\"errors\":1,\"first_error\":\"Duplicate primary key `id`:\\n{\\n\\t\\\"a\\\":\\t1,\\n\\t\\\"id\\\":\\t1\\n}\\n{\\n\\t\\\"a\\\":\\t9,\\n\\t\\\"id\\\":\\t1\\n}\",\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[56,[[15,[[14,[\"test\"]],\"wc\"]],{\"id\":1,\"a\":1}],{\"conflict\":\"update\",\"return_changes\":\"always\"}],{}]", "{\"t\":1,\"r\":[{\"changes\":[{\"new_val\":{\"a\":1,\"id\":1},\"old_val\":{\"a\":1,\"id\":1}}],\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":1}]}"),
        ("[1,[56,[[15,[[14,[\"test\"]],\"wc\"]],{\"id\":1,\"a\":9}],{\"return_changes\":\"always\",\"conflict\":[69,[[2,[1,2,3]],[12,[\"c\"]]]]}],{}]", "{\"t\":1,\"r\":[{\"changes\":[{\"error\":\"c\",\"new_val\":{\"a\":1,\"id\":1},\"old_val\":{\"a\":1,\"id\":1}}],\"deleted\":0,\"errors\":1,\"first_error\":\"c\",\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[56,[[15,[[14,[\"test\"]],\"wc\"]],{\"id\":1,\"a\":9}],{\"return_changes\":\"always\",\"conflict\":[69,[[2,[1,2,3]],{\"id\":5}]]}],{}]", "{\"t\":1,\"r\":[{\"changes\":[{\"error\":\"Primary key `id` cannot be changed (`{\\n\\t\\\"a\\\":\\t1,\\n\\t\\\"id\\\":\\t1\\n}` -> `{\\n\\t\\\"id\\\":\\t5\\n}`).\",\"new_val\":{\"a\":1,\"id\":1},\"old_val\":{\"a\":1,\"id\":1}}],\"deleted\":0,\"errors\":1,\"first_error\":\"Primary key `id` cannot be changed (`{\\n\\t\\\"a\\\":\\t1,\\n\\t\\\"id\\\":\\t1\\n}` -> `{\\n\\t\\\"id\\\":\\t5\\n}`).\",\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[56,[[15,[[14,[\"test\"]],\"wc\"]],[2,[]]],{\"return_changes\":true}],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[56,[[15,[[14,[\"test\"]],\"wc\"]],[2,[]]],{\"return_changes\":\"always\"}],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[54,[[39,[[15,[[14,[\"test\"]],\"wc\"]],{\"a\":9}]]],{\"return_changes\":true}],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[54,[[39,[[15,[[14,[\"test\"]],\"wc\"]],{\"a\":9}]]],{\"return_changes\":\"always\"}],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[53,[[39,[[15,[[14,[\"test\"]],\"wc\"]],{\"a\":9}]],{\"b\":1}],{\"return_changes\":true}],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[55,[[39,[[15,[[14,[\"test\"]],\"wc\"]],{\"a\":9}]],{\"b\":1}],{\"return_changes\":true}],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[54,[[16,[[15,[[14,[\"test\"]],\"wc\"]],5]]],{\"return_changes\":true}],{}]", "{\"t\":1,\"r\":[{\"changes\":[],\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":1,\"unchanged\":0}]}"),
        ("[1,[53,[[16,[[15,[[14,[\"test\"]],\"wc\"]],5]],{\"b\":1}],{\"return_changes\":true}],{}]", "{\"t\":1,\"r\":[{\"changes\":[],\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":1,\"unchanged\":0}]}"),
        ("[1,[55,[[16,[[15,[[14,[\"test\"]],\"wc\"]],9]],null],{\"return_changes\":true}],{}]", "{\"t\":1,\"r\":[{\"changes\":[],\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":1,\"unchanged\":0}]}"),
        ("[1,[53,[[16,[[15,[[14,[\"test\"]],\"wc\"]],1]],{\"id\":2}],{\"return_changes\":\"always\"}],{}]", "{\"t\":1,\"r\":[{\"changes\":[{\"error\":\"Primary key `id` cannot be changed (`{\\n\\t\\\"a\\\":\\t1,\\n\\t\\\"id\\\":\\t1\\n}` -> `{\\n\\t\\\"a\\\":\\t1,\\n\\t\\\"id\\\":\\t2\\n}`).\",\"new_val\":{\"a\":1,\"id\":1},\"old_val\":{\"a\":1,\"id\":1}}],\"deleted\":0,\"errors\":1,\"first_error\":\"Primary key `id` cannot be changed (`{\\n\\t\\\"a\\\":\\t1,\\n\\t\\\"id\\\":\\t1\\n}` -> `{\\n\\t\\\"a\\\":\\t1,\\n\\t\\\"id\\\":\\t2\\n}`).\",\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[53,[[16,[[15,[[14,[\"test\"]],\"wc\"]],1]],5],{\"return_changes\":\"always\"}],{}]", "{\"t\":1,\"r\":[{\"changes\":[{\"error\":\"Inserted value must be an OBJECT (got NUMBER):\\n5\",\"new_val\":{\"a\":1,\"id\":1},\"old_val\":{\"a\":1,\"id\":1}}],\"deleted\":0,\"errors\":1,\"first_error\":\"Inserted value must be an OBJECT (got NUMBER):\\n5\",\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[53,[[16,[[15,[[14,[\"test\"]],\"wc\"]],1]],[69,[[2,[1]],[12,[\"boom\"]]]]],{\"return_changes\":\"always\"}],{}]", "{\"t\":1,\"r\":[{\"changes\":[{\"error\":\"boom\",\"new_val\":{\"a\":1,\"id\":1},\"old_val\":{\"a\":1,\"id\":1}}],\"deleted\":0,\"errors\":1,\"first_error\":\"boom\",\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[55,[[16,[[15,[[14,[\"test\"]],\"wc\"]],1]],{\"noid\":3}],{\"return_changes\":\"always\"}],{}]", "{\"t\":1,\"r\":[{\"changes\":[{\"error\":\"Inserted object must have primary key `id`:\\n{\\n\\t\\\"noid\\\":\\t3\\n}\",\"new_val\":{\"a\":1,\"id\":1},\"old_val\":{\"a\":1,\"id\":1}}],\"deleted\":0,\"errors\":1,\"first_error\":\"Inserted object must have primary key `id`:\\n{\\n\\t\\\"noid\\\":\\t3\\n}\",\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[55,[[16,[[15,[[14,[\"test\"]],\"wc\"]],9]],{\"id\":10}],{\"return_changes\":\"always\"}],{}]", "{\"t\":1,\"r\":[{\"changes\":[{\"error\":\"Primary key `id` cannot be changed (null -> {\\n\\t\\\"id\\\":\\t10\\n})\",\"new_val\":null,\"old_val\":null}],\"deleted\":0,\"errors\":1,\"first_error\":\"Primary key `id` cannot be changed (null -> {\\n\\t\\\"id\\\":\\t10\\n})\",\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[55,[[16,[[15,[[14,[\"test\"]],\"wc\"]],9]],{\"id\":10}]],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":1,\"first_error\":\"Primary key `id` cannot be changed (null -> {\\n\\t\\\"id\\\":\\t10\\n})\",\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[53,[[2,[1]],{\"b\":1}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type SELECTION but found DATUM:\\n[\\n\\t1\\n]\"],\"b\":[0]}"),
        ("[1,[55,[[2,[{\"a\":1}]],{\"b\":1}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type SELECTION but found DATUM:\\n[\\n\\t{\\n\\t\\t\\\"a\\\":\\t1\\n\\t}\\n]\"],\"b\":[0]}"),
        ("[1,[54,[5]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type SELECTION but found DATUM:\\n5\"],\"b\":[0]}"),
        ("[1,[54,[[14,[\"test\"]]]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type SELECTION but found DATABASE:\\ndb(\\\"test\\\")\"],\"b\":[0]}"),
        ("[1,[54,[[39,[[2,[1]],true]]]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type SELECTION but found DATUM:\\n[\\n\\t1\\n]\"],\"b\":[0]}"),
        ("[1,[54,[[16,[[15,[[14,[\"test\"]],\"wc\"]],2]]],{\"return_changes\":\"always\"}],{}]", "{\"t\":1,\"r\":[{\"changes\":[{\"new_val\":null,\"old_val\":{\"a\":2,\"id\":2}}],\"deleted\":1,\"errors\":0,\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
    ];

    [Theory, TestServer, RealServer]
    public async Task Write_summaries_with_changes_are_written_as_the_server_writes_them(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersOnTableAsync("wc", Answers);
    }

    private static readonly (string Query, string Answer)[] AtomicAnswers =
    [
        ("""[1,[56,[[15,[[14,["test"]],"nd"]],[2,[{"id":1},{"id":2}]]]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":2,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],1]],{"t":[103,[]]}]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],1]],{"t":[169,["a"]]}]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],1]],{"t":[169,[]]}]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],1]],{"t":[43,[[15,[[14,["test"]],"nd"]]]]}]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],1]],{"t":[14,["test"]]}]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],1]],{"t":[153,["http://x"]]}]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],1]],{"t":[11,["1"]]}]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[53,[[15,[[14,["test"]],"nd"]],{"t":[151,[]]}]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[53,[[15,[[14,["test"]],"nd"]],[69,[[2,[1]],{"t":[151,[]]}]]]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[54,[[39,[[15,[[14,["test"]],"nd"]],[69,[[2,[1]],[17,[[151,[]],1]]]]]]]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[56,[[15,[[14,["test"]],"nd"]],{"id":3,"t":[151,[]]}]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":1,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[55,[[16,[[15,[[14,["test"]],"nd"]],2]],{"id":2,"t":[151,[]]}]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[55,[[16,[[15,[[14,["test"]],"nd"]],2]],[69,[[2,[1]],[65,[true,{"id":2},{"id":2,"t":[151,[]]}]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],1]],{"t":[151,[]]}],{"non_atomic":false}],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],1]],{"t":1}],{"non_atomic":5}],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":0,"replaced":1,"skipped":0,"unchanged":0}]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],1]],{"t":[92,[[151,[]],1]]}]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],99]],{"t":[151,[]]}]],{}]""", """{"t":18,"e":3000000,"r":["Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?"],"b":[]}"""),
        ("""[1,[53,[[15,[[14,["test"]],"nosuch"]],{"t":[151,[]]}]],{}]""", """{"t":18,"e":4100000,"r":["Table `test.nosuch` does not exist."],"b":[0]}"""),
        ("""[1,[53,[[16,[[15,[[14,["test"]],"nd"]],1]],[154,[[2,[{"t":1}]]]]]],{}]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":0,"replaced":0,"skipped":0,"unchanged":1}]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Atomic_updates_and_replaces_must_be_deterministic_as_on_the_server(ServerKind kind)
    {
        // r.random, r.uuid(), r.js, r.http or a read of a table or database in the change of an update or replace
        // needs non_atomic (r.now and a named r.uuid do not); inserts and deletes do not care.
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersOnTableAsync("nd", AtomicAnswers);
    }
}
