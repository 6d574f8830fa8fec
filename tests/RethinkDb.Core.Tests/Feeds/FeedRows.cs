namespace RethinkDb.Core.Tests.Feeds;

/// <summary>Reading a feed in a test: the next element, which must come within the test's own bound.</summary>
internal static class FeedRows
{
    /// <summary>The next element of <paramref name="rows"/>; fails the test if the feed ends, or nothing comes within <paramref name="timeout"/>.</summary>
    public static async Task<T> NextAsync<T>(IAsyncEnumerator<T> rows, TimeSpan timeout)
    {
        Assert.True(await rows.MoveNextAsync().AsTask().WaitAsync(timeout));
        return rows.Current;
    }
}
