using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Results;

/// <summary>
/// A large response is parsed past its results only when asked (a cursor's first batch: for its notes). When that
/// part is broken, the caller gets the error, the response is released and the query stopped.
/// </summary>
public class BrokenLargeResponseTests
{
    [Fact]
    public async Task A_first_batch_broken_past_its_results_fails_the_cursor_and_stops_the_query()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var release = new TaskCompletionSource();
        var stopped = new TaskCompletionSource<(long, long, string)>();
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            // V0_4: magic, key length, key, protocol.
            var head = new byte[8];
            await stream.ReadExactlyAsync(head);
            await stream.ReadExactlyAsync(new byte[BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(4)) + 4]);
            await stream.WriteAsync("SUCCESS\0"u8.ToArray());

            var (token, _) = await ReadQueryAsync(stream);
            var body = Encoding.UTF8.GetBytes("{\"t\":3,\"r\":[" + string.Join(",", Enumerable.Range(0, 3000)) + "],\"n\":[1,}");
            var frame = new byte[12 + body.Length];
            BinaryPrimitives.WriteInt64LittleEndian(frame, token);
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), body.Length);
            body.CopyTo(frame, 12);
            await stream.WriteAsync(frame);

            var (stopToken, stop) = await ReadQueryAsync(stream);
            stopped.SetResult((token, stopToken, stop));
            await release.Task; // The connection stays open until the test has looked at it.
        });

        var options = new ConnectionOptions { Host = "127.0.0.1", Port = port, HandshakeVersion = HandshakeVersion.V0_4 };
        await using var connection = await Connection.OpenAsync(options);

        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => R.Range(3000).RunCursorAsync<int>(connection));

        Assert.Contains("Invalid response", error.Message, StringComparison.Ordinal);
        var (queryToken, stopToken, stop) = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(queryToken, stopToken);
        Assert.Equal("[3]", stop);
        Assert.True(connection.IsOpen);
        release.SetResult();
        await server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task<(long Token, string Body)> ReadQueryAsync(NetworkStream stream)
    {
        var header = new byte[12];
        await stream.ReadExactlyAsync(header);
        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8))];
        await stream.ReadExactlyAsync(body);
        return (BinaryPrimitives.ReadInt64LittleEndian(header), Encoding.UTF8.GetString(body));
    }
}
