using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace PetitionOpinion.Samples.WebApi.Errors;

/// <summary>
/// Answers the exceptions ASP.NET Core throws for a request it cannot bind (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>
/// is on): malformed JSON, an unknown enum name, a number where text is expected, a route value that is not a GUID — with a
/// 400 problem whose code is <see cref="SampleErrors.MalformedRequest"/> (415 for a body that is not JSON). Any other
/// exception is a 500 problem with <see cref="SampleErrors.Unexpected"/> and no internals.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        DomainError error;
        if (exception is BadHttpRequestException bad)
        {
            var code = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? SampleErrors.UnsupportedMediaType : SampleErrors.MalformedRequest;
            // The JSON reader says where and what (e.g. "The JSON value could not be converted to SeverityLevel. Path: $.level").
            var message = bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
            error = new DomainError(code, message);
        }
        else
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            error = new DomainError(SampleErrors.Unexpected, "The server failed to handle the request; the failure is logged.");
        }

        var status = ErrorStatuses.Of(error);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = ErrorStatuses.TitleOf(status),
                Detail = error.Message,
                Extensions = Problems.Extensions(error),
            },
        });
    }
}
