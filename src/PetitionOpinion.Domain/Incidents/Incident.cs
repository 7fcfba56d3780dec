using System.Collections;
using System.Runtime.InteropServices;
using Ardalis.GuardClauses;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents.Events;

namespace PetitionOpinion.Incidents;

/// <summary>
/// One incident (信访舆情事件) from report to closure. Its state changes only by applying events, and every
/// accepted action of <see cref="IncidentLifecycle"/> records the events it applies, so the incident's
/// <see cref="History"/> is its complete audit trail and <see cref="FromHistory"/> rebuilds it exactly.
/// </summary>
/// <remarks>
/// Not thread-safe: one incident is changed by one caller at a time (storage adds optimistic concurrency).
/// Every collection exposed is a read-only view.
/// </remarks>
public sealed class Incident
{
    // Not readonly only for Copy, which gives a copy lists of its own (the two append-only ones shared until either grows);
    // nothing else assigns them.
    private AppendOnlyList<IncidentEvent> _history = new();
    private PendingView _pendingView;
    private List<Assessment> _assessments = [];
    private List<Directive> _directives = [];
    private List<CustomerCommunication> _communications = [];
    private List<PublicStatement> _statements = [];
    private List<SupportRequest> _supportRequests = [];
    private List<ReviewRequest> _reviewRequests = [];
    private List<IncidentId> _duplicates = [];
    private List<DeadlinePause> _pauses = [];
    private List<RecordedDeadlineAlert> _alerts = [];
    private AppendOnlyList<Monitoring.OpinionAlert> _opinionAlerts = new();
    private HashSet<(DeadlineKey Deadline, DeadlineAlertKind Alert, int Percent)> _alertKeys = [];

    // What the deadlines are computed from that only the history tells, kept as each event applies so that computing an
    // incident's deadlines (every command does, for its summary) does not walk a history of thousands of events: the
    // resolutions and reopenings in order (each a period of the resolution deadline), and when each directive was last
    // completed (by its number).
    private List<IncidentEvent> _periods = [];
    private List<DateTimeOffset?> _directivesCompletedAt = [];

    // The pending events are always the tail of the history (those recorded since the incident was loaded or its pending
    // events were cleared), so they are kept as the index where that tail starts rather than in a second list.
    private int _pendingFrom;

    private Incident(IncidentReported reported)
    {
        Id = reported.IncidentId;
        Reporter = reported.Actor;
        ReportedAt = reported.OccurredAt;
        Kind = reported.Kind;
        Channel = reported.Channel;
        Category = reported.Category;
        Description = reported.Description;
        Petitioner = reported.Petitioner;
        ComplainedAbout = reported.ComplainedAbout;
        EarlierPetitions = reported.EarlierPetitions ?? [];
        State = IncidentState.Reported;
        PetitionSince = IsPetition(Kind) ? ReportedAt : null;
        PublicOpinionSince = IsPublicOpinion(Kind) ? ReportedAt : null;
        _pendingView = new PendingView(this);
    }

    /// <summary>Gets the incident's id.</summary>
    public IncidentId Id { get; }

    /// <summary>Gets the number of events recorded so far; every accepted action increases it by the number of events it recorded.</summary>
    public int Version => _history.Count;

    /// <summary>
    /// Gets what the incident is: the kind it was reported as, until it took on its second nature
    /// (<see cref="IncidentNatureAdded"/>); then <see cref="IncidentKind.PetitionAndPublicOpinion"/>.
    /// </summary>
    public IncidentKind Kind { get; private set; }

    /// <summary>Gets when the incident became a petition: its report, or when a petitioner came forward; <see langword="null"/> while it is not one.</summary>
    public DateTimeOffset? PetitionSince { get; private set; }

    /// <summary>Gets when the incident became a public-opinion event: its report, or when it went public; <see langword="null"/> while it is not one.</summary>
    public DateTimeOffset? PublicOpinionSince { get; private set; }

    /// <summary>Gets how the incident reached the company.</summary>
    public IntakeChannel Channel { get; }

    /// <summary>Gets the risk category.</summary>
    public RiskCategory Category { get; }

    /// <summary>Gets who reported it.</summary>
    public PersonId Reporter { get; }

    /// <summary>Gets when it was reported.</summary>
    public DateTimeOffset ReportedAt { get; }

    /// <summary>Gets what happened, as reported.</summary>
    public string Description { get; }

    /// <summary>
    /// Gets the petitioner's confidential details, if any: those reported, or those recorded when a petitioner came
    /// forward (<see cref="IncidentNatureAdded"/>). Show them only to the petition handling and leading groups.
    /// </summary>
    public PetitionerDetails? Petitioner { get; private set; }

    /// <summary>
    /// Gets the same petitioner's earlier incidents reported within the 90 days before this one, oldest first, as the
    /// repository found them at report time (<see cref="Events.IncidentReported.EarlierPetitions"/>); empty when there was
    /// none or none was looked up. Their count is what <c>PriorPetitionsWithin90Days</c> of the risk facts is filled from.
    /// </summary>
    public IReadOnlyList<IncidentId> EarlierPetitions { get; }

    /// <summary>Gets the person or department complained about, if any.</summary>
    public ComplainedParty? ComplainedAbout { get; }

    /// <summary>Gets where the incident is in its lifecycle.</summary>
    public IncidentState State { get; private set; }

    /// <summary>Gets the current assessment; <see langword="null"/> until assessed.</summary>
    public Assessment? Assessment => _assessments.Count == 0 ? null : _assessments[^1];

    /// <summary>Gets the current severity level; <see langword="null"/> until assessed.</summary>
    public SeverityLevel? Level => Assessment?.Level;

    /// <summary>
    /// Gets the facts of the last assessment that recorded its facts, their <see cref="RiskFacts.Kind"/> set to the
    /// incident's <see cref="Kind"/> now; <see langword="null"/> when no assessment recorded facts. A re-assessment starts
    /// from them (<c>incident.Facts with { Reach = ... }</c>) instead of rebuilding them.
    /// </summary>
    public RiskFacts? Facts { get; private set; }

    /// <summary>Gets every assessment, the first one first.</summary>
    public IReadOnlyList<Assessment> Assessments => _assessments.AsReadOnly();

    /// <summary>Gets the directives, in the order issued (directive <c>n</c> is at index <c>n - 1</c>).</summary>
    public IReadOnlyList<Directive> Directives => _directives.AsReadOnly();

    /// <summary>Gets the recorded communications with the customer.</summary>
    public IReadOnlyList<CustomerCommunication> Communications => _communications.AsReadOnly();

    /// <summary>Gets the public statements (statement <c>n</c> is at index <c>n - 1</c>).</summary>
    public IReadOnlyList<PublicStatement> Statements => _statements.AsReadOnly();

    /// <summary>Gets the support requests (request <c>n</c> is at index <c>n - 1</c>).</summary>
    public IReadOnlyList<SupportRequest> SupportRequests => _supportRequests.AsReadOnly();

    /// <summary>Gets the petitioner's review requests.</summary>
    public IReadOnlyList<ReviewRequest> ReviewRequests => _reviewRequests.AsReadOnly();

    /// <summary>Gets the closure report submitted and not yet accepted, if any.</summary>
    public ClosureReport? SubmittedReport { get; private set; }

    /// <summary>Gets the closure report the leading group accepted; <see langword="null"/> unless closed.</summary>
    public ClosureReport? AcceptedReport { get; private set; }

    /// <summary>Gets when the response started, if it has.</summary>
    public DateTimeOffset? ResponseStartedAt { get; private set; }

    /// <summary>Gets when the incident was last resolved, if it is resolved or closed.</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>Gets when the incident was closed, if it is closed.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Gets how often the incident was reopened.</summary>
    public int ReopenCount { get; private set; }

    /// <summary>Gets the reason the incident was dismissed, if it was.</summary>
    public string? DismissalReason { get; private set; }

    /// <summary>Gets the incident this one was merged into as a duplicate, if any.</summary>
    public IncidentId? DuplicateOf { get; private set; }

    /// <summary>Gets the incidents merged into this one as duplicates.</summary>
    public IReadOnlyList<IncidentId> Duplicates => _duplicates.AsReadOnly();

    /// <summary>Gets the times the incident's deadlines stood still, oldest first (the last is open while <see cref="DeadlinesPaused"/>).</summary>
    public IReadOnlyList<DeadlinePause> DeadlinePauses => _pauses.AsReadOnly();

    /// <summary>Gets a value indicating whether the incident's deadlines are paused now.</summary>
    public bool DeadlinesPaused => _pauses.Count > 0 && _pauses[^1].Until is null;

    /// <summary>Gets the extension of the petition's handling time, if it was extended.</summary>
    public HandlingExtension? HandlingExtension { get; private set; }

    /// <summary>Gets the alerts the deadline scanner recorded, oldest first.</summary>
    public IReadOnlyList<RecordedDeadlineAlert> DeadlineAlerts => _alerts.AsReadOnly();

    /// <summary>Gets the opinion-monitoring alerts attached to the incident, oldest first (the first opened it, when the monitor reported it).</summary>
    public IReadOnlyList<Monitoring.OpinionAlert> OpinionAlerts => _opinionAlerts;

    /// <summary>Gets every event recorded, oldest first: the audit trail.</summary>
    public IReadOnlyList<IncidentEvent> History => _history;

    /// <summary>Gets the events recorded since the incident was loaded or <see cref="ClearPendingEvents"/> was last called: what storage must append.</summary>
    public IReadOnlyList<IncidentEvent> PendingEvents => _pendingView;

    /// <summary>Gets the directives without copying or allocating, for the hot paths of the library.</summary>
    internal ReadOnlySpan<Directive> DirectiveSpan => CollectionsMarshal.AsSpan(_directives);

    /// <summary>Gets the number of directives issued but not yet acknowledged.</summary>
    internal int IssuedDirectiveCount { get; private set; }

    /// <summary>Gets the number of directives acknowledged but not yet completed.</summary>
    internal int AcknowledgedDirectiveCount { get; private set; }

    internal int DraftStatementCount { get; private set; }

    internal int ReviewedStatementCount { get; private set; }

    internal int ApprovedStatementCount { get; private set; }

    internal int OpenSupportRequestCount { get; private set; }

    /// <summary>Gets when the first handling action was recorded (<see cref="DeadlineCalculator.IsHandlingAction"/>).</summary>
    internal DateTimeOffset? FirstActionAt { get; private set; }

    /// <summary>Gets when the last handling action was recorded.</summary>
    internal DateTimeOffset? LastActionAt { get; private set; }

    /// <summary>Gets the version of the last handling action, 0 before any.</summary>
    internal int LastActionVersion { get; private set; }

    /// <summary>Gets when the first statement was published.</summary>
    internal DateTimeOffset? FirstStatementPublishedAt { get; private set; }

    /// <summary>Gets when the incident was last dismissed or merged as a duplicate.</summary>
    internal DateTimeOffset? DismissedAt { get; private set; }

    /// <summary>Gets the <see cref="IncidentResolved"/> and <see cref="IncidentReopened"/> events, oldest first.</summary>
    internal IReadOnlyList<IncidentEvent> ResolutionPeriods => _periods;

    /// <summary>Gets when a directive was last completed, or <see langword="null"/>.</summary>
    /// <param name="id">The directive.</param>
    /// <returns>The instant.</returns>
    internal DateTimeOffset? CompletedAt(DirectiveId id) => id.Number >= 1 && id.Number <= _directivesCompletedAt.Count ? _directivesCompletedAt[id.Number - 1] : null;

    /// <summary>Gets a value indicating whether a directive is still open (issued or acknowledged).</summary>
    public bool HasOpenDirectives => IssuedDirectiveCount + AcknowledgedDirectiveCount > 0;

    /// <summary>Rebuilds an incident from its recorded events, oldest first.</summary>
    /// <param name="history">The events; the first must be an <see cref="IncidentReported"/> and all must belong to one incident.</param>
    /// <returns>The incident, with no pending events.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> or one of its events is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The history is empty, does not start with a report, or mixes incidents.</exception>
    /// <exception cref="InvalidOperationException">An event cannot apply to the state the earlier events produced (a corrupt history).</exception>
    public static Incident FromHistory(IEnumerable<IncidentEvent> history)
    {
        Guard.Against.Null(history);
        Incident? incident = null;
        foreach (var e in history)
        {
            Guard.Against.Null(e, nameof(history), "The history contains a null event.");
            if (incident is null)
            {
                if (e is not IncidentReported reported)
                {
                    throw new ArgumentException($"An incident's history must start with {nameof(IncidentReported)}; it starts with {e.GetType().Name}.", nameof(history));
                }

                incident = new Incident(reported);
                incident._history.Add(reported);
                continue;
            }

            if (e.IncidentId != incident.Id)
            {
                throw new ArgumentException($"The history mixes incidents: {e.GetType().Name} belongs to {e.IncidentId}, not {incident.Id}.", nameof(history));
            }

            incident.Apply(e, pending: false);
        }

        if (incident is null)
        {
            throw new ArgumentException("An incident's history must not be empty.", nameof(history));
        }

        incident._pendingFrom = incident._history.Count;
        return incident;
    }

    /// <summary>Forgets the pending events once storage has appended them.</summary>
    public void ClearPendingEvents() => _pendingFrom = _history.Count;

    /// <summary>Tells whether the scanner already recorded an alert.</summary>
    /// <param name="deadline">The deadline's key.</param>
    /// <param name="alert">The alert.</param>
    /// <param name="percent">The point of the deadline's time.</param>
    /// <returns><see langword="true"/> when it was recorded.</returns>
    public bool HasDeadlineAlert(DeadlineKey deadline, DeadlineAlertKind alert, int percent) => _alertKeys.Contains((deadline, alert, percent));

    /// <summary>Gets the directive with the given id.</summary>
    /// <param name="id">The directive's id.</param>
    /// <returns>The directive, or <see langword="null"/> when there is none.</returns>
    public Directive? FindDirective(DirectiveId id) => id.Number >= 1 && id.Number <= _directives.Count ? _directives[id.Number - 1] : null;

    /// <summary>Gets the statement with the given id.</summary>
    /// <param name="id">The statement's id.</param>
    /// <returns>The statement, or <see langword="null"/> when there is none.</returns>
    public PublicStatement? FindStatement(StatementId id) => id.Number >= 1 && id.Number <= _statements.Count ? _statements[id.Number - 1] : null;

    /// <summary>Gets the support request with the given id.</summary>
    /// <param name="id">The request's id.</param>
    /// <returns>The request, or <see langword="null"/> when there is none.</returns>
    public SupportRequest? FindSupportRequest(SupportRequestId id) => id.Number >= 1 && id.Number <= _supportRequests.Count ? _supportRequests[id.Number - 1] : null;

    /// <summary>
    /// A copy in the same state that either can change without the other seeing it (the elements of its lists are
    /// immutable records, shared): what the repository keeps between commands while the caller keeps the original.
    /// </summary>
    /// <remarks>
    /// The history and the opinion alerts, which grow with every command and reach thousands on a long-running opinion
    /// incident, are not copied: the two incidents share them (<see cref="AppendOnlyList{T}"/>), and the first to record
    /// past them writes in place, the other copying them only if it records too. The other lists are short and copied.
    /// </remarks>
    /// <returns>The copy.</returns>
    internal Incident Copy()
    {
        var copy = (Incident)MemberwiseClone();
        copy._history = _history.Share();
        copy._pendingView = new PendingView(copy);
        copy._assessments = [.. _assessments];
        copy._directives = [.. _directives];
        copy._communications = [.. _communications];
        copy._statements = [.. _statements];
        copy._supportRequests = [.. _supportRequests];
        copy._reviewRequests = [.. _reviewRequests];
        copy._duplicates = [.. _duplicates];
        copy._pauses = [.. _pauses];
        copy._alerts = [.. _alerts];
        copy._opinionAlerts = _opinionAlerts.Share();
        copy._alertKeys = new(_alertKeys, _alertKeys.Comparer);
        copy._periods = [.. _periods];
        copy._directivesCompletedAt = [.. _directivesCompletedAt];
        return copy;
    }

    internal static Incident Start(IncidentReported reported)
    {
        var incident = new Incident(reported);
        incident._history.Add(reported);
        return incident;
    }

    internal void Apply(IncidentEvent e, bool pending)
    {
        Change(e);
        _history.Add(e);
        Track(e);
        if (!pending)
        {
            // An event that is not pending (one replayed from storage) is older than every pending one.
            _pendingFrom = _history.Count;
        }
    }

    // The deadlines' facts an event adds (after it is in the history: its version is the history's length).
    private void Track(IncidentEvent e)
    {
        if (DeadlineCalculator.IsHandlingAction(e))
        {
            FirstActionAt ??= e.OccurredAt;
            LastActionAt = e.OccurredAt;
            LastActionVersion = _history.Count;
        }

        switch (e)
        {
            case StatementPublished:
                FirstStatementPublishedAt ??= e.OccurredAt;
                break;
            case IncidentDismissed or IncidentMergedAsDuplicate:
                DismissedAt = e.OccurredAt;
                break;
            case IncidentResolved or IncidentReopened:
                _periods.Add(e);
                break;
            case DirectiveCompleted completed when completed.Directive.Number >= 1:
                while (_directivesCompletedAt.Count < completed.Directive.Number)
                {
                    _directivesCompletedAt.Add(null);
                }

                _directivesCompletedAt[completed.Directive.Number - 1] = e.OccurredAt;
                break;
            default:
                break;
        }
    }

    // What each event changes, one line per type; a change that cannot follow the earlier events means a corrupt history.
    private void Change(IncidentEvent e)
    {
        switch (e)
        {
            case IncidentAssessed a: Assess(a); break;
            case IncidentEscalated: break; // the assessment that raised the level changed the incident; this tells people
            case DirectiveIssued d: IssueDirective(d); break;
            case DirectiveAcknowledged d: UpdateDirective(e, d.Directive, DirectiveStatus.Acknowledged, null); break;
            case DirectiveCompleted d: UpdateDirective(e, d.Directive, DirectiveStatus.Completed, d.Outcome); break;
            case DirectiveCancelled d: UpdateDirective(e, d.Directive, DirectiveStatus.Cancelled, d.Reason); break;
            case ResponseStarted: StartResponse(e.OccurredAt); break;
            case CustomerCommunicationRecorded c: _communications.Add(new CustomerCommunication(c.Actor, c.OccurredAt, c.Channel, c.Summary, c.Outcome)); break;
            case StatementDrafted s: DraftStatement(s); break;
            case StatementLegallyReviewed s: UpdateStatement(s, s.Statement, StatementStatus.Draft, static (st, s) => st with { Status = StatementStatus.LegallyReviewed, ReviewedBy = s.Actor }); break;
            case StatementApproved s: UpdateStatement(s, s.Statement, StatementStatus.LegallyReviewed, static (st, s) => st with { Status = StatementStatus.Approved, ApprovedBy = s.Actor }); break;
            case StatementPublished s: UpdateStatement(s, s.Statement, StatementStatus.Approved, static (st, s) => st with { Status = StatementStatus.Published, PublishedBy = s.Actor, PublishedAt = s.OccurredAt, Channel = s.Channel }); break;
            case SupportRequested r: RequestSupport(r); break;
            case SupportFulfilled r: FulfilSupport(r); break;
            case IncidentResolved: Resolve(e.OccurredAt); break;
            case ClosureReportSubmitted r: SubmittedReport = r.Report; break;
            case ClosureReportAccepted: Close(e); break;
            case IncidentReopened: Reopen(); break;
            case ReviewRequested r: _reviewRequests.Add(new ReviewRequest(r.Actor, r.OccurredAt, r.Grounds)); break;
            case ReviewDecided r: DecideReview(r); break;
            case IncidentDismissed d: Dismiss(d.Reason, null, e.OccurredAt); break;
            case IncidentMergedAsDuplicate m: Dismiss(m.Reason, m.Original, e.OccurredAt); break;
            case DuplicateLinked l: _duplicates.Add(l.Duplicate); break;
            case DeadlinesPaused p: PauseDeadlines(p); break;
            case DeadlinesResumed: ResumeDeadlines(e); break;
            case HandlingTimeExtended x: ExtendHandlingTime(x); break;
            case DeadlineAlertRaised a: RecordDeadlineAlert(a); break;
            case OpinionAlertRecorded o: RecordOpinionAlert(o); break;
            case IncidentNatureAdded n: AddNature(n); break;
            default: throw Corrupt(e, "this event type cannot follow the report");
        }
    }

    private void Assess(IncidentAssessed a)
    {
        _assessments.Add(new Assessment(a.Level, a.Scope, a.PotentialRisk, a.Rationale, a.Actor, a.OccurredAt) { Facts = a.Facts });
        Facts = Current(a.Facts ?? Facts);
        RaiseStatementLevels(a.Level);
        if (State == IncidentState.Reported)
        {
            State = IncidentState.Assessed;
        }
    }

    private void IssueDirective(DirectiveIssued d)
    {
        if (d.Directive.Number != _directives.Count + 1)
        {
            throw Corrupt(d, $"directive {d.Directive} is out of sequence");
        }

        _directives.Add(new Directive(d.Directive, d.Kind, d.Assignee, d.Instructions, d.DueAt, d.Actor, d.OccurredAt, DirectiveStatus.Issued, null));
        IssuedDirectiveCount++;
        if (State == IncidentState.Assessed)
        {
            State = IncidentState.Directed;
        }
    }

    private void StartResponse(DateTimeOffset at)
    {
        State = IncidentState.Responding;
        ResponseStartedAt = at;
    }

    private void DraftStatement(StatementDrafted s)
    {
        if (s.Statement.Number != _statements.Count + 1)
        {
            throw Corrupt(s, $"statement {s.Statement} is out of sequence");
        }

        _statements.Add(new PublicStatement(s.Statement, s.Title, s.Body, StatementStatus.Draft, s.Actor, null, null, null, null, null) { MostSevereLevel = Level });
        CountStatements(StatementStatus.Draft, +1);
    }

    private void RequestSupport(SupportRequested r)
    {
        if (r.Request.Number != _supportRequests.Count + 1)
        {
            throw Corrupt(r, $"support request {r.Request} is out of sequence");
        }

        _supportRequests.Add(new SupportRequest(r.Request, r.Kind, r.Details, r.Actor, r.OccurredAt, null, null));
        OpenSupportRequestCount++;
    }

    private void FulfilSupport(SupportFulfilled r)
    {
        var request = FindSupportRequest(r.Request);
        if (request is null || request.IsFulfilled)
        {
            throw Corrupt(r, $"support request {r.Request} is unknown or already fulfilled");
        }

        _supportRequests[r.Request.Number - 1] = request with { FulfilledBy = r.Actor, Resolution = r.Resolution };
        OpenSupportRequestCount--;
    }

    private void Resolve(DateTimeOffset at)
    {
        State = IncidentState.Resolved;
        ResolvedAt = at;
        EndPause(at);
    }

    private void Close(IncidentEvent e)
    {
        AcceptedReport = SubmittedReport ?? throw Corrupt(e, "no closure report was submitted");
        SubmittedReport = null;
        State = IncidentState.Closed;
        ClosedAt = e.OccurredAt;
    }

    private void Reopen()
    {
        State = IncidentState.Responding;
        SubmittedReport = null;
        AcceptedReport = null;
        ResolvedAt = null;
        ClosedAt = null;
        ReopenCount++;
    }

    private void DecideReview(ReviewDecided r)
    {
        var review = PendingReviewIndex is var index and >= 0 ? index : throw Corrupt(r, "no review request is waiting for a decision");
        _reviewRequests[review] = _reviewRequests[review] with { Decision = new ReviewDecision(r.Actor, r.OccurredAt, r.Upheld, r.Decision) };
    }

    private void Dismiss(string? reason, IncidentId? duplicateOf, DateTimeOffset at)
    {
        State = IncidentState.Dismissed;
        DismissalReason = reason;
        if (duplicateOf is not null)
        {
            DuplicateOf = duplicateOf;
        }

        EndPause(at);
    }

    private void PauseDeadlines(DeadlinesPaused p)
    {
        if (DeadlinesPaused)
        {
            throw Corrupt(p, "the deadlines are already paused");
        }

        _pauses.Add(new DeadlinePause(p.Actor, p.OccurredAt, p.Reason!, null));
    }

    private void ResumeDeadlines(IncidentEvent e)
    {
        if (!DeadlinesPaused)
        {
            throw Corrupt(e, "the deadlines are not paused");
        }

        EndPause(e.OccurredAt);
    }

    private void ExtendHandlingTime(HandlingTimeExtended x)
    {
        if (HandlingExtension is not null)
        {
            throw Corrupt(x, "the handling time was already extended");
        }

        HandlingExtension = new HandlingExtension(x.Actor, x.OccurredAt, x.Days, x.Reason!);
    }

    private void RecordDeadlineAlert(DeadlineAlertRaised a)
    {
        if (!_alertKeys.Add((a.Deadline, a.Alert, a.Percent)))
        {
            throw Corrupt(a, $"the {a.Alert} alert at {a.Percent}% of deadline {a.Deadline} was already recorded");
        }

        _alerts.Add(new RecordedDeadlineAlert(a.Deadline, a.Alert, a.Percent, a.DueAt, a.OccurredAt) { ReachedAt = a.ReachedAt, Late = a.Late });
    }

    private void AddNature(IncidentNatureAdded n)
    {
        var added = n.Nature switch
        {
            IncidentKind.PublicOpinion when Kind == IncidentKind.Petition => true,
            IncidentKind.Petition when Kind == IncidentKind.PublicOpinion => true,
            _ => false,
        };
        if (!added)
        {
            throw Corrupt(n, $"a {Kind} incident cannot take on the nature {n.Nature}");
        }

        if (n.Petitioner is not null && Petitioner is not null)
        {
            throw Corrupt(n, "the incident already has a petitioner");
        }

        Kind = IncidentKind.PetitionAndPublicOpinion;
        Facts = Current(Facts);
        Petitioner = n.Petitioner ?? Petitioner;
        if (n.Nature == IncidentKind.Petition)
        {
            PetitionSince = n.OccurredAt;
        }
        else
        {
            PublicOpinionSince = n.OccurredAt;
        }
    }

    // The facts a re-assessment starts from say what the incident is now.
    private RiskFacts? Current(RiskFacts? facts) => facts is not null && facts.Kind != Kind ? facts with { Kind = Kind } : facts;

    /// <summary>Tells whether a kind includes the petition nature.</summary>
    internal static bool IsPetition(IncidentKind kind) => kind is IncidentKind.Petition or IncidentKind.PetitionAndPublicOpinion;

    /// <summary>Tells whether a kind includes the public-opinion nature.</summary>
    internal static bool IsPublicOpinion(IncidentKind kind) => kind is IncidentKind.PublicOpinion or IncidentKind.PetitionAndPublicOpinion;

    private void RecordOpinionAlert(OpinionAlertRecorded o)
        => _opinionAlerts.Add(new Monitoring.OpinionAlert(o.Topic, o.Kind, o.WindowEnd, o.WindowStart, o.WindowEnd, o.Baseline, o.Observed, o.Factor, o.Mentions, o.NegativeMentions, o.Reach, o.Explanation));

    /// <summary>Gets the index of the oldest review request waiting for a decision, or -1.</summary>
    internal int PendingReviewIndex => _reviewRequests.FindIndex(static r => r.Decision is null);

    // A statement not yet published remembers the most severe level the incident reached since its draft (a lower number is
    // more severe): the leading group's approval follows the worst the incident was, not the level it was lowered to.
    private void RaiseStatementLevels(SeverityLevel level)
    {
        for (var i = 0; i < _statements.Count; i++)
        {
            var statement = _statements[i];
            if (statement.Status != StatementStatus.Published && (statement.MostSevereLevel is not { } held || level < held))
            {
                _statements[i] = statement with { MostSevereLevel = level };
            }
        }
    }

    private void EndPause(DateTimeOffset at)
    {
        if (DeadlinesPaused)
        {
            _pauses[^1] = _pauses[^1] with { Until = at };
        }
    }

    private void UpdateDirective(IncidentEvent e, DirectiveId id, DirectiveStatus status, string? outcome)
    {
        var directive = FindDirective(id) ?? throw Corrupt(e, $"directive {id} is unknown");
        var ok = status switch
        {
            DirectiveStatus.Acknowledged => directive.Status == DirectiveStatus.Issued,
            DirectiveStatus.Completed => directive.Status == DirectiveStatus.Acknowledged,
            _ => directive.IsOpen,
        };
        if (!ok)
        {
            throw Corrupt(e, $"directive {id} is {directive.Status}");
        }

        if (directive.Status == DirectiveStatus.Issued)
        {
            IssuedDirectiveCount--;
        }
        else
        {
            AcknowledgedDirectiveCount--;
        }

        if (status == DirectiveStatus.Acknowledged)
        {
            AcknowledgedDirectiveCount++;
        }

        _directives[id.Number - 1] = directive with { Status = status, Outcome = outcome };
    }

    // The change is a static lambda given the event: a lambda capturing the event would make the compiler allocate a
    // closure on every call of Apply, whatever the event.
    private void UpdateStatement<TEvent>(TEvent e, StatementId id, StatementStatus expected, Func<PublicStatement, TEvent, PublicStatement> change)
        where TEvent : IncidentEvent
    {
        var statement = FindStatement(id) ?? throw Corrupt(e, $"statement {id} is unknown");
        if (statement.Status != expected)
        {
            throw Corrupt(e, $"statement {id} is {statement.Status}, not {expected}");
        }

        var changed = change(statement, e);
        _statements[id.Number - 1] = changed;
        CountStatements(expected, -1);
        CountStatements(changed.Status, +1);
    }

    // The counts of statements waiting at each step, so that a guard need not walk the statements.
    private void CountStatements(StatementStatus status, int delta)
    {
        switch (status)
        {
            case StatementStatus.Draft: DraftStatementCount += delta; break;
            case StatementStatus.LegallyReviewed: ReviewedStatementCount += delta; break;
            case StatementStatus.Approved: ApprovedStatementCount += delta; break;
            default: break; // a published statement waits for nothing
        }
    }

    private InvalidOperationException Corrupt(IncidentEvent e, string problem)
        => new($"Event {e.GetType().Name} at version {Version + 1} of incident {Id} cannot be applied: {problem}. The history is corrupt.");

    /// <summary>A live, read-only view of the tail of the history that is pending.</summary>
    private sealed class PendingView(Incident owner) : IReadOnlyList<IncidentEvent>
    {
        public int Count => owner._history.Count - owner._pendingFrom;

        public IncidentEvent this[int index]
            => (uint)index < (uint)Count
                ? owner._history[owner._pendingFrom + index]
                : throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {Count} pending event(s).");

        public IEnumerator<IncidentEvent> GetEnumerator()
        {
            for (var i = owner._pendingFrom; i < owner._history.Count; i++)
            {
                yield return owner._history[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
