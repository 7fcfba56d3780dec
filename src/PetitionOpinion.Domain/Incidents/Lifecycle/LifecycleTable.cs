using System.Text;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Incidents;

/// <summary>A named condition on an incident that must hold for an action (besides its state and the actor's authority).</summary>
/// <param name="Code">The machine-readable code of the refusal when the guard fails, e.g. <c>incident.open_directives</c>.</param>
/// <param name="Description">What must hold, in words.</param>
/// <param name="DependsOnActor">Whether the guard looks at who acts (such a guard is checked only when the actor is known).</param>
public sealed record LifecycleGuard(string Code, string Description, bool DependsOnActor);

/// <summary>One row of the lifecycle: an action allowed in a state, the state it leads to, and the guards that must hold.</summary>
/// <param name="Action">The action.</param>
/// <param name="From">The state it is allowed in.</param>
/// <param name="To">The state it leads to (equal to <paramref name="From"/> when the state does not change).</param>
/// <param name="Guards">The guards that must hold.</param>
public sealed record LifecycleTransition(IncidentAction Action, IncidentState From, IncidentState To, IReadOnlyList<LifecycleGuard> Guards);

/// <summary>
/// The incident lifecycle declared as one table. Everything else is derived from it: the actions
/// permitted now, why an action is refused, and the Mermaid diagram in <c>docs/lifecycle.md</c>.
/// </summary>
public sealed class LifecycleTable
{
    private readonly uint[] _actionsByState;
    private readonly IncidentState?[,] _targets;
    private readonly GuardId[][] _guardsByAction;
    private readonly uint[] _guardMaskByAction;
    private readonly uint[] _guardMaskByState;

    private LifecycleTable(IReadOnlyList<Rule> rules)
    {
        rules = [.. rules.Select(r => r with { Guards = [.. r.Guards, .. EveryAction] })];
        var states = Enum.GetValues<IncidentState>();
        var actions = Enum.GetValues<IncidentAction>();
        _actionsByState = new uint[states.Max(s => (int)s) + 1];
        _targets = new IncidentState?[_actionsByState.Length, actions.Max(a => (int)a) + 1];
        _guardsByAction = new GuardId[_targets.GetLength(1)][];
        var transitions = new List<LifecycleTransition>();
        foreach (var action in actions)
        {
            _guardsByAction[(int)action] = [.. rules.Where(r => r.Action == action).SelectMany(r => r.Guards).Distinct()];
        }

        foreach (var rule in rules)
        {
            foreach (var from in rule.From)
            {
                var to = rule.To ?? from;
                _actionsByState[(int)from] |= ActionSet.Bit(rule.Action);
                _targets[(int)from, (int)rule.Action] = to;
                transitions.Add(new LifecycleTransition(rule.Action, from, to, [.. rule.Guards.Select(g => Guards[(int)g])]));
            }
        }

        Transitions = transitions;
        _guardMaskByAction = [.. _guardsByAction.Select(guards => guards.Aggregate(0u, (mask, g) => mask | GuardEvaluator.Bit(g)))];
        _guardMaskByState = new uint[_actionsByState.Length];
        foreach (var rule in rules)
        {
            foreach (var from in rule.From)
            {
                _guardMaskByState[(int)from] |= _guardMaskByAction[(int)rule.Action];
            }
        }

        foreach (var guard in Enum.GetValues<GuardId>())
        {
            foreach (var action in actions)
            {
                if (_guardsByAction[(int)action].Contains(guard))
                {
                    GuardedActions[(int)guard] |= ActionSet.Bit(action);
                }
            }
        }
    }

    // Declared before Default: static initialisers run in textual order and Default reads these.
    internal static LifecycleGuard[] Guards { get; } =
    [
        new(IncidentErrors.NoIssuedDirective, "a directive is waiting for acknowledgement", false),
        new(IncidentErrors.NoAcknowledgedDirective, "a directive is acknowledged and not yet completed", false),
        new(IncidentErrors.NoOpenDirective, "a directive is open (issued or acknowledged)", false),
        new(IncidentErrors.OpenDirectives, "every directive is completed or cancelled", false),
        new(IncidentErrors.NoDraftStatement, "a statement is drafted and awaiting legal review", false),
        new(IncidentErrors.NoReviewedStatement, "a statement is legally reviewed and awaiting approval", false),
        new(IncidentErrors.NoApprovedStatement, "a statement is approved and awaiting publication", false),
        new(IncidentErrors.NoOpenSupportRequest, "a support request is awaiting fulfilment", false),
        new(IncidentErrors.NoSubmittedReport, "a closure report has been submitted", false),
        new(IncidentErrors.NotAPetition, "the incident is a petition (or a petition that went public)", false),
        new(IncidentErrors.LeadingGroupApprovalRequired, "the leading group approves statements on level I and II incidents", true),
        new(IncidentErrors.DeadlinesPaused, "the deadlines are not paused", false),
        new(IncidentErrors.DeadlinesNotPaused, "the deadlines are paused", false),
        new(IncidentErrors.HandlingAlreadyExtended, "the handling time has not been extended yet", false),
        new(IncidentErrors.NoPendingReview, "a review request is waiting for a decision", false),
        new(IncidentErrors.LeadingGroupLowersLevel, "the leading group lowers the level of a level I or II incident", true),
        new(AuthorityErrors.ComplainedParty, "the actor is not the person the incident complains about", true),
        new(IncidentErrors.AlreadyBothNatures, "the incident is not yet both a petition and a public-opinion event", false),
    ];

    // Every row gets these guards: no action on an incident is performed by the person it complains about.
    private static readonly GuardId[] EveryAction = [GuardId.NotByComplainedParty];

    /// <summary>Gets the library's lifecycle, the one <c>docs/lifecycle.md</c> draws.</summary>
    public static LifecycleTable Default { get; } = new(
    [
        new(IncidentAction.Assess, [IncidentState.Reported], IncidentState.Assessed),
        new(IncidentAction.Reassess, [IncidentState.Assessed, IncidentState.Directed, IncidentState.Responding], null, GuardId.LeadingGroupLowersLevelIOrII),
        new(IncidentAction.IssueDirective, [IncidentState.Assessed], IncidentState.Directed),
        new(IncidentAction.IssueDirective, [IncidentState.Directed, IncidentState.Responding], null),
        new(IncidentAction.AcknowledgeDirective, [IncidentState.Directed, IncidentState.Responding], null, GuardId.HasIssuedDirective),
        new(IncidentAction.CompleteDirective, [IncidentState.Directed, IncidentState.Responding], null, GuardId.HasAcknowledgedDirective),
        new(IncidentAction.CancelDirective, [IncidentState.Directed, IncidentState.Responding], null, GuardId.HasOpenDirective),
        new(IncidentAction.StartResponse, [IncidentState.Directed], IncidentState.Responding),
        new(IncidentAction.RecordCommunication, [IncidentState.Responding], null),
        new(IncidentAction.DraftStatement, [IncidentState.Responding], null),
        new(IncidentAction.ReviewStatement, [IncidentState.Responding], null, GuardId.HasDraftStatement),
        new(IncidentAction.ApproveStatement, [IncidentState.Responding], null, GuardId.HasReviewedStatement, GuardId.LeadingGroupApprovesLevelIOrII),
        new(IncidentAction.PublishStatement, [IncidentState.Responding], null, GuardId.HasApprovedStatement),
        new(IncidentAction.RequestSupport, [IncidentState.Responding], null),
        new(IncidentAction.FulfilSupport, [IncidentState.Responding], null, GuardId.HasOpenSupportRequest),
        new(IncidentAction.Resolve, [IncidentState.Responding], IncidentState.Resolved, GuardId.NoOpenDirective),
        new(IncidentAction.SubmitClosureReport, [IncidentState.Resolved], null),
        new(IncidentAction.AcceptClosureReport, [IncidentState.Resolved], IncidentState.Closed, GuardId.HasSubmittedReport),
        new(IncidentAction.Reopen, [IncidentState.Resolved, IncidentState.Closed], IncidentState.Responding),
        new(IncidentAction.RequestReview, [IncidentState.Resolved, IncidentState.Closed], null, GuardId.IsPetition),
        new(IncidentAction.Dismiss, [IncidentState.Reported, IncidentState.Assessed, IncidentState.Directed], IncidentState.Dismissed),
        new(IncidentAction.MergeAsDuplicate, [IncidentState.Reported, IncidentState.Assessed, IncidentState.Directed], IncidentState.Dismissed),
        new(IncidentAction.PauseDeadlines, [IncidentState.Reported, IncidentState.Assessed, IncidentState.Directed, IncidentState.Responding], null, GuardId.NotPaused),
        new(IncidentAction.ResumeDeadlines, [IncidentState.Reported, IncidentState.Assessed, IncidentState.Directed, IncidentState.Responding], null, GuardId.Paused),
        new(IncidentAction.ExtendHandlingTime, [IncidentState.Assessed, IncidentState.Directed, IncidentState.Responding], null, GuardId.IsPetition, GuardId.NotExtended),
        new(IncidentAction.DecideReview, [IncidentState.Resolved, IncidentState.Closed], null, GuardId.HasPendingReview),
        new(IncidentAction.AddNature, [IncidentState.Reported, IncidentState.Assessed, IncidentState.Directed, IncidentState.Responding], null, GuardId.HasOneNature),
    ]);

    /// <summary>Gets every transition, one row per action and state it is allowed in.</summary>
    public IReadOnlyList<LifecycleTransition> Transitions { get; }

    internal uint[] GuardedActions { get; } = new uint[Enum.GetValues<GuardId>().Length];

    /// <summary>Gets the actions the table allows in <paramref name="state"/>, before guards and authority.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The actions.</returns>
    public ActionSet ActionsFrom(IncidentState state)
        => (int)state > 0 && (int)state < _actionsByState.Length ? ActionSet.FromBits(_actionsByState[(int)state]) : ActionSet.Empty;

    /// <summary>Gets the state <paramref name="action"/> leads to from <paramref name="from"/>.</summary>
    /// <param name="action">The action.</param>
    /// <param name="from">The current state.</param>
    /// <returns>The next state, or <see langword="null"/> when the action is not allowed in <paramref name="from"/>.</returns>
    public IncidentState? TargetOf(IncidentAction action, IncidentState from)
        => (int)from > 0 && (int)from < _actionsByState.Length && (int)action >= 0 && (int)action < _targets.GetLength(1) ? _targets[(int)from, (int)action] : null;

    /// <summary>Gets the guards of <paramref name="action"/>.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The guards.</returns>
    public IReadOnlyList<LifecycleGuard> GuardsOf(IncidentAction action)
        => (int)action >= 0 && (int)action < _guardsByAction.Length ? [.. _guardsByAction[(int)action].Select(g => Guards[(int)g])] : [];

    /// <summary>
    /// Renders the lifecycle as a Mermaid state diagram: one edge per state change (actions that keep the state are
    /// listed in a note on the state), guards in brackets.
    /// </summary>
    /// <returns>The diagram's source, lines separated by '\n'.</returns>
    public string ToMermaid()
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        text.Append("    [*] --> Reported : Report\n");
        foreach (var group in Transitions.Where(t => t.From != t.To).GroupBy(t => (t.From, t.To)))
        {
            // The guards every action has are left out: they would repeat on every edge and say nothing about the states.
            var labels = group.Select(t => t.Guards.Where(g => !IsOnEveryAction(g)).ToArray() is var guards && guards.Length == 0
                ? t.Action.ToString()
                : $"{t.Action} [{string.Join(", ", guards.Select(g => g.Description))}]");
            text.Append("    ").Append(group.Key.From).Append(" --> ").Append(group.Key.To).Append(" : ").Append(string.Join(" / ", labels)).Append('\n');
        }

        foreach (var group in Transitions.Where(t => t.From == t.To).GroupBy(t => t.From))
        {
            text.Append("    note right of ").Append(group.Key).Append(" : ").Append(string.Join(", ", group.Select(t => t.Action))).Append('\n');
        }

        text.Append("    Closed --> [*]\n");
        text.Append("    Dismissed --> [*]\n");
        return text.ToString();
    }

    internal ReadOnlySpan<GuardId> GuardIdsOf(IncidentAction action) => _guardsByAction[(int)action];

    private static bool IsOnEveryAction(LifecycleGuard guard) => Array.Exists(EveryAction, g => ReferenceEquals(Guards[(int)g], guard));

    internal uint RawActionsFrom(IncidentState state) => _actionsByState[(int)state];

    // The guards of an action, one bit per GuardId.
    internal uint GuardMaskOf(IncidentAction action) => _guardMaskByAction[(int)action];

    // The guards of every action the table allows in a state, one bit per GuardId.
    internal uint GuardMaskFrom(IncidentState state) => _guardMaskByState[(int)state];

    private sealed record Rule(IncidentAction Action, IncidentState[] From, IncidentState? To, params GuardId[] Guards);
}

/// <summary>The guards of the lifecycle; the order matches <see cref="LifecycleTable.Guards"/>.</summary>
internal enum GuardId
{
    HasIssuedDirective,
    HasAcknowledgedDirective,
    HasOpenDirective,
    NoOpenDirective,
    HasDraftStatement,
    HasReviewedStatement,
    HasApprovedStatement,
    HasOpenSupportRequest,
    HasSubmittedReport,
    IsPetition,
    LeadingGroupApprovesLevelIOrII,
    NotPaused,
    Paused,
    NotExtended,
    HasPendingReview,
    LeadingGroupLowersLevelIOrII,
    NotByComplainedParty,
    HasOneNature,
}

/// <summary>The arguments of a command that some guards look at: the level a re-assessment proposes, the statement an approval names.</summary>
/// <param name="NewLevel">The level a re-assessment proposes.</param>
/// <param name="Statement">The statement the action names.</param>
internal readonly record struct GuardArguments(SeverityLevel? NewLevel, StatementId? Statement);

/// <summary>Evaluates guards. <see cref="Failing"/> is the one definition of what each guard means.</summary>
internal static class GuardEvaluator
{
    public static uint Bit(GuardId guard) => 1u << (int)guard;

    public static bool Holds(GuardId guard, Incident incident, ResponseOrganization organization, PersonId? actor, GuardArguments arguments = default)
        => (uint)guard < (uint)LifecycleTable.Guards.Length
            ? Failing(Bit(guard), incident, organization, actor, arguments) == 0
            : throw new ArgumentOutOfRangeException(nameof(guard));

    /// <summary>Evaluates the guards in <paramref name="guards"/> (one bit per <see cref="GuardId"/>) and returns those that fail.</summary>
    /// <remarks>Field reads and bit operations, no allocation: it is on the path of every action and of the permitted-actions query.</remarks>
    /// <remarks>
    /// Guards that look at a command's arguments (<see cref="GuardArguments"/>) hold when the argument is not given: without
    /// it they answer "is there an argument for which the action may go ahead?", which is what the permitted actions list.
    /// </remarks>
    public static uint Failing(uint guards, Incident incident, ResponseOrganization organization, PersonId? actor, GuardArguments arguments = default)
    {
        uint failing = 0;
        if (incident.IssuedDirectiveCount == 0)
        {
            failing |= Bit(GuardId.HasIssuedDirective);
        }

        if (incident.AcknowledgedDirectiveCount == 0)
        {
            failing |= Bit(GuardId.HasAcknowledgedDirective);
        }

        failing |= incident.HasOpenDirectives ? Bit(GuardId.NoOpenDirective) : Bit(GuardId.HasOpenDirective);
        if (incident.DraftStatementCount == 0)
        {
            failing |= Bit(GuardId.HasDraftStatement);
        }

        if (incident.ReviewedStatementCount == 0)
        {
            failing |= Bit(GuardId.HasReviewedStatement);
        }

        if (incident.ApprovedStatementCount == 0)
        {
            failing |= Bit(GuardId.HasApprovedStatement);
        }

        if (incident.OpenSupportRequestCount == 0)
        {
            failing |= Bit(GuardId.HasOpenSupportRequest);
        }

        if (incident.SubmittedReport is null)
        {
            failing |= Bit(GuardId.HasSubmittedReport);
        }

        if (incident.Kind is not (IncidentKind.Petition or IncidentKind.PetitionAndPublicOpinion))
        {
            failing |= Bit(GuardId.IsPetition);
        }

        failing |= incident.DeadlinesPaused ? Bit(GuardId.NotPaused) : Bit(GuardId.Paused);
        if (incident.HandlingExtension is not null)
        {
            failing |= Bit(GuardId.NotExtended);
        }

        if (incident.PendingReviewIndex < 0)
        {
            failing |= Bit(GuardId.HasPendingReview);
        }

        if (incident.Kind == IncidentKind.PetitionAndPublicOpinion)
        {
            failing |= Bit(GuardId.HasOneNature);
        }

        // The guards that depend on the actor cost a look-up, so they are evaluated only when asked for.
        if (actor is { } a)
        {
            if ((guards & Bit(GuardId.NotByComplainedParty)) != 0 && incident.ComplainedAbout?.Person is { } complained && complained == a)
            {
                failing |= Bit(GuardId.NotByComplainedParty);
            }

            if ((guards & Bit(GuardId.LeadingGroupApprovesLevelIOrII)) != 0
                && NeedsLeadingGroupApproval(incident, arguments.Statement)
                && !organization.IsMemberOf(a, WellKnownGroups.LeadingGroup))
            {
                failing |= Bit(GuardId.LeadingGroupApprovesLevelIOrII);
            }

            // Lowering: from I or II to a less severe level (a higher number).
            if ((guards & Bit(GuardId.LeadingGroupLowersLevelIOrII)) != 0
                && incident.Level is { } from && IsMajor(from)
                && arguments.NewLevel is { } to && to > from
                && !organization.IsMemberOf(a, WellKnownGroups.LeadingGroup))
            {
                failing |= Bit(GuardId.LeadingGroupLowersLevelIOrII);
            }
        }

        return failing & guards;
    }

    private static bool IsMajor(SeverityLevel? level) => level is SeverityLevel.I or SeverityLevel.II;

    // A statement needs the leading group when the incident was level I or II at any time since it was drafted. Without a
    // named statement: when every statement awaiting approval does (or, with none awaiting, when the incident is I or II now).
    private static bool NeedsLeadingGroupApproval(Incident incident, StatementId? named)
    {
        if (named is { } id && incident.FindStatement(id) is { Status: StatementStatus.LegallyReviewed } statement)
        {
            return IsMajor(statement.MostSevereLevel ?? incident.Level);
        }

        if (incident.ReviewedStatementCount == 0)
        {
            return IsMajor(incident.Level);
        }

        foreach (var s in incident.Statements)
        {
            if (s.Status == StatementStatus.LegallyReviewed && !IsMajor(s.MostSevereLevel ?? incident.Level))
            {
                return false;
            }
        }

        return true;
    }
}
