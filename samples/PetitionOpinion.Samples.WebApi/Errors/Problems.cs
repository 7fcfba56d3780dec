using System.Text.Json.Serialization;

namespace PetitionOpinion.Samples.WebApi.Errors;

/// <summary>
/// Turns errors into RFC 9457 problem details: the status from <see cref="ErrorStatuses"/>, the error's message as the
/// <c>detail</c>, and its code (<c>code</c>) and the problems it is made of (<c>details</c>) as extension members.
/// </summary>
internal static class Problems
{
    /// <summary>The extension member that carries the machine-readable code.</summary>
    public const string CodeMember = "code";

    /// <summary>The extension member that lists the problems an error is made of.</summary>
    public const string DetailsMember = "details";

    /// <summary>The problem for a domain error.</summary>
    public static IResult Of(DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = ErrorStatuses.Of(error);
        return Results.Problem(detail: error.Message, statusCode: status, title: ErrorStatuses.TitleOf(status), extensions: Extensions(error));
    }

    /// <summary>The problem for one of the sample's own codes.</summary>
    public static IResult Of(string code, string message) => Of(new DomainError(code, message));

    /// <summary>A validation problem (its <c>errors</c> member keyed by query parameter) for bad query-string parameters.</summary>
    public static IResult InvalidQuery(IDictionary<string, string[]> errors)
        => Results.ValidationProblem(
            errors,
            detail: "One or more query parameters are not valid.",
            statusCode: ErrorStatuses.Of(SampleErrors.InvalidQuery),
            title: ErrorStatuses.TitleOf(ErrorStatuses.Of(SampleErrors.InvalidQuery)),
            extensions: new Dictionary<string, object?> { [CodeMember] = SampleErrors.InvalidQuery });

    /// <summary>Gives a problem ASP.NET Core wrote itself (no route, a body that is not JSON, ...) the code of its status.</summary>
    public static void AddMissingCode(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.ProblemDetails.Extensions.ContainsKey(CodeMember))
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            var request = context.HttpContext.Request;
            context.ProblemDetails.Extensions[CodeMember] = SampleErrors.OfFrameworkStatus(status);
            context.ProblemDetails.Detail ??= $"{ErrorStatuses.TitleOf(status)} ({request.Method} {request.Path})";
        }
    }

    /// <summary>The extension members of a domain error: its code and, when it has any, its details (nested alike).</summary>
    public static Dictionary<string, object?> Extensions(DomainError error)
    {
        var extensions = new Dictionary<string, object?> { [CodeMember] = error.Code };
        if (error.Details.Count > 0)
        {
            extensions[DetailsMember] = error.Details.Select(ErrorView.Of).ToArray();
        }

        return extensions;
    }
}

/// <summary>One problem of a composite error, as problem details list it.</summary>
/// <param name="Code">The machine-readable code.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Details">The problems it is made of, if any.</param>
public sealed record ErrorView(string Code, string Message, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ErrorView>? Details)
{
    public static ErrorView Of(DomainError error)
        => new(error.Code, error.Message, error.Details.Count == 0 ? null : [.. error.Details.Select(Of)]);
}
