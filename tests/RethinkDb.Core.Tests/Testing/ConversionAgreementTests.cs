using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Conversions whose edges the server takes from C, boost and rapidjson rather than from .NET: text read as a number
/// the way <c>sscanf("%lf%c")</c> reads it, times rounded to the millisecond, JSON text read as rapidjson reads it.
/// Exact answers, against either server.
/// </summary>
public sealed class ConversionAgreementTests
{
    private static readonly (string Text, string Answer)[] Numbers =
    [
        ("  12", """{"t":1,"r":[12]}"""),
        ("\t12", """{"t":1,"r":[12]}"""),
        ("12 ", """{"t":18,"e":3000000,"r":["Could not coerce `12 ` to NUMBER."],"b":[]}"""),
        ("0x1A", """{"t":1,"r":[26]}"""),
        ("0X1A.8", """{"t":1,"r":[26.5]}"""),
        ("0x1p3", """{"t":1,"r":[8]}"""),
        ("-0x10", """{"t":1,"r":[-16]}"""),
        ("0x", """{"t":18,"e":3000000,"r":["Could not coerce `0x` to NUMBER."],"b":[]}"""),
        (".5", """{"t":1,"r":[0.5]}"""),
        ("5.", """{"t":1,"r":[5]}"""),
        ("+5", """{"t":1,"r":[5]}"""),
        ("-.5e2", """{"t":1,"r":[-50]}"""),
        ("1e", """{"t":1,"r":[1]}"""),
        ("1e-400", """{"t":1,"r":[0]}"""),
        ("1_000", """{"t":18,"e":3000000,"r":["Could not coerce `1_000` to NUMBER."],"b":[]}"""),
        ("", """{"t":18,"e":3000000,"r":["Could not coerce `` to NUMBER."],"b":[]}"""),
        ("inf", """{"t":18,"e":3000000,"r":["Non-finite number: inf"],"b":[]}"""),
        ("1e400", """{"t":18,"e":3000000,"r":["Non-finite number: inf"],"b":[]}"""),
        ("nan", """{"t":18,"e":3000000,"r":["Non-finite number: nan"],"b":[]}"""),
        ("nan(abc)", """{"t":18,"e":3000000,"r":["Could not coerce `nan(abc)` to NUMBER."],"b":[]}"""),
        // More hexadecimal digits than a double holds, scaled back by the binary exponent.
        ("0x" + new string('f', 300) + "p-1000", """{"t":1,"r":[1.6069380442589903e60]}"""),
    ];

    private static readonly (string Term, string Answer)[] Times =
    [
        ("[101,[1.0005]]", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1.001,"timezone":"+00:00"}]}"""),
        ("[101,[1.0004999]]", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1,"timezone":"+00:00"}]}"""),
        ("[101,[-1.0005]]", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":-1.001,"timezone":"+00:00"}]}"""),
        ("[102,[[101,[1.0025]]]]", """{"t":1,"r":[1.003]}"""),
        ("""[99,["2020-01-02T03:04:05.0005Z"]]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577934245.001,"timezone":"+00:00"}]}"""),
        ("""[99,["2020-01-02T03:04:05.123456789+05:30"]]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577914445.123,"timezone":"+05:30"}]}"""),
        ("[24,[[101,[1.0005]],0.0005]]", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1.001,"timezone":"+00:00"}]}"""),
        ("[25,[[101,[1.0005]],[101,[1]]]]", """{"t":1,"r":[0.001]}"""),
        // Rounding overflows past about 1.8e305 seconds.
        ("[101,[1e306]]", """{"t":18,"e":3000000,"r":["Non-finite number: inf"],"b":[]}"""),
        ("[24,[[101,[0]],1e306]]", """{"t":18,"e":3000000,"r":["Non-finite number: inf"],"b":[]}"""),
        ("""{"$reql_type$":"TIME","epoch_time":1e306,"timezone":"+00:00"}""", """{"t":18,"e":3000000,"r":["Non-finite number: inf"],"b":[]}"""),
        ("[101,[1e305]]", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1e305,"timezone":"+00:00"}]}"""),
        // Errors of the ISO 8601 text are blamed on the text.
        ("""[99,["2020-01-02"]]""", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("""[99,["2020-13-02T03:04:05Z"]]""", """{"t":18,"e":3000000,"r":["Error in time logic: Month number is out of range 1..12."],"b":[0]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Text_is_coerced_to_a_number_as_sscanf_reads_it(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Numbers.Select(n => ($"[1,[51,[{JsonSerializer.Serialize(n.Text)},\"NUMBER\"]]]", n.Answer)));
    }

    [Theory, TestServer, RealServer]
    public async Task Times_are_rounded_to_the_millisecond_wherever_they_are_made(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Times.Select(t => ($"[1,{t.Term}]", t.Answer)));
    }

    private static readonly (string Text, string Answer)[] JsonTexts =
    [
        ("""{"a":1,"a":2}""", """{"t":18,"e":3000000,"r":["Duplicate key \"a\" in JSON."],"b":[]}"""),
        ("[1,2,]", """{"t":18,"e":3000000,"r":["Failed to parse \"[1,2,]\" as JSON: Invalid value."],"b":[]}"""),
        ("1 2", """{"t":18,"e":3000000,"r":["Failed to parse \"1 2\" as JSON: The document root must not follow by other values."],"b":[]}"""),
        ("NaN", """{"t":18,"e":3000000,"r":["Failed to parse \"NaN\" as JSON: Invalid value."],"b":[]}"""),
        ("1e400", """{"t":18,"e":3000000,"r":["Failed to parse \"1e400\" as JSON: Number too big to be stored in double."],"b":[]}"""),
        ("", """{"t":18,"e":3000000,"r":["Failed to parse \"\" as JSON: The document is empty."],"b":[]}"""),
        ("\"\\ud800\"", """{"t":18,"e":3000000,"r":["Failed to parse \"\"\\ud800\"\" as JSON: The surrogate pair in string is invalid."],"b":[]}"""),
        ("""{"$reql_type$":"TIME","epoch_time":1.0005,"timezone":"Z"}""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1.001,"timezone":"+00:00"}]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Json_text_is_read_and_refused_as_the_server_reads_it(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(JsonTexts.Select(j => ($"[1,[98,[{JsonSerializer.Serialize(j.Text)}]]]", j.Answer)));
    }
}
