using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// JSON text as the server's rapidjson reads and writes it: <c>r.json</c> refusing a text with the words of the first
/// error rapidjson meets, and reading <c>-0</c> written as an integer as 0; text written back (answers,
/// <c>to_json_string</c>, printed values) with only quotes, backslashes and control characters escaped, every other
/// character as its UTF-8 bytes (U+007F, U+00A0, U+2028, U+FEFF, private use, beyond the BMP). Exact answers, byte for
/// byte, against either server.
/// </summary>
public sealed class JsonTextAgreementTests
{
    // Regular string literals with \u escapes: the characters themselves (U+2028 is a line break to C#) stay out of
    // the source, and reach the wire as UTF-8. A text cut short inside a \u escape is left out: the server's rapidjson
    // then reads past the text's end, and answers "Missing a closing quotation mark" or, now and then, "Invalid escape
    // character" (the test server gives the first).
    private static readonly (string Query, string Answer)[] JsonAnswers =
    [
        ("[1,[98,[\"\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"\\\" as JSON: The document is empty.\"],\"b\":[]}"),
        ("[1,[98,[\" \"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\" \\\" as JSON: The document is empty.\"],\"b\":[]}"),
        ("[1,[98,[\"{\\\"a\\\" 1}\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"{\\\"a\\\" 1}\\\" as JSON: Missing a colon after a name of object member.\"],\"b\":[]}"),
        ("[1,[98,[\"{a:1}\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"{a:1}\\\" as JSON: Missing a name for object member.\"],\"b\":[]}"),
        ("[1,[98,[\"01\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"01\\\" as JSON: The document root must not follow by other values.\"],\"b\":[]}"),
        ("[1,[98,[\"1.\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"1.\\\" as JSON: Miss fraction part in number.\"],\"b\":[]}"),
        ("[1,[98,[\"\\\"\\\\x\\\"\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"\\\"\\\\x\\\"\\\" as JSON: Invalid escape character in string.\"],\"b\":[]}"),
        ("[1,[98,[\"[1,]\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"[1,]\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"{\\\"a\\\":1,}\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"{\\\"a\\\":1,}\\\" as JSON: Missing a name for object member.\"],\"b\":[]}"),
        ("[1,[98,[\"{\\\"a\\\":1 \\\"b\\\":2}\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"{\\\"a\\\":1 \\\"b\\\":2}\\\" as JSON: Missing a comma or '}' after an object member.\"],\"b\":[]}"),
        ("[1,[98,[\"[1 2]\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"[1 2]\\\" as JSON: Missing a comma or ']' after an array element.\"],\"b\":[]}"),
        ("[1,[98,[\"[1\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"[1\\\" as JSON: Missing a comma or ']' after an array element.\"],\"b\":[]}"),
        ("[1,[98,[\"{\\\"a\\\":1\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"{\\\"a\\\":1\\\" as JSON: Missing a comma or '}' after an object member.\"],\"b\":[]}"),
        ("[1,[98,[\"\\\"abc\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"\\\"abc\\\" as JSON: Missing a closing quotation mark in string.\"],\"b\":[]}"),
        ("[1,[98,[\"\\\"a\\u0001b\\\"\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"\\\"a\\u0001b\\\"\\\" as JSON: Invalid escape character in string.\"],\"b\":[]}"),
        ("[1,[98,[\"\\\"\\\\u12G4\\\"\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"\\\"\\\\u12G4\\\"\\\" as JSON: Incorrect hex digit after \\\\u escape in string.\"],\"b\":[]}"),
        ("[1,[98,[\"\\\"\\\\ud800\\\"\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"\\\"\\\\ud800\\\"\\\" as JSON: The surrogate pair in string is invalid.\"],\"b\":[]}"),
        ("[1,[98,[\"\\\"\\\\ud800x\\\"\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"\\\"\\\\ud800x\\\"\\\" as JSON: The surrogate pair in string is invalid.\"],\"b\":[]}"),
        ("[1,[98,[\"\\\"\\\\ud800\\\\u0041\\\"\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"\\\"\\\\ud800\\\\u0041\\\"\\\" as JSON: The surrogate pair in string is invalid.\"],\"b\":[]}"),
        ("[1,[98,[\"1e\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"1e\\\" as JSON: Miss exponent in number.\"],\"b\":[]}"),
        ("[1,[98,[\"1e+\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"1e+\\\" as JSON: Miss exponent in number.\"],\"b\":[]}"),
        ("[1,[98,[\"-\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"-\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"+1\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"+1\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\".5\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\".5\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"nul\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"nul\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"True\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"True\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"NaN\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"NaN\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"[1,2]]\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"[1,2]]\\\" as JSON: The document root must not follow by other values.\"],\"b\":[]}"),
        ("[1,[98,[\"]\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"]\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"1 2\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"1 2\\\" as JSON: The document root must not follow by other values.\"],\"b\":[]}"),
        ("[1,[98,[\"{\\\"a\\\":}\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"{\\\"a\\\":}\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"{,}\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"{,}\\\" as JSON: Missing a name for object member.\"],\"b\":[]}"),
        ("[1,[98,[\"[1,,2]\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"[1,,2]\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"0x10\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"0x10\\\" as JSON: The document root must not follow by other values.\"],\"b\":[]}"),
        ("[1,[98,[\"-01\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"-01\\\" as JSON: The document root must not follow by other values.\"],\"b\":[]}"),
        ("[1,[98,[\"/*c*/1\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"/*c*/1\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"\u00A01\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"\u00A01\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"1\u00A0\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"1\u00A0\\\" as JSON: The document root must not follow by other values.\"],\"b\":[]}"),
        ("[1,[98,[\"'a'\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Failed to parse \\\"'a'\\\" as JSON: Invalid value.\"],\"b\":[]}"),
        ("[1,[98,[\"-0\"]],{}]", "{\"t\":1,\"r\":[0]}"),
        ("[1,[98,[\"[-0,-0.0,-0e0,{\\\"a\\\":-0}]\"]],{}]", "{\"t\":1,\"r\":[[0,-0.0,-0.0,{\"a\":0}]]}"),
    ];

    private static readonly (string Query, string Answer)[] TextAnswers =
    [
        ("[1,\"\u00A0\",{}]", "{\"t\":1,\"r\":[\"\u00A0\"]}"),
        ("[1,{\"\u00A0\":1},{}]", "{\"t\":1,\"r\":[{\"\u00A0\":1}]}"),
        ("[1,[172,[{\"\u00A0\":\"\u00A0\\n\\u0001\\\"\\\\/\"}]],{}]", "{\"t\":1,\"r\":[\"{\\\"\u00A0\\\":\\\"\u00A0\\\\n\\\\u0001\\\\\\\"\\\\\\\\/\\\"}\"]}"),
        ("[1,[56,[{\"\u00A0\":\"\u00A0\"},{}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type TABLE but found DATUM:\\n{\\n\\t\\\"\u00A0\\\":\\t\\\"\u00A0\\\"\\n}\"],\"b\":[0]}"),
        ("[1,\"\u2028\",{}]", "{\"t\":1,\"r\":[\"\u2028\"]}"),
        ("[1,{\"\u2028\":1},{}]", "{\"t\":1,\"r\":[{\"\u2028\":1}]}"),
        ("[1,[172,[{\"\u2028\":\"\u2028\\n\\u0001\\\"\\\\/\"}]],{}]", "{\"t\":1,\"r\":[\"{\\\"\u2028\\\":\\\"\u2028\\\\n\\\\u0001\\\\\\\"\\\\\\\\/\\\"}\"]}"),
        ("[1,[56,[{\"\u2028\":\"\u2028\"},{}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type TABLE but found DATUM:\\n{\\n\\t\\\"\u2028\\\":\\t\\\"\u2028\\\"\\n}\"],\"b\":[0]}"),
        ("[1,\"\uFEFF\",{}]", "{\"t\":1,\"r\":[\"\uFEFF\"]}"),
        ("[1,{\"\uFEFF\":1},{}]", "{\"t\":1,\"r\":[{\"\uFEFF\":1}]}"),
        ("[1,[172,[{\"\uFEFF\":\"\uFEFF\\n\\u0001\\\"\\\\/\"}]],{}]", "{\"t\":1,\"r\":[\"{\\\"\uFEFF\\\":\\\"\uFEFF\\\\n\\\\u0001\\\\\\\"\\\\\\\\/\\\"}\"]}"),
        ("[1,[56,[{\"\uFEFF\":\"\uFEFF\"},{}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type TABLE but found DATUM:\\n{\\n\\t\\\"\uFEFF\\\":\\t\\\"\uFEFF\\\"\\n}\"],\"b\":[0]}"),
        ("[1,\"\u007F\",{}]", "{\"t\":1,\"r\":[\"\u007F\"]}"),
        ("[1,{\"\u007F\":1},{}]", "{\"t\":1,\"r\":[{\"\u007F\":1}]}"),
        ("[1,[172,[{\"\u007F\":\"\u007F\\n\\u0001\\\"\\\\/\"}]],{}]", "{\"t\":1,\"r\":[\"{\\\"\u007F\\\":\\\"\u007F\\\\n\\\\u0001\\\\\\\"\\\\\\\\/\\\"}\"]}"),
        ("[1,[56,[{\"\u007F\":\"\u007F\"},{}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type TABLE but found DATUM:\\n{\\n\\t\\\"\u007F\\\":\\t\\\"\u007F\\\"\\n}\"],\"b\":[0]}"),
        ("[1,\"\u0085\",{}]", "{\"t\":1,\"r\":[\"\u0085\"]}"),
        ("[1,{\"\u0085\":1},{}]", "{\"t\":1,\"r\":[{\"\u0085\":1}]}"),
        ("[1,[172,[{\"\u0085\":\"\u0085\\n\\u0001\\\"\\\\/\"}]],{}]", "{\"t\":1,\"r\":[\"{\\\"\u0085\\\":\\\"\u0085\\\\n\\\\u0001\\\\\\\"\\\\\\\\/\\\"}\"]}"),
        ("[1,[56,[{\"\u0085\":\"\u0085\"},{}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type TABLE but found DATUM:\\n{\\n\\t\\\"\u0085\\\":\\t\\\"\u0085\\\"\\n}\"],\"b\":[0]}"),
        ("[1,\"\uE000\",{}]", "{\"t\":1,\"r\":[\"\uE000\"]}"),
        ("[1,{\"\uE000\":1},{}]", "{\"t\":1,\"r\":[{\"\uE000\":1}]}"),
        ("[1,[172,[{\"\uE000\":\"\uE000\\n\\u0001\\\"\\\\/\"}]],{}]", "{\"t\":1,\"r\":[\"{\\\"\uE000\\\":\\\"\uE000\\\\n\\\\u0001\\\\\\\"\\\\\\\\/\\\"}\"]}"),
        ("[1,[56,[{\"\uE000\":\"\uE000\"},{}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type TABLE but found DATUM:\\n{\\n\\t\\\"\uE000\\\":\\t\\\"\uE000\\\"\\n}\"],\"b\":[0]}"),
        ("[1,\"\uFFFF\",{}]", "{\"t\":1,\"r\":[\"\uFFFF\"]}"),
        ("[1,{\"\uFFFF\":1},{}]", "{\"t\":1,\"r\":[{\"\uFFFF\":1}]}"),
        ("[1,[172,[{\"\uFFFF\":\"\uFFFF\\n\\u0001\\\"\\\\/\"}]],{}]", "{\"t\":1,\"r\":[\"{\\\"\uFFFF\\\":\\\"\uFFFF\\\\n\\\\u0001\\\\\\\"\\\\\\\\/\\\"}\"]}"),
        ("[1,[56,[{\"\uFFFF\":\"\uFFFF\"},{}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type TABLE but found DATUM:\\n{\\n\\t\\\"\uFFFF\\\":\\t\\\"\uFFFF\\\"\\n}\"],\"b\":[0]}"),
        ("[1,\"\u3000\",{}]", "{\"t\":1,\"r\":[\"\u3000\"]}"),
        ("[1,{\"\u3000\":1},{}]", "{\"t\":1,\"r\":[{\"\u3000\":1}]}"),
        ("[1,[172,[{\"\u3000\":\"\u3000\\n\\u0001\\\"\\\\/\"}]],{}]", "{\"t\":1,\"r\":[\"{\\\"\u3000\\\":\\\"\u3000\\\\n\\\\u0001\\\\\\\"\\\\\\\\/\\\"}\"]}"),
        ("[1,[56,[{\"\u3000\":\"\u3000\"},{}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type TABLE but found DATUM:\\n{\\n\\t\\\"\u3000\\\":\\t\\\"\u3000\\\"\\n}\"],\"b\":[0]}"),
        ("[1,\"\U0001F600\",{}]", "{\"t\":1,\"r\":[\"\U0001F600\"]}"),
        ("[1,{\"\U0001F600\":1},{}]", "{\"t\":1,\"r\":[{\"\U0001F600\":1}]}"),
        ("[1,[172,[{\"\U0001F600\":\"\U0001F600\\n\\u0001\\\"\\\\/\"}]],{}]", "{\"t\":1,\"r\":[\"{\\\"\U0001F600\\\":\\\"\U0001F600\\\\n\\\\u0001\\\\\\\"\\\\\\\\/\\\"}\"]}"),
        ("[1,[56,[{\"\U0001F600\":\"\U0001F600\"},{}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type TABLE but found DATUM:\\n{\\n\\t\\\"\U0001F600\\\":\\t\\\"\U0001F600\\\"\\n}\"],\"b\":[0]}"),
    ];

    [Theory, TestServer, RealServer]
    public async Task Json_text_is_read_and_refused_in_rapidjsons_words(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(JsonAnswers);
    }

    [Theory, TestServer, RealServer]
    public async Task Text_is_written_as_utf8_with_only_quotes_backslashes_and_control_characters_escaped(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(TextAnswers);
    }
}
