using System.ComponentModel;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Readiness;
using PetitionOpinion.Reporting;
using PetitionOpinion.Samples.WebApi.Authentication;
using PetitionOpinion.Samples.WebApi.Errors;
using PetitionOpinion.Samples.WebApi.Hosting;
using PetitionOpinion.Samples.WebApi.Incidents;

namespace PetitionOpinion.Samples.WebApi.LeadingGroup;

/// <summary>
/// What the leading group reviews: <c>GET /readiness</c> (is the plan staffed and equipped?) and <c>GET /statistics</c>
/// (the figures over many incidents). Each answers JSON, Markdown (<c>?lang=en|zh-CN</c>) or — statistics only — CSV,
/// chosen by <c>?format=</c> or the <c>Accept</c> header.
/// </summary>
internal static class LeadingGroupEndpoints
{
    public static void MapLeadingGroupEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("")
            .WithTags("Leading group")
            .RequireAuthorization(SampleClaims.ActingPersonPolicy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status406NotAcceptable);

        group.MapGet("/readiness", Readiness)
            .WithName("GetReadiness").WithSummary("The readiness report: every gap (unstaffed role, missing channel, untrained staff, ...) with its severity.")
            .Produces<ReadinessView>(StatusCodes.Status200OK, "application/json", "text/markdown"); // the text form's schema: OpenApiOperations
        group.MapGet("/statistics", StatisticsAsync)
            .WithName("GetStatistics").WithSummary("Statistics over the incidents (filters as in GET /incidents): counts, times to acknowledge and resolve, share within target, reopen rate, repeat petitioners.")
            .Produces<StatisticsView>(StatusCodes.Status200OK, "application/json", "text/markdown", "text/csv"); // (one Produces a status: a second replaces it)
    }

    private static IResult Readiness(
        [Description("json or markdown; overrides the Accept header.")] string? format,
        [Description("The Markdown's language: en (default) or zh-CN.")] string? lang,
        ReadinessChecker checker,
        HttpContext context)
    {
        if (!Negotiation.TryChoose(context.Request, format, [Representation.Json, Representation.Markdown], out var chosen, out var problem)
            || !Negotiation.TryLanguage(lang, out var language, out problem))
        {
            return problem!;
        }

        var report = checker.Check();
        return chosen == Representation.Markdown ? Negotiation.Markdown(context, report.ToMarkdown(language), language) : Results.Ok(ReadinessView.Of(report));
    }

    private static async Task<IResult> StatisticsAsync(
        [AsParameters] IncidentFilterParameters filters,
        [Description("json, markdown or csv; overrides the Accept header.")] string? format,
        [Description("The Markdown's language: en (default) or zh-CN.")] string? lang,
        IncidentRepository repository,
        DeadlinePolicy deadlines,
        TimeProvider time,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!Negotiation.TryChoose(context.Request, format, [Representation.Json, Representation.Markdown, Representation.Csv], out var chosen, out var problem)
            || !Negotiation.TryLanguage(lang, out var language, out problem))
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = filters.ToQuery(errors);
        if (query is null)
        {
            return Problems.InvalidQuery(errors);
        }

        // Months are counted in the organisation's offset, as its deadline policy counts days.
        var statistics = await IncidentStatistics.ComputeAsync(repository.Store, query, time.GetUtcNow(), deadlines.UtcOffset, cancellationToken);
        return chosen switch
        {
            Representation.Markdown => Negotiation.Markdown(context, statistics.ToMarkdown(language), language),
            Representation.Csv => Results.Text(statistics.ToCsv(), Negotiation.CsvType),
            _ => Results.Ok(StatisticsView.Of(statistics)),
        };
    }
}
