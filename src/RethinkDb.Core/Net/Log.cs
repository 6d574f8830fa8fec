using Microsoft.Extensions.Logging;

namespace RethinkDb.Net;

/// <summary>
/// Every log message of the core, with fixed event ids. Messages carry host, port, user and handshake; never a
/// password or auth key.
/// </summary>
internal static partial class Log
{
    public const string Category = "RethinkDb.Connection";

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Opened connection to {Host}:{Port} as {User} ({Handshake}, TLS {Tls}) in {ElapsedMs:F1} ms")]
    public static partial void Opened(ILogger logger, string host, int port, string user, HandshakeVersion handshake, bool tls, double elapsedMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "Failed to open connection to {Host}:{Port}: {Error}")]
    public static partial void OpenFailed(ILogger logger, string host, int port, string error, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Closed connection to {Host}:{Port}")]
    public static partial void Closed(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning,
        Message = "Connection to {Endpoint} broke with {Pending} queries pending: {Error}")]
    public static partial void Broken(ILogger logger, string endpoint, int pending, string error);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug,
        Message = "Dropped a response for token {Token} from {Endpoint}: no query waits for it (cancelled)")]
    public static partial void DroppedResponse(ILogger logger, long token, string endpoint);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Reconnecting to {Host}:{Port}")]
    public static partial void Reconnecting(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug,
        Message = "A caller held the reader thread of {Endpoint} for over {PeriodMs} ms (blocking or long work in a continuation); reader {Generation} reads the connection now")]
    public static partial void ReaderTakenOver(ILogger logger, string endpoint, int generation, double periodMs);
}
