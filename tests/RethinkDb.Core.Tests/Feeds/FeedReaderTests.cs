namespace RethinkDb.Core.Tests.Feeds;

/// <summary>The tests' feed reader: a wait that timed out is what the test fails with, not the disposal after it.</summary>
public sealed class FeedReaderTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task A_timed_out_wait_is_the_failure_and_disposing_after_it_cancels_the_pending_move()
    {
        var feed = new SilentFeed(honoursCancellation: true);
        var rows = FeedRows.Open(feed);
        await Assert.ThrowsAsync<TimeoutException>(() => FeedRows.NextAsync(rows, Short));

        await rows.DisposeAsync();
        Assert.True(feed.Cancelled);
        Assert.True(feed.Finished);
    }

    [Fact]
    public async Task Disposing_a_raw_async_iterator_mid_move_throws_which_is_why_tests_open_feeds_through_the_reader()
    {
        var rows = new SilentFeed(honoursCancellation: true).GetAsyncEnumerator();
        await Assert.ThrowsAsync<TimeoutException>(() => FeedRows.NextAsync(rows, Short));

        await Assert.ThrowsAsync<NotSupportedException>(async () => await rows.DisposeAsync());
    }

    [Fact]
    public async Task A_move_that_ignores_cancellation_leaves_the_enumerator_undisposed_without_throwing()
    {
        var feed = new SilentFeed(honoursCancellation: false);
        var rows = FeedRows.Open(feed);
        await Assert.ThrowsAsync<TimeoutException>(() => FeedRows.NextAsync(rows, Short));

        await rows.DisposeAsync();
        Assert.False(feed.Finished);
        feed.Release();
    }

    [Fact]
    public async Task Elements_pass_through_and_the_end_of_the_feed_fails_the_wait()
    {
        await using var rows = FeedRows.Open(Two());
        Assert.Equal(1, await FeedRows.NextAsync(rows, TimeSpan.FromSeconds(5)));
        Assert.Equal(2, await FeedRows.NextAsync(rows, TimeSpan.FromSeconds(5)));
        await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => FeedRows.NextAsync(rows, TimeSpan.FromSeconds(5)));

        static async IAsyncEnumerable<int> Two()
        {
            await Task.Yield();
            yield return 1;
            yield return 2;
        }
    }

    /// <summary>A feed that yields nothing until released (or, if it honours it, until its enumeration is cancelled).</summary>
    private sealed class SilentFeed(bool honoursCancellation) : IAsyncEnumerable<int>
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Cancelled { get; private set; }

        public bool Finished { get; private set; }

        public void Release() => _release.TrySetResult();

        public IAsyncEnumerator<int> GetAsyncEnumerator(CancellationToken cancellationToken = default) => Rows(cancellationToken);

        private async IAsyncEnumerator<int> Rows(CancellationToken cancellationToken)
        {
            try
            {
                await (honoursCancellation ? _release.Task.WaitAsync(cancellationToken) : _release.Task);
                yield return 1;
            }
            finally
            {
                Cancelled = cancellationToken.IsCancellationRequested;
                Finished = true;
            }
        }
    }
}
