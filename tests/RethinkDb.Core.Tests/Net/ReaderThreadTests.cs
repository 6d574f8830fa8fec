using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Net;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// A response resumes its caller inline on the connection's reader thread. A caller that then blocks that thread
/// (sync-over-async, long work) must not deadlock or starve the connection: the watchdog hands the reading over.
/// </summary>
public class ReaderThreadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory, TestServer, RealServer]
    public async Task A_caller_blocking_on_another_query_from_its_continuation_gets_its_answer(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();
        var takeOvers = DispatchWatchdog.TakeOvers;

        // Blocks the reader until the answer to this query is read, by someone else.
        var (resumedOnReader, second) = await OnReaderThread.RunAsync(connection, _ => R.Expr(2).RunAsync<int>(connection).GetAwaiter().GetResult())
            .WaitAsync(Deadline);

        Assert.True(resumedOnReader, "no answer ever resumed its caller on the reader thread");
        Assert.Equal(2, second);
        Assert.True(DispatchWatchdog.TakeOvers > takeOvers);
        Assert.True(connection.IsOpen);
        Assert.Equal(3, await R.Expr(3).RunAsync<int>(connection));
    }

    [Theory, TestServer, RealServer]
    public async Task A_caller_holding_the_reader_does_not_hold_up_other_callers(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();
        using var holding = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();

        var holder = OnReaderThread.RunAsync(connection, _ =>
        {
            holding.Release();
            // Released only once another caller got an answer on this connection.
            return release.Wait(Deadline);
        });
        Assert.True(await holding.WaitAsync(Deadline), "no answer ever resumed its caller on the reader thread");

        var others = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => R.Expr(i).RunAsync<int>(connection))).WaitAsync(Deadline);
        release.Set();

        Assert.Equal(Enumerable.Range(0, 20), others);
        var (reached, released) = await holder.WaitAsync(Deadline);
        Assert.True(reached && released);
    }

    [Theory, TestServer, RealServer]
    public async Task Closing_the_connection_synchronously_from_a_continuation_completes(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        var connection = await target.ConnectAsync();

        // Closing waits for the read loop to end: the loop of the thread this runs on.
        var (closedOnReader, _) = await OnReaderThread.RunAsync(connection, _ =>
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return true;
        }).WaitAsync(Deadline);
        await connection.DisposeAsync();

        Assert.True(closedOnReader, "no answer ever resumed its caller on the reader thread");
        Assert.False(connection.IsOpen);
        await Assert.ThrowsAsync<ReqlDriverError>(() => R.Expr(1).RunAsync<int>(connection));
    }

    [Theory, TestServer, RealServer]
    public async Task Many_callers_blocking_on_queries_from_their_continuations_all_get_their_answers(ServerKind kind)
    {
        // Callers resumed by one batch block one after another, so readers are taken over in a row (one taking
        // over from a reader that itself inherited a stuck batch) while frames wait for the batch to finish.
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();

        var sums = await Task.WhenAll(Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            var sum = 0;
            for (var i = 0; i < 10; i++)
            {
                sum += await R.Expr(i).RunAsync<int>(connection).ConfigureAwait(false);
                sum += R.Expr(caller).RunAsync<int>(connection).GetAwaiter().GetResult();
            }
            return sum;
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(0, 8).Select(caller => 45 + (10 * caller)), sums);
        Assert.True(connection.IsOpen);
    }

    [Theory, TestServer, RealServer]
    public async Task Without_ResumeOnReaderThread_callers_resume_on_the_thread_pool(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync(o => o.ResumeOnReaderThread = false);

        var onReader = await Task.Run(async () =>
        {
            var count = 0;
            for (var i = 0; i < 200; i++)
            {
                await R.Expr(i).RunAsync<int>(connection).ConfigureAwait(false);
                count += OnReaderThread.IsReaderThread() ? 1 : 0;
            }
            return count;
        }).WaitAsync(Deadline);

        Assert.Equal(0, onReader);
    }
}
