using System.Diagnostics;
using System.Net.Sockets;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Net;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// With many answers due and streaming in, the reader's receive waits for several of them
/// (<see cref="ReceiveCoalescing"/>), but never holds an answer for long: a lone answer is taken once the bound has
/// passed, and a wait in which nothing comes does not break the connection.
/// </summary>
/// <remarks>The low-water mark exists on Linux only; elsewhere the tests check that receives stay plain.</remarks>
public sealed class ReceiveCoalescingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly long Gap = (long)(ReceiveCoalescing.StreamingGap.TotalSeconds * Stopwatch.Frequency);

    [Fact]
    public void No_answer_frame_is_shorter_than_the_bytes_counted_for_one()
    {
        // The shortest answer the server sends is NOREPLY_WAIT's {"t":4} behind the 12-byte header: counting more
        // than that per answer could have a receive wait for answers that are all in already.
        Assert.True(ReceiveCoalescing.SmallestAnswer <= 12 + "{\"t\":4}".Length);
    }

    [Fact]
    public async Task Once_answers_stream_in_a_receive_waits_for_a_quarter_of_those_due()
    {
        using var pair = await SocketPair.OpenAsync();
        var now = 0L;
        var coalescing = new ReceiveCoalescing(pair.Client, () => now);

        var marks = new List<int>();
        foreach (var due in (int[])[30, 30, 30, 100, 1000])
        {
            coalescing.Prepare(due, partialFrame: false);
            marks.Add(coalescing.LowWaterMark);
            coalescing.Received(); // no time passed: the answers came at once
        }

        // The first receive is plain (nothing known yet); then a quarter of those due, rounded down to a power of two
        // (30 → 4, 100 → 16), at most 64.
        int[] expected = OperatingSystem.IsLinux() ? [1, 4 * 16, 4 * 16, 16 * 16, 64 * 16] : [1, 1, 1, 1, 1];
        Assert.Equal(expected, marks);
        Assert.Equal(expected[^1], (int)pair.Client.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater)!);
        Assert.Equal(OperatingSystem.IsLinux() ? (int)ReceiveCoalescing.Bound.TotalMilliseconds : 0, pair.Client.ReceiveTimeout);
    }

    [Fact]
    public async Task A_receive_slower_than_the_gap_per_answer_it_waited_for_makes_the_next_one_plain()
    {
        using var pair = await SocketPair.OpenAsync();
        var now = 0L;
        var coalescing = new ReceiveCoalescing(pair.Client, () => now);
        Grow(coalescing);
        var waitedFor = OperatingSystem.IsLinux() ? ReceiveCoalescing.MostAnswers : 1;

        // Within the gap per answer waited for (64 answers at 1000 due): still streaming.
        coalescing.Prepare(answersDue: 1000, partialFrame: false);
        now += Gap * waitedFor;
        coalescing.Received();
        coalescing.Prepare(answersDue: 1000, partialFrame: false);
        Assert.Equal(waitedFor == 1 ? 1 : waitedFor * ReceiveCoalescing.SmallestAnswer, coalescing.LowWaterMark);

        now += Gap * waitedFor + 1; // the answers came further apart
        coalescing.Received();
        coalescing.Prepare(answersDue: 1000, partialFrame: false);
        Assert.Equal(1, coalescing.LowWaterMark);
        Assert.Equal(1, (int)pair.Client.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater)!);
        Assert.Equal(0, pair.Client.ReceiveTimeout);

        // A plain receive that took longer than one gap: still plain.
        now += Gap + 1;
        coalescing.Received();
        coalescing.Prepare(answersDue: 1000, partialFrame: false);
        Assert.Equal(1, coalescing.LowWaterMark);
    }

    [Fact]
    public async Task The_documented_AppContext_switch_keeps_the_receives_of_connections_opened_under_it_plain()
    {
        using var pair = await SocketPair.OpenAsync();
        var now = 0L;
        ReceiveCoalescing switchedOff;
        // The name as the README gives it. Set only around the construction: connections of other tests opened
        // meanwhile would only receive plainly, which none of them asserts on.
        AppContext.SetSwitch("RethinkDb.DisableReceiveCoalescing", true);
        try
        {
            switchedOff = new ReceiveCoalescing(pair.Client, () => now);
        }
        finally
        {
            AppContext.SetSwitch("RethinkDb.DisableReceiveCoalescing", false);
        }
        var opened = new ReceiveCoalescing(pair.Client, () => now);

        Grow(switchedOff);
        switchedOff.Prepare(answersDue: 1000, partialFrame: false);
        Assert.Equal(1, switchedOff.LowWaterMark);
        Assert.Equal(1, (int)pair.Client.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater)!);
        Assert.Equal(0, pair.Client.ReceiveTimeout);

        // The switch read as false again: a connection opened now coalesces (where the platform lets it).
        Grow(opened);
        opened.Prepare(answersDue: 1000, partialFrame: false);
        Assert.Equal(OperatingSystem.IsLinux() ? ReceiveCoalescing.MostAnswers * ReceiveCoalescing.SmallestAnswer : 1, opened.LowWaterMark);
    }

    [Fact]
    public async Task Few_answers_due_or_a_cut_frame_make_the_next_receive_plain()
    {
        using var pair = await SocketPair.OpenAsync();
        var coalescing = new ReceiveCoalescing(pair.Client, () => 0);
        Grow(coalescing);

        coalescing.Prepare(answersDue: 15, partialFrame: false);
        Assert.Equal(1, coalescing.LowWaterMark);
        Assert.Equal(0, pair.Client.ReceiveTimeout);
        coalescing.Prepare(answersDue: 40, partialFrame: true);
        Assert.Equal(1, coalescing.LowWaterMark);
        coalescing.Prepare(answersDue: 40, partialFrame: false);
        Assert.Equal(OperatingSystem.IsLinux() ? 8 * 16 : 1, coalescing.LowWaterMark);

        // A receive that fails otherwise than by timing out is an error, not the bound: the wait is left as it is.
        Assert.False(coalescing.GiveUp(new SocketException((int)SocketError.ConnectionReset)));
        Assert.Equal(OperatingSystem.IsLinux() ? 8 * 16 : 1, coalescing.LowWaterMark);
    }

    [Fact]
    public async Task A_lone_answer_is_taken_once_the_bound_has_passed()
    {
        using var pair = await SocketPair.OpenAsync();
        var (_, frames) = StreamingReader(pair);

        // One answer with 24 due: fewer bytes than the receive waits for, and nothing else will come.
        await pair.Server.SendAsync(ScriptedServer.Frame(7, "{\"t\":1,\"r\":[1]}"));
        Assert.True(await Task.Run(() => frames.Receive(answersDue: 24)).WaitAsync(Deadline));

        Assert.True(frames.TryTakeFrame(mayReceiveLargeFrame: true, out var token, out _, out var length));
        Assert.Equal(7, token);
        Assert.Equal("{\"t\":1,\"r\":[1]}".Length, length);
    }

    [Fact]
    public async Task A_wait_in_which_nothing_comes_leaves_the_socket_to_a_plain_receive()
    {
        using var pair = await SocketPair.OpenAsync();
        var (coalescing, frames) = StreamingReader(pair);

        var receive = Task.Run(() => frames.Receive(answersDue: 24));
        await Task.Delay(ReceiveCoalescing.Bound * 50); // far past the bound: on Linux the receive timed out with nothing in
        await pair.Server.SendAsync(ScriptedServer.Frame(9, "{\"t\":1,\"r\":[2]}"));

        Assert.True(await receive.WaitAsync(Deadline));
        Assert.True(frames.TryTakeFrame(mayReceiveLargeFrame: true, out var token, out _, out _));
        Assert.Equal(9, token);
        Assert.Equal(1, coalescing.LowWaterMark);
        Assert.Equal(0, pair.Client.ReceiveTimeout);
        Assert.False(coalescing.GiveUp(new SocketException((int)SocketError.TimedOut))); // a timeout while waiting for any byte is not coalescing's
    }

    [Fact]
    public async Task Answers_stay_with_their_queries_while_many_wait_and_one_comes_alone()
    {
        const int queries = 40;
        var loneSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = ScriptedServer.Start(async (peer, ct) =>
        {
            var tokens = new List<long>();
            for (var i = 0; i < queries; i++)
            {
                tokens.Add((await peer.ReadQueryAsync(ct)).Token);
            }
            // A burst, one write per answer (the reader's receives then come back at once and wait for more), then
            // a lone answer while 29 are still due, the rest once that one is in.
            foreach (var token in tokens[..10])
            {
                await peer.SendAsync(token, $"{{\"t\":1,\"r\":[{token}]}}", ct);
            }
            await peer.SendAsync(tokens[10], $"{{\"t\":1,\"r\":[{tokens[10]}]}}", ct);
            await loneSeen.Task.WaitAsync(ct);
            foreach (var token in tokens[11..])
            {
                await peer.SendAsync(token, $"{{\"t\":1,\"r\":[{token}]}}", ct);
            }
        });
        await using var connection = await Connection.OpenAsync(server.Options());
        var runs = Enumerable.Range(0, queries).Select(_ => R.Expr(0).RunAsync<long>(connection)).ToList();

        await Eventually.TrueAsync(() => runs.Count(run => run.IsCompleted) == 11, "the first eleven answers did not all arrive");
        Assert.Equal(queries - 11, runs.Count(run => !run.IsCompleted));
        loneSeen.SetResult();

        var answers = await Task.WhenAll(runs).WaitAsync(Deadline);
        Assert.Equal(queries, answers.Distinct().Count()); // each the token of its own query
    }

    /// <summary>A frame reader on the pair's client whose receives already count answers as streaming in.</summary>
    private static (ReceiveCoalescing Coalescing, FrameReader Frames) StreamingReader(SocketPair pair)
    {
        var coalescing = new ReceiveCoalescing(pair.Client, () => 0);
        Grow(coalescing);
        return (coalescing, new FrameReader(pair.Client, Stream.Null, isPlainSocket: true, [], "test", 1 << 20, coalescing));
    }

    /// <summary>Has <paramref name="coalescing"/> count answers as streaming in.</summary>
    internal static void Grow(ReceiveCoalescing coalescing)
    {
        // One quick receive: the answers stream in.
        coalescing.Prepare(answersDue: 1000, partialFrame: false);
        coalescing.Received();
    }
}
