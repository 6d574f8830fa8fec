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
    /// RUNTIME_ERROR → the subclass named by its ErrorType (as the Python and JavaScript drivers do).
    /// </summary>
    public static ReqlError Create(Response response)
    {
        var message = response.FirstResultAsString() ?? "(the server sent no message)";
        return response.Type switch
        {
            ResponseType.ClientError => new ReqlDriverError(message),
            ResponseType.CompileError => new ReqlServerCompileError(message),
            _ => response.ErrorType switch
            {
                ErrorType.Internal => new ReqlInternalError(message),
                ErrorType.ResourceLimit => new ReqlResourceLimitError(message),
                ErrorType.QueryLogic => new ReqlQueryLogicError(message),
                ErrorType.NonExistence => new ReqlNonExistenceError(message),
                ErrorType.OpFailed => new ReqlOpFailedError(message),
                ErrorType.OpIndeterminate => new ReqlOpIndeterminateError(message),
                ErrorType.User => new ReqlUserError(message),
                ErrorType.PermissionError => new ReqlPermissionError(message),
                _ => new ReqlRuntimeError(message),
            },
        };
    }
}
