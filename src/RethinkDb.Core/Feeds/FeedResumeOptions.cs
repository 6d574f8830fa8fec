namespace RethinkDb;

/// <summary>
/// How a resumable changefeed (<see cref="ReqlExpr.RunResumableChangesAsync{T}(Connection, FeedResumeOptions, CancellationToken)"/>)
/// reopens its query when its connection breaks: exponential backoff with jitter, bounded in delay and in attempts.
/// </summary>
public sealed record FeedResumeOptions
{
    /// <summary>The delay before the first attempt to reopen. Default 100 ms.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay between two attempts; each failed attempt doubles the delay up to this. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many attempts in a row may fail before the feed gives up and throws <see cref="ReqlDriverError"/> (the
    /// last failure as its inner exception). Default 30; <see langword="null"/> retries for as long as the feed is
    /// enumerated. A successful reopen starts the count again.
    /// </summary>
    public int? MaxAttempts { get; init; } = 30;

    /// <summary>The options the query runs with (first open and every reopen); null for the defaults.</summary>
    public RunOptions? RunOptions { get; init; }

    /// <summary>The clock the delays wait on (tests may pass a fake one). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (InitialDelay < TimeSpan.Zero || MaxDelay < InitialDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay),
                "FeedResumeOptions: InitialDelay must not be negative, and MaxDelay must be at least InitialDelay.");
        }
        if (MaxAttempts is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), "FeedResumeOptions: MaxAttempts must be at least 1 (or null).");
        }
    }
}
