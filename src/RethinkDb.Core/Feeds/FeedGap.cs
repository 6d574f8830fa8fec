namespace RethinkDb;

/// <summary>
/// What a resumable feed tells its consumer when it reopened its query after losing its connection
/// (<see cref="Change{T}.Gap"/>): changes made while it was away may be missing.
/// </summary>
public sealed class FeedGap
{
    internal FeedGap(int attempts, Exception cause, bool initialValuesFollow)
    {
        Attempts = attempts;
        Cause = cause;
        InitialValuesFollow = initialValuesFollow;
    }

    /// <summary>How many attempts reopening took (1 when the first one succeeded).</summary>
    public int Attempts { get; }

    /// <summary>The error that broke the feed (a <see cref="ReqlDriverError"/>).</summary>
    public Exception Cause { get; }

    /// <summary>
    /// Whether the feed re-sends the current values next (point feeds, <c>orderBy().limit()</c> feeds and feeds
    /// opened with <c>include_initial</c>): they arrive with <see cref="Change{T}.Type"/> <c>"initial"</c> and no
    /// <see cref="Change{T}.OldVal"/>, so the consumer can reconcile what it holds with them.
    /// </summary>
    public bool InitialValuesFollow { get; }

    /// <summary>
    /// Whether the consumer must read the data again itself to catch up (the feed cannot re-send it): the opposite
    /// of <see cref="InitialValuesFollow"/>.
    /// </summary>
    public bool RereadNeeded => !InitialValuesFollow;
}
