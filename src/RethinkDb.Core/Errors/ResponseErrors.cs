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
        var message = response.FirstResultAsString() ?? "(the server sent no message)";
        if (response.Type == ResponseType.ClientError)
        {
            return new ReqlDriverError(message);
        }
        var backtrace = ParseBacktrace(response.Backtrace);
        var (printed, carets) = Print(query, backtrace);
        return response.Type switch
        {
            ResponseType.CompileError => new ReqlServerCompileError(message) { Backtrace = backtrace, Query = printed, Carets = carets },
            _ => response.ErrorType switch
            {
                ErrorType.Internal => new ReqlInternalError(message) { Backtrace = backtrace, Query = printed, Carets = carets },
                ErrorType.ResourceLimit => new ReqlResourceLimitError(message) { Backtrace = backtrace, Query = printed, Carets = carets },
                ErrorType.QueryLogic => new ReqlQueryLogicError(message) { Backtrace = backtrace, Query = printed, Carets = carets },
                ErrorType.NonExistence => new ReqlNonExistenceError(message) { Backtrace = backtrace, Query = printed, Carets = carets },
                ErrorType.OpFailed => new ReqlOpFailedError(message) { Backtrace = backtrace, Query = printed, Carets = carets },
                ErrorType.OpIndeterminate => new ReqlOpIndeterminateError(message) { Backtrace = backtrace, Query = printed, Carets = carets },
                ErrorType.User => new ReqlUserError(message) { Backtrace = backtrace, Query = printed, Carets = carets },
                ErrorType.PermissionError => new ReqlPermissionError(message) { Backtrace = backtrace, Query = printed, Carets = carets },
                _ => new ReqlRuntimeError(message) { Backtrace = backtrace, Query = printed, Carets = carets },
            },
        };
    }

    /// <summary>The query in ReQL form and the caret line under the part the backtrace names.</summary>
    private static (string? Query, string? Carets) Print(ReqlExpr? query, IReadOnlyList<object>? backtrace)
    {
        if (query is null)
        {
            return (null, null);
        }
        try
        {
            return ReqlPrinter.Print(query, backtrace);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Printing is a courtesy: a query the printer cannot render must not hide the server's error.
            return (null, null);
        }
    }

    /// <summary>The frames of a backtrace: argument indexes (<see cref="int"/>) and optional-argument names.</summary>
    internal static IReadOnlyList<object>? ParseBacktrace(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }
        var reader = new Utf8JsonReader(json, ResponseDepth.Structure);
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
