using System.Text;
using System.Text.Json;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// The one kind of invalid UTF-8 RethinkDB sends: a lone surrogate encoded in three bytes (ED A0..BF 80..BF), which it
/// stores when a client sends an escaped lone low surrogate. It reads as U+FFFD and the connection stays open; any
/// other invalid byte is still a broken response.
/// </summary>
public class EncodedSurrogateTests
{
    private static byte[] Body(string before, string after, params byte[] invalid) =>
        [.. Encoding.UTF8.GetBytes(before), .. invalid, .. Encoding.UTF8.GetBytes(after)];

    private static ScriptedServer Answering(byte[] answer) => ScriptedServer.Start(async c =>
    {
        await c.AcceptV0_4Async();
        while (true)
        {
            var (token, query) = await c.ReadQueryAsync();
            if (query is "[3]" or "[2]")
            {
                await c.SendAsync(token, """{"t":2,"r":[]}""");
                continue;
            }
            await c.SendAsync(token, answer);
        }
    });

    [Theory]
    [InlineData(0xB0, 0x80)] // U+DC00, a low surrogate
    [InlineData(0xA0, 0x80)] // U+D800, a high surrogate
    [InlineData(0xBF, 0xBF)] // U+DFFF
    public async Task An_encoded_surrogate_in_an_atom_reads_as_a_replacement_character(byte second, byte third)
    {
        await using var server = Answering(Body("""{"t":1,"r":[{"v":"x""", """y"}]}""", 0xED, second, third));
        await using var connection = await Connection.OpenAsync(server.Options());

        var value = await R.Expr(1).RunAsync<Dictionary<string, string>>(connection);

        Assert.Equal("x\uFFFDy", value["v"]);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task Encoded_surrogates_in_a_large_batch_read_as_replacement_characters_row_by_row()
    {
        // Over 4 KiB: the batch is checked only as its rows are read.
        var filler = new string('b', 5000);
        var body = Body($$"""{"t":2,"r":["first","{{filler}}","x""", """y"]}""", 0xED, 0xB0, 0x80);
        await using var server = Answering(body);
        await using var connection = await Connection.OpenAsync(server.Options());

        var rows = new List<string>();
        await foreach (var row in await R.Expr(1).RunCursorAsync<string>(connection))
        {
            rows.Add(row);
        }

        Assert.Equal(["first", filler, "x\uFFFDy"], rows);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task A_code_point_just_below_the_surrogates_is_left_as_it_is()
    {
        // ED 9F BF is U+D7FF, valid UTF-8: nothing is replaced.
        await using var server = Answering(Body("""{"t":1,"r":["x""", """y"]}""", 0xED, 0x9F, 0xBF));
        await using var connection = await Connection.OpenAsync(server.Options());

        Assert.Equal("x\uD7FFy", await R.Expr(1).RunAsync<string>(connection));
    }

    [Fact]
    public async Task Other_invalid_utf8_beside_an_encoded_surrogate_is_still_an_invalid_response()
    {
        await using var server = Answering(Body("""{"t":1,"r":["x""", """y"]}""", 0xED, 0xB0, 0x80, 0xFF));
        await using var connection = await Connection.OpenAsync(server.Options());

        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => R.Expr(1).RunAsync<string>(connection));

        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_batch_with_other_invalid_utf8_fails_its_query_as_an_invalid_response()
    {
        var filler = new string('b', 5000);
        var body = Body($$"""{"t":2,"r":["{{filler}}","x""", """y"]}""", 0xFF);
        await using var server = Answering(body);
        await using var connection = await Connection.OpenAsync(server.Options());

        var error = await Assert.ThrowsAsync<ReqlDriverError>(async () =>
        {
            await foreach (var _ in await R.Expr(1).RunCursorAsync<JsonElement>(connection))
            {
            }
        });

        Assert.True(Protocol.InvalidResponse.IsInvalidResponse(error), error.ToString());
    }
}
