using System.Collections.Frozen;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using Stateless;

namespace PetitionOpinion.Benchmarks;

/// <summary>What the Stateless model records for each fired transition: the equivalent of an <c>IncidentEvent</c>.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Action">What was done.</param>
/// <param name="Payload">The text the command carried (summary, reason, ...).</param>
internal sealed record StatelessIncidentEvent(IncidentId IncidentId, PersonId Actor, DateTimeOffset OccurredAt, IncidentAction Action, string? Payload);

/// <summary>
/// The baseline: the lifecycle of <c>LifecycleTable.Default</c> (every state, every action, every guard) written the way a
/// Stateless user would write it — one <see cref="StateMachine{TState, TTrigger}"/> per incident over externally stored
/// state, a guard per transition, and an entry or internal-transition action that records an event into a list.
/// </summary>
/// <remarks>
/// <para>
/// Every trigger carries (actor, payload) as trigger parameters, which is how the recorded event learns who acted and why.
/// The authority check is the same as <see cref="MatrixAuthorityPolicy"/>'s hot path: one frozen-dictionary look-up of the
/// actor's permission bits and a bit test. Stateless's guards are parameterless here so that
/// <see cref="StateMachine{TState, TTrigger}.PermittedTriggers"/> can be asked without an actor (parameterised guards
/// throw when no arguments are given); the actor being checked is held in a field for the duration of a call instead.
/// </para>
/// <para>
/// Simplifications, none on the measured paths (Resolve, Reopen, the permitted-actions query in Responding): the
/// directive assignee rule (acknowledge and complete are granted to the assignee group) is not modelled — the permission
/// bits are the matrix's person-level grants; the level is fixed when the model is created; the recorded event is a
/// single record type with a text payload, and nothing validates that text (IncidentLifecycle checks every input), which
/// only flatters the baseline.
/// </para>
/// </remarks>
internal sealed class StatelessIncident
{
    private readonly StateMachine<IncidentState, IncidentAction> _machine;
    private readonly StateMachine<IncidentState, IncidentAction>.TriggerWithParameters<PersonId, string?>[] _triggers;
    private readonly FrozenDictionary<PersonId, uint> _permissions;
    private readonly FrozenSet<PersonId> _leadingGroup;
    private readonly TimeProvider _time;
    private readonly List<StatelessIncidentEvent> _events = [];
    private IncidentState _state;
    private PersonId? _actor;
    private int _issuedDirectives;
    private int _acknowledgedDirectives;
    private int _draftStatements;
    private int _reviewedStatements;
    private int _approvedStatements;
    private int _openSupportRequests;
    private bool _hasSubmittedReport;
    private bool _paused;
    private bool _natureAdded;
    private bool _extended;
    private int _pendingReviews;

    /// <summary>Initializes a new instance of the <see cref="StatelessIncident"/> class.</summary>
    /// <param name="id">The incident's id.</param>
    /// <param name="kind">What the incident is (a review can be requested only on a petition).</param>
    /// <param name="level">Its severity level (statements on levels I and II are approved by the leading group).</param>
    /// <param name="state">The state it starts in.</param>
    /// <param name="permissions">Each person's permitted actions, one bit per <see cref="IncidentAction"/>.</param>
    /// <param name="leadingGroup">The members of the leading group.</param>
    /// <param name="time">The clock.</param>
    public StatelessIncident(IncidentId id, IncidentKind kind, SeverityLevel level, IncidentState state, FrozenDictionary<PersonId, uint> permissions, FrozenSet<PersonId> leadingGroup, TimeProvider time)
    {
        Id = id;
        Kind = kind;
        Level = level;
        _state = state;
        _permissions = permissions;
        _leadingGroup = leadingGroup;
        _time = time;
        _machine = new StateMachine<IncidentState, IncidentAction>(() => _state, s => _state = s);
        _triggers = new StateMachine<IncidentState, IncidentAction>.TriggerWithParameters<PersonId, string?>[Enum.GetValues<IncidentAction>().Length];
        foreach (var action in Enum.GetValues<IncidentAction>())
        {
            _triggers[(int)action] = _machine.SetTriggerParameters<PersonId, string?>(action);
        }

        Configure();
    }

    public IncidentId Id { get; }

    public IncidentKind Kind { get; }

    public SeverityLevel Level { get; }

    public IncidentState State => _state;

    public IReadOnlyList<StatelessIncidentEvent> Events => _events;

    public int OpenDirectives => _issuedDirectives + _acknowledgedDirectives;

    /// <summary>Builds the permission table the Stateless model's authority guard looks up: the matrix's person-level grants.</summary>
    /// <param name="organization">The organisation.</param>
    /// <param name="authority">The policy.</param>
    /// <returns>Each person's permission bits.</returns>
    public static FrozenDictionary<PersonId, uint> PermissionsOf(ResponseOrganization organization, IAuthorityPolicy authority)
        => organization.People.ToFrozenDictionary(
            p => p.Id,
            p => Enum.GetValues<IncidentAction>().Where(a => authority.Authorize(p.Id, a, null).IsAllowed).Aggregate(0u, (bits, a) => bits | Bit(a)));

    /// <summary>Fires the trigger of <paramref name="action"/> for <paramref name="actor"/>; Stateless throws when it is not permitted.</summary>
    /// <param name="action">The action.</param>
    /// <param name="actor">Who acts.</param>
    /// <param name="payload">The text the action carries.</param>
    public void Fire(IncidentAction action, PersonId actor, string? payload)
    {
        _actor = actor;
        try
        {
            _machine.Fire(_triggers[(int)action], actor, payload);
        }
        finally
        {
            _actor = null;
        }
    }

    /// <summary>Gets the triggers the state and guards permit now, whoever acts (Stateless's <c>PermittedTriggers</c>).</summary>
    /// <returns>The triggers.</returns>
    // Stateless 5.20 marks the synchronous query obsolete in favour of PermittedTriggersAsync; the synchronous one is
    // the fair comparison (the async one only adds a task), so use it.
#pragma warning disable CS0618
    public IEnumerable<IncidentAction> PermittedTriggers() => _machine.PermittedTriggers;
#pragma warning restore CS0618

    /// <summary>
    /// Gets the triggers the state and guards permit now, whoever acts, by asking <c>CanFire</c> of every trigger: the
    /// synchronous way to the same answer (Stateless 5.20's <c>PermittedTriggers</c> runs its asynchronous twin on the thread pool).
    /// </summary>
    /// <returns>The triggers, one bit per <see cref="IncidentAction"/>.</returns>
    public uint PermittedTriggersByCanFire()
    {
        uint bits = 0;
        foreach (var trigger in _triggers)
        {
            if (_machine.CanFire(trigger.Trigger))
            {
                bits |= Bit(trigger.Trigger);
            }
        }

        return bits;
    }

    /// <summary>Gets the triggers <paramref name="actor"/> may fire now.</summary>
    /// <param name="actor">Who would act.</param>
    /// <returns>The triggers, materialised while the actor is set.</returns>
    public IncidentAction[] PermittedTriggers(PersonId actor)
    {
        _actor = actor;
        try
        {
            return [.. PermittedTriggers()];
        }
        finally
        {
            _actor = null;
        }
    }

    /// <summary>Forgets the recorded events (the benchmark's stand-in for storage appending them).</summary>
    public void ClearEvents() => _events.Clear();

    private static uint Bit(IncidentAction action) => 1u << (int)action;

    private void Configure()
    {
        var reported = _machine.Configure(IncidentState.Reported);
        Go(reported, IncidentAction.Assess, IncidentState.Assessed);
        Deadlines(reported, extendable: false);
        Stay(reported, IncidentAction.AddNature, HasOneNature);
        Go(reported, IncidentAction.Dismiss, IncidentState.Dismissed);
        Go(reported, IncidentAction.MergeAsDuplicate, IncidentState.Dismissed);

        var assessed = _machine.Configure(IncidentState.Assessed);
        RecordOnEntry(assessed, IncidentAction.Assess);
        Stay(assessed, IncidentAction.Reassess);
        Go(assessed, IncidentAction.IssueDirective, IncidentState.Directed);
        Go(assessed, IncidentAction.Dismiss, IncidentState.Dismissed);
        Go(assessed, IncidentAction.MergeAsDuplicate, IncidentState.Dismissed);
        Deadlines(assessed, extendable: true);
        Stay(assessed, IncidentAction.AddNature, HasOneNature);

        var directed = _machine.Configure(IncidentState.Directed);
        RecordOnEntry(directed, IncidentAction.IssueDirective);
        Stay(directed, IncidentAction.Reassess);
        Stay(directed, IncidentAction.IssueDirective);
        Stay(directed, IncidentAction.AcknowledgeDirective, () => _issuedDirectives > 0);
        Stay(directed, IncidentAction.CompleteDirective, () => _acknowledgedDirectives > 0);
        Stay(directed, IncidentAction.CancelDirective, () => OpenDirectives > 0);
        Go(directed, IncidentAction.StartResponse, IncidentState.Responding);
        Go(directed, IncidentAction.Dismiss, IncidentState.Dismissed);
        Go(directed, IncidentAction.MergeAsDuplicate, IncidentState.Dismissed);
        Deadlines(directed, extendable: true);
        Stay(directed, IncidentAction.AddNature, HasOneNature);

        var responding = _machine.Configure(IncidentState.Responding);
        RecordOnEntry(responding, IncidentAction.StartResponse);
        RecordOnEntry(responding, IncidentAction.Reopen);
        Stay(responding, IncidentAction.Reassess);
        Stay(responding, IncidentAction.IssueDirective);
        Stay(responding, IncidentAction.AcknowledgeDirective, () => _issuedDirectives > 0);
        Stay(responding, IncidentAction.CompleteDirective, () => _acknowledgedDirectives > 0);
        Stay(responding, IncidentAction.CancelDirective, () => OpenDirectives > 0);
        Stay(responding, IncidentAction.RecordCommunication);
        Stay(responding, IncidentAction.DraftStatement);
        Stay(responding, IncidentAction.ReviewStatement, () => _draftStatements > 0);
        Stay(responding, IncidentAction.ApproveStatement, () => _reviewedStatements > 0 && LeadingGroupApproves());
        Stay(responding, IncidentAction.PublishStatement, () => _approvedStatements > 0);
        Stay(responding, IncidentAction.RequestSupport);
        Stay(responding, IncidentAction.FulfilSupport, () => _openSupportRequests > 0);
        Go(responding, IncidentAction.Resolve, IncidentState.Resolved, () => OpenDirectives == 0);
        Deadlines(responding, extendable: true);
        Stay(responding, IncidentAction.AddNature, HasOneNature);

        var resolved = _machine.Configure(IncidentState.Resolved);
        RecordOnEntry(resolved, IncidentAction.Resolve);
        Stay(resolved, IncidentAction.SubmitClosureReport);
        Go(resolved, IncidentAction.AcceptClosureReport, IncidentState.Closed, () => _hasSubmittedReport);
        Go(resolved, IncidentAction.Reopen, IncidentState.Responding);
        Stay(resolved, IncidentAction.RequestReview, IsPetition);
        Stay(resolved, IncidentAction.DecideReview, () => _pendingReviews > 0);

        var closed = _machine.Configure(IncidentState.Closed);
        RecordOnEntry(closed, IncidentAction.AcceptClosureReport);
        Go(closed, IncidentAction.Reopen, IncidentState.Responding);
        Stay(closed, IncidentAction.RequestReview, IsPetition);
        Stay(closed, IncidentAction.DecideReview, () => _pendingReviews > 0);

        var dismissed = _machine.Configure(IncidentState.Dismissed);
        RecordOnEntry(dismissed, IncidentAction.Dismiss);
        RecordOnEntry(dismissed, IncidentAction.MergeAsDuplicate);
    }

    // Pausing and resuming the deadlines while open; extending a petition's handling time once (issue 5's actions).
    private void Deadlines(StateMachine<IncidentState, IncidentAction>.StateConfiguration state, bool extendable)
    {
        Stay(state, IncidentAction.PauseDeadlines, () => !_paused);
        Stay(state, IncidentAction.ResumeDeadlines, () => _paused);
        if (extendable)
        {
            Stay(state, IncidentAction.ExtendHandlingTime, () => IsPetition() && !_extended);
        }
    }

    // The action moves the incident to another state; that state's entry action (RecordOnEntry) records the event.
    private void Go(StateMachine<IncidentState, IncidentAction>.StateConfiguration from, IncidentAction action, IncidentState to, Func<bool>? guard = null)
        => from.PermitIf(action, to, GuardOf(action, guard), action.ToString());

    // The action keeps the state: an internal transition, whose action records the event.
    private void Stay(StateMachine<IncidentState, IncidentAction>.StateConfiguration from, IncidentAction action, Func<bool>? guard = null)
    {
        var check = GuardOf(action, guard);
        from.InternalTransitionIf(_triggers[(int)action], _ => check(), (actor, payload, _) => Record(action, actor, payload), action.ToString());
    }

    private void RecordOnEntry(StateMachine<IncidentState, IncidentAction>.StateConfiguration state, IncidentAction action)
        => state.OnEntryFrom(_triggers[(int)action], (actor, payload) => Record(action, actor, payload), action.ToString());

    private bool IsPetition() => Kind is IncidentKind.Petition or IncidentKind.PetitionAndPublicOpinion || _natureAdded;

    // The incident takes on its second nature once (a petition that went public, a petitioner who came forward).
    private bool HasOneNature() => Kind != IncidentKind.PetitionAndPublicOpinion && !_natureAdded;

    private bool LeadingGroupApproves()
        => _actor is not { } actor || Level is not (SeverityLevel.I or SeverityLevel.II) || _leadingGroup.Contains(actor);

    // The authority check: skipped when nobody in particular acts (the "whoever acts" query), as in IncidentLifecycle.
    private bool Authorized(IncidentAction action)
        => _actor is not { } actor || (_permissions.TryGetValue(actor, out var bits) && (bits & Bit(action)) != 0);

    private void Record(IncidentAction action, PersonId actor, string? payload)
    {
        _events.Add(new StatelessIncidentEvent(Id, actor, _time.GetUtcNow(), action, payload));
        switch (action)
        {
            case IncidentAction.IssueDirective:
                _issuedDirectives++;
                break;
            case IncidentAction.AcknowledgeDirective:
                _issuedDirectives--;
                _acknowledgedDirectives++;
                break;
            case IncidentAction.CompleteDirective:
                _acknowledgedDirectives--;
                break;
            case IncidentAction.CancelDirective when _issuedDirectives > 0:
                _issuedDirectives--;
                break;
            case IncidentAction.CancelDirective:
                _acknowledgedDirectives--;
                break;
            case IncidentAction.DraftStatement:
                _draftStatements++;
                break;
            case IncidentAction.ReviewStatement:
                _draftStatements--;
                _reviewedStatements++;
                break;
            case IncidentAction.ApproveStatement:
                _reviewedStatements--;
                _approvedStatements++;
                break;
            case IncidentAction.PublishStatement:
                _approvedStatements--;
                break;
            case IncidentAction.RequestSupport:
                _openSupportRequests++;
                break;
            case IncidentAction.FulfilSupport:
                _openSupportRequests--;
                break;
            case IncidentAction.SubmitClosureReport:
                _hasSubmittedReport = true;
                break;
            case IncidentAction.PauseDeadlines:
                _paused = true;
                break;
            case IncidentAction.ResumeDeadlines:
            case IncidentAction.Resolve:
            case IncidentAction.Dismiss:
            case IncidentAction.MergeAsDuplicate:
                _paused = false;
                break;
            case IncidentAction.ExtendHandlingTime:
                _extended = true;
                break;
            case IncidentAction.AddNature:
                _natureAdded = true;
                break;
            case IncidentAction.RequestReview:
                _pendingReviews++;
                break;
            case IncidentAction.DecideReview:
                _pendingReviews--;
                break;
            case IncidentAction.AcceptClosureReport:
            case IncidentAction.Reopen:
                _hasSubmittedReport = false;
                break;
            default:
                break;
        }
    }

    // One guard per transition: the table's state guard (if any) and the authority check, as IncidentLifecycle checks them.
    private Func<bool> GuardOf(IncidentAction action, Func<bool>? guard)
        => guard is null ? () => Authorized(action) : () => guard() && Authorized(action);
}
