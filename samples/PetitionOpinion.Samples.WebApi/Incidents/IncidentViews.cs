using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Samples.WebApi.Incidents;

/// <summary>
/// An incident as one caller may see it. The petitioner's name and contact are confidential (docs/security.md): for a caller
/// outside the petition handling and leading groups (<see cref="Confidentiality.MaySeePetitioner"/>) <see cref="Petitioner"/>
/// is <see langword="null"/>, <see cref="PetitionerRedacted"/> is <see langword="true"/>, and every free text has the
/// petitioner's details replaced by <c>[redacted]</c>.
/// </summary>
public sealed record IncidentView(
    IncidentId Id,
    int Version,
    IncidentKind Kind,
    IntakeChannel Channel,
    RiskCategory Category,
    IncidentState State,
    SeverityLevel? Level,
    DateTimeOffset ReportedAt,
    PersonId ReportedBy,
    string Description,
    PetitionerView? Petitioner,
    bool PetitionerRedacted,
    ComplainedPartyView? ComplainedAbout,
    IReadOnlyList<AssessmentView> Assessments,
    IReadOnlyList<DirectiveView> Directives,
    IReadOnlyList<CommunicationView> Communications,
    IReadOnlyList<StatementView> Statements,
    IReadOnlyList<SupportRequestView> SupportRequests,
    IReadOnlyList<ReviewRequestView> ReviewRequests,
    ClosureReportView? SubmittedReport,
    ClosureReportView? AcceptedReport,
    DateTimeOffset? ResponseStartedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    int ReopenCount,
    string? DismissalReason,
    IncidentId? DuplicateOf,
    IReadOnlyList<IncidentId> Duplicates,
    bool DeadlinesPaused,
    IReadOnlyList<EventView> History)
{
    /// <summary>The view of <paramref name="incident"/> for <paramref name="viewer"/>.</summary>
    public static IncidentView Of(Incident incident, ResponseOrganization organization, PersonId viewer)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var maySee = Confidentiality.MaySeePetitioner(organization, viewer);
        var petitioner = incident.Petitioner;
        string Text(string text) => maySee ? text : Confidentiality.Redact(text, petitioner);
        string? Maybe(string? text) => text is null ? null : Text(text);
        ClosureReportView? Report(ClosureReport? report) => report is null ? null : new(
            Text(report.Summary),
            [.. report.Causes.Select(Text)],
            [.. report.Improvements.Select(i => new ImprovementView(Text(i.Description), i.Owner, i.DueOn))],
            [.. (report.Lessons ?? []).Select(Text)]);

        return new IncidentView(
            incident.Id,
            incident.Version,
            incident.Kind,
            incident.Channel,
            incident.Category,
            incident.State,
            incident.Level,
            incident.ReportedAt,
            incident.Reporter,
            Text(incident.Description),
            maySee && petitioner is not null ? new PetitionerView(petitioner.Name, petitioner.Contact, petitioner.Phones, petitioner.Emails) : null,
            !maySee && petitioner is not null,
            incident.ComplainedAbout is { } party ? new ComplainedPartyView(party.Person, party.Department) : null,
            [.. incident.Assessments.Select(a => new AssessmentView(a.Level, a.Scope, a.PotentialRisk, Text(a.Rationale), a.AssessedBy, a.AssessedAt))],
            [.. incident.Directives.Select(d => new DirectiveView(d.Id.Number, d.Kind, d.Assignee, Text(d.Instructions), d.DueAt, d.IssuedBy, d.IssuedAt, d.Status, Maybe(d.Outcome)))],
            [.. incident.Communications.Select(c => new CommunicationView(c.By, c.At, c.Channel, Text(c.Summary), Text(c.Outcome)))],
            [.. incident.Statements.Select(s => new StatementView(s.Id.Number, Text(s.Title), Text(s.Body), s.Status, s.DraftedBy, s.ReviewedBy, s.ApprovedBy, s.PublishedBy, s.PublishedAt, s.Channel))],
            [.. incident.SupportRequests.Select(r => new SupportRequestView(r.Id.Number, r.Kind, Text(r.Details), r.RequestedBy, r.RequestedAt, r.FulfilledBy, Maybe(r.Resolution)))],
            [.. incident.ReviewRequests.Select(r => new ReviewRequestView(r.RecordedBy, r.At, Text(r.Grounds), r.Decision is { } d ? new ReviewDecisionView(d.DecidedBy, d.At, d.Upheld, Text(d.Text)) : null))],
            Report(incident.SubmittedReport),
            Report(incident.AcceptedReport),
            incident.ResponseStartedAt,
            incident.ResolvedAt,
            incident.ClosedAt,
            incident.ReopenCount,
            Maybe(incident.DismissalReason),
            incident.DuplicateOf,
            incident.Duplicates,
            incident.DeadlinesPaused,
            [.. incident.History.Select((e, i) => new EventView(i + 1, e.GetType().Name, e.OccurredAt, e.Actor))]);
    }
}

/// <summary>The petitioner's details (only for callers who may see them).</summary>
/// <param name="Name">The name.</param>
/// <param name="Contact">Every contact as one text (phone numbers, e-mail addresses, the rest), if any.</param>
/// <param name="Phones">The phone numbers.</param>
/// <param name="Emails">The e-mail addresses.</param>
public sealed record PetitionerView(string Name, string? Contact, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails);

/// <summary>Whom the complaint is about.</summary>
public sealed record ComplainedPartyView(PersonId? Person, string? Department);

/// <summary>One assessment.</summary>
public sealed record AssessmentView(SeverityLevel Level, ImpactScope Scope, PotentialRisk PotentialRisk, string Rationale, PersonId AssessedBy, DateTimeOffset AssessedAt);

/// <summary>A directive; <see cref="Number"/> is the <c>{n}</c> of its routes (D1 is 1).</summary>
public sealed record DirectiveView(int Number, DirectiveKind Kind, GroupId Assignee, string Instructions, DateTimeOffset DueAt, PersonId IssuedBy, DateTimeOffset IssuedAt, DirectiveStatus Status, string? Outcome);

/// <summary>A conversation with the customer.</summary>
public sealed record CommunicationView(PersonId By, DateTimeOffset At, IntakeChannel Channel, string Summary, string Outcome);

/// <summary>A public statement; <see cref="Number"/> is the <c>{n}</c> of its routes (S1 is 1).</summary>
public sealed record StatementView(int Number, string Title, string Body, StatementStatus Status, PersonId DraftedBy, PersonId? ReviewedBy, PersonId? ApprovedBy, PersonId? PublishedBy, DateTimeOffset? PublishedAt, string? Channel);

/// <summary>A support request; <see cref="Number"/> is the <c>{n}</c> of its routes (R1 is 1).</summary>
public sealed record SupportRequestView(int Number, SupportKind Kind, string Details, PersonId RequestedBy, DateTimeOffset RequestedAt, PersonId? FulfilledBy, string? Resolution);

/// <summary>A review request and its decision, if decided.</summary>
public sealed record ReviewRequestView(PersonId RecordedBy, DateTimeOffset At, string Grounds, ReviewDecisionView? Decision);

/// <summary>A review decision.</summary>
public sealed record ReviewDecisionView(PersonId DecidedBy, DateTimeOffset At, bool Upheld, string Text);

/// <summary>A closure report.</summary>
public sealed record ClosureReportView(string Summary, IReadOnlyList<string> Causes, IReadOnlyList<ImprovementView> Improvements, IReadOnlyList<string> Lessons);

/// <summary>An improvement of a closure report.</summary>
public sealed record ImprovementView(string Description, PersonId Owner, DateOnly DueOn);

/// <summary>One recorded event of the incident's audit trail: what happened, when, and who did it (the details are in the fields above).</summary>
public sealed record EventView(int Version, string Type, DateTimeOffset At, PersonId Actor);

/// <summary>One page of incident summaries (<c>GET /incidents</c>).</summary>
/// <param name="Items">The summaries, oldest report first.</param>
/// <param name="TotalCount">How many incidents match in all (after the <c>after</c> token, when given); -1 when asked with <c>count=false</c>.</param>
/// <param name="Skip">How many were skipped.</param>
/// <param name="Take">The page size asked for.</param>
/// <param name="HasMore">Whether more matching incidents follow this page.</param>
/// <param name="Next">When <paramref name="HasMore"/>, the token to pass as <c>after</c> for the next page; otherwise <see langword="null"/>.</param>
public sealed record IncidentPage(IReadOnlyList<IncidentSummaryView> Items, int TotalCount, int Skip, int Take, bool HasMore, string? Next);

/// <summary>An incident's summary: no free text, no petitioner data (not even its pseudonymous key).</summary>
public sealed record IncidentSummaryView(
    IncidentId Id,
    IncidentKind Kind,
    IntakeChannel Channel,
    RiskCategory Category,
    IncidentState State,
    SeverityLevel? Level,
    DateTimeOffset ReportedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextDueAt,
    int Version,
    int ReopenCount)
{
    /// <summary>The view of a stored summary.</summary>
    public static IncidentSummaryView Of(IncidentSummary s)
        => new(s.Id, s.Kind, s.Channel, s.Category, s.State, s.Level, s.ReportedAt, s.UpdatedAt, s.NextDueAt, s.Version, s.ReopenCount);
}

/// <summary>What the caller may do to the incident now: its state, guards and the caller's authority.</summary>
public sealed record PermittedActionsView(IncidentId Incident, PersonId Actor, IReadOnlyList<IncidentAction> Actions);

/// <summary>Why the caller may not perform an action now (empty <see cref="Reasons"/> when they may).</summary>
public sealed record WhyNotView(IncidentId Incident, PersonId Actor, IncidentAction Action, bool Permitted, IReadOnlyList<Errors.ErrorView> Reasons);

/// <summary>The incident's deadlines as they stand now.</summary>
public sealed record DeadlinesView(IncidentId Incident, DateTimeOffset At, SeverityLevel Level, string? Next, IReadOnlyList<DeadlineView> Deadlines)
{
    /// <summary>The view of computed deadlines.</summary>
    public static DeadlinesView Of(IncidentDeadlines d) => new(
        d.Incident,
        d.At,
        d.Level,
        d.Next?.Key.ToString(),
        [.. d.Deadlines.Select(x => new DeadlineView(x.Key.ToString(), x.Kind, x.Owner, x.Directive?.Number, x.StartedAt, x.DueAt, x.WarningsAt, x.EscalationAt, x.PausedFor, x.State, x.MetAt, x.MetOnTime, x.PercentElapsed))]);
}

/// <summary>One deadline.</summary>
public sealed record DeadlineView(
    string Key,
    DeadlineKind Kind,
    GroupId Owner,
    int? Directive,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    IReadOnlyList<DateTimeOffset> WarningsAt,
    DateTimeOffset EscalationAt,
    TimeSpan PausedFor,
    DeadlineState State,
    DateTimeOffset? MetAt,
    bool MetOnTime,
    int PercentElapsed);

/// <summary>The result of checking the incident's stored hash chain.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="Version">How many events are stored.</param>
/// <param name="Intact">Whether every stored event checks out.</param>
/// <param name="FirstBrokenVersion">The first event that does not, if any.</param>
/// <param name="Problem">What is wrong with it, if anything.</param>
public sealed record VerificationView(IncidentId Incident, int Version, bool Intact, int? FirstBrokenVersion, string? Problem);
