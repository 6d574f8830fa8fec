using System.Text.Json.Nodes;
using System.Threading.Channels;
using RethinkDb.Testing.Evaluation;

namespace RethinkDb.Testing;

/// <summary>What evaluating a query produced.</summary>
internal abstract record QueryResult;

/// <summary>One value: answered as SUCCESS_ATOM.</summary>
internal sealed record AtomResult(JsonNode? Value) : QueryResult
{
    /// <summary>The profile (the <c>p</c> field) when the query asked for one.</summary>
    public JsonNode? Profile { get; init; }
}

/// <summary>A finite sequence: answered in batches (SUCCESS_PARTIAL … SUCCESS_SEQUENCE), so CONTINUE and STOP are exercised.</summary>
internal sealed record SequenceResult(IEnumerable<JsonNode?> Rows) : QueryResult
{
    /// <summary>The profile (the <c>p</c> field of the first batch) when the query asked for one.</summary>
    public JsonNode? Profile { get; init; }
}

/// <summary>A changefeed: answered with SUCCESS_PARTIAL batches for as long as the client continues.</summary>
internal sealed record FeedResult(ChannelReader<JsonNode?> Changes, ResponseNote[] Notes, Evaluation.Feeds.FeedStream Subscription,
    IReadOnlyList<JsonNode?> Initial) : QueryResult;

/// <summary>A query that failed: answered with the response type and error type given.</summary>
internal sealed class QueryFailure(ResponseType type, ErrorType errorType, string message) : Exception(message)
{
    public ResponseType Type { get; } = type;

    public ErrorType ErrorType { get; } = errorType;

    /// <summary>The path from the query's root to the failing term: argument indexes and optional-argument names.</summary>
    public IReadOnlyList<object> Backtrace { get; init; } = [];

    public static QueryFailure Compile(string message) => new(ResponseType.CompileError, ErrorType.None, message);

    public static QueryFailure Runtime(ErrorType errorType, string message, IReadOnlyList<object>? backtrace = null) =>
        new(ResponseType.RuntimeError, errorType, message) { Backtrace = backtrace ?? [] };
}
