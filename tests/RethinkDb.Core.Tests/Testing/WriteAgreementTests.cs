using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Refusals of names, options and keys in the real server's words and blamed where it blames them (the name's or
/// option's own term), exact answers against either server.
/// </summary>
public sealed class WriteAgreementTests
{
    [Theory, TestServer, RealServer]
    public async Task Names_options_and_keys_are_refused_as_the_server_refuses_them(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);
        var db = "wa_" + Guid.NewGuid().ToString("N")[..10];
        var table = $$"""[15,[[14,["{{db}}"]],"t"]]""";
        var longKey = new string('y', 128);
        var longUtf8Key = string.Concat(Enumerable.Repeat("\u00e9", 64)); // 128 bytes of UTF-8
        (string Query, string Answer)[] answers =
        [
            ("""[1,[14,["bad name"]]]""", """{"t":18,"e":3000000,"r":["Database name `bad name` invalid (Use A-Z, a-z, 0-9, _ and - only)."],"b":[0]}"""),
            ("""[1,[57,["bad-db!"]]]""", """{"t":18,"e":3000000,"r":["Database name `bad-db!` invalid (Use A-Z, a-z, 0-9, _ and - only)."],"b":[0]}"""),
            ($$"""[1,[15,[[14,["{{db}}"]],"bad name"]]]""", """{"t":18,"e":3000000,"r":["Table name `bad name` invalid (Use A-Z, a-z, 0-9, _ and - only)."],"b":[1]}"""),
            ($$"""[1,[60,[[14,["{{db}}"]],"bad name"]]]""", """{"t":18,"e":3000000,"r":["Table name `bad name` invalid (Use A-Z, a-z, 0-9, _ and - only)."],"b":[1]}"""),
            ($$"""[1,[60,[[14,["{{db}}"]],"ok"],{"durability":"bogus"}]]""", """{"t":18,"e":3000000,"r":["Durability option `bogus` unrecognized (options are \"hard\" and \"soft\")."],"b":["durability"]}"""),
            ($$"""[1,[56,[{{table}},{"id":1}],{"conflict":"bogus"}]]""", """{"t":18,"e":3000000,"r":["Conflict option `bogus` unrecognized (options are \"error\", \"replace\" and \"update\")."],"b":["conflict"]}"""),
            ($$"""[1,[56,[{{table}},{"id":1}],{"durability":"bogus"}]]""", """{"t":18,"e":3000000,"r":["Durability option `bogus` unrecognized (options are \"hard\" and \"soft\")."],"b":["durability"]}"""),
            // Keys: 127 bytes of UTF-8 at most.
            ($$"""[1,[56,[{{table}},{"id":"{{longKey}}"}]]]""", $$"""{"t":1,"r":[{"deleted":0,"errors":1,"first_error":"Primary key too long (max 127 characters): \"{{longKey}}\"","inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
            ($$"""[1,[56,[{{table}},{"id":"{{longUtf8Key}}"}]]]""", $$"""{"t":1,"r":[{"deleted":0,"errors":1,"first_error":"Primary key too long (max 127 characters): \"{{longUtf8Key}}\"","inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
            ($$"""[1,[56,[{{table}},{"id":"{{longKey[1..]}}"}]]]""", """{"t":1,"r":[{"deleted":0,"errors":0,"inserted":1,"replaced":0,"skipped":0,"unchanged":0}]}"""),
            ($$"""[1,[16,[{{table}},"{{longKey}}"]]]""", $$"""{"t":18,"e":3000000,"r":["Primary key too long (max 127 characters): \"{{longKey}}\""],"b":[]}"""),
            // Insert's words for a row that is no object; replace keeps "Inserted value must be an OBJECT".
            ($$"""[1,[56,[{{table}},[2,[{"id":4},"x"]]]]]""", """{"t":1,"r":[{"deleted":0,"errors":1,"first_error":"Expected type OBJECT but found STRING.","inserted":1,"replaced":0,"skipped":0,"unchanged":0}]}"""),
            ($$"""[1,[55,[[16,[{{table}},4]],5]]]""", """{"t":1,"r":[{"deleted":0,"errors":1,"first_error":"Inserted value must be an OBJECT (got NUMBER):\n5","inserted":0,"replaced":0,"skipped":0,"unchanged":0}]}"""),
        ];
        try
        {
            await raw.SendAsync(1, $$"""[1,[57,["{{db}}"]]]""");
            Assert.Equal(1, (await raw.ReceiveAsync()).Body.GetProperty("r")[0].GetProperty("dbs_created").GetInt32());
            await raw.SendAsync(2, $$"""[1,[60,[[14,["{{db}}"]],"t"]]]""");
            Assert.Equal(1, (await raw.ReceiveAsync()).Body.GetProperty("r")[0].GetProperty("tables_created").GetInt32());

            await raw.AssertAnswersAsync(answers);
        }
        finally
        {
            await raw.SendAsync(1000, $$"""[1,[58,["{{db}}"]]]""");
            await raw.ReceiveAsync();
        }
    }
}
