using Microsoft.Extensions.Logging;

namespace RethinkDb.DataSource;

/// <summary>
/// The log messages of a data source (event ids 1100–1199; a connection's own are 1000–1099). They carry the data
/// source's name, host and port; never a password, an auth key or a document.
/// </summary>
internal static partial class DataSourceLog
{
    public const string Category = "RethinkDb.DataSource";

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug,
        Message = "Data source {Name} is opening connection {Number} of at most {Max} to {Host}:{Port}")]
    public static partial void Opening(ILogger logger, string name, int number, int max, string host, int port);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug,
        Message = "Data source {Name} opened a connection to {Host}:{Port} in {ElapsedMs:F1} ms ({Open} open)")]
    public static partial void Opened(ILogger logger, string name, string host, int port, double elapsedMs, int open);

    /// <summary>A node is down: a warning on the first failed attempt (the transition), debug for the next ones.</summary>
    [LoggerMessage(EventId = 1103,
        Message = "Data source {Name}: {Host}:{Port} is unavailable ({Failures} failed attempt(s)); next attempt in {DelayMs:F0} ms: {Error}")]
    public static partial void ServerDown(ILogger logger, LogLevel level, string name, string host, int port, int failures, double delayMs, string error);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information,
        Message = "Data source {Name}: {Host}:{Port} is reachable again after {Failures} failed attempt(s)")]
    public static partial void ServerBack(ILogger logger, string name, string host, int port, int failures);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning,
        Message = "Data source {Name} dropped a broken connection to {Host}:{Port}; a new one opens on demand")]
    public static partial void DroppedBroken(ILogger logger, string name, string host, int port);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information,
        Message = "Data source {Name} is closing {Count} connection(s) to {Host}:{Port} after waiting for noreply queries")]
    public static partial void Draining(ILogger logger, string name, int count, string host, int port);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning,
        Message = "Data source {Name} could not wait for noreply queries on a connection to {Host}:{Port}: {Error}")]
    public static partial void DrainFailed(ILogger logger, string name, string host, int port, string error);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information,
        Message = "Data source {Name} resolved its seeds to {Count} node(s): {Nodes}")]
    public static partial void NodesResolved(ILogger logger, string name, int count, string nodes);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Information,
        Message = "Data source {Name} discovered node {Host}:{Port} (server or DNS name {Source})")]
    public static partial void NodeDiscovered(ILogger logger, string name, string host, int port, string source);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Information,
        Message = "Data source {Name} removed node {Host}:{Port}: {Why}")]
    public static partial void NodeRemoved(ILogger logger, string name, string host, int port, string why);

    /// <summary>Discovery failed: a warning the first time in a row, debug for the next attempts.</summary>
    [LoggerMessage(EventId = 1113,
        Message = "Data source {Name}: discovery of the cluster's nodes failed (the known nodes stay in use); next attempt in {DelayMs:F0} ms: {Error}")]
    public static partial void DiscoveryFailed(ILogger logger, LogLevel level, string name, double delayMs, string error);

    [LoggerMessage(EventId = 1114, Level = LogLevel.Debug,
        Message = "Data source {Name} follows rethinkdb.server_status through {Host}:{Port}")]
    public static partial void DiscoveryFollowing(ILogger logger, string name, string host, int port);
}
