using Microsoft.Extensions.Logging;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Every log message of the hosting package, with fixed event ids (2000–2199; the core uses 1000–1099). Messages
/// carry the pool's name, host and port; never a password, an auth key or a connection string.
/// </summary>
internal static partial class Log
{
    public const string PoolCategory = "RethinkDb.Pool";
    public const string HealthCheckCategory = "RethinkDb.HealthCheck";

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug,
        Message = "Pool {Pool} is opening connection {Number} of at most {Max} to {Host}:{Port}")]
    public static partial void Opening(ILogger logger, string pool, int number, int max, string host, int port);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug,
        Message = "Pool {Pool} opened a connection to {Host}:{Port} in {ElapsedMs:F1} ms ({Open} open)")]
    public static partial void Opened(ILogger logger, string pool, string host, int port, double elapsedMs, int open);

    // Debug: the core already logs the failure as a warning with its exception.
    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug,
        Message = "Pool {Pool} could not open a connection to {Host}:{Port}: {Error}")]
    public static partial void OpenFailed(ILogger logger, string pool, string host, int port, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning,
        Message = "Pool {Pool} dropped a broken connection to {Host}:{Port}; a new one opens on demand")]
    public static partial void DroppedBroken(ILogger logger, string pool, string host, int port);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information,
        Message = "Pool {Pool} is closing {Count} connection(s) to {Host}:{Port} after waiting for noreply queries")]
    public static partial void Draining(ILogger logger, string pool, int count, string host, int port);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning,
        Message = "Pool {Pool} could not wait for noreply queries on a connection to {Host}:{Port}: {Error}")]
    public static partial void DrainFailed(ILogger logger, string pool, string host, int port, string error);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug,
        Message = "Health check {Name}: {Host}:{Port} answered in {LatencyMs:F1} ms")]
    public static partial void ProbeSucceeded(ILogger logger, string name, string host, int port, double latencyMs);

    // Debug: HealthCheckService logs the result (with this description) at its own level.
    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug,
        Message = "Health check {Name}: {Host}:{Port} failed: {Error}")]
    public static partial void ProbeFailed(ILogger logger, string name, string host, int port, string error);
}
