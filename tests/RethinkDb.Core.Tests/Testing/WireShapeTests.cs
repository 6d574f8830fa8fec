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
}
