using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Pseudo-type objects a query builds or JSON text holds, checked as the server's datum constructor checks them: a
/// BINARY's base64 decoded as the server decodes it (white space skipped, padding optional, its words for what it
/// refuses) and written again; a TIME's fields in sorted order up to the first wrong one, its zone sanitized; any other
/// <c>$reql_type$</c> refused. Exact answers, against either server.
/// </summary>
public sealed class PseudoTypeAgreementTests
{
    private static readonly (string Query, string Answer)[] Answers =
    [
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQ=\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQ==\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQ=A\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid base64 format, data found after padding character '='.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"A===\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid base64 length: 1 character remaining, cannot decode a full byte.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQID====\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\" AQID\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQ\\nID\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQI\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQI=\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"-_\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid base64 character found: '-'.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQ==AQ==\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid base64 format, data found after padding character '='.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"=\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQ==\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQ==\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQI=\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQI=\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AB\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AA==\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AB==\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AA==\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"\\tAQ\\r\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQ==\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQ===\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQ==\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"A=Q\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid base64 length: 1 character remaining, cannot decode a full byte.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQ=\\n=\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQ==\"}]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"A\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid base64 length: 1 character remaining, cannot decode a full byte.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"@@\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid base64 character found: '@'.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":\"AQ\",\"$x\":1},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid binary pseudotype: illegal `$x` key.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Unknown $reql_type$ `PTYPE<>`.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"time\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Unknown $reql_type$ `PTYPE<time>`.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"GROUPED_DATA\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Unknown $reql_type$ `PTYPE<GROUPED_DATA>`.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"GROUPED_DATA\",\"data\":5},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Unknown $reql_type$ `PTYPE<GROUPED_DATA>`.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"TIME\",\"timezone\":\"bad\",\"epoch_time\":\"1\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid time object constructed (field `epoch_time` must be a number (got `\\\"1\\\"` of type STRING)):\\n{\\n\\t\\\"$reql_type$\\\":\\t\\\"TIME\\\",\\n\\t\\\"epoch_time\\\":\\t\\\"1\\\",\\n\\t\\\"timezone\\\":\\t\\\"bad\\\"\\n}\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"+25:00\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid time object constructed (invalid timezone string `\\\"+25:00\\\"`):\\n{\\n\\t\\\"$reql_type$\\\":\\t\\\"TIME\\\",\\n\\t\\\"epoch_time\\\":\\t1,\\n\\t\\\"timezone\\\":\\t\\\"+25:00\\\"\\n}\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":5},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid time object constructed (field `timezone` must be a string (got `5` of type NUMBER)):\\n{\\n\\t\\\"$reql_type$\\\":\\t\\\"TIME\\\",\\n\\t\\\"epoch_time\\\":\\t1,\\n\\t\\\"timezone\\\":\\t5\\n}\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"+1\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid time object constructed (invalid timezone string `\\\"+1\\\"`):\\n{\\n\\t\\\"$reql_type$\\\":\\t\\\"TIME\\\",\\n\\t\\\"epoch_time\\\":\\t1,\\n\\t\\\"timezone\\\":\\t\\\"+1\\\"\\n}\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"-00:00\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid time object constructed (invalid timezone string `\\\"-00:00\\\"`):\\n{\\n\\t\\\"$reql_type$\\\":\\t\\\"TIME\\\",\\n\\t\\\"epoch_time\\\":\\t1,\\n\\t\\\"timezone\\\":\\t\\\"-00:00\\\"\\n}\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"+01\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"+01:00\"}]}"),
        ("[1,{\"$reql_type$\":\"TIME\",\"epoch_time\":1.00049,\"timezone\":\"Z\"},{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"+00:00\"}]}"),
        ("[1,{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"+01\",\"x\":2},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid time object constructed (unrecognized field `x`):\\n{\\n\\t\\\"$reql_type$\\\":\\t\\\"TIME\\\",\\n\\t\\\"epoch_time\\\":\\t1,\\n\\t\\\"timezone\\\":\\t\\\"+01:00\\\",\\n\\t\\\"x\\\":\\t2\\n}\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"TIME\",\"epoch_time\":\"1\",\"timezone\":\"Z\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid time object constructed (field `epoch_time` must be a number (got `\\\"1\\\"` of type STRING)):\\n{\\n\\t\\\"$reql_type$\\\":\\t\\\"TIME\\\",\\n\\t\\\"epoch_time\\\":\\t\\\"1\\\",\\n\\t\\\"timezone\\\":\\t\\\"Z\\\"\\n}\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"TIME\",\"epoch_time\":1},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid time object constructed (no field `timezone`):\\n{\\n\\t\\\"$reql_type$\\\":\\t\\\"TIME\\\",\\n\\t\\\"epoch_time\\\":\\t1\\n}\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"TIME\",\"timezone\":\"Z\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid time object constructed (no field `epoch_time`):\\n{\\n\\t\\\"$reql_type$\\\":\\t\\\"TIME\\\",\\n\\t\\\"timezone\\\":\\t\\\"+00:00\\\"\\n}\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"BINARY\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid binary pseudotype: lacking `data` key.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"BINARY\",\"data\":5},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Expected type STRING but found NUMBER.\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":5},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Error: Field `$reql_type$` must be a string (got `5` of type NUMBER):\\n{\\n\\t\\\"$reql_type$\\\":\\t5\\n}\"],\"b\":[]}"),
        ("[1,{\"$reql_type$\":\"FOO\"},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Unknown $reql_type$ `PTYPE<FOO>`.\"],\"b\":[]}"),
        ("[1,{\"a\":{\"$reql_type$\":\"FOO\"}},{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Unknown $reql_type$ `PTYPE<FOO>`.\"],\"b\":[\"a\"]}"),
        ("[1,[2,[{\"$reql_type$\":\"FOO\"}]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Unknown $reql_type$ `PTYPE<FOO>`.\"],\"b\":[0]}"),
        ("[1,[98,[\"{\\\"$reql_type$\\\":\\\"FOO\\\"}\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Unknown $reql_type$ `PTYPE<FOO>`.\"],\"b\":[]}"),
        ("[1,[98,[\"{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"A\\\"}\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Invalid base64 length: 1 character remaining, cannot decode a full byte.\"],\"b\":[]}"),
        ("[1,[98,[\"{\\\"$reql_type$\\\":\\\"BINARY\\\",\\\"data\\\":\\\"AQ\\\"}\"]],{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"AQ==\"}]}"),
        ("[1,[98,[\"{\\\"$reql_type$\\\":\\\"TIME\\\",\\\"epoch_time\\\":1,\\\"timezone\\\":\\\"+01\\\"}\"]],{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"TIME\",\"epoch_time\":1,\"timezone\":\"+01:00\"}]}"),
        ("[1,[98,[\"{\\\"$reql_type$\\\":\\\"GROUPED_DATA\\\",\\\"data\\\":[]}\"]],{}]", "{\"t\":18,\"e\":3000000,\"r\":[\"Unknown $reql_type$ `PTYPE<GROUPED_DATA>`.\"],\"b\":[]}"),
        ("[1,[155,[\"abc\"]],{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"YWJj\"}]}"),
        ("[1,[51,[\"abc\",\"BINARY\"]],{}]", "{\"t\":1,\"r\":[{\"$reql_type$\":\"BINARY\",\"data\":\"YWJj\"}]}"),
    ];

    [Theory, TestServer, RealServer]
    public async Task Pseudo_types_are_checked_and_normalized_as_the_server_does(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers);
    }
}
