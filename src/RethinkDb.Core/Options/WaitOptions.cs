namespace RethinkDb;

/// <summary>The optional arguments of <c>wait</c>.</summary>
public sealed class WaitOptions : ReqlOptArgs
{
    /// <summary><c>wait_for</c>: the readiness to wait for (<see cref="RethinkDb.WaitFor.AllReplicasReady"/> by default).</summary>
    public WaitFor? WaitFor { get; init; }

    /// <summary><c>timeout</c>: how long to wait before failing (sent in seconds).</summary>
    public TimeSpan? Timeout { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("wait_for", WaitFor is { } waitFor ? OptArgCollector.WireName(waitFor) : null);
        into.Add("timeout", Timeout);
    }
}
