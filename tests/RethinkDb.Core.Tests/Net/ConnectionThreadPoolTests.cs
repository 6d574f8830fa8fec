using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Net;

namespace RethinkDb.Core.Tests.Net;

/// <summary>Not run beside other tests: they open connections, which take parked threads.</summary>
[Collection(nameof(ConnectionThreadPoolTests))]
public class ConnectionThreadPoolTests
{
    [Fact]
    public async Task A_thread_whose_work_ended_takes_the_next_work_instead_of_a_new_thread()
    {
        var first = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        ConnectionThreadPool.Run(() => first.SetResult(Environment.CurrentManagedThreadId));
        var firstThread = await first.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Other tests open connections meanwhile and may take the idle thread first: try a few times.
        var reused = false;
        for (var attempt = 0; attempt < 20 && !reused; attempt++)
        {
            await Task.Delay(50); // the thread parks itself once its work returned
            var next = new TaskCompletionSource<(int Id, bool IsPool, string? Name)>(TaskCreationOptions.RunContinuationsAsynchronously);
            ConnectionThreadPool.Run(() => next.SetResult((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name)));
            var (id, isPool, name) = await next.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(isPool);
            Assert.Equal("RethinkDb connection", name);
            reused = id == firstThread;
        }
        Assert.True(reused, "no work ever ran on the parked thread");
    }

    [Theory, TestServer, RealServer]
    public async Task A_connection_reads_on_a_connection_thread_which_is_parked_again_when_it_closes(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        var connection = await target.ConnectAsync();
        var (reached, reader) = await OnReaderThread.RunAsync(connection, thread => thread);
        Assert.True(reached, "no answer ever resumed its caller on the reader thread");
        Assert.NotNull(reader);
        Assert.Equal("RethinkDb connection", reader.Name);

        await connection.DisposeAsync();

        // Parked, not ended: alive (for the idle timeout) after its connection closed.
        await Task.Delay(200);
        Assert.True(reader.IsAlive);
    }
}

/// <summary>Runs <see cref="ConnectionThreadPoolTests"/> alone.</summary>
[CollectionDefinition(nameof(ConnectionThreadPoolTests), DisableParallelization = true)]
public sealed class ConnectionThreadPoolTestsRunAlone;
