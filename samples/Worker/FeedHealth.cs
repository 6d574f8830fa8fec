using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Worker;

/// <summary>What the projection worker last did, for its health check (and its tests).</summary>
public sealed class FeedHealth
{
    private int _state; // 0 starting, 1 live, 2 failed
    private int _gaps;
    private long _projected;

    /// <summary>How many times the feed resumed after losing RethinkDB.</summary>
    public int Gaps => Volatile.Read(ref _gaps);

    /// <summary>How many changes were written to the projection.</summary>
    public long Projected => Interlocked.Read(ref _projected);

    /// <summary>Whether the feed is open (or resuming).</summary>
    public bool IsLive => Volatile.Read(ref _state) == 1;

    /// <summary>Whether the feed ended with an error resuming cannot fix.</summary>
    public bool HasFailed => Volatile.Read(ref _state) == 2;

    internal void Live() => Volatile.Write(ref _state, 1);

    internal void Failed() => Volatile.Write(ref _state, 2);

    internal void Resumed() => Interlocked.Increment(ref _gaps);

    internal void CountProjected() => Interlocked.Increment(ref _projected);
}

/// <summary>Healthy while the feed runs; unhealthy once it ended with an error (the pod should be restarted).</summary>
public sealed class FeedHealthCheck(FeedHealth health) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(health.HasFailed ? HealthCheckResult.Unhealthy("The changefeed ended.")
            : health.IsLive ? HealthCheckResult.Healthy($"Projected {health.Projected} changes; resumed {health.Gaps} times.")
            : HealthCheckResult.Degraded("Starting."));
}
