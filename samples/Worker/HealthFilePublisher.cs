using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Worker;

/// <summary>Where the health file is written.</summary>
public sealed class HealthFileOptions
{
    /// <summary>The file's path; the Kubernetes exec probe tests it.</summary>
    public required string Path { get; init; }
}

/// <summary>
/// Publishes the health report as a file: present (with the time) while healthy, removed otherwise. A worker has no
/// HTTP endpoint, so its Kubernetes probes run <c>test -f</c> on this file (and its age), as the Generic Host's
/// health-check publisher is meant to be used.
/// </summary>
public sealed class HealthFilePublisher(HealthFileOptions options) : IHealthCheckPublisher
{
    /// <inheritdoc />
    public async Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        if (report.Status == HealthStatus.Unhealthy)
        {
            File.Delete(options.Path);
            return;
        }
        await File.WriteAllTextAsync(options.Path, $"{report.Status} {DateTimeOffset.UtcNow:O}\n", cancellationToken).ConfigureAwait(false);
    }
}
