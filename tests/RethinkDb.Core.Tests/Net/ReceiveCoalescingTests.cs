using System.Net;
using System.Net.Sockets;
using RethinkDb.Net;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// With many answers due, the reader's receive waits for several of them (<see cref="ReceiveCoalescing"/>), but never
/// holds an answer for long: a lone answer among slow queries still reaches its caller, and a wait in which nothing
/// comes does not break the connection.
/// </summary>
public sealed class ReceiveCoalescingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(15, 1)]
    [InlineData(16, 4 * ReceiveCoalescing.SmallestAnswer)]
    [InlineData(25, 6 * ReceiveCoalescing.SmallestAnswer)]
    [InlineData(1000, ReceiveCoalescing.MostAnswers * ReceiveCoalescing.SmallestAnswer)]
    public void A_receive_waits_for_a_quarter_of_the_answers_due_once_sixteen_are(int due, int bytes) =>
        Assert.Equal(bytes, ReceiveCoalescing.LowWaterMarkFor(due));

    [Fact]
    public void No_answer_frame_is_shorter_than_the_bytes_counted_for_one()
    {
        // The shortest answer the server sends is NOREPLY_WAIT's {"t":4} behind the 12-byte header: counting more
        // than that per answer could have a receive wait for answers that are all in already.
        Assert.True(ReceiveCoalescing.SmallestAnswer <= 12 + "{\"t\":4}".Length);
    }

    [Fact]
    public async Task The_socket_waits_for_several_answers_only_while_many_are_due_and_no_frame_is_cut()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using var accepted = await listener.AcceptAsync();
        var coalescing = new ReceiveCoalescing(client, isPlainSocket: true);

        coalescing.Prepare(answersDue: 20, partialFrame: false);
        var expected = OperatingSystem.IsLinux() ? 5 * ReceiveCoalescing.SmallestAnswer : 1;
        Assert.Equal(expected, coalescing.LowWaterMark);
        Assert.Equal(expected, (int)client.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater)!);
        Assert.Equal(OperatingSystem.IsLinux() ? (int)ReceiveCoalescing.Bound.TotalMilliseconds : 0, client.ReceiveTimeout);

        coalescing.Prepare(answersDue: 20, partialFrame: true);
        Assert.Equal(1, coalescing.LowWaterMark);
        Assert.Equal(1, (int)client.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater)!);
        Assert.Equal(0, client.ReceiveTimeout);

        coalescing.Prepare(answersDue: 20, partialFrame: false);
        Assert.Equal(OperatingSystem.IsLinux(), coalescing.GiveUp());
        Assert.Equal(1, coalescing.LowWaterMark);
        Assert.Equal(0, client.ReceiveTimeout);
        Assert.False(coalescing.GiveUp()); // a timeout while waiting for any byte is not coalescing's
    }

    [Fact]
    public async Task A_lone_answer_among_many_unanswered_queries_reaches_its_caller_without_waiting_for_the_others()
    {
        const int queries = 25;
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loneSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = ScriptedServer.Start(async (peer, ct) =>
        {
            var tokens = new List<long>();
            for (var i = 0; i < queries; i++)
            {
                tokens.Add((await peer.ReadQueryAsync(ct)).Token);
            }
            // The first answer wakes a receive that began before any query was due; the reader's next receive waits
            // with 24 due, for more bytes than the one answer sent next: only the bound lets it through.
            await peer.SendAsync(tokens[0], "{\"t\":1,\"r\":[-1]}", ct);
            await firstSeen.Task.WaitAsync(ct);
            await peer.SendAsync(tokens[1], "{\"t\":1,\"r\":[-2]}", ct);
            await loneSeen.Task.WaitAsync(ct);
            foreach (var token in tokens[2..])
            {
                await peer.SendAsync(token, "{\"t\":1,\"r\":[1]}", ct);
            }
        });
        await using var connection = await Connection.OpenAsync(server.Options());
        var runs = Enumerable.Range(0, queries).Select(i => R.Expr(i).RunAsync<int>(connection)).ToList();

        var first = await Task.WhenAny(runs).WaitAsync(Deadline);
        Assert.Equal(-1, await first);
        firstSeen.SetResult();
        runs.Remove(first);
        var lone = await Task.WhenAny(runs).WaitAsync(Deadline);
        Assert.Equal(-2, await lone);
        runs.Remove(lone);
        Assert.Equal(queries - 2, runs.Count(run => !run.IsCompleted));
        loneSeen.SetResult();

        Assert.All(await Task.WhenAll(runs).WaitAsync(Deadline), answer => Assert.Equal(1, answer));
    }

    [Fact]
    public async Task A_wait_for_several_answers_in_which_none_comes_leaves_the_connection_open()
    {
        const int queries = 21;
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = ScriptedServer.Start(async (peer, ct) =>
        {
            var tokens = new List<long>();
            for (var i = 0; i < queries; i++)
            {
                tokens.Add((await peer.ReadQueryAsync(ct)).Token);
            }
            await peer.SendAsync(tokens[0], "{\"t\":1,\"r\":[-1]}", ct);
            await firstSeen.Task.WaitAsync(ct);
            // Far past the bound: the reader's receive, waiting with 20 due, times out with nothing in.
            await Task.Delay(ReceiveCoalescing.Bound * 50, ct);
            foreach (var token in tokens[1..])
            {
                await peer.SendAsync(token, "{\"t\":1,\"r\":[1]}", ct);
            }
        });
        await using var connection = await Connection.OpenAsync(server.Options());
        var runs = Enumerable.Range(0, queries).Select(i => R.Expr(i).RunAsync<int>(connection)).ToList();

        var first = await Task.WhenAny(runs).WaitAsync(Deadline);
        Assert.Equal(-1, await first);
        firstSeen.SetResult();
        runs.Remove(first);

        Assert.All(await Task.WhenAll(runs).WaitAsync(Deadline), answer => Assert.Equal(1, answer));
        Assert.True(connection.IsOpen);
    }
}
