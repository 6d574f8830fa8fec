using System.Net.Sockets;
using RethinkDb.Net;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// A write that fails breaks the connection, and nothing keeps writing after that: no loop may go on once a
/// connection is broken or disposed (a frame left queued behind the failed write used to keep thread-pool threads
/// spinning forever).
/// </summary>
[Collection(nameof(BrokenWriteTests))]
public class BrokenWriteTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_write_that_timed_out_with_a_frame_queued_leaves_no_writer_running_once_disposed()
    {
        // Completes the handshake, then never reads.
        await using var server = ScriptedServer.Start((_, _) => Task.CompletedTask, receiveBuffer: 16 * 1024);
        var options = server.Options();
        options.Timeout = TimeSpan.FromSeconds(2);
        var connection = await Connection.OpenAsync(options);

        // Far more than the socket buffers hold: written on the thread pool, blocked until the send times out.
        var large = R.Expr(new string('x', 32_000_000)).Count().RunAsync<long>(connection);
        await Task.Delay(200);
        // Queued behind the blocked write.
        var small = R.Expr(1).RunAsync<int>(connection);

        var largeError = await Assert.ThrowsAsync<ReqlDriverError>(() => large.WaitAsync(Deadline));
        await Assert.ThrowsAsync<ReqlDriverError>(() => small.WaitAsync(Deadline));
        await connection.DisposeAsync().AsTask().WaitAsync(Deadline);

        Assert.Contains("read nothing", largeError.Message, StringComparison.Ordinal);
        // Any writer still looping on the closed socket attempts thousands of writes in this time.
        var before = FrameWriter.WritesAttempted;
        await Task.Delay(500);
        var after = FrameWriter.WritesAttempted;
        Assert.True(after - before < 5, $"{after - before} writes were attempted after the connection was disposed");
    }

    [Fact]
    public void A_send_timeout_reported_after_the_socket_closed_is_a_driver_error()
    {
        // The socket can be closed by the reader (the server went away) while a send is timing out: the failure
        // must still be reported as the connection breaking, without reading anything from the closed socket.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        ReqlDriverError? reported = null;
        var writer = new FrameWriter(socket, Stream.Null, isPlainSocket: true, TimeSpan.FromSeconds(2), "example:28015", e => reported = e);
        socket.Close();

        writer.FailWrite(new SocketException((int)SocketError.TimedOut));

        Assert.NotNull(reported);
        Assert.Contains("read nothing of a query for 2 s", reported.Message, StringComparison.Ordinal);
    }
}

/// <summary>Runs <see cref="BrokenWriteTests"/> alone: they count the writes of the whole process.</summary>
[CollectionDefinition(nameof(BrokenWriteTests), DisableParallelization = true)]
public sealed class BrokenWriteTestsRunAlone;
