using System.Text;
using System.Text.Json;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// Issue 18, point 5: a response the server could never have sent reaches the caller as ReqlDriverError "Invalid
/// response from the server ..." with the cause inside; JsonException only for a valid result that is not a T.
/// </summary>
public class MalformedResponseTests
{
    public enum Run { Atom, String, Write, WriteChanges, Changes, Cursor }

    private static readonly string BigBatch = string.Join(",", Enumerable.Range(0, 3000));

    public static TheoryData<string, Run> Invalid => new()
    {
        { """{"t":18,"r":[]}""", Run.Atom },
        { """{"t":18,"e":3000000,"r":[5]}""", Run.Atom },
        { """{"t":16,"r":[]}""", Run.Atom },
        { """{"t":1}""", Run.Atom },
        { """{"t":17}""", Run.Atom },
        { """{"t":1,"r":5}""", Run.Atom },
        { """{"t":1,"r":[]}""", Run.Atom },
        { """{"t":"x","r":[1]}""", Run.Atom },
        { """{"t":1,"r":[1],"n":["x"]}""", Run.Atom },
        { "{\"t\":1,\"r\":[\"a\uFFFFb\"]}|ff", Run.String },
        { "{\"t\":18,\"e\":3000000,\"r\":[\"a\uFFFFb\"]}|ff", Run.Atom },
        { """{"t":1,"r":[{"inserted":"x"}]}""", Run.Write },
        { """{"t":1,"r":[{"inserted":1e400}]}""", Run.Write },
        { """{"t":1,"r":[{"generated_keys":"k"}]}""", Run.Write },
        { """{"t":1,"r":[{"generated_keys":[1]}]}""", Run.Write },
        { """{"t":1,"r":[{"first_error":5}]}""", Run.Write },
        { """{"t":1,"r":[{"warnings":{}}]}""", Run.Write },
        { "{\"t\":1,\"r\":[{\"\uFFFF\":1,\"inserted\":1}]}|ff", Run.Write },
        { """{"t":1,"r":[{"changes":5}]}""", Run.WriteChanges },
        { """{"t":1,"r":[{"changes":[{"type":5}]}]}""", Run.WriteChanges },
        { """{"t":3,"n":[1],"r":[{"type":5}]}""", Run.Changes },
        { """{"t":3,"n":[1],"r":[{"state":{}}]}""", Run.Changes },
        { """{"t":3,"n":[1],"r":[{"old_offset":"x"}]}""", Run.Changes },
        { """{"t":3,"n":[1],"r":[{"error":[]}]}""", Run.Changes },
        { "{\"t\":2,\"r\":[" + BigBatch + ",tru]}", Run.Cursor },
        { "{\"t\":2,\"r\":[" + BigBatch + ",1}", Run.Cursor },
        { "{\"t\":3,\"n\":[1],\"r\":[" + string.Join(",", Enumerable.Repeat("{\"new_val\":1}", 400)) + ",{\"new_val\":]}", Run.Changes },
        { "{\"t\":2,\"r\":[" + BigBatch + ",\"a\uFFFFb\"]}|ff", Run.Cursor },
    };

    [Theory, MemberData(nameof(Invalid))]
    public async Task A_response_the_server_could_never_send_is_an_invalid_response_error(string body, Run run)
    {
        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => RunAgainstAsync(Bytes(body), run));

        // A body that fails its first parse (on the connection's reader) also closes the connection, which says so
        // around the invalid-response error; a batch parsed later (by a cursor) fails only its query.
        Assert.Contains("Invalid response from the server", error.Message, StringComparison.Ordinal);
        Assert.True(Protocol.InvalidResponse.IsInvalidResponse(error) ||
                    error.InnerException is { } inner && Protocol.InvalidResponse.IsInvalidResponse(inner), error.ToString());
    }

    [Theory]
    [InlineData("""{"t":1,"r":["abc"]}""", Run.Atom)]
    [InlineData("""{"t":2,"r":["a","b"]}""", Run.Cursor)]
    public async Task A_valid_result_that_is_not_a_T_stays_a_json_exception(string body, Run run)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => RunAgainstAsync(Bytes(body), run));
    }

    /// <summary>The body's UTF-8, with every U+FFFF replaced by the byte after "|" (an invalid UTF-8 byte).</summary>
    internal static byte[] Bytes(string body)
    {
        var bar = body.LastIndexOf('|');
        if (bar < 0 || body.Length - bar != 3)
        {
            return Encoding.UTF8.GetBytes(body);
        }
        var invalid = Convert.ToByte(body[(bar + 1)..], 16);
        var bytes = Encoding.UTF8.GetBytes(body[..bar]);
        var marker = Encoding.UTF8.GetBytes("\uFFFF");
        var result = new List<byte>();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes.AsSpan(i).StartsWith(marker))
            {
                result.Add(invalid);
                i += marker.Length - 1;
            }
            else
            {
                result.Add(bytes[i]);
            }
        }
        return [.. result];
    }

    private static async Task RunAgainstAsync(byte[] body, Run run)
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.AcceptV0_4Async();
            while (true)
            {
                var (token, query) = await c.ReadQueryAsync();
                if (query is "[3]" or "[2]")
                {
                    await c.SendAsync(token, """{"t":2,"r":[],"n":[]}""");
                    continue;
                }
                await c.SendAsync(token, body);
            }
        });
        await using var connection = await Connection.OpenAsync(server.Options());
        var query = R.Expr(1);
        switch (run)
        {
            case Run.Atom:
                await query.RunAsync<int>(connection);
                break;
            case Run.String:
                await query.RunAsync<string>(connection);
                break;
            case Run.Write:
                await query.RunWriteAsync(connection);
                break;
            case Run.WriteChanges:
                await query.RunWriteAsync<int>(connection);
                break;
            case Run.Changes:
                await using (var feed = await query.RunChangesAsync<int>(connection))
                {
                    await foreach (var _ in feed)
                    {
                    }
                }
                break;
            case Run.Cursor:
                await using (var cursor = await query.RunCursorAsync<int>(connection))
                {
                    await foreach (var _ in cursor)
                    {
                    }
                }
                break;
        }
    }
}
