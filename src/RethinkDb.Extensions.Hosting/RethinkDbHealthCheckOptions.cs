namespace RethinkDb.Extensions.Hosting;

/// <summary>Settings of the health check that <c>AddRethinkDb</c> registers, bound from the <c>HealthCheck</c> sub-section.</summary>
public sealed class RethinkDbHealthCheckOptions
{
    /// <summary>
    /// The default <see cref="Timeout"/>: 0.8 seconds, below Kubernetes' default probe timeout of 1 second, so that a
    /// probe gets a proper Unhealthy answer rather than a timed-out HTTP request.
    /// </summary>
    public const double DefaultTimeoutSeconds = 0.8;

    /// <summary>Whether <c>AddRethinkDb</c> registers the health check. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long one probe may take, in seconds (<c>"Timeout": 0.8</c>). Always honoured: a stalled server makes the
    /// check report its failure status when this elapses. Default <see cref="DefaultTimeoutSeconds"/>; at most
    /// 4294967 (about 49.7 days).
    /// </summary>
    public double Timeout { get; set; } = DefaultTimeoutSeconds;

    /// <summary>
    /// Whether every probe opens a new connection (a full handshake, proving that authentication still works)
    /// instead of asking over a pooled connection. Default <see langword="false"/>. Concurrent probes still share one.
    /// </summary>
    public bool NewConnectionPerProbe { get; set; }
}
