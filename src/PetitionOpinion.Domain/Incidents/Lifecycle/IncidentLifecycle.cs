using System.Numerics;
using Ardalis.GuardClauses;
using OneOf;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Incidents;

/// <summary>The events a merge records on each of the two incidents.</summary>
/// <param name="DuplicateEvents">The events recorded on the duplicate (now dismissed).</param>
/// <param name="OriginalEvents">The events recorded on the original (the link back).</param>
public sealed record DuplicateMerge(RecordedEvents DuplicateEvents, RecordedEvents OriginalEvents);

/// <summary>
/// Runs the incident lifecycle (<c>docs/lifecycle.md</c>): every action checks its input, the state, the guards of the
/// <see cref="LifecycleTable"/> and the actor's authority, then records and applies its events — or returns a
/// <see cref="DomainError"/> and changes nothing.
/// </summary>
/// <remarks>Thread-safe; an <see cref="Incident"/> itself is changed by one caller at a time.</remarks>
public sealed class IncidentLifecycle
{
    // The most phone numbers and e-mail addresses one petitioner may give (each becomes a pseudonym to look up).
    internal const int MaxPetitionerContacts = 16;

    private readonly ResponseOrganization _organization;
    private readonly IAuthorityPolicy _authority;
    private readonly TimeProvider _time;
    private readonly IIncidentIdGenerator _ids;
    private readonly InputLimitsOptions _limits;

    /// <summary>Initializes a new instance of the <see cref="IncidentLifecycle"/> class.</summary>
    /// <param name="organization">The organisation (who the actors are).</param>
    /// <param name="authority">The authority policy.</param>
    /// <param name="time">Where time comes from.</param>
    /// <param name="ids">Where new incident ids come from.</param>
    /// <param name="table">The lifecycle; <see langword="null"/> for <see cref="LifecycleTable.Default"/>.</param>
    /// <param name="deadlines">The deadline policy (the longest extension, the review window); <see langword="null"/> for <see cref="DeadlinePolicy.Default"/>.</param>
    /// <param name="limits">The input limits (copied: later changes to the options do not apply); <see langword="null"/> for the defaults of <see cref="InputLimitsOptions"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="limits"/> are not valid.</exception>
    public IncidentLifecycle(ResponseOrganization organization, IAuthorityPolicy authority, TimeProvider time, IIncidentIdGenerator ids, LifecycleTable? table = null, DeadlinePolicy? deadlines = null, InputLimitsOptions? limits = null)
    {
        _limits = (limits ?? new InputLimitsOptions()).Snapshot();
        if (_limits.Validate("limits").FirstOrDefault() is { } invalid)
        {
            throw new ArgumentException($"The input limits are not valid: {invalid.ToValidationFailure()}", nameof(limits));
        }

        Deadlines = deadlines ?? DeadlinePolicy.Default;
        _organization = Guard.Against.Null(organization);
        _authority = Guard.Against.Null(authority);
        _time = Guard.Against.Null(time);
        _ids = Guard.Against.Null(ids);
        Table = table ?? LifecycleTable.Default;
    }

    /// <summary>Gets the lifecycle table in force.</summary>
    public LifecycleTable Table { get; }

    /// <summary>Gets the deadline policy in force.</summary>
    public DeadlinePolicy Deadlines { get; }

    /// <summary>Gets the input limits in force (a copy: changing it changes nothing).</summary>
    public InputLimitsOptions Limits => _limits.Snapshot();

    /// <summary>Gets the organisation in force.</summary>
    public ResponseOrganization Organization => _organization;

    /// <summary>Gets the clock the lifecycle stamps events with (the repository stamps checkpoints with it too).</summary>
    internal TimeProvider Time => _time;

    /// <summary>Reports a new incident.</summary>
    /// <param name="command">The report.</param>
    /// <returns>The new incident (its <see cref="IncidentReported"/> event pending), or why it was refused.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is <see langword="null"/>.</exception>
    public OneOf<Incident, DomainError> Report(ReportIncident command) => Report(command, null);

    /// <summary>Reports a new incident, with the same petitioner's earlier incidents the repository found.</summary>
    /// <param name="command">The report.</param>
    /// <param name="earlierPetitions">The earlier incidents, oldest first; <see langword="null"/> when none were looked up.</param>
    /// <returns>The new incident, or why it was refused.</returns>
    internal OneOf<Incident, DomainError> Report(ReportIncident command, IReadOnlyList<IncidentId>? earlierPetitions)
    {
        Guard.Against.Null(command);
        var input = new InputValidation()
            .Id(command.Actor.IsEmpty, "The actor")
            .Check(Enum.IsDefined(command.Kind), InputValidation.Invalid, $"The kind {(int)command.Kind} is not an {nameof(IncidentKind)}.")
            .Check(Enum.IsDefined(command.Channel), InputValidation.Invalid, $"The channel {(int)command.Channel} is not an {nameof(IntakeChannel)}.")
            .Check(!command.Category.IsEmpty, InputValidation.Required, "The risk category is required.")
            .Text(command.Description, "The description", _limits.LongTextLength);
        if (command.Petitioner is { } petitioner)
        {
            CheckPetitioner(input, petitioner);
        }

        if (command.ComplainedAbout is { } party)
        {
            input.Check(party.Person is not null || party.Department is not null, InputValidation.Required, "The party complained about must name a person or a department.")
                .Check(party.Person is not { IsEmpty: true }, InputValidation.Required, "The person complained about must not be the default, empty id.")
                .Text(party.Department, "The department complained about", _limits.NameLength, required: false, kind: TextKind.SingleLine);
        }

        if (input.ToError("The report is not valid") is { } invalid)
        {
            return invalid;
        }

        var decision = _authority.Authorize(command.Actor, IncidentAction.Report, null);
        if (!decision.IsAllowed)
        {
            return decision.Denial!;
        }

        // A complaint about the reporter is reported by a colleague: the person complained about records no event on it.
        if (command.ComplainedAbout?.Person is { } complained && complained == command.Actor)
        {
            return new DomainError(AuthorityErrors.ComplainedParty, $"'{command.Actor}' may not report a complaint about themselves: a colleague reports it.");
        }

        var id = _ids.NewIncidentId();
        if (id.IsEmpty)
        {
            throw new InvalidOperationException($"The {nameof(IIncidentIdGenerator)} returned an empty id.");
        }

        return Incident.Start(new IncidentReported(id, command.Actor, _time.GetUtcNow(), command.Kind, command.Channel, command.Category, command.Description, command.Petitioner, command.ComplainedAbout, earlierPetitions));
    }

    /// <summary>Performs an action on an incident.</summary>
    /// <param name="incident">The incident; it changes only when the action is accepted.</param>
    /// <param name="command">The action, naming its actor.</param>
    /// <returns>The events recorded (already applied to <paramref name="incident"/> and pending), or why the action was refused.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public OneOf<RecordedEvents, DomainError> Execute(Incident incident, IncidentCommand command)
    {
        Guard.Against.Null(incident);
        Guard.Against.Null(command);
        var now = _time.GetUtcNow();
        var actor = command.Actor;

        // Checked first: the person complained about learns nothing of the incident from a refusal (not even its size).
        if (IsComplainedParty(incident, actor))
        {
            return ComplainedParty(incident, command.Action, actor);
        }

        if (TooManyEvents(incident, 1) is { } full)
        {
            return full;
        }

        return command switch
        {
            AssessIncident c => Assess(incident, c.Action, actor, c.Level, c.Scope, c.PotentialRisk, c.Rationale, c.Facts, now),
            ReassessIncident c => Assess(incident, c.Action, actor, c.Level, c.Scope, c.PotentialRisk, c.Rationale, c.Facts, now),
            IssueDirective c => DecideNewDirective(incident, c, now),
            AcknowledgeDirective or CompleteDirective or CancelDirective => DecideOnDirective(incident, command, now),
            StartResponse or RecordCommunication => DecideResponse(incident, command, now),
            DraftStatement or ReviewStatement or ApproveStatement or PublishStatement => DecideStatement(incident, command, now),
            RequestSupport or FulfilSupport => DecideSupport(incident, command, now),
            ResolveIncident or SubmitClosureReport or AcceptClosureReport or ReopenIncident => DecideClosure(incident, command, now),
            RequestReview or DecideReview => DecidePetitionReview(incident, command, now),
            PauseDeadlines or ResumeDeadlines or ExtendHandlingTime => DecideDeadlines(incident, command, now),
            DismissIncident c => DecideDismissal(incident, c, now),
            AddIncidentNature c => DecideNature(incident, c, now),
            _ => throw UnknownCommand(command),
        };
    }

    /// <summary>Dismisses <paramref name="duplicate"/> as a duplicate of <paramref name="original"/>, recording the link on both.</summary>
    /// <param name="duplicate">The incident to dismiss; its response must not have started.</param>
    /// <param name="original">The incident it duplicates; not dismissed.</param>
    /// <param name="command">Who merges, and why.</param>
    /// <returns>The events recorded on each incident, or why the merge was refused (then neither changed).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public OneOf<DuplicateMerge, DomainError> MergeAsDuplicate(Incident duplicate, Incident original, MergeAsDuplicate command)
    {
        Guard.Against.Null(duplicate);
        Guard.Against.Null(original);
        Guard.Against.Null(command);
        var actor = command.Actor;
        if (IsComplainedParty(duplicate, actor) || IsComplainedParty(original, actor))
        {
            return ComplainedParty(IsComplainedParty(duplicate, actor) ? duplicate : original, IncidentAction.MergeAsDuplicate, actor);
        }

        if ((TooManyEvents(duplicate, 1) ?? TooManyEvents(original, 1)) is { } full)
        {
            return full;
        }

        var blocked = Blocked(duplicate, IncidentAction.MergeAsDuplicate, actor, null, Actor(actor).Text(command.Reason, "The reason", _limits.ShortTextLength));
        if (blocked is not null)
        {
            return blocked;
        }

        if (duplicate.Id == original.Id)
        {
            return new DomainError(IncidentErrors.MergeIntoSelf, $"Incident {duplicate.Id} cannot be merged into itself.");
        }

        // The merge records an event on the original too, so the actor must be allowed to act on it as well.
        if (BlockedOnSecond(original, IncidentAction.MergeAsDuplicate, actor) is { } onOriginal)
        {
            return onOriginal;
        }

        if (original.State == IncidentState.Dismissed)
        {
            return new DomainError(IncidentErrors.MergeTargetDismissed, $"Incident {original.Id} is dismissed; merge {duplicate.Id} into the incident that is being handled instead.");
        }

        var now = _time.GetUtcNow();
        var merged = new IncidentMergedAsDuplicate(duplicate.Id, actor, now, original.Id, command.Reason);
        var linked = new DuplicateLinked(original.Id, actor, now, duplicate.Id);
        duplicate.Apply(merged, pending: true);
        original.Apply(linked, pending: true);
        return new DuplicateMerge(new RecordedEvents(merged), new RecordedEvents(linked));
    }

    /// <summary>Gets the actions the incident's state and guards permit now, whoever acts. Allocation-free.</summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The actions.</returns>
    public ActionSet PermittedActions(Incident incident)
    {
        Guard.Against.Null(incident);
        return ActionSet.FromBits(PermittedBits(incident, null));
    }

    /// <summary>Gets the actions <paramref name="actor"/> may perform on the incident now: state, guards and authority.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="actor">The person who would act.</param>
    /// <returns>The actions.</returns>
    public ActionSet PermittedActions(Incident incident, PersonId actor)
    {
        Guard.Against.Null(incident);
        return ActionSet.FromBits(PermittedBits(incident, actor)).Intersect(_authority.AuthorizedActions(actor, incident));
    }

    /// <summary>Explains why an action is not permitted now: every blocking reason — state, guard and (when the actor is given) authority.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="action">The action.</param>
    /// <param name="actor">The person who would act, or <see langword="null"/> to leave authority out.</param>
    /// <returns>The reasons; empty when the action is permitted (its arguments may still be refused).</returns>
    public IReadOnlyList<DomainError> WhyNot(Incident incident, IncidentAction action, PersonId? actor = null)
    {
        Guard.Against.Null(incident);
        Guard.Against.EnumOutOfRange(action);
        return Reasons(incident, action, actor, null);
    }

    /// <summary>
    /// Explains why a command would be refused on state, guard or authority grounds, judged with its arguments: the guards
    /// that look at them (lowering a level I or II incident; approving a statement drafted on, or since raised to, level I
    /// or II) are decided for the level or statement it names. Its input is not checked.
    /// </summary>
    /// <param name="incident">The incident.</param>
    /// <param name="command">The command, naming its actor.</param>
    /// <returns>The reasons; empty when nothing but its input could still refuse it.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public IReadOnlyList<DomainError> WhyNot(Incident incident, IncidentCommand command)
    {
        Guard.Against.Null(incident);
        Guard.Against.Null(command);
        var arguments = command switch
        {
            ReassessIncident r => new GuardArguments(r.Level, null),
            ApproveStatement a => new GuardArguments(null, a.Statement),
            _ => default,
        };
        var assignee = command switch
        {
            AcknowledgeDirective a => incident.FindDirective(a.Directive)?.Assignee,
            CompleteDirective c => incident.FindDirective(c.Directive)?.Assignee,
            CancelDirective c => incident.FindDirective(c.Directive)?.Assignee,
            _ => null,
        };
        return Reasons(incident, command.Action, command.Actor, assignee, arguments);
    }

    // Issuing a directive: its input (a due time within the horizon, the count per incident), then the state, guards and
    // authority, then a group the organisation knows.
    private OneOf<RecordedEvents, DomainError> DecideNewDirective(Incident incident, IssueDirective c, DateTimeOffset now)
    {
        var actor = c.Actor;

        // A relative due time is resolved here, against the clock that stamps the event; a span beyond the horizon
        // is refused below before it could overflow the calendar.
        var dueAt = c.DueIn is { } dueIn ? (dueIn <= _limits.DueTimeHorizon ? now + dueIn : DateTimeOffset.MaxValue) : c.DueAt;
        var input = new InputValidation()
            .Id(actor.IsEmpty, "The actor")
            .Check(!c.Kind.IsEmpty, InputValidation.Required, "The directive kind is required.")
            .Id(c.Assignee.IsEmpty, "The assignee group")
            .Text(c.Instructions, "The instructions", _limits.ShortTextLength)
            .Check(c.DueIn is not { } span || span > TimeSpan.Zero, InputValidation.Invalid, $"The span until the due time ({c.DueIn}) must be more than zero.")
            .Check(c.DueIn is not null || dueAt > now, InputValidation.Invalid, $"The due time {dueAt:O} must be later than now ({now:O}).")
            .Check(dueAt <= now || dueAt - now <= _limits.DueTimeHorizon, InputValidation.OutOfRange, c.DueIn is { } far
                ? $"The span until the due time ({far}) must be at most {_limits.DueTimeHorizon.TotalDays:0.##} days."
                : $"The due time {dueAt:O} must be at most {_limits.DueTimeHorizon.TotalDays:0.##} days after now ({now:O}).")
            .Count(incident.Directives.Count + 1, "Directives per incident", _limits.DirectivesPerIncident);
        var blocked = Blocked(incident, c.Action, actor, null, input);
        if (blocked is null && _organization.FindGroup(c.Assignee) is null)
        {
            blocked = new DomainError(IncidentErrors.UnknownGroup, $"The organisation has no group '{c.Assignee}' to assign the directive to.");
        }

        return Decide(incident, blocked, new DirectiveIssued(incident.Id, actor, now, new DirectiveId(incident.Directives.Count + 1), c.Kind, c.Assignee, c.Instructions, dueAt));
    }

    // Acknowledging, completing or cancelling a directive already issued: the actor is checked against its assignee group.
    private OneOf<RecordedEvents, DomainError> DecideOnDirective(Incident incident, IncidentCommand command, DateTimeOffset now)
    {
        var actor = command.Actor;
        var id = incident.Id;
        return command switch
        {
            AcknowledgeDirective c => Decide(incident, CheckDirective(incident, c.Action, actor, c.Directive, DirectiveStatus.Issued, Actor(actor)), new DirectiveAcknowledged(id, actor, now, c.Directive)),
            CompleteDirective c => Decide(incident, CheckDirective(incident, c.Action, actor, c.Directive, DirectiveStatus.Acknowledged, Actor(actor).Text(c.Outcome, "The outcome", _limits.ShortTextLength)), new DirectiveCompleted(id, actor, now, c.Directive, c.Outcome)),
            CancelDirective c => Decide(incident, CheckDirective(incident, c.Action, actor, c.Directive, null, Actor(actor).Text(c.Reason, "The reason", _limits.ShortTextLength)), new DirectiveCancelled(id, actor, now, c.Directive, c.Reason)),
            _ => throw UnknownCommand(command),
        };
    }

    // Starting the response, and recording a communication with the customer.
    private OneOf<RecordedEvents, DomainError> DecideResponse(Incident incident, IncidentCommand command, DateTimeOffset now)
    {
        var actor = command.Actor;
        var id = incident.Id;
        return command switch
        {
            StartResponse c => Decide(incident, Blocked(incident, c.Action, actor, null, Actor(actor)), new ResponseStarted(id, actor, now)),
            RecordCommunication c => Decide(incident, Blocked(incident, c.Action, actor, null, Actor(actor)
                    .Check(Enum.IsDefined(c.Channel), InputValidation.Invalid, $"The channel {(int)c.Channel} is not an {nameof(IntakeChannel)}.")
                    .Count(incident.Communications.Count + 1, "Customer communications per incident", _limits.RecordsPerIncident)
                    .Text(c.Summary, "The summary", _limits.ShortTextLength)
                    .Text(c.Outcome, "The outcome", _limits.ShortTextLength)), new CustomerCommunicationRecorded(id, actor, now, c.Channel, c.Summary, c.Outcome)),
            _ => throw UnknownCommand(command),
        };
    }

    // A public statement's way: drafted, legally reviewed, approved, published — each step needs the one before.
    private OneOf<RecordedEvents, DomainError> DecideStatement(Incident incident, IncidentCommand command, DateTimeOffset now)
    {
        var actor = command.Actor;
        var id = incident.Id;
        return command switch
        {
            DraftStatement c => Decide(incident, Blocked(incident, c.Action, actor, null, Actor(actor).Text(c.Title, "The title", _limits.NameLength, kind: TextKind.SingleLine).Count(incident.Statements.Count + 1, "Statements per incident", _limits.RecordsPerIncident).Text(c.Body, "The body", _limits.LongTextLength)), new StatementDrafted(id, actor, now, new StatementId(incident.Statements.Count + 1), c.Title, c.Body)),

            // A review without notes records empty notes: the event's text is never null, so that it stores and reloads.
            ReviewStatement c => Decide(incident, CheckStatement(incident, c.Action, actor, c.Statement, StatementStatus.Draft, Actor(actor).Text(c.Notes, "The notes", _limits.ShortTextLength, required: false)), new StatementLegallyReviewed(id, actor, now, c.Statement, c.Notes ?? string.Empty)),
            ApproveStatement c => Decide(incident, CheckStatement(incident, c.Action, actor, c.Statement, StatementStatus.LegallyReviewed, Actor(actor)), new StatementApproved(id, actor, now, c.Statement)),
            PublishStatement c => Decide(incident, CheckStatement(incident, c.Action, actor, c.Statement, StatementStatus.Approved, Actor(actor).Text(c.Channel, "The channel", _limits.NameLength, kind: TextKind.SingleLine)), new StatementPublished(id, actor, now, c.Statement, c.Channel)),
            _ => throw UnknownCommand(command),
        };
    }

    // Asking for support, and fulfilling a request.
    private OneOf<RecordedEvents, DomainError> DecideSupport(Incident incident, IncidentCommand command, DateTimeOffset now)
    {
        var actor = command.Actor;
        return command switch
        {
            RequestSupport c => Decide(incident, Blocked(incident, c.Action, actor, null, Actor(actor)
                    .Check(Enum.IsDefined(c.Kind), InputValidation.Invalid, $"The support kind {(int)c.Kind} is not a {nameof(SupportKind)}.")
                    .Count(incident.SupportRequests.Count + 1, "Support requests per incident", _limits.RecordsPerIncident)
                    .Text(c.Details, "The details", _limits.ShortTextLength)), new SupportRequested(incident.Id, actor, now, new SupportRequestId(incident.SupportRequests.Count + 1), c.Kind, c.Details)),
            FulfilSupport c => DecideFulfilment(incident, c, now),
            _ => throw UnknownCommand(command),
        };
    }

    // After input, state, guards and authority: the request must exist and not be fulfilled yet.
    private OneOf<RecordedEvents, DomainError> DecideFulfilment(Incident incident, FulfilSupport c, DateTimeOffset now)
    {
        var actor = c.Actor;
        var id = incident.Id;
        var blocked = Blocked(incident, c.Action, actor, null, Actor(actor).Text(c.Resolution, "The resolution", _limits.ShortTextLength));
        if (blocked is not null)
        {
            return blocked;
        }

        var request = incident.FindSupportRequest(c.Request);
        if (request is null)
        {
            return new DomainError(IncidentErrors.SupportRequestNotFound, $"Incident {id} has no support request {c.Request}.");
        }

        return request.IsFulfilled
            ? new DomainError(IncidentErrors.SupportRequestFulfilled, $"Support request {c.Request} was already fulfilled.")
            : Accept(incident, new SupportFulfilled(id, actor, now, c.Request, c.Resolution));
    }

    // Resolving the incident, its closure report (submitted, accepted), and reopening it.
    private OneOf<RecordedEvents, DomainError> DecideClosure(Incident incident, IncidentCommand command, DateTimeOffset now)
    {
        var actor = command.Actor;
        var id = incident.Id;
        return command switch
        {
            ResolveIncident c => Decide(incident, Blocked(incident, c.Action, actor, null, Actor(actor).Text(c.Summary, "The summary", _limits.ShortTextLength)), new IncidentResolved(id, actor, now, c.Summary)),
            SubmitClosureReport c => DecideReportSubmission(incident, c, now),
            AcceptClosureReport c => Decide(incident, Blocked(incident, c.Action, actor, null, Actor(actor)), new ClosureReportAccepted(id, actor, now)),
            ReopenIncident c => Decide(incident, Blocked(incident, c.Action, actor, null, Actor(actor).Text(c.Reason, "The reason", _limits.ShortTextLength)), new IncidentReopened(id, actor, now, c.Reason)),
            _ => throw UnknownCommand(command),
        };
    }

    // The report is frozen into the event only once it has passed its checks (it may be missing).
    private OneOf<RecordedEvents, DomainError> DecideReportSubmission(Incident incident, SubmitClosureReport c, DateTimeOffset now)
    {
        var actor = c.Actor;
        var blocked = Blocked(incident, c.Action, actor, null, CheckReport(Actor(actor), c.Report));
        return blocked is null ? Accept(incident, new ClosureReportSubmitted(incident.Id, actor, now, Freeze(c.Report!))) : blocked;
    }

    // The petitioner's review of the outcome: requested (within the review window), then decided.
    private OneOf<RecordedEvents, DomainError> DecidePetitionReview(Incident incident, IncidentCommand command, DateTimeOffset now)
    {
        var actor = command.Actor;
        return command switch
        {
            RequestReview c => DecideReviewRequest(incident, c, now),
            DecideReview c => Decide(incident, Blocked(incident, c.Action, actor, null, Actor(actor).Text(c.Decision, "The decision", _limits.ShortTextLength)), new ReviewDecided(incident.Id, actor, now, c.Upheld, c.Decision)),
            _ => throw UnknownCommand(command),
        };
    }

    // After input, state, guards and authority: a resolved incident's review window must still be open.
    private OneOf<RecordedEvents, DomainError> DecideReviewRequest(Incident incident, RequestReview c, DateTimeOffset now)
    {
        var actor = c.Actor;
        var blocked = Blocked(incident, c.Action, actor, null, Actor(actor).Text(c.Grounds, "The grounds", _limits.ShortTextLength).Count(incident.ReviewRequests.Count + 1, "Review requests per incident", _limits.RecordsPerIncident));
        if (blocked is null && incident.ResolvedAt is { } outcome
            && Deadlines.Petition.ReviewRequestWindow.DueFrom(outcome, Deadlines.Calendar, Deadlines.UtcOffset) is var closes && now > closes)
        {
            blocked = new DomainError(IncidentErrors.ReviewWindowClosed, $"A review can be requested within {Deadlines.Petition.ReviewRequestWindow} of the outcome ({outcome:O}); the window closed at {closes:O}.");
        }

        return Decide(incident, blocked, new ReviewRequested(incident.Id, actor, now, c.Grounds));
    }

    // Pausing and resuming the deadlines, and extending the handling time.
    private OneOf<RecordedEvents, DomainError> DecideDeadlines(Incident incident, IncidentCommand command, DateTimeOffset now)
    {
        var actor = command.Actor;
        var id = incident.Id;
        return command switch
        {
            PauseDeadlines c => Decide(incident, Blocked(incident, c.Action, actor, null, Actor(actor).Text(c.Reason, "The reason", _limits.ShortTextLength)), new DeadlinesPaused(id, actor, now, c.Reason)),
            ResumeDeadlines c => Decide(incident, Blocked(incident, c.Action, actor, null, Actor(actor)), new DeadlinesResumed(id, actor, now)),
            ExtendHandlingTime c => DecideExtension(incident, c, now),
            _ => throw UnknownCommand(command),
        };
    }

    // The extension's length is input, checked against the deadline policy's longest extension.
    private OneOf<RecordedEvents, DomainError> DecideExtension(Incident incident, ExtendHandlingTime c, DateTimeOffset now)
    {
        var actor = c.Actor;
        var max = Deadlines.Petition.MaxExtensionDays;
        var input = Actor(actor).Text(c.Reason, "The reason", _limits.ShortTextLength)
            .Check(c.Days >= 1 && c.Days <= max, InputValidation.Invalid, $"An extension must be from 1 to {max} days (was {c.Days}).");
        return Decide(incident, Blocked(incident, c.Action, actor, null, input), new HandlingTimeExtended(incident.Id, actor, now, c.Days, c.Reason));
    }

    private OneOf<RecordedEvents, DomainError> DecideDismissal(Incident incident, DismissIncident c, DateTimeOffset now)
        => Decide(incident, Blocked(incident, c.Action, c.Actor, null, Actor(c.Actor).Text(c.Reason, "The reason", _limits.ShortTextLength)), new IncidentDismissed(incident.Id, c.Actor, now, c.Reason));

    // A command the lifecycle has no rule for (a record derived from IncidentCommand outside this library).
    private static ArgumentException UnknownCommand(IncidentCommand command)
        => new($"{command.GetType().Name} is not a command this lifecycle knows.", nameof(command));

    // The nature the incident takes on: the other one (a petition goes public; a petitioner comes forward on a public-opinion
    // event), recorded with the petitioner's details when one came forward on an incident that had none.
    // The petitioner's details, at report or when a petitioner comes forward: a name, lists of phone numbers and e-mail
    // addresses (each a single line, at most MaxPetitionerContacts in all) and any other contact.
    private void CheckPetitioner(InputValidation input, PetitionerDetails petitioner)
    {
        input.Text(petitioner.Name, "The petitioner's name", _limits.NameLength, kind: TextKind.SingleLine)
            .Check(petitioner.Phones is not null && petitioner.Emails is not null, InputValidation.Required, "The petitioner's phone numbers and e-mail addresses must be lists (empty when none was given).")
            .Count((petitioner.Phones?.Count ?? 0) + (petitioner.Emails?.Count ?? 0), "The petitioner's phone numbers and e-mail addresses", MaxPetitionerContacts)
            .Text(petitioner.OtherContact, "The petitioner's contact", _limits.NameLength, required: false, kind: TextKind.SingleLine);
        foreach (var phone in petitioner.Phones ?? [])
        {
            input.Text(phone, "A phone number of the petitioner", _limits.NameLength, kind: TextKind.SingleLine);
        }

        foreach (var email in petitioner.Emails ?? [])
        {
            input.Text(email, "An e-mail address of the petitioner", _limits.NameLength, kind: TextKind.SingleLine);
        }
    }

    private OneOf<RecordedEvents, DomainError> DecideNature(Incident incident, AddIncidentNature c, DateTimeOffset now)
    {
        var actor = c.Actor;
        var input = Actor(actor)
            .Check(c.Nature is IncidentKind.Petition or IncidentKind.PublicOpinion, InputValidation.Invalid, $"The nature to add must be {nameof(IncidentKind.Petition)} or {nameof(IncidentKind.PublicOpinion)} (was {c.Nature}).")
            .Text(c.Reason, "The reason", _limits.ShortTextLength)
            .Check(c.Petitioner is null || c.Nature == IncidentKind.Petition, InputValidation.Invalid, "The petitioner's details go with a petitioner who came forward (the nature added is Petition).")
            .Check(c.Petitioner is null || c.Nature != IncidentKind.Petition || incident.Petitioner is null, InputValidation.Invalid, $"Incident {incident.Id} already has a petitioner.");
        if (c.Petitioner is { } petitioner)
        {
            // The same checks as at report: a petitioner who comes forward is stored and keyed the same way.
            CheckPetitioner(input, petitioner);
        }

        var blocked = Blocked(incident, c.Action, actor, null, input);
        if (blocked is null && incident.Kind == c.Nature)
        {
            blocked = new DomainError(IncidentErrors.NatureAlreadyPresent, $"Incident {incident.Id} is already a {c.Nature} incident; the nature it can take on is {(c.Nature == IncidentKind.Petition ? IncidentKind.PublicOpinion : IncidentKind.Petition)}.");
        }

        return Decide(incident, blocked, new IncidentNatureAdded(incident.Id, actor, now, c.Nature, c.Reason, c.Petitioner));
    }

    // Why an assessment's facts made a petition public, in the words of the facts that show it.
    private static string WentPublicReason(RiskFacts facts)
    {
        var shown = new List<string>(3);
        if (facts.MainstreamMediaCoverage)
        {
            shown.Add("mainstream media cover it");
        }

        if (facts.NationalTrending)
        {
            shown.Add("it is on a national trending list");
        }

        if (facts.Reach >= RiskFacts.PublicExposureReach)
        {
            shown.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"its reach is {facts.Reach:N0} (public from {RiskFacts.PublicExposureReach:N0})"));
        }

        return $"The assessment's facts show public exposure: {string.Join("; ", shown)}.";
    }

    private OneOf<RecordedEvents, DomainError> Assess(Incident incident, IncidentAction action, PersonId actor, SeverityLevel level, ImpactScope scope, PotentialRisk risk, string rationale, RiskFacts? facts, DateTimeOffset now)
    {
        var input = Actor(actor)
            .Check(Enum.IsDefined(level), InputValidation.Invalid, $"The level {(int)level} is not a {nameof(SeverityLevel)}.")
            .Check(Enum.IsDefined(scope), InputValidation.Invalid, $"The scope {(int)scope} is not an {nameof(ImpactScope)}.")
            .Check(Enum.IsDefined(risk), InputValidation.Invalid, $"The potential risk {(int)risk} is not a {nameof(PotentialRisk)}.")
            .Text(rationale, "The rationale", _limits.ShortTextLength);
        if (Blocked(incident, action, actor, null, input, arguments: new GuardArguments(level, null)) is { } blocked)
        {
            return blocked;
        }

        var previous = incident.Level;
        var assessed = new IncidentAssessed(incident.Id, actor, now, level, scope, risk, rationale, previous) { Facts = facts };
        // The one place escalation is decided (the router and the telemetry read the event): reaching level I or II
        // escalates to the leading group, whether the first assessment sets it or a re-assessment raises it there
        // (III/IV → I/II, and II → I: a lower number is more severe).
        var escalates = level <= SeverityLevel.II && (previous is null || level < previous);

        // A petition assessed on facts that show public exposure went public: the lifecycle records it with the
        // assessment, so that the opinion deadlines start and the opinion monitoring group is drawn in.
        var wentPublic = incident.Kind == IncidentKind.Petition && facts is { ShowsPublicExposure: true }
            ? new IncidentNatureAdded(incident.Id, actor, now, IncidentKind.PublicOpinion, WentPublicReason(facts), null)
            : null;
        var escalated = escalates ? new IncidentEscalated(incident.Id, actor, now, previous, level) : null;
        if ((escalated is not null || wentPublic is not null) && TooManyEvents(incident, 1 + (escalated is null ? 0 : 1) + (wentPublic is null ? 0 : 1)) is { } full)
        {
            return full;
        }

        incident.Apply(assessed, pending: true);
        if (escalated is not null)
        {
            incident.Apply(escalated, pending: true);
        }

        if (wentPublic is not null)
        {
            incident.Apply(wentPublic, pending: true);
        }

        return escalated is null ? new RecordedEvents(assessed, wentPublic) : new RecordedEvents(assessed, escalated, wentPublic);
    }

    private DomainError? CheckDirective(Incident incident, IncidentAction action, PersonId actor, DirectiveId id, DirectiveStatus? expected, InputValidation input)
    {
        // An unknown directive has no assignee group to check the actor against: after input, state and guards,
        // it is reported as not found.
        var directive = incident.FindDirective(id);
        if (Blocked(incident, action, actor, directive?.Assignee, input, authorize: directive is not null) is { } blocked)
        {
            return blocked;
        }

        if (directive is null)
        {
            return new DomainError(IncidentErrors.DirectiveNotFound, $"Incident {incident.Id} has no directive {id}.");
        }

        var ok = expected is { } status ? directive.Status == status : directive.IsOpen;
        return ok
            ? null
            : new DomainError(IncidentErrors.DirectiveWrongStatus, $"Directive {id} is {directive.Status}; {action} needs it {(expected is { } s ? s.ToString() : "open")}.");
    }

    private DomainError? CheckStatement(Incident incident, IncidentAction action, PersonId actor, StatementId id, StatementStatus expected, InputValidation input)
    {
        if (Blocked(incident, action, actor, null, input, arguments: new GuardArguments(null, id)) is { } blocked)
        {
            return blocked;
        }

        var statement = incident.FindStatement(id);
        if (statement is null)
        {
            return new DomainError(IncidentErrors.StatementNotFound, $"Incident {incident.Id} has no statement {id}.");
        }

        return statement.Status == expected
            ? null
            : new DomainError(IncidentErrors.StatementWrongStatus, $"Statement {id} is {statement.Status}; {action} needs it {expected}.");
    }

    private InputValidation CheckReport(InputValidation input, ClosureReport? report)
    {
        if (report is null)
        {
            return input.Check(false, InputValidation.Required, "The closure report is required.");
        }

        input.Text(report.Summary, "The report's summary", _limits.LongTextLength);
        var causes = report.Causes ?? [];
        var improvements = report.Improvements ?? [];
        var lessons = report.Lessons ?? [];
        input.Check(causes.Count > 0, IncidentErrors.ClosureReportIncomplete, "The closure report must name at least one cause.");
        input.Check(improvements.Count > 0, IncidentErrors.ClosureReportIncomplete, "The closure report must propose at least one improvement with an owner and a due date.");

        // Counted before any item is looked at: a list over the limit is refused as a whole, at the cost of one comparison.
        var max = _limits.ClosureReportItems;
        input.Count(causes.Count, "The closure report's causes", max)
            .Count(improvements.Count, "The closure report's improvements", max)
            .Count(lessons.Count, "The closure report's lessons", max);
        if (causes.Count > max || improvements.Count > max || lessons.Count > max)
        {
            return input;
        }

        for (var i = 0; i < causes.Count; i++)
        {
            input.Text(causes[i], $"Cause {i + 1}", _limits.ShortTextLength);
        }

        for (var i = 0; i < lessons.Count; i++)
        {
            input.Text(lessons[i], $"Lesson {i + 1}", _limits.ShortTextLength);
        }

        for (var i = 0; i < improvements.Count; i++)
        {
            var improvement = improvements[i];
            if (improvement is null)
            {
                input.Add(InputValidation.Required, $"Improvement {i + 1} is missing.");
                continue;
            }

            input.Text(improvement.Description, $"Improvement {i + 1}'s description", _limits.ShortTextLength)
                .Check(!improvement.Owner.IsEmpty, IncidentErrors.ClosureReportIncomplete, $"Improvement {i + 1} must name an owner.")
                .Check(improvement.Owner.IsEmpty || _organization.Knows(improvement.Owner), InputValidation.Invalid, $"Improvement {i + 1}'s owner '{improvement.Owner}' is not a person the organisation knows.")
                .Check(improvement.DueOn != default, IncidentErrors.ClosureReportIncomplete, $"Improvement {i + 1} must have a due date.");
        }

        return input;
    }

    // A recorded report must not change after the fact, whatever the caller does with the lists it passed in.
    private static ClosureReport Freeze(ClosureReport report)
        => new(report.Summary, [.. report.Causes], [.. report.Improvements], [.. report.Lessons ?? []]);

    // Refuses an action that would take the incident's history past the limit; recording it would make the incident
    // costlier to load for everyone who reads it afterwards.
    private DomainError? TooManyEvents(Incident incident, int events)
        => incident.Version + events > _limits.EventsPerIncident
            ? new DomainError(InputValidation.TooMany, $"Events per incident: at most {_limits.EventsPerIncident} allowed; incident {incident.Id} has {incident.Version}, and the action would record {events} more.")
            : null;

    private static InputValidation Actor(PersonId actor) => new InputValidation().Id(actor.IsEmpty, "The actor");

    // The event is built before the checks' verdict is known; it is applied only when nothing blocks the action.
    private static OneOf<RecordedEvents, DomainError> Decide(Incident incident, DomainError? blocked, IncidentEvent e)
        => blocked is null ? Accept(incident, e) : blocked;

    private static RecordedEvents Accept(Incident incident, IncidentEvent e)
    {
        incident.Apply(e, pending: true);
        return new RecordedEvents(e);
    }

    // Returns null when the action may go ahead; otherwise the invalid input, or every blocking reason.
    private DomainError? Blocked(Incident incident, IncidentAction action, PersonId actor, GroupId? targetGroup, InputValidation input, bool authorize = true, GuardArguments arguments = default)
    {
        // The summary is formatted only when there is something to report: this is the hot path of every action.
        if (input.HasProblems)
        {
            return input.ToError($"The input to {action} is not valid");
        }

        var bit = ActionSet.Bit(action);
        if ((Table.RawActionsFrom(incident.State) & bit) != 0 && GuardsHold(incident, action, actor, arguments) && (!authorize || _authority.Authorize(actor, action, incident, targetGroup).IsAllowed))
        {
            return null;
        }

        // The person complained about learns nothing more of the incident (not its state, nor which guards fail): only that
        // they may not act on it (Execute and MergeAsDuplicate check it even before the input). WhyNot still lists every
        // reason, for the application that asks on their behalf.
        if (IsComplainedParty(incident, actor))
        {
            return ComplainedParty(incident, action, actor);
        }

        var reasons = Reasons(incident, action, authorize ? actor : null, targetGroup, arguments);
        return reasons.Count == 1
            ? reasons[0]
            : new DomainError(IncidentErrors.ActionBlocked, $"{action} is blocked on incident {incident.Id} for {reasons.Count} reasons.", reasons);
    }

    // The checks an action makes on a second incident it records an event on (the original of a merge): the person that
    // incident complains about may not act, and the actor's authority is decided on that incident too.
    private DomainError? BlockedOnSecond(Incident second, IncidentAction action, PersonId actor)
    {
        if (IsComplainedParty(second, actor))
        {
            return ComplainedParty(second, action, actor);
        }

        var decision = _authority.Authorize(actor, action, second);
        return decision.IsAllowed ? null : decision.Denial;
    }

    private static bool IsComplainedParty(Incident incident, PersonId actor)
        => incident.ComplainedAbout?.Person is { } complained && complained == actor;

    private static DomainError ComplainedParty(Incident incident, IncidentAction action, PersonId actor)
        => new(AuthorityErrors.ComplainedParty, $"'{actor}' may not {action} on incident {incident.Id}: it is a complaint about them, handled without them.");

    private bool GuardsHold(Incident incident, IncidentAction action, PersonId? actor, GuardArguments arguments)
        => GuardEvaluator.Failing(Table.GuardMaskOf(action), incident, _organization, actor, arguments) == 0;

    private List<DomainError> Reasons(Incident incident, IncidentAction action, PersonId? actor, GroupId? targetGroup, GuardArguments arguments = default)
    {
        var reasons = new List<DomainError>();
        if (Table.TargetOf(action, incident.State) is null)
        {
            var from = Table.Transitions.Where(t => t.Action == action).Select(t => t.From.ToString()).Distinct().ToArray();
            reasons.Add(new DomainError(
                IncidentErrors.TransitionNotAllowed,
                $"{action} is not allowed while incident {incident.Id} is {incident.State}; it is allowed only when {(from.Length == 0 ? "never" : string.Join(" or ", from))}."));
        }

        foreach (var guard in Table.GuardIdsOf(action))
        {
            if (!GuardEvaluator.Holds(guard, incident, _organization, actor, arguments))
            {
                var definition = LifecycleTable.Guards[(int)guard];
                reasons.Add(new DomainError(definition.Code, $"{action} requires that {definition.Description}."));
            }
        }

        if (actor is { } who)
        {
            var decision = _authority.Authorize(who, action, incident, targetGroup);
            if (!decision.IsAllowed)
            {
                reasons.Add(decision.Denial!);
            }
        }

        return reasons;
    }

    // Bit arithmetic only: the guards that matter in this state are evaluated once each, and every failing guard
    // removes the actions it guards.
    private uint PermittedBits(Incident incident, PersonId? actor)
    {
        var state = incident.State;
        var bits = Table.RawActionsFrom(state);
        var failing = GuardEvaluator.Failing(Table.GuardMaskFrom(state), incident, _organization, actor);
        var guarded = Table.GuardedActions;
        while (failing != 0)
        {
            bits &= ~guarded[BitOperations.TrailingZeroCount(failing)];
            failing &= failing - 1;
        }

        return bits;
    }
}
