using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>
/// A bare socket that speaks the V0_4 handshake and the query framing, to send frames the driver never would
/// (malformed bodies) and to see the server's answers byte for byte.
/// </summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawConnection> OpenAsync(ServerTarget target)
    {
        var options = target.Options();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, timeout.Token);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        var raw = new RawConnection(client);
        try
        {
            var key = Encoding.UTF8.GetBytes(target.AdminPassword);
            var hello = new byte[12 + key.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(hello, WireConstants.MagicV0_4);
            BinaryPrimitives.WriteInt32LittleEndian(hello.AsSpan(4), key.Length);
            key.CopyTo(hello.AsSpan(8));
            BinaryPrimitives.WriteUInt32LittleEndian(hello.AsSpan(8 + key.Length), WireConstants.ProtocolJson);
            await raw._stream.WriteAsync(hello, timeout.Token);
            var reply = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                await raw._stream.ReadExactlyAsync(one, timeout.Token);
                if (one[0] == 0)
                {
                    break;
                }
                reply.Add(one[0]);
            }
            Assert.Equal("SUCCESS", Encoding.UTF8.GetString([.. reply]));
            return raw;
        }
        catch
        {
            await raw.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one query frame with the body as given (not necessarily JSON).</summary>
    public Task SendAsync(long token, string body) => SendAsync(token, Encoding.UTF8.GetBytes(body));

    /// <summary>Sends one query frame with the body's bytes as given (not necessarily UTF-8).</summary>
    public async Task SendAsync(long token, byte[] bytes)
    {
        var frame = new byte[12 + bytes.Length];
        BinaryPrimitives.WriteInt64LittleEndian(frame, token);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), bytes.Length);
        bytes.CopyTo(frame.AsSpan(12));
        await _stream.WriteAsync(frame);
    }

    /// <summary>
    /// Sends each query in turn and checks that its answer is exactly the JSON text expected (the failure shows the
    /// query, the answer expected and the one received).
    /// </summary>
    public Task AssertAnswersAsync(IEnumerable<(string Query, string Answer)> cases) =>
        AssertAnswersAsync(cases.Select(c => (Encoding.UTF8.GetBytes(c.Query), c.Answer)));

    /// <summary>
    /// As <see cref="AssertAnswersAsync(IEnumerable{ValueTuple{string, string}})"/>, with <paramref name="table"/>
    /// created in the database <c>test</c> first and dropped after: their answers carry the table's id, so they are
    /// sent, not compared.
    /// </summary>
    public async Task AssertAnswersOnTableAsync(string table, IEnumerable<(string Query, string Answer)> cases)
    {
        await SendAsync(1, $$"""[1,[60,[[14,["test"]],"{{table}}"]],{}]""");
        Assert.Equal(1, (await ReceiveAsync()).Body.GetProperty("t").GetInt32());
        try
        {
            await AssertAnswersAsync(cases);
        }
        finally
        {
            await SendAsync(1_000, $$"""[1,[61,[[14,["test"]],"{{table}}"]],{}]""");
            await ReceiveAsync();
        }
    }

    /// <inheritdoc cref="AssertAnswersAsync(IEnumerable{ValueTuple{string, string}})"/>
    public async Task AssertAnswersAsync(IEnumerable<(byte[] Query, string Answer)> cases)
    {
        var token = 0;
        foreach (var (query, answer) in cases)
        {
            await SendAsync(++token, query);
            var (_, body) = await ReceiveAsync();
            var received = body.GetRawText();
            Assert.True(answer == received, $"{Encoding.UTF8.GetString(query)}\n expected {answer}\n received {received}");
        }
    }

    /// <summary>
    /// Reads the next response frame; fails the test if none comes within <paramref name="within"/> (10 s unless
    /// given) or the server closes.
    /// </summary>
    public async Task<(long Token, JsonElement Body)> ReceiveAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        var header = new byte[12];
        await _stream.ReadExactlyAsync(header, timeout.Token);
        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8))];
        await _stream.ReadExactlyAsync(body, timeout.Token);
        // At any depth: answers nest as deep as the values asked for (DeepNestingTests).
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = int.MaxValue });
        return (BinaryPrimitives.ReadInt64LittleEndian(header), document.RootElement.Clone());
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
