using Ardalis.GuardClauses;
using System.Collections.Frozen;
using System.Collections.Immutable;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Organization;

/// <summary>
/// Which actors may perform which <see cref="IncidentAction"/>: for each action, the grants any one of which
/// suffices. Immutable; <see cref="Default"/> is the matrix tabled in <c>docs/organization.md</c>.
/// </summary>
public sealed class AuthorityMatrix
{
    private readonly FrozenDictionary<IncidentAction, ImmutableArray<AuthorityGrant>> _grants;

    private AuthorityMatrix(FrozenDictionary<IncidentAction, ImmutableArray<AuthorityGrant>> grants) => _grants = grants;

    /// <summary>
    /// Gets the default matrix (tabled in <c>docs/organization.md</c>): anyone reports; the petition handling group assesses, issues and cancels
    /// directives, starts the response, talks with the customer, resolves, dismisses and records review requests; the
    /// assignee group acknowledges and completes its directives; public relations (the opinion monitoring group) drafts
    /// and publishes statements; a legal person reviews them; the leading group (or, below level II, the opinion group's
    /// leader or deputy) approves them; response groups request support and the logistics group fulfils it; a group
    /// leader submits the closure report and the leading group accepts it; the petition handling or leading group reopens.
    /// </summary>
    public static AuthorityMatrix Default { get; } = CreateDefault();

    /// <summary>Gets every action with its grants.</summary>
    public IReadOnlyDictionary<IncidentAction, ImmutableArray<AuthorityGrant>> Grants => _grants;

    /// <summary>Gets the grants for one action; empty when nobody may perform it.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The grants.</returns>
    public ImmutableArray<AuthorityGrant> For(IncidentAction action) => _grants.GetValueOrDefault(action, []);

    /// <summary>Returns a matrix in which <paramref name="action"/> is granted to exactly <paramref name="grants"/>.</summary>
    /// <param name="action">The action.</param>
    /// <param name="grants">The grants; none means nobody may perform the action.</param>
    /// <returns>The new matrix.</returns>
    public AuthorityMatrix With(IncidentAction action, params IEnumerable<AuthorityGrant> grants)
    {
        Guard.Against.EnumOutOfRange(action);
        Guard.Against.Null(grants);
        var copy = _grants.ToDictionary();
        copy[action] = [.. grants.Select(g => g ?? throw new ArgumentException("A grant must not be null.", nameof(grants)))];
        return new AuthorityMatrix(copy.ToFrozenDictionary());
    }

    private static AuthorityMatrix CreateDefault()
    {
        var petition = AuthorityGrant.GroupMembers(WellKnownGroups.PetitionHandlingGroup);
        var opinion = AuthorityGrant.GroupMembers(WellKnownGroups.OpinionMonitoringGroup);
        var leading = AuthorityGrant.GroupMembers(WellKnownGroups.LeadingGroup);
        var grants = new Dictionary<IncidentAction, ImmutableArray<AuthorityGrant>>
        {
            [IncidentAction.Report] = [AuthorityGrant.Anyone],
            [IncidentAction.Assess] = [petition],
            [IncidentAction.Reassess] = [petition],
            [IncidentAction.IssueDirective] = [petition],
            [IncidentAction.AcknowledgeDirective] = [AuthorityGrant.AssigneeGroup],
            [IncidentAction.CompleteDirective] = [AuthorityGrant.AssigneeGroup],
            [IncidentAction.CancelDirective] = [petition],
            [IncidentAction.StartResponse] = [petition],
            [IncidentAction.RecordCommunication] = [petition],
            [IncidentAction.DraftStatement] = [opinion],
            [IncidentAction.ReviewStatement] = [AuthorityGrant.DepartmentMembers(Departments.Legal)],
            [IncidentAction.ApproveStatement] = [leading, AuthorityGrant.GroupMembers(WellKnownGroups.OpinionMonitoringGroup, GroupRole.Leader, GroupRole.DeputyLeader)],
            [IncidentAction.PublishStatement] = [opinion],
            [IncidentAction.RequestSupport] = [petition, opinion, leading],
            [IncidentAction.FulfilSupport] = [AuthorityGrant.GroupMembers(WellKnownGroups.LogisticsSupportGroup)],
            [IncidentAction.Resolve] = [petition],
            [IncidentAction.SubmitClosureReport] = [AuthorityGrant.LeaderOfAnyGroup],
            [IncidentAction.AcceptClosureReport] = [leading],
            [IncidentAction.Reopen] = [petition, leading],
            [IncidentAction.RequestReview] = [petition],
            [IncidentAction.Dismiss] = [petition],
            [IncidentAction.MergeAsDuplicate] = [petition],
            [IncidentAction.PauseDeadlines] = [petition],
            [IncidentAction.ResumeDeadlines] = [petition],
            [IncidentAction.ExtendHandlingTime] = [petition],
            [IncidentAction.DecideReview] = [petition, leading],
            [IncidentAction.AddNature] = [petition, leading],
        };
        return new AuthorityMatrix(grants.ToFrozenDictionary());
    }
}
