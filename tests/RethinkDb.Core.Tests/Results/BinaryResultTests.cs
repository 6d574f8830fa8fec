using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Results;

/// <summary>
/// Binaries as the server sends them back: over 57 bytes, its base64 is broken into lines of 76 characters by CRLF
/// (<c>"QUJD…\r\nQUJD…"</c>), in query answers as in printed values; every way the driver reads a binary must take them.
/// </summary>
public sealed class BinaryResultTests
{
    [Theory, TestServer, RealServer]
    public async Task Binaries_of_any_length_read_back_as_sent(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        foreach (var length in new[] { 0, 57, 58, 1000, 70_000 })
        {
            var bytes = new byte[length];
            new Random(length).NextBytes(bytes);

            Assert.Equal(bytes, await R.Binary(bytes).RunAsync<byte[]>(h.Connection));
            Assert.Equal(bytes, (await R.Expr(new { photo = bytes }).RunAsync<Avatar>(h.Connection)).Photo);
            var rows = await R.Expr(new object[] { bytes, bytes }).RunAsync<List<byte[]>>(h.Connection);
            Assert.All(rows, row => Assert.Equal(bytes, row));
            var data = (await R.Binary(bytes).RunAsync<JsonElement>(h.Connection)).GetProperty("data").GetString()!;
            Assert.Equal(length > 57, data.Contains("\r\n", StringComparison.Ordinal)); // what the readers above had to take
            Assert.Equal(bytes, Convert.FromBase64String(data));
        }
    }

    private sealed record Avatar(byte[] Photo);
}
