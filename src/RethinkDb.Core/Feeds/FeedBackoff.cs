namespace RethinkDb.Feeds;

/// <summary>The delay before each attempt to reopen a feed: exponential, capped, with jitter.</summary>
internal static class FeedBackoff
{
    /// <summary>
    /// The delay before attempt <paramref name="attempt"/> (1 for the first): <c>InitialDelay × 2^(attempt−1)</c>
    /// capped at <c>MaxDelay</c>, then a random point in its upper half, so that many clients of a restarted server
    /// do not all come back at the same instant, and none waits longer than <c>MaxDelay</c>.
    /// </summary>
    public static TimeSpan Delay(int attempt, FeedResumeOptions options, Random random)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var ceiling = Math.Min(options.InitialDelay.Ticks * (double)(1L << exponent), options.MaxDelay.Ticks);
        var jittered = ceiling / 2 + random.NextDouble() * ceiling / 2;
        return TimeSpan.FromTicks((long)jittered);
    }
}
