using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// The JSON of answers as they are on the wire, through a bare socket, against either server: details the driver
/// may never look at, and that a driver change could start to depend on.
/// </summary>
public sealed class WireShapeTests
{
    [Theory, TestServer, RealServer]
    public async Task Answers_have_the_real_servers_fields_order_and_text(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);
        var db = "wire_" + Guid.NewGuid().ToString("N")[..12];
        var table = $$"""[15,[[14,["{{db}}"]],"t"]]""";
        try
        {
            Assert.Equal(1, await TypeOfAsync(raw, 1, $$"""[1,[57,["{{db}}"]]]"""));
            Assert.Equal(1, await TypeOfAsync(raw, 2, $$"""[1,[60,[[14,["{{db}}"]],"t"]]]"""));
            // Sent escaped: the servers decode the escapes and store the characters.
            Assert.Equal(1, await TypeOfAsync(raw, 3, $$"""[1,[56,[{{table}},{"id":1,"name":"Zo\u00eb <\u00e9> `x` & \ud83d\ude00"}]]]"""));

            // A stream's answer always carries its notes, even none; an atom's never does. Text comes back as UTF-8
            // as is, not escaped.
            await raw.SendAsync(4, $"[1,{table}]");
            var (_, scan) = await raw.ReceiveAsync();
            Assert.Equal("{\"t\":2,\"r\":[{\"id\":1,\"name\":\"Zo\u00eb <\u00e9> `x` & \U0001F600\"}],\"n\":[]}", scan.GetRawText());
            await raw.SendAsync(5, $"[1,[43,[{table}]]]");
            var (_, count) = await raw.ReceiveAsync();
            Assert.Equal("""{"t":1,"r":[1]}""", count.GetRawText());

            // An error's: the error type (first) for a runtime error only, and always a backtrace.
            await raw.SendAsync(6, $$"""[1,[15,[[14,["{{db}}"]],"nope"]]]""");
            var (_, missing) = await raw.ReceiveAsync();
            Assert.Equal($$"""{"t":18,"e":4100000,"r":["Table `{{db}}.nope` does not exist."],"b":[]}""", missing.GetRawText());
        }
        finally
        {
            await raw.SendAsync(7, $$"""[1,[58,["{{db}}"]]]""");
            await raw.ReceiveAsync();
        }
    }

    private static async Task<int> TypeOfAsync(RawConnection raw, long token, string query)
    {
        await raw.SendAsync(token, query);
        var (_, answer) = await raw.ReceiveAsync();
        return answer.GetProperty("t").GetInt32();
    }

    [Theory, TestServer, RealServer]
    public async Task Numbers_are_written_as_rapidjson_lays_them_out(ServerKind kind)
    {
        // Integers up to 2^53 as integers; other numbers as rapidjson's Writer::Double: up to 21 digits before the
        // point as a decimal ending in ".0", otherwise an exponent without a plus sign; minus zero is "-0.0".
        // 2^54 is left out: rapidjson's Grisu2 writes it 18014398509481985.0, a digit .NET's shortest form does not give.
        (string Sent, string Written)[] cases =
        [
            ("2", "2"), ("3.0", "3"), ("1.5", "1.5"), ("0.1", "0.1"), ("12345.678", "12345.678"),
            ("9007199254740992", "9007199254740992"), ("9007199254740994", "9007199254740994.0"),
            ("1e15", "1000000000000000"), ("1e17", "100000000000000000.0"), ("-1e20", "-100000000000000000000.0"),
            ("123456789012345678", "123456789012345680.0"), ("1e21", "1e21"), ("1e300", "1e300"),
            ("0.000001", "0.000001"), ("1e-7", "1e-7"), ("1.5e-7", "1.5e-7"), ("5e-324", "5e-324"),
            ("1.7976931348623157e308", "1.7976931348623157e308"), ("-0.0", "-0.0"),
        ];
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(cases.Select(c => ($$"""[1,{"n":{{c.Sent}}}]""", $$"""{"t":1,"r":[{"n":{{c.Written}}}]}""")));
    }

    [Theory, TestServer, RealServer]
    public async Task A_term_type_no_term_has_is_unrecognized_and_a_fractional_one_is_read_as_rapidjson_reads_it(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        (string Term, string Answer)[] cases =
        [
            ("[999]", """{"t":17,"r":["Unrecognized TermType: 999."],"b":[]}"""),
            ("[-5]", """{"t":17,"r":["Unrecognized TermType: -5."],"b":[]}"""),
            ("[24,[1,[0]]]", """{"t":17,"r":["Unrecognized TermType: 0."],"b":[1]}"""),
            // A double to rapidjson: GetInt reads the low 32 bits of its IEEE 754 form.
            ("[1.5]", """{"t":17,"r":["Unrecognized TermType: 0."],"b":[]}"""),
            ("[1e16]", """{"t":17,"r":["Unrecognized TermType: 937459712."],"b":[]}"""),
        ];
        await raw.AssertAnswersAsync(cases.Select(c => ($"[1,{c.Term}]", c.Answer)));
    }
}
