namespace RethinkDb.Core.Tests.Feeds;

/// <summary>Reading a feed in a test: the next element, which must come within the test's own bound.</summary>
internal static class FeedRows
{
    /// <summary>
    /// Opens <paramref name="feed"/> for a test. Use this instead of <c>GetAsyncEnumerator()</c>: when a wait times
    /// out, the test's <c>await using</c> disposes the enumerator with a move still pending, and an async iterator
    /// answers that with <see cref="NotSupportedException"/>, which would replace the timeout as the test's failure.
    /// </summary>
    public static FeedReader<T> Open<T>(IAsyncEnumerable<T> feed) => new(feed);

    /// <summary>The next element of <paramref name="rows"/>; fails the test if the feed ends, or nothing comes within <paramref name="timeout"/>.</summary>
    public static async Task<T> NextAsync<T>(IAsyncEnumerator<T> rows, TimeSpan timeout)
    {
        Assert.True(await rows.MoveNextAsync().AsTask().WaitAsync(timeout), "the feed ended");
        return rows.Current;
    }
}
