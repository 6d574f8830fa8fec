using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// BINARY as the server has it, a datum type of its own rather than an object: base64 broken into lines of 76
/// characters by CRLF wherever it is written (answers, <c>to_json_string</c>, prints), object terms refusing it as a
/// non-object (alone or as a row of a sequence), <c>merge</c> and paths treating it as a leaf, a compact print even
/// inside a pretty one, binary primary keys up to 120 bytes. Exact answers of a real 2.4.4, against either server.
/// </summary>
public sealed class BinaryAgreementTests
{
    private static readonly (string Query, string Answer)[] Answers =
    [
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\\r\\nQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\"}]}"),
        ("[1,[172,[{\"$reql_type$\":\"BINARY\",\"data\":\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\"}]],{}]", "{\"t\":1,\"r\":[\"{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\\\\r\\\\nQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\\\"}\"]}"),
        ("[1,[79,[{\"$reql_type$\":\"BINARY\",\"data\":\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\"}]],{}]", "{\"t\":1,\"r\":[{\"count\":90,\"type\":\"PTYPE<BINARY>\",\"value\":\"{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\\\\r\\\\nQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\\\"}\"}]}"),
        ("[1,[79,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]],{}]", "{\"t\":1,\"r\":[{\"count\":3,\"type\":\"PTYPE<BINARY>\",\"value\":\"{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}\"}]}"),
        ("[1,[31,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"data\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform get_field on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[0]}"),
        ("[1,[170,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"data\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform bracket on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[0]}"),
        ("[1,[32,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"data\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform has_fields on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[0]}"),
        ("[1,[33,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"data\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform pluck on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[0]}"),
        ("[1,[34,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"data\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform without on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[0]}"),
        ("[1,[35,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},{\"a\":1}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform merge on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[0]}"),
        ("[1,[96,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"data\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform has_fields on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[0]}"),
        ("[1,[92,[[31,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"x\"]],5]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform get_field on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[0,0]}"),
        ("[1,[94,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot call `keys` on objects of type `PTYPE<BINARY>`.\"],\"b\":[0]}"),
        ("[1,[31,[{\"$reql_type$\":\"BINARY\",\"data\":\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\"},\"z\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform get_field on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\\\\r\\\\nQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\\\\r\\\\nQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\\\\r\\\\nQUJDQUJDQUJDQUJDQUJDQUJDQ...`.\"],\"b\":[0]}"),
        ("[1,[31,[[155,[\"abc\"]],\"data\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform get_field on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"YWJj\\\"}`.\"],\"b\":[0]}"),
        ("[1,[31,[[2,[{\"a\":1},{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]],\"a\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform get_field on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[]}"),
        ("[1,[33,[[2,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},{\"a\":1}]],\"a\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform pluck on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[]}"),
        ("[1,[32,[[2,[{\"a\":1},{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]],\"a\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform has_fields on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[]}"),
        ("[1,[96,[[2,[{\"data\":1},{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]],\"data\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot perform has_fields on a non-object non-sequence `{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}`.\"],\"b\":[]}"),
        ("[1,[35,[{\"a\":1},{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]],{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]}"),
        ("[1,[35,[[2,[{\"a\":1}]],{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]],{}]", "{\"t\":1,\"r\":[[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]]}"),
        ("[1,[35,[{\"a\":1},{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},{\"c\":1}]],{}]", "{\"t\":1,\"r\":[{\"c\":1}]}"),
        ("[1,[35,[{\"a\":{\"x\":1}},{\"a\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}}]],{}]", "{\"t\":1,\"r\":[{\"a\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}}]}"),
        ("[1,[35,[{\"a\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}},{\"a\":{\"x\":1}}]],{}]", "{\"t\":1,\"r\":[{\"a\":{\"x\":1}}]}"),
        ("[1,[35,[{\"a\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}},{\"a\":{\"x\":[137,[1]]}}]],{}]", "{\"t\":1,\"r\":[{\"a\":{\"x\":1}}]}"),
        ("[1,[35,[{\"a\":1},{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"Z\"}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Cannot merge objects of type `PTYPE<TIME>`.\"],\"b\":[1]}"),
        ("[1,[32,[{\"x\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}},{\"x\":\"data\"}]],{}]", "{\"t\":1,\"r\":[false]}"),
        ("[1,[33,[{\"x\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}},{\"x\":\"data\"}]],{}]", "{\"t\":1,\"r\":[{}]}"),
        ("[1,[34,[{\"x\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}},{\"x\":\"data\"}]],{}]", "{\"t\":1,\"r\":[{\"x\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}}]}"),
        ("[1,[96,[[2,[{\"x\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}}]],{\"x\":\"data\"}]],{}]", "{\"t\":1,\"r\":[[]]}"),
        ("[1,[33,[{\"x\":{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"Z\"}},{\"x\":\"epoch_time\"}]],{}]", "{\"t\":1,\"r\":[{\"x\":{\"epoch_time\":1}}]}"),
        ("[1,[31,[{\"x\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"y\":1},\"z\"]],{}]", "{\"t\":18,\"e\":3100000,\"r\":[\"No attribute `z` in object:\\n{\\n\\t\\\"x\\\":{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"},\\n\\t\\\"y\\\":\\t1\\n}\"],\"b\":[]}"),
        ("[1,[79,[[2,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},1]]]],{}]", "{\"t\":1,\"r\":[{\"type\":\"ARRAY\",\"value\":\"[{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"},\\n\\t1\\n]\"}]}"),
        ("[1,[79,[[2,[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},2]]]],{}]", "{\"t\":1,\"r\":[{\"type\":\"ARRAY\",\"value\":\"[\\n\\t1,{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"},\\n\\t2\\n]\"}]}"),
        ("[1,[79,[[2,[[2,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]],{\"a\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"b\":2,\"c\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}}]]]],{}]", "{\"t\":1,\"r\":[{\"type\":\"ARRAY\",\"value\":\"[\\n\\t[{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}\\n\\t],\\n\\t{\\n\\t\\t\\\"a\\\":{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"},\\n\\t\\t\\\"b\\\":\\t2,\\n\\t\\t\\\"c\\\":{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQID\\\"}\\n\\t}\\n]\"}]}"),
        ("[1,[31,[{\"a\":1,\"b\":{\"$reql_type$\":\"BINARY\",\"data\":\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\"}},\"z\"]],{}]", "{\"t\":18,\"e\":3100000,\"r\":[\"No attribute `z` in object:\\n{\\n\\t\\\"a\\\":\\t1,\\n\\t\\\"b\\\":{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\\\\r\\\\nQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\\\"}\\n}\"],\"b\":[]}"),
        ("[1,[155,[5]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type STRING but found NUMBER.\"],\"b\":[]}"),
        ("[1,[155,[null]],{}]", "{\"t\":18,\"e\":3100000,\"r\":[\"Expected type STRING but found NULL.\"],\"b\":[]}"),
        ("[1,[155,[\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]],{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4\\r\\neHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eA==\"}]}"),
        ("[1,[155,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]],{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]}"),
        ("[1,[24,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},1]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type NUMBER but found PTYPE<BINARY>.\"],\"b\":[]}"),
        ("[1,[19,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},{\"a\":1}]],{}]", "{\"t\":1,\"r\":[false]}"),
        ("[1,[19,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"Z\"}]],{}]", "{\"t\":1,\"r\":[true]}"),
        ("[1,[41,[[2,[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"x\",1,{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"Z\"},[2,[1]],{\"a\":1},null,true,{\"$reql_type$\":\"BINARY\",\"data\":\"/w==\"}]],[69,[[2,[1]],[10,[1]]]]]],{}]", "{\"t\":1,\"r\":[[[1],true,null,1,{\"a\":1},{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},{\"$reql_type$\":\"BINARY\",\"data\":\"/w==\"},{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"+00:00\"},\"x\"]]}"),
        ("[1,[177,[]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"`wait` can only be called on a table or database.\"],\"b\":[]}"),
        ("[1,[177,[[14,[\"test\"]],1]],{}]", "{\"t\":17,\"r\":[\"Expected between 0 and 1 arguments but found 2.\"],\"b\":[]}"),
    ];

    private static readonly (string Query, string Answer)[] TableAnswers =
    [
        ("[1,[56,[[15,[[14,[\"test\"]],\"bt\"]],[2,[{\"id\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"v\":1},{\"id\":2,\"p\":{\"$reql_type$\":\"BINARY\",\"data\":\"QUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJDQUJD\"}},{\"id\":3,\"p\":{\"x\":1}}]]]],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":3,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[16,[[15,[[14,[\"test\"]],\"bt\"]],{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]],{}]", "{\"t\":1,\"r\":[{\"id\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"v\":1}]}"),
        ("[1,[53,[[16,[[15,[[14,[\"test\"]],\"bt\"]],3]],{\"p\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}}]],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":1,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[16,[[15,[[14,[\"test\"]],\"bt\"]],3]],{}]", "{\"t\":1,\"r\":[{\"id\":3,\"p\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}}]}"),
        ("[1,[53,[[16,[[15,[[14,[\"test\"]],\"bt\"]],2]],{\"p\":{\"y\":2}}]],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":0,\"replaced\":1,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[16,[[15,[[14,[\"test\"]],\"bt\"]],2]],{}]", "{\"t\":1,\"r\":[{\"id\":2,\"p\":{\"y\":2}}]}"),
        ("[1,[56,[[15,[[14,[\"test\"]],\"bt\"]],{\"id\":{\"$reql_type$\":\"BINARY\",\"data\":\"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\"}}]],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":0,\"inserted\":1,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[56,[[15,[[14,[\"test\"]],\"bt\"]],{\"id\":{\"$reql_type$\":\"BINARY\",\"data\":\"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQQ==\"}}]],{}]", "{\"t\":1,\"r\":[{\"deleted\":0,\"errors\":1,\"first_error\":\"Primary key too long (max 127 characters): {\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\\\\r\\\\nQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\\\\r\\\\nQUFBQUFBQQ==\\\"}\",\"inserted\":0,\"replaced\":0,\"skipped\":0,\"unchanged\":0}]}"),
        ("[1,[41,[[15,[[14,[\"test\"]],\"bt\"]],\"id\"]],{}]", "{\"t\":1,\"r\":[[{\"id\":2,\"p\":{\"y\":2}},{\"id\":3,\"p\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}},{\"id\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"v\":1},{\"id\":{\"$reql_type$\":\"BINARY\",\"data\":\"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\\r\\nQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\\r\\nQUFBQUFB\"}}]]}"),
    ];

    [Theory, TestServer, RealServer]
    public async Task Binaries_are_values_of_their_own_as_on_the_server(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers);
    }

    [Theory, TestServer, RealServer]
    public async Task Binaries_are_stored_updated_and_keyed_as_on_the_server(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersOnTableAsync("bt", TableAnswers);
    }
}
