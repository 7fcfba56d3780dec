using Ardalis.GuardClauses;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Reporting;

/// <summary>
/// The written closure report of an incident (总结报告, the plan's "written report"; <c>docs/reports.md</c>), for the
/// leading group and beyond: the incident's overview, the report's summary, causes, improvements (owner, due date) and lessons, then the facts they rest on — the
/// level history, the directives and their outcome, the public statements, the customer communications, the logistics
/// support, the deadlines, and the timeline told from every recorded event. Renders to Markdown in English and Chinese
/// (<see cref="ToMarkdown"/>).
/// </summary>
/// <remarks>
/// <para>
/// The document is built from the incident's history at any stage: before a closure report is submitted it is a
/// <see cref="ClosureReportStatus.Draft"/> that shows the progress so far; once the leading group accepts the report it is
/// <see cref="ClosureReportStatus.Final"/>.
/// </para>
/// <para>
/// It is circulated beyond the petition handling group, so it never holds the petitioner's name or contact: every free
/// text is passed through <see cref="Confidentiality.Redact"/>, and the party complained about is named only as a
/// department. People are shown by their name in the organisation. Immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class ClosureReportDocument
{
    private readonly ResponseOrganization _organization;

    private ClosureReportDocument(Incident incident, ResponseOrganization organization, TimeSpan offset)
    {
        _organization = organization;
        UtcOffset = offset;
        IncidentId = incident.Id;
        Kind = incident.Kind;
        Category = incident.Category;
        Channel = incident.Channel;
        State = incident.State;
        FinalLevel = incident.Level;
        ClosedAt = incident.ClosedAt;
        ReopenCount = incident.ReopenCount;
        Status = incident.AcceptedReport is not null ? ClosureReportStatus.Final
            : incident.SubmittedReport is not null ? ClosureReportStatus.Submitted
            : ClosureReportStatus.Draft;
    }

    /// <summary>Gets the incident.</summary>
    public IncidentId IncidentId { get; }

    /// <summary>Gets what the incident is now (<see cref="IncidentKind.PetitionAndPublicOpinion"/> once it took on its second nature).</summary>
    public IncidentKind Kind { get; }

    /// <summary>Gets what the incident was reported as (equal to <see cref="Kind"/> unless it took on its second nature since).</summary>
    public IncidentKind ReportedKind { get; private init; }

    /// <summary>Gets who recorded that the incident took on its second nature (it went public, or a petitioner came forward) and when; <see langword="null"/> if it did not.</summary>
    public ActionStamp? NatureAdded { get; private init; }

    /// <summary>Gets the risk category.</summary>
    public RiskCategory Category { get; }

    /// <summary>Gets how the incident reached the company.</summary>
    public IntakeChannel Channel { get; }

    /// <summary>Gets the department complained about, if the report named one (a person complained about is never named).</summary>
    public string? ComplainedDepartment { get; private init; }

    /// <summary>Gets whether the complaint is about a person in the organisation, who is not named.</summary>
    public bool ComplaintAboutPerson { get; private init; }

    /// <summary>Gets what happened, as reported, with the petitioner's details redacted.</summary>
    public string Description { get; private init; } = string.Empty;

    /// <summary>Gets who reported the incident and when.</summary>
    public ActionStamp Reported { get; private init; } = null!;

    /// <summary>Gets who resolved the incident and when (the last time, if it was reopened since), if it is resolved or closed.</summary>
    public ActionStamp? Resolved { get; private init; }

    /// <summary>Gets when the incident was closed, if it is closed.</summary>
    public DateTimeOffset? ClosedAt { get; }

    /// <summary>Gets the incident's current (for a closed incident: final) level; <see langword="null"/> if never assessed.</summary>
    public SeverityLevel? FinalLevel { get; }

    /// <summary>Gets where the incident is in its lifecycle.</summary>
    public IncidentState State { get; }

    /// <summary>Gets how often the incident was reopened.</summary>
    public int ReopenCount { get; }

    /// <summary>Gets why the incident was dismissed, with the petitioner's details redacted, if it was.</summary>
    public string? DismissalReason { get; private init; }

    /// <summary>Gets how far the closure report has come.</summary>
    public ClosureReportStatus Status { get; }

    /// <summary>Gets who submitted the closure report to the leading group and when; <see langword="null"/> for a draft.</summary>
    public ActionStamp? Submitted { get; private init; }

    /// <summary>Gets who accepted the closure report for the leading group and when; <see langword="null"/> unless final.</summary>
    public ActionStamp? Accepted { get; private init; }

    /// <summary>Gets the offset from UTC the document's times are shown in.</summary>
    public TimeSpan UtcOffset { get; }

    /// <summary>Gets the report's summary of the course of events, redacted; <see langword="null"/> for a draft.</summary>
    public string? Summary { get; private init; }

    /// <summary>Gets the causes found, redacted; empty for a draft.</summary>
    public IReadOnlyList<string> Causes { get; private init; } = [];

    /// <summary>Gets the improvements proposed, with owner and due date; empty for a draft.</summary>
    public IReadOnlyList<ImprovementEntry> Improvements { get; private init; } = [];

    /// <summary>Gets the lessons learned, redacted; empty for a draft.</summary>
    public IReadOnlyList<string> Lessons { get; private init; } = [];

    /// <summary>Gets every assessment and re-assessment, oldest first, escalations marked.</summary>
    public IReadOnlyList<LevelHistoryEntry> LevelHistory { get; private init; } = [];

    /// <summary>Gets the directives and their outcome, in the order issued.</summary>
    public IReadOnlyList<DirectiveEntry> Directives { get; private init; } = [];

    /// <summary>
    /// Gets the same petitioner's earlier incidents reported within the 90 days before this one, oldest first, as found at
    /// report time (<see cref="Incident.EarlierPetitions"/>): by id only, never naming the petitioner.
    /// </summary>
    public IReadOnlyList<IncidentId> EarlierPetitions { get; private init; } = [];

    /// <summary>Gets the public statements, in the order drafted.</summary>
    public IReadOnlyList<StatementEntry> Statements { get; private init; } = [];

    /// <summary>Gets the communications with the customer, oldest first.</summary>
    public IReadOnlyList<CommunicationEntry> Communications { get; private init; } = [];

    /// <summary>Gets the requests for logistics support, in the order requested.</summary>
    public IReadOnlyList<SupportEntry> SupportRequests { get; private init; } = [];

    /// <summary>Gets the incident's deadlines, when the document was built with a <see cref="DeadlineScanner"/>; otherwise <see langword="null"/>.</summary>
    public IncidentDeadlines? Deadlines { get; private init; }

    /// <summary>
    /// Gets the topic of the chart of an opinion incident: that of the latest opinion alert recorded with its volume
    /// (<see cref="OpinionAlertRecorded.Volume"/>), redacted; <see langword="null"/> when no alert recorded one.
    /// </summary>
    public string? OpinionTopic { get; private init; }

    /// <summary>Gets the topic's hourly volume and baselines recorded with that alert; <see langword="null"/> when no alert recorded one.</summary>
    public Monitoring.OpinionVolume? OpinionVolume { get; private init; }

    /// <summary>Gets the opinion alerts recorded on the incident for the chart's topic, oldest first (their explanations redacted).</summary>
    public IReadOnlyList<Monitoring.OpinionAlert> OpinionAlerts { get; private init; } = [];

    /// <summary>Gets the timeline: one entry for every recorded event, oldest first.</summary>
    public IReadOnlyList<TimelineEntry> Timeline { get; private init; } = [];

    /// <summary>
    /// Builds the closure report of an incident, at any stage of its lifecycle (see <see cref="Status"/>). To build it from
    /// storage, load the incident first: <c>await repository.FindAsync(id, cancellationToken)</c>.
    /// </summary>
    /// <param name="incident">The incident.</param>
    /// <param name="organization">The organisation, whose names the document shows for people and groups (a person it does not know is shown by id).</param>
    /// <param name="deadlines">The deadline scanner; when given, the document summarises the incident's deadlines as they stand at the scanner's clock. Default: none.</param>
    /// <param name="options">How to write the report; <see langword="null"/> for the defaults.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> or <paramref name="organization"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options' <see cref="ClosureReportOptions.UtcOffset"/> is beyond ±14 hours or not whole minutes.</exception>
    public static ClosureReportDocument Build(Incident incident, ResponseOrganization organization, DeadlineScanner? deadlines = null, ClosureReportOptions? options = null)
    {
        Guard.Against.Null(incident);
        Guard.Against.Null(organization);
        var offset = options?.UtcOffset ?? deadlines?.Policy.UtcOffset ?? DeadlinePolicy.Default.UtcOffset;
        if (offset.Duration() > ClosureReportOptions.MaxOffset || offset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), offset, "The report's UTC offset must be within ±14 hours, in whole minutes.");
        }

        var petitioner = incident.Petitioner;
        string Redact(string text) => Confidentiality.Redact(text, petitioner);
        Person PersonOf(PersonId id) => organization.FindPerson(id) ?? new Person(id, id.Value);
        ActionStamp Stamp(IncidentEvent e) => new(PersonOf(e.Actor), e.OccurredAt);

        var sentences = new TimelineSentences(organization, petitioner, offset);
        var timeline = new List<TimelineEntry>(incident.History.Count);
        var levels = new List<LevelHistoryEntry>();
        var acknowledged = new Dictionary<DirectiveId, ActionStamp>();
        var closed = new Dictionary<DirectiveId, ActionStamp>();
        var statementSteps = new Dictionary<StatementId, (ActionStamp Drafted, ActionStamp? Reviewed, string? Note, ActionStamp? Approved, ActionStamp? Published)>();
        var fulfilled = new Dictionary<SupportRequestId, ActionStamp>();
        ActionStamp? resolved = null, submitted = null, accepted = null, natureAdded = null;
        (string Topic, Monitoring.OpinionVolume Volume)? chart = null;
        foreach (var e in incident.History)
        {
            var told = sentences.Describe(e) ?? (e.GetType().Name, e.GetType().Name);
            timeline.Add(new TimelineEntry(e.OccurredAt, PersonOf(e.Actor), e.GetType().Name, told.English, told.Chinese));
            switch (e)
            {
                case IncidentAssessed a:
                    levels.Add(new LevelHistoryEntry(Stamp(a), a.Level, a.Scope, a.PotentialRisk, Redact(a.Rationale), a.PreviousLevel, Escalated: false));
                    break;
                case IncidentEscalated when levels.Count > 0:
                    // The lifecycle records the escalation right after the re-assessment that raised the level.
                    levels[^1] = levels[^1] with { Escalated = true };
                    break;
                case DirectiveAcknowledged d:
                    acknowledged[d.Directive] = Stamp(d);
                    break;
                case DirectiveCompleted d:
                    closed[d.Directive] = Stamp(d);
                    break;
                case DirectiveCancelled d:
                    closed[d.Directive] = Stamp(d);
                    break;
                case StatementDrafted s:
                    statementSteps[s.Statement] = (Stamp(s), null, null, null, null);
                    break;
                case StatementLegallyReviewed s when statementSteps.TryGetValue(s.Statement, out var steps):
                    statementSteps[s.Statement] = steps with { Reviewed = Stamp(s), Note = Redact(s.Reason ?? string.Empty) };
                    break;
                case StatementApproved s when statementSteps.TryGetValue(s.Statement, out var steps):
                    statementSteps[s.Statement] = steps with { Approved = Stamp(s) };
                    break;
                case StatementPublished s when statementSteps.TryGetValue(s.Statement, out var steps):
                    statementSteps[s.Statement] = steps with { Published = Stamp(s) };
                    break;
                case SupportFulfilled r:
                    fulfilled[r.Request] = Stamp(r);
                    break;
                case IncidentResolved r:
                    resolved = Stamp(r);
                    break;
                case ClosureReportSubmitted r:
                    submitted = Stamp(r);
                    break;
                case ClosureReportAccepted r:
                    accepted = Stamp(r);
                    break;
                case IncidentNatureAdded n:
                    natureAdded = Stamp(n);
                    break;
                case OpinionAlertRecorded { Volume: { } recorded } o:
                    chart = (o.Topic, recorded);
                    break;
                case IncidentReopened:
                    // A reopened incident's report no longer stands: the next closure needs a new one.
                    (resolved, submitted, accepted) = (null, null, null);
                    break;
            }
        }

        var report = incident.AcceptedReport ?? incident.SubmittedReport;
        return new ClosureReportDocument(incident, organization, offset)
        {
            ComplainedDepartment = string.IsNullOrWhiteSpace(incident.ComplainedAbout?.Department) ? null : Redact(incident.ComplainedAbout.Department),
            ComplaintAboutPerson = incident.ComplainedAbout?.Person is not null,
            ReportedKind = ((IncidentReported)incident.History[0]).Kind,
            NatureAdded = natureAdded,
            Description = Redact(incident.Description),
            Reported = new ActionStamp(PersonOf(incident.Reporter), incident.ReportedAt),
            Resolved = incident.ResolvedAt is null ? null : resolved,
            DismissalReason = incident.DismissalReason is { } reason ? Redact(reason) : null,
            Submitted = report is null ? null : submitted,
            Accepted = incident.AcceptedReport is null ? null : accepted,
            Summary = report is null ? null : Redact(report.Summary),
            Causes = report is null ? [] : report.Causes.Select(Redact).ToList().AsReadOnly(),
            Improvements = report is null ? [] : report.Improvements.Select(i => new ImprovementEntry(Redact(i.Description), PersonOf(i.Owner), i.DueOn)).ToList().AsReadOnly(),
            Lessons = report is null ? [] : report.Lessons.Select(Redact).ToList().AsReadOnly(),
            LevelHistory = levels.AsReadOnly(),
            Directives = incident.Directives
                .Select(d => new DirectiveEntry(
                    d.Id,
                    d.Kind,
                    d.Assignee,
                    Redact(d.Instructions),
                    new ActionStamp(PersonOf(d.IssuedBy), d.IssuedAt),
                    d.DueAt,
                    acknowledged.GetValueOrDefault(d.Id),
                    closed.GetValueOrDefault(d.Id),
                    d.Status,
                    d.Outcome is { } outcome ? Redact(outcome) : null))
                .ToList().AsReadOnly(),
            Statements = incident.Statements
                .Select(s =>
                {
                    var steps = statementSteps.GetValueOrDefault(s.Id, (new ActionStamp(PersonOf(s.DraftedBy), incident.ReportedAt), null, null, null, null));
                    return new StatementEntry(s.Id, Redact(s.Title), s.Status, steps.Drafted, steps.Reviewed, steps.Note, steps.Approved, steps.Published, s.Channel is { } channel ? Redact(channel) : null);
                })
                .ToList().AsReadOnly(),
            Communications = incident.Communications
                .Select(c => new CommunicationEntry(new ActionStamp(PersonOf(c.By), c.At), c.Channel, Redact(c.Summary), Redact(c.Outcome)))
                .ToList().AsReadOnly(),
            SupportRequests = incident.SupportRequests
                .Select(r => new SupportEntry(r.Id, r.Kind, Redact(r.Details), new ActionStamp(PersonOf(r.RequestedBy), r.RequestedAt), fulfilled.GetValueOrDefault(r.Id), r.Resolution is { } resolution ? Redact(resolution) : null))
                .ToList().AsReadOnly(),
            Deadlines = deadlines?.DeadlinesOf(incident),
            Timeline = timeline.AsReadOnly(),
            EarlierPetitions = incident.EarlierPetitions,
            OpinionTopic = chart is { } c ? Redact(c.Topic) : null,
            OpinionVolume = chart?.Volume,
            OpinionAlerts = chart is { } of
                ? incident.OpinionAlerts.Where(a => a.Topic == of.Topic).Select(a => a with { Topic = Redact(a.Topic), Explanation = Redact(a.Explanation) }).ToList().AsReadOnly()
                : [],
        };
    }

    /// <summary>
    /// Draws the chart of an opinion incident: the topic's hourly volume with the detector's baseline and the alerts, as
    /// recorded with its latest alert that carried them (<see cref="VolumeChart"/>), in the report's offset from UTC. The
    /// Markdown embeds it as an image; save it beside the report where the Markdown is shown by a renderer that drops
    /// embedded images (GitHub does).
    /// </summary>
    /// <param name="language">The language of the chart's labels.</param>
    /// <returns>The SVG document, or <see langword="null"/> when no alert recorded a volume (incidents that are no opinion incidents, alerts stored before 0.4).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="language"/> is not a <see cref="ReportLanguage"/>.</exception>
    public string? OpinionChartSvg(ReportLanguage language)
        => OpinionVolume is { } volume && OpinionTopic is { } topic ? VolumeChart.ToSvg(topic, volume, OpinionAlerts, language, UtcOffset) : null;

    /// <summary>Renders the document as Markdown: headings, tables and lists, with every user text escaped.</summary>
    /// <param name="language">The language: <see cref="ReportLanguage.English"/> or <see cref="ReportLanguage.Chinese"/> (zh-CN).</param>
    /// <returns>The Markdown text, with <c>\n</c> line endings and a final line break.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="language"/> is not a <see cref="ReportLanguage"/>.</exception>
    public string ToMarkdown(ReportLanguage language)
    {
        if (!Enum.IsDefined(language))
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, "Not a report language.");
        }

        return ClosureReportMarkdown.Render(this, _organization, language);
    }
}
