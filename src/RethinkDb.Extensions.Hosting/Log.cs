using Microsoft.Extensions.Logging;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Every log message of the hosting package, with fixed event ids (2100–2199; the core uses 1000–1199). Messages
/// carry the check's name, host and port; never a password, an auth key or a connection string.
/// </summary>
internal static partial class Log
{
    public const string HealthCheckCategory = "RethinkDb.HealthCheck";

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug,
        Message = "Health check {Name}: {Host}:{Port} answered in {LatencyMs:F1} ms")]
    public static partial void ProbeSucceeded(ILogger logger, string name, string host, int port, double latencyMs);

    // Debug: HealthCheckService logs the result (with this description) at its own level.
    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug,
        Message = "Health check {Name}: {Host}:{Port} failed: {Error}")]
    public static partial void ProbeFailed(ILogger logger, string name, string host, int port, string error);
}
