namespace RethinkDb.DataSource;

/// <summary>
/// How long to wait before the next connection attempt to a server that failed <c>failures</c> times in a row:
/// exponential from <see cref="ConnectionOptions.ReconnectDelay"/>, capped at
/// <see cref="ConnectionOptions.MaxReconnectDelay"/>, with "equal jitter" (a random point in the upper half), so that
/// the clients of a restarted server do not all come back in the same millisecond.
/// </summary>
internal static class ReconnectBackoff
{
    public static TimeSpan Delay(int failures, TimeSpan initial, TimeSpan max)
    {
        // 2^20 times any sane initial delay is past any sane maximum: stop doubling there (no overflow).
        var exponent = Math.Clamp(failures - 1, 0, 20);
        var ceiling = Math.Min(initial.Ticks * (double)(1L << exponent), max.Ticks);
        var jittered = ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2);
        return TimeSpan.FromTicks((long)Math.Max(jittered, 1));
    }
}
