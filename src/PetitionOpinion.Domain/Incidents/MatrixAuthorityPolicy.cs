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
    // Keyed by the id's text, compared ordinally as PersonId compares: a frozen string dictionary hashes only a few
    // characters of the key, which makes the look-up every action makes much cheaper than with a PersonId key.
    private readonly FrozenDictionary<string, uint> _staticGrants;
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

        _staticGrants = organization.People.ToFrozenDictionary(p => p.Id.Value, p => StaticGrantsOf(p.Id), StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public AuthorityDecision Authorize(PersonId actor, IncidentAction action, Incident? incident, GroupId? targetGroup = null)
    {
        if (!_staticGrants.TryGetValue(actor.Value, out var granted))
        {
            return AuthorityDecision.Deny(new DomainError(AuthorityErrors.UnknownActor, $"'{actor}' is not a person the organisation knows, so may not {action}."));
        }

        var bit = ActionSet.Bit(action);
        if ((granted & bit) != 0 || ((_assigneeActions & bit) != 0 && IsAssignee(actor, action, incident, targetGroup)))
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
        if (!_staticGrants.TryGetValue(actor.Value, out var granted))
        {
            return ActionSet.Empty;
        }

        // Assignee grants count only for a directive the actor's group could act on now (acknowledge an issued one,
        // complete an acknowledged one), so that the per-actor permitted actions promise no more than Authorize allows.
        var candidates = _assigneeActions & ~granted;
        while (candidates != 0)
        {
            var action = (IncidentAction)System.Numerics.BitOperations.TrailingZeroCount(candidates);
            candidates &= candidates - 1;
            if (IsAssignee(actor, action, incident, null))
            {
                granted |= ActionSet.Bit(action);
            }
        }

        return ActionSet.FromBits(granted);
    }

    private bool IsAssignee(PersonId actor, IncidentAction action, Incident? incident, GroupId? targetGroup)
    {
        if (targetGroup is { } group)
        {
            return _organization.IsMemberOf(actor, group);
        }

        // Without an open directive nobody is an assignee; and the span spares the hot path an enumerator allocation.
        if (incident is null || !incident.HasOpenDirectives)
        {
            return false;
        }

        foreach (var directive in incident.DirectiveSpan)
        {
            var actionable = action switch
            {
                IncidentAction.AcknowledgeDirective => directive.Status == DirectiveStatus.Issued,
                IncidentAction.CompleteDirective => directive.Status == DirectiveStatus.Acknowledged,
                _ => directive.IsOpen,
            };
            if (actionable && _organization.IsMemberOf(actor, directive.Assignee))
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
