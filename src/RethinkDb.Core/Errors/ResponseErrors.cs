using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>Turns error responses into the official drivers' exception classes.</summary>
internal static class ResponseErrors
{
    /// <summary>Throws the exception an error response stands for; returns for any other response.</summary>
    public static void ThrowIfError(Response response)
    {
        if (response.IsError)
        {
            throw Create(response);
        }
    }

    /// <summary>
    /// CLIENT_ERROR → <see cref="ReqlDriverError"/>, COMPILE_ERROR → <see cref="ReqlServerCompileError"/>,
    /// RUNTIME_ERROR → the subclass named by its ErrorType (as the Python and JavaScript drivers do). Query errors
    /// carry the backtrace the server sent.
    /// </summary>
    public static ReqlError Create(Response response, ReqlExpr? query = null)
    {
        _ = query;
        var message = response.FirstResultAsString() ?? "(the server sent no message)";
        if (response.Type == ResponseType.ClientError)
        {
            return new ReqlDriverError(message);
        }
        var backtrace = ParseBacktrace(response.Backtrace);
        return response.Type switch
        {
            ResponseType.CompileError => new ReqlServerCompileError(message) { Backtrace = backtrace },
            _ => response.ErrorType switch
            {
                ErrorType.Internal => new ReqlInternalError(message) { Backtrace = backtrace },
                ErrorType.ResourceLimit => new ReqlResourceLimitError(message) { Backtrace = backtrace },
                ErrorType.QueryLogic => new ReqlQueryLogicError(message) { Backtrace = backtrace },
                ErrorType.NonExistence => new ReqlNonExistenceError(message) { Backtrace = backtrace },
                ErrorType.OpFailed => new ReqlOpFailedError(message) { Backtrace = backtrace },
                ErrorType.OpIndeterminate => new ReqlOpIndeterminateError(message) { Backtrace = backtrace },
                ErrorType.User => new ReqlUserError(message) { Backtrace = backtrace },
                ErrorType.PermissionError => new ReqlPermissionError(message) { Backtrace = backtrace },
                _ => new ReqlRuntimeError(message) { Backtrace = backtrace },
            },
        };
    }

    /// <summary>The frames of a backtrace: argument indexes (<see cref="int"/>) and optional-argument names.</summary>
    internal static IReadOnlyList<object>? ParseBacktrace(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }
        var frames = new List<object>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    frames.Add(reader.TryGetInt32(out var index) ? index : (int)reader.GetDouble());
                    break;
                case JsonTokenType.String:
                    frames.Add(reader.GetString()!);
                    break;
                default:
                    // Older servers sent frames as objects; keep them as raw JSON text.
                    using (var frame = JsonDocument.ParseValue(ref reader))
                    {
                        frames.Add(frame.RootElement.GetRawText());
                    }
                    break;
            }
        }
        return frames;
    }
}
