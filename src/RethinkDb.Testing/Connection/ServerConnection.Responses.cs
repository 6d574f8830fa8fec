using System.Text.Json.Nodes;

namespace RethinkDb.Testing;

/// <summary>Writing answers: one frame at a time, each counted as answered before its bytes go out.</summary>
internal sealed partial class ServerConnection
{
    private Task SendNotInCacheAsync(long token) =>
        SendAsync(token, ResponseType.ClientError, ErrorType.None, [JsonValue.Create($"Token {token} not in stream cache.")]);

    private Task SendFailureAsync(long token, QueryFailure failure) =>
        SendAsync(token, failure.Type, failure.ErrorType, [JsonValue.Create(failure.Message)], backtrace: failure.Backtrace);

    private async Task SendAsync(long token, ResponseType type, ErrorType errorType, IReadOnlyList<JsonNode?> results,
        ResponseNote[]? notes = null, IReadOnlyList<object>? backtrace = null, JsonNode? profile = null)
    {
        var frame = ResponseFrame.Build(token, type, errorType, results, notes, backtrace, profile);
        await _writeLock.WaitAsync(_closed.Token).ConfigureAwait(false);
        try
        {
            // Counted as answered before the bytes go out: a client that sends its next query once it has this
            // answer can never find the server holding one more than the client has in flight.
            Interlocked.Decrement(ref _unanswered);
            _server.NoteAnswered(token);
            await _stream.WriteAsync(frame, _closed.Token).ConfigureAwait(false);
            await _stream.FlushAsync(_closed.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes bytes as they are (a handshake message, or a fault's broken frame), after any frame being written.</summary>
    internal async Task WriteRawAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync(_closed.Token).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, _closed.Token).ConfigureAwait(false);
            await _stream.FlushAsync(_closed.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
