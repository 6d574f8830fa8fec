using Microsoft.AspNetCore.Diagnostics;

namespace WebApi;

/// <summary>
/// A request the app cannot read (malformed JSON, a value of the wrong type, a wrong content type, an empty or
/// oversized body) is the caller's mistake: answered with the exception's own status code (400, 413, 415) as problem
/// details, and logged as a warning without a stack trace, instead of the 500 and error log of a server fault.
/// </summary>
/// <remarks>ASP.NET Core throws <see cref="BadHttpRequestException"/> for these when the endpoint's parameters are
/// bound in Development (<c>RouteHandlerOptions.ThrowOnBadRequest</c>) and when the server refuses a body; elsewhere
/// it answers the status code itself, which the status-code pages turn into the same problem details.</remarks>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails, ILogger<BadRequestExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }
        // The message names the parameter and the problem, never the body's content; the inner exception (which
        // may quote it) is left out.
        LogBadRequest(logger, httpContext.Request.Method, httpContext.Request.Path, badRequest.StatusCode, badRequest.Message);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read.",
                Detail = badRequest.Message,
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bad request {Method} {Path}: {StatusCode} {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string method, PathString path, int statusCode, string reason);
}
