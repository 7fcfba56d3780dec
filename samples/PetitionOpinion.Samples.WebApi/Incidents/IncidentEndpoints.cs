using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Reporting;
using PetitionOpinion.Samples.WebApi.Authentication;
using PetitionOpinion.Samples.WebApi.Errors;
using PetitionOpinion.Samples.WebApi.Hosting;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Samples.WebApi.Incidents;

/// <summary>
/// The incident routes, under <c>/incidents</c>. Reads are GETs; every lifecycle action is a POST to a sub-resource named
/// after what it creates or records (<c>/assessment</c>, <c>/directives/{n}/completion</c>, ...) and answers 200 with the
/// incident as the caller may see it. The actor is always the authenticated caller.
/// </summary>
internal static class IncidentEndpoints
{
    /// <summary>
    /// The header that makes a report safe to retry: the same key with the same report returns the incident reported the
    /// first time. Keys are scoped by the caller (<see cref="IntakeSources"/>).
    /// </summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Set on the answer (200) to a report that replayed an earlier one with the same key (nothing new was created).</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static void MapIncidentEndpoints(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/incidents")
            .WithTags("Incidents")
            .RequireAuthorization(SampleClaims.ActingPersonPolicy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        incidents.MapPost("", ReportAsync)
            .WithName("ReportIncident").WithSummary("Report a new incident (识别与报告). Send an Idempotency-Key header to make retries safe.")
            .Produces<IncidentView>(StatusCodes.Status201Created)
            .Produces<IncidentView>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        incidents.MapGet("", QueryAsync)
            .WithName("QueryIncidents").WithSummary("Query incident summaries: filters as query parameters, paged with skip and take, or with the after token of the previous page's next (count=false skips the total).")
            .Produces<IncidentPage>();

        var one = incidents.MapGroup("/{id}").ProducesProblem(StatusCodes.Status404NotFound);
        one.MapGet("", GetAsync).WithName("GetIncident").WithSummary("Get one incident (petitioner details only for the petition handling and leading groups).").Produces<IncidentView>();

        Command(one, "/assessment", "AssessIncident", "Assess the incident (评估).", (PersonId a, AssessmentRequest r) => new AssessIncident(a, r.Level, r.Scope, r.PotentialRisk, r.Rationale));
        Command(one, "/reassessment", "ReassessIncident", "Re-assess it; raising the level to I or II escalates to the leading group.", (PersonId a, AssessmentRequest r) => new ReassessIncident(a, r.Level, r.Scope, r.PotentialRisk, r.Rationale));

        Command(one, "/directives", "IssueDirective", "Issue a directive (处理指令) to a group.", (PersonId a, IssueDirectiveRequest r) => new IssueDirective(a, r.Kind, r.Assignee, r.Instructions, r.DueAt));
        Numbered(one, "/directives/{n}/acknowledgement", "AcknowledgeDirective", "The assignee group acknowledges directive n.", (a, n) => new AcknowledgeDirective(a, new DirectiveId(n)));
        Numbered(one, "/directives/{n}/completion", "CompleteDirective", "The assignee group completes directive n.", (PersonId a, int n, OutcomeRequest r) => new CompleteDirective(a, new DirectiveId(n), r.Outcome));
        Numbered(one, "/directives/{n}/cancellation", "CancelDirective", "Cancel directive n.", (PersonId a, int n, ReasonRequest r) => new CancelDirective(a, new DirectiveId(n), r.Reason));

        Command(one, "/response", "StartResponse", "Start the emergency response (应急响应).", a => new StartResponse(a));
        Command(one, "/communications", "RecordCommunication", "Record a conversation with the customer.", (PersonId a, CommunicationRequest r) => new RecordCommunication(a, r.Channel, r.Summary, r.Outcome));

        Command(one, "/statements", "DraftStatement", "Draft a public statement (公司声明).", (PersonId a, DraftStatementRequest r) => new DraftStatement(a, r.Title, r.Body));
        one.MapPost("/statements/{n}/legal-review", (IncidentId id, int n, LegalReviewRequest? body, ClaimsPrincipal user, IncidentAccess access, CancellationToken ct)
                => access.ExecuteAsync(id, new ReviewStatement(SampleClaims.ActorOf(user), new StatementId(n), body?.Notes), ct))
            .WithName("ReviewStatement").WithSummary("A legal member reviews statement n (the body with notes is optional).")
            .Produces<IncidentView>().ProducesProblem(StatusCodes.Status409Conflict);
        Numbered(one, "/statements/{n}/approval", "ApproveStatement", "Approve statement n; on level I and II incidents only the leading group may.", (a, n) => new ApproveStatement(a, new StatementId(n)));
        Numbered(one, "/statements/{n}/publication", "PublishStatement", "Publish statement n.", (PersonId a, int n, PublicationRequest r) => new PublishStatement(a, new StatementId(n), r.Channel));

        Command(one, "/support-requests", "RequestSupport", "Ask the logistics support group for IT support or legal consultation (后勤保障).", (PersonId a, SupportRequestRequest r) => new RequestSupport(a, r.Kind, r.Details));
        Numbered(one, "/support-requests/{n}/fulfilment", "FulfilSupport", "The logistics group fulfils support request n.", (PersonId a, int n, FulfilmentRequest r) => new FulfilSupport(a, new SupportRequestId(n), r.Resolution));

        Command(one, "/resolution", "ResolveIncident", "Resolve the incident (处置完毕); every directive must be completed or cancelled.", (PersonId a, ResolutionRequest r) => new ResolveIncident(a, r.Summary));
        Command(one, "/closure-report", "SubmitClosureReport", "A group leader submits the closure report (总结报告) to the leading group.", (PersonId a, ClosureReportRequest r) => new SubmitClosureReport(a, ToReport(r)));
        Command(one, "/closure-report/acceptance", "AcceptClosureReport", "The leading group accepts the closure report: the incident is closed.", a => new AcceptClosureReport(a));
        one.MapGet("/closure-report", ClosureReportAsync)
            .WithName("GetClosureReport").WithSummary("The closure report as Markdown (a draft until accepted), in English or Chinese (?lang=en|zh-CN).")
            .Produces<string>(contentType: "text/markdown");

        Command(one, "/reopening", "ReopenIncident", "Reopen a resolved or closed incident, back to the response.", (PersonId a, ReasonRequest r) => new ReopenIncident(a, r.Reason));
        Command(one, "/dismissal", "DismissIncident", "Dismiss the incident as out of scope (before its response starts).", (PersonId a, ReasonRequest r) => new DismissIncident(a, r.Reason));
        one.MapPost("/merge", MergeAsync)
            .WithName("MergeAsDuplicate").WithSummary("Dismiss this incident as a duplicate of another, linking both.")
            .Produces<IncidentView>().ProducesProblem(StatusCodes.Status409Conflict);

        Command(one, "/reviews", "RequestReview", "Record the petitioner's request for a review (复查) of the outcome.", (PersonId a, ReviewRequestRequest r) => new RequestReview(a, r.Grounds));
        Command(one, "/reviews/decision", "DecideReview", "Decide the oldest pending review request.", (PersonId a, ReviewDecisionRequest r) => new DecideReview(a, r.Upheld, r.Decision));

        Command(one, "/deadlines/pause", "PauseDeadlines", "Pause the incident's deadlines (e.g. waiting for the petitioner).", (PersonId a, ReasonRequest r) => new PauseDeadlines(a, r.Reason));
        Command(one, "/deadlines/resumption", "ResumeDeadlines", "Let paused deadlines run again.", a => new ResumeDeadlines(a));
        Command(one, "/deadlines/extension", "ExtendHandlingTime", "Extend a petition's handling time, once.", (PersonId a, ExtensionRequest r) => new ExtendHandlingTime(a, r.Days, r.Reason));
        Command(one, "/nature", "AddIncidentNature", "The incident takes on its second nature: a petition went public, or a petitioner came forward.", (PersonId a, NatureRequest r)
            => new AddIncidentNature(a, r.Nature, r.Reason) { Petitioner = r.Petitioner?.ToDetails() });
        one.MapGet("/deadlines", DeadlinesAsync).WithName("GetDeadlines").WithSummary("The incident's deadlines as they stand now.").Produces<DeadlinesView>();

        one.MapGet("/permitted-actions", PermittedActionsAsync)
            .WithName("GetPermittedActions").WithSummary("What the caller may do to the incident now (state, guards and authority).").Produces<PermittedActionsView>();
        one.MapGet("/permitted-actions/{action}", WhyNotAsync)
            .WithName("WhyNot").WithSummary("Whether the caller may perform an action now, and every reason why not.").Produces<WhyNotView>();
        one.MapGet("/verification", VerifyAsync)
            .WithName("VerifyHashChain").WithSummary("Check the incident's stored hash chain (tamper evidence).").Produces<VerificationView>();
    }

    private static async Task<IResult> ReportAsync(
        ReportIncidentRequest body,
        [FromHeader(Name = IdempotencyKeyHeader), Description("A key the caller keeps for this intake (1 to 200 characters); a retry with the same key and the same report creates nothing new, the same key with another report answers 422. Keys are the caller's own: another caller's key of the same text is another intake.")] string? idempotencyKey,
        ClaimsPrincipal user,
        IncidentAccess access,
        IntakeSources sources,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var actor = SampleClaims.ActorOf(user);
        var command = new ReportIncident(
            actor,
            body.Kind,
            body.Channel,
            body.Category,
            body.Description,
            body.Petitioner?.ToDetails(),
            body.ComplainedAbout is { } c ? new ComplainedParty(c.Person, c.Department) : null);

        // Whether this request created the incident or replayed an earlier one is the library's answer, decided with the
        // store's unique key: of simultaneous requests with one key, exactly one is told it created the incident.
        var reported = idempotencyKey is null
            ? (await access.Repository.ReportAsync(command, null, cancellationToken)).MapT0(incident => new IntakeOutcome(incident, Replayed: false))
            : await access.Repository.ReportOnceAsync(command, new IntakeKey(sources.Of(user), idempotencyKey), cancellationToken);
        if (reported.TryPickT1(out var refused, out var intake))
        {
            return Problems.Of(refused);
        }

        var view = IncidentView.Of(intake.Incident, access.Organization, actor);
        if (!intake.Replayed)
        {
            return Results.Created($"/incidents/{intake.Incident.Id}", view);
        }

        context.Response.Headers[ReplayedHeader] = "true";
        return Results.Ok(view);
    }

    private static async Task<IResult> QueryAsync(
        [AsParameters] IncidentFilterParameters filters,
        [Description("How many matching summaries to skip. Default: 0.")] int? skip,
        [Description("The page size, 1 to 1000. Default: 50.")] int? take,
        [Description("Whether to count every match into totalCount (default: true). false: totalCount is -1 and hasMore alone tells whether another page follows; counting costs a scan of every match, on every page.")] bool? count,
        [Description("The next token of the previous page: this page starts after its last item (keyset paging; skip still applies after it).")] string? after,
        IncidentAccess access,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = IncidentFilterParameters.Page(filters.ToQuery(errors) ?? new(), skip, take, errors);
        query = IncidentFilterParameters.Continue(query, count, after, errors);
        if (errors.Count > 0)
        {
            return Problems.InvalidQuery(errors);
        }

        var page = await access.Repository.QueryAsync(query, cancellationToken);
        return Results.Ok(new IncidentPage([.. page.Items.Select(IncidentSummaryView.Of)], page.TotalCount, query.Skip, query.Take, page.HasMore, PageTokens.Encode(page.Next)));
    }

    private static async Task<IResult> GetAsync(IncidentId id, ClaimsPrincipal user, IncidentAccess access, CancellationToken cancellationToken)
    {
        var actor = SampleClaims.ActorOf(user);
        var (incident, refusal) = await access.LoadAsync(id, actor, cancellationToken);
        return refusal ?? Results.Ok(IncidentView.Of(incident!, access.Organization, actor));
    }

    private static async Task<IResult> ClosureReportAsync(
        IncidentId id,
        [Description("The language: en (default) or zh-CN.")] string? lang,
        ClaimsPrincipal user,
        IncidentAccess access,
        DeadlineScanner scanner,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!Negotiation.TryLanguage(lang, out var language, out var problem))
        {
            return problem!;
        }

        var (incident, refusal) = await access.LoadAsync(id, SampleClaims.ActorOf(user), cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        // The document never holds the petitioner's name or contact (it redacts every free text), so it suits every caller.
        var document = ClosureReportDocument.Build(incident!, access.Organization, scanner);
        return Negotiation.Markdown(context, document.ToMarkdown(language), language);
    }

    private static async Task<IResult> MergeAsync(IncidentId id, MergeRequest body, ClaimsPrincipal user, IncidentAccess access, CancellationToken cancellationToken)
    {
        var actor = SampleClaims.ActorOf(user);
        var (_, refusal) = await access.LoadAsync(id, actor, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var merged = await access.Repository.MergeAsDuplicateAsync(id, body.Original, new MergeAsDuplicate(actor, body.Reason), cancellationToken);
        if (merged.TryPickT1(out var error, out _))
        {
            return Problems.Of(error);
        }

        var (incident, _) = await access.LoadAsync(id, actor, cancellationToken);
        return Results.Ok(IncidentView.Of(incident!, access.Organization, actor));
    }

    private static async Task<IResult> DeadlinesAsync(IncidentId id, ClaimsPrincipal user, IncidentAccess access, DeadlineScanner scanner, CancellationToken cancellationToken)
    {
        var (incident, refusal) = await access.LoadAsync(id, SampleClaims.ActorOf(user), cancellationToken);
        return refusal ?? Results.Ok(DeadlinesView.Of(scanner.DeadlinesOf(incident!)));
    }

    private static async Task<IResult> PermittedActionsAsync(IncidentId id, ClaimsPrincipal user, IncidentAccess access, IncidentLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var actor = SampleClaims.ActorOf(user);
        var (incident, refusal) = await access.LoadAsync(id, actor, cancellationToken);
        return refusal ?? Results.Ok(new PermittedActionsView(id, actor, lifecycle.PermittedActions(incident!, actor).ToArray()));
    }

    private static async Task<IResult> WhyNotAsync(
        IncidentId id,
        [Description("An action name, e.g. Resolve or ApproveStatement.")] string action,
        ClaimsPrincipal user,
        IncidentAccess access,
        IncidentLifecycle lifecycle,
        CancellationToken cancellationToken)
    {
        // Names only: Enum.TryParse also takes numbers, even undefined ones.
        if (int.TryParse(action, out _) || !Enum.TryParse<IncidentAction>(action, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            return Problems.Of(SampleErrors.MalformedRequest, $"'{action}' is not an action; use one of {string.Join(", ", Enum.GetNames<IncidentAction>())}.");
        }

        var actor = SampleClaims.ActorOf(user);
        var (incident, refusal) = await access.LoadAsync(id, actor, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var reasons = lifecycle.WhyNot(incident!, parsed, actor);
        return Results.Ok(new WhyNotView(id, actor, parsed, reasons.Count == 0, [.. reasons.Select(ErrorView.Of)]));
    }

    private static async Task<IResult> VerifyAsync(IncidentId id, ClaimsPrincipal user, IncidentAccess access, CancellationToken cancellationToken)
    {
        var caller = SampleClaims.ActorOf(user);
        var (incident, refusal) = await access.LoadAsync(id, caller, cancellationToken);
        if (refusal is not null)
        {
            // Verification is what is needed when the history does not load: it reads no content, so the petition
            // handling and leading groups (who may see everything of an incident) still get it.
            var loaded = await access.Repository.GetAsync(id, cancellationToken);
            if (!loaded.TryPickT1(out var error, out _) || error.Code is not (StorageErrors.Tampered or StorageErrors.Unreadable)
                || !Confidentiality.MaySeePetitioner(access.Organization, caller))
            {
                return refusal;
            }
        }

        var report = await access.Repository.VerifyAsync(id, cancellationToken);
        var version = incident?.Version ?? (await access.Repository.Store.LoadHistoryAsync(id, cancellationToken)).Events.Count;
        return Results.Ok(new VerificationView(id, version, report.IsIntact, report.FirstBrokenVersion, report.Problem));
    }

    private static ClosureReport ToReport(ClosureReportRequest r)
        => new(
            r.Summary,
            r.Causes ?? [],
            [.. (r.Improvements ?? []).Select(i => i is null ? null! : new Improvement(i.Description, i.Owner, i.DueOn))],
            r.Lessons ?? []);

    // A lifecycle action with a JSON body. (The binder cannot see that a generic body is required, so an empty one arrives as null.)
    private static RouteHandlerBuilder Command<TBody>(RouteGroupBuilder group, string pattern, string name, string summary, Func<PersonId, TBody, IncidentCommand> make)
        where TBody : class
        => group.MapPost(pattern, (IncidentId id, TBody body, ClaimsPrincipal user, IncidentAccess access, CancellationToken ct)
                => body is null ? Task.FromResult(MissingBody<TBody>()) : access.ExecuteAsync(id, make(SampleClaims.ActorOf(user), body), ct))
            .Accepts<TBody>("application/json")
            .WithName(name).WithSummary(summary).Produces<IncidentView>().ProducesProblem(StatusCodes.Status409Conflict);

    // A lifecycle action without a body.
    private static RouteHandlerBuilder Command(RouteGroupBuilder group, string pattern, string name, string summary, Func<PersonId, IncidentCommand> make)
        => group.MapPost(pattern, (IncidentId id, ClaimsPrincipal user, IncidentAccess access, CancellationToken ct) => access.ExecuteAsync(id, make(SampleClaims.ActorOf(user)), ct))
            .WithName(name).WithSummary(summary).Produces<IncidentView>().ProducesProblem(StatusCodes.Status409Conflict);

    // A lifecycle action on directive, statement or support request {n}, with a JSON body.
    private static RouteHandlerBuilder Numbered<TBody>(RouteGroupBuilder group, string pattern, string name, string summary, Func<PersonId, int, TBody, IncidentCommand> make)
        where TBody : class
        => group.MapPost(pattern, (IncidentId id, int n, TBody body, ClaimsPrincipal user, IncidentAccess access, CancellationToken ct)
                => body is null ? Task.FromResult(MissingBody<TBody>()) : access.ExecuteAsync(id, make(SampleClaims.ActorOf(user), n, body), ct))
            .Accepts<TBody>("application/json")
            .WithName(name).WithSummary(summary).Produces<IncidentView>().ProducesProblem(StatusCodes.Status409Conflict);

    private static IResult MissingBody<TBody>() => Problems.Of(SampleErrors.MalformedRequest, $"The request needs a JSON body ({typeof(TBody).Name}).");

    // A lifecycle action on directive, statement or support request {n}, without a body.
    private static RouteHandlerBuilder Numbered(RouteGroupBuilder group, string pattern, string name, string summary, Func<PersonId, int, IncidentCommand> make)
        => group.MapPost(pattern, (IncidentId id, int n, ClaimsPrincipal user, IncidentAccess access, CancellationToken ct) => access.ExecuteAsync(id, make(SampleClaims.ActorOf(user), n), ct))
            .WithName(name).WithSummary(summary).Produces<IncidentView>().ProducesProblem(StatusCodes.Status409Conflict);
}
