using System.Collections.Frozen;
using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Organization;

/// <summary>
/// The default <see cref="IAuthorityPolicy"/>: an <see cref="AuthorityMatrix"/> applied to a <see cref="ResponseOrganization"/>.
/// Each person's grants are worked out once, so a decision is one dictionary look-up and a bit test.
/// </summary>
public sealed class MatrixAuthorityPolicy : IAuthorityPolicy
{
    private readonly ResponseOrganization _organization;
    private readonly AuthorityMatrix _matrix;
    private readonly FrozenDictionary<PersonId, uint> _staticGrants;
    private readonly uint _assigneeActions;

    /// <summary>Initializes a new instance of the <see cref="MatrixAuthorityPolicy"/> class.</summary>
    /// <param name="organization">The organisation.</param>
    /// <param name="matrix">The matrix.</param>
    public MatrixAuthorityPolicy(ResponseOrganization organization, AuthorityMatrix matrix)
    {
        _organization = Guard.Against.Null(organization);
        _matrix = Guard.Against.Null(matrix);
        foreach (var (action, grants) in matrix.Grants)
        {
            if (grants.Any(g => g.Kind == GrantKind.AssigneeGroup))
            {
                _assigneeActions |= ActionSet.Bit(action);
            }
        }

        _staticGrants = organization.People.ToFrozenDictionary(p => p.Id, p => StaticGrantsOf(p.Id));
    }

    /// <inheritdoc/>
    public AuthorityDecision Authorize(PersonId actor, IncidentAction action, Incident? incident, GroupId? targetGroup = null)
    {
        if (!_staticGrants.TryGetValue(actor, out var granted))
        {
            return AuthorityDecision.Deny(new DomainError(AuthorityErrors.UnknownActor, $"'{actor}' is not a person the organisation knows, so may not {action}."));
        }

        var bit = ActionSet.Bit(action);
        if ((granted & bit) != 0 || ((_assigneeActions & bit) != 0 && IsAssignee(actor, incident, targetGroup)))
        {
            return AuthorityDecision.Allowed;
        }

        var grants = _matrix.For(action);
        var who = grants.IsEmpty ? "nobody" : string.Join(" or ", grants);
        return AuthorityDecision.Deny(new DomainError(AuthorityErrors.Denied, $"'{actor}' may not {action}: it is granted to {who}."));
    }

    /// <inheritdoc/>
    public ActionSet AuthorizedActions(PersonId actor, Incident incident)
    {
        Guard.Against.Null(incident);
        if (!_staticGrants.TryGetValue(actor, out var granted))
        {
            return ActionSet.Empty;
        }

        if ((_assigneeActions & ~granted) != 0 && IsAssignee(actor, incident, null))
        {
            granted |= _assigneeActions;
        }

        return ActionSet.FromBits(granted);
    }

    private bool IsAssignee(PersonId actor, Incident? incident, GroupId? targetGroup)
    {
        if (targetGroup is { } group)
        {
            return _organization.IsMemberOf(actor, group);
        }

        if (incident is null)
        {
            return false;
        }

        foreach (var directive in incident.Directives)
        {
            if (directive.IsOpen && _organization.IsMemberOf(actor, directive.Assignee))
            {
                return true;
            }
        }

        return false;
    }

    private uint StaticGrantsOf(PersonId person)
    {
        uint bits = 0;
        var memberships = _organization.MembershipsOf(person);
        foreach (var (action, grants) in _matrix.Grants)
        {
            if (grants.Any(g => Matches(g, memberships)))
            {
                bits |= ActionSet.Bit(action);
            }
        }

        return bits;
    }

    private static bool Matches(AuthorityGrant grant, IReadOnlyList<Membership> memberships) => grant.Kind switch
    {
        GrantKind.Anyone => true,
        GrantKind.LeaderOfAnyGroup => memberships.Any(m => m.Role == GroupRole.Leader),
        GrantKind.Group => memberships.Any(m => m.Group == grant.Group && grant.Roles.Contains(m.Role)),
        GrantKind.Department => memberships.Any(m => string.Equals(m.Department, grant.Department, StringComparison.OrdinalIgnoreCase)),
        _ => false,
    };
}
