using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// The test server runs each query on a task of its own, as the real server runs each in a coroutine; these are the
/// orderings it must still keep on one connection (slow queries make any slip show).
/// </summary>
public sealed class ConcurrentQueryTests
{
    [Fact]
    public async Task NoreplyWait_waits_for_every_earlier_noreply_query_however_slow()
    {
        await using var h = await Harness.StartAsync(ServerKind.TestServer, new TestServerOptions
        {
            MaxResponseDelay = TimeSpan.FromMilliseconds(200),
        });
        var table = await h.CreateTableAsync("quiet");
        h.Server!.Fault = TestServerFault.SlowOutOfOrder;
        await using var slow = await h.ConnectAsync();
        for (var i = 0; i < 20; i++)
        {
            await table.Insert(new { id = i }).RunNoReplyAsync(slow);
        }
        await slow.NoreplyWaitAsync();
        // Read on the healthy connection: the inserts were all done when NOREPLY_WAIT was answered.
        Assert.Equal(20, await table.Count().RunAsync<int>(h.Connection));
    }

    [Fact]
    public async Task The_steps_of_one_token_keep_their_order_however_slow()
    {
        await using var h = await SlowNumbersAsync(count: 20, maxDelayMs: 50);
        await using var raw = await RawConnection.OpenAsync(h.Target);

        // START and 19 CONTINUEs sent back to back, each step delayed at random: each must still wait for the one
        // before it (a CONTINUE run before its START finds no rows and ends the stream).
        await raw.SendAsync(1, ScanNumbers(h));
        for (var i = 0; i < 19; i++)
        {
            await raw.SendAsync(1, "[2]");
        }
        var rows = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var (token, answer) = await raw.ReceiveAsync();
            Assert.Equal(1, token);
            Assert.True(answer.GetProperty("t").GetInt32() == 3, answer.ToString()); // SUCCESS_PARTIAL, one row
            rows.Add(Assert.Single(answer.GetProperty("r").EnumerateArray()).GetRawText());
        }
        Assert.Equal(20, rows.Distinct().Count());

        await raw.SendAsync(1, "[3]");
        var (_, stop) = await raw.ReceiveAsync();
        Assert.Equal(2, stop.GetProperty("t").GetInt32());
        Assert.Equal(0, h.Server!.OpenCursors);
    }

    [Fact]
    public async Task A_stop_for_a_start_still_running_ends_it_and_frees_the_token()
    {
        await using var h = await SlowNumbersAsync(count: 5, maxDelayMs: 300);
        await using var raw = await RawConnection.OpenAsync(h.Target);

        // The STOP right behind the START, which is (almost always) still running.
        await raw.SendAsync(1, ScanNumbers(h));
        await raw.SendAsync(1, "[3]");

        // Both answered: the START interrupted (an empty SUCCESS_SEQUENCE) or, if it won the race, with its first
        // batch; the STOP last, with an empty SUCCESS_SEQUENCE.
        var (startToken, start) = await raw.ReceiveAsync();
        var (stopToken, stop) = await raw.ReceiveAsync();
        Assert.Equal(1, startToken);
        Assert.Equal(1, stopToken);
        var startType = start.GetProperty("t").GetInt32();
        Assert.True(startType is 2 or 3, start.ToString());
        Assert.Equal(startType == 2 ? 0 : 1, start.GetProperty("r").GetArrayLength());
        Assert.Equal(2, stop.GetProperty("t").GetInt32());
        Assert.Equal(0, stop.GetProperty("r").GetArrayLength());
        Assert.Equal(0, h.Server!.OpenCursors);

        // The token is free: a CONTINUE finds nothing.
        await raw.SendAsync(1, "[2]");
        var (_, gone) = await raw.ReceiveAsync();
        Assert.Equal(16, gone.GetProperty("t").GetInt32());
        Assert.Equal("Token 1 not in stream cache.", gone.GetProperty("r")[0].GetString());
    }

    /// <summary>A table of numbers streamed one row per batch, on a server whose new connections are slow.</summary>
    private static async Task<Harness> SlowNumbersAsync(int count, int maxDelayMs)
    {
        var h = await Harness.StartAsync(ServerKind.TestServer, new TestServerOptions
        {
            BatchSize = 1,
            MaxResponseDelay = TimeSpan.FromMilliseconds(maxDelayMs),
        });
        await h.CreateNumbersAsync("numbers", count);
        h.Server!.Fault = TestServerFault.SlowOutOfOrder;
        return h;
    }

    private static string ScanNumbers(Harness h) => $$"""[1,[15,[[14,["{{h.Db}}"]],"numbers"]],{}]""";
}
