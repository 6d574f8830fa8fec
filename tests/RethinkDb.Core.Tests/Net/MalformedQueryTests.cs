using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// Frames no driver would send, written through a bare socket: the server answers each with an error for its token
/// and keeps the connection open (checked against the real server when RETHINKDB_HOST is set).
/// </summary>
public class MalformedQueryTests
{
    // Body, response type, message ({0}: the frame's token).
    private static readonly (string Body, int Type, string Message)[] Cases =
    [
        ("not json", 16, "Client is buggy (failed to deserialize query)."),
        ("""{"a":1}""", 16, "Server could not parse query: Expected a query to be an array, but found OBJECT."),
        ("5", 16, "Server could not parse query: Expected a query to be an array, but found NUMBER."),
        ("[]", 16, "Server could not parse query: Expected 1 to 3 elements in the top-level query, but found 0."),
        ("[1,1,{},4]", 16, "Server could not parse query: Expected 1 to 3 elements in the top-level query, but found 4."),
        ("""["x"]""", 16, "Server could not parse query: Expected a query type as a number, but found STRING."),
        ("[99]", 16, "Server could not parse query: Unrecognized QueryType: 99."),
        ("[1,1,2]", 16, "Server could not parse query: Expected global optargs as an object, but found NUMBER."),
        ("[2]", 16, "Token {0} not in stream cache."),
        ("[3]", 16, "Token {0} not in stream cache."),
        // A START without a term passes the parser and trips a sanity check; the real server appends a stack trace.
        ("[1]", 17, "SANITY CHECK FAILED: [query_json.Size() >= 2] at `src/rdb_protocol/term_storage.cc:291` (server is buggy)."),
    ];

    [Theory, TestServer, RealServer]
    public async Task Malformed_queries_are_answered_with_errors_and_the_connection_stays_open(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);
        long token = 0;
        foreach (var (body, type, format) in Cases)
        {
            await raw.SendAsync(++token, body);
            var (answered, answer) = await raw.ReceiveAsync();
            Assert.Equal(token, answered);
            Assert.True(type == answer.GetProperty("t").GetInt32(), $"{body}: {answer}");
            var message = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, token);
            var text = answer.GetProperty("r")[0].GetString()!;
            Assert.True(type == 17 ? text.StartsWith(message, StringComparison.Ordinal) : text == message, $"{body}: {text}");
            Assert.Equal(0, answer.GetProperty("b").GetArrayLength());
            Assert.False(answer.TryGetProperty("e", out _), $"{body}: only RUNTIME_ERROR carries an error type");
        }

        // Still open: a well-formed query is answered.
        await raw.SendAsync(++token, "[1,[2,[1,2]]]");
        var (last, ok) = await raw.ReceiveAsync();
        Assert.Equal(token, last);
        Assert.Equal(1, ok.GetProperty("t").GetInt32());
        Assert.Equal("[[1,2]]", ok.GetProperty("r").GetRawText());
    }
}
