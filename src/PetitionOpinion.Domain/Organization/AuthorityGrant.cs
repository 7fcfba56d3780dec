using Ardalis.GuardClauses;
using System.Collections.Immutable;

namespace PetitionOpinion.Organization;

/// <summary>Who an <see cref="AuthorityGrant"/> lets act.</summary>
public enum GrantKind
{
    /// <summary>Anyone the organisation knows.</summary>
    Anyone = 1,

    /// <summary>Holders of a position with one of the given roles in one group.</summary>
    Group = 2,

    /// <summary>Holders of a position for one department, in any group.</summary>
    Department = 3,

    /// <summary>The leader of any group.</summary>
    LeaderOfAnyGroup = 4,

    /// <summary>Members of the group a directive is assigned to (for directive actions).</summary>
    AssigneeGroup = 5,
}

/// <summary>
/// One line of the authority matrix: a kind of actor allowed to perform an action. Text form (for configuration):
/// <c>anyone</c>, <c>group:&lt;id&gt;</c>, <c>group:&lt;id&gt;:leader,deputy,member</c>, <c>department:&lt;name&gt;</c>,
/// <c>leader-of-any-group</c>, <c>assignee-group</c>.
/// </summary>
public sealed record AuthorityGrant
{
    // In ascending order, as GroupMembers stores explicit roles, so that equal grants compare equal however they were made.
    private static readonly ImmutableArray<GroupRole> AllRoles = [GroupRole.Member, GroupRole.DeputyLeader, GroupRole.Leader];

    private AuthorityGrant(GrantKind kind, GroupId group, ImmutableArray<GroupRole> roles, string? department)
    {
        Kind = kind;
        Group = group;
        Roles = roles;
        Department = department;
    }

    /// <summary>Gets who the grant lets act.</summary>
    public GrantKind Kind { get; }

    /// <summary>Gets the group, for <see cref="GrantKind.Group"/>.</summary>
    public GroupId Group { get; }

    /// <summary>Gets the roles that count, for <see cref="GrantKind.Group"/>.</summary>
    public ImmutableArray<GroupRole> Roles { get; }

    /// <summary>Gets the department, for <see cref="GrantKind.Department"/>.</summary>
    public string? Department { get; }

    /// <summary>Gets the grant that lets anyone the organisation knows act.</summary>
    public static AuthorityGrant Anyone { get; } = new(GrantKind.Anyone, default, [], null);

    /// <summary>Gets the grant for the leader of any group.</summary>
    public static AuthorityGrant LeaderOfAnyGroup { get; } = new(GrantKind.LeaderOfAnyGroup, default, [GroupRole.Leader], null);

    /// <summary>Gets the grant for members of a directive's assignee group.</summary>
    public static AuthorityGrant AssigneeGroup { get; } = new(GrantKind.AssigneeGroup, default, [], null);

    /// <summary>Creates a grant for holders of positions in <paramref name="group"/> with one of <paramref name="roles"/> (all roles when none are given).</summary>
    /// <param name="group">The group.</param>
    /// <param name="roles">The roles that count; empty for every role.</param>
    /// <returns>The grant.</returns>
    /// <exception cref="ArgumentException"><paramref name="group"/> is the default id.</exception>
    public static AuthorityGrant GroupMembers(GroupId group, params ReadOnlySpan<GroupRole> roles)
    {
        if (group.IsEmpty)
        {
            throw new ArgumentException("A group grant must name a group.", nameof(group));
        }

        return new(GrantKind.Group, group, roles.IsEmpty ? AllRoles : [.. roles.ToArray().Distinct().Order()], null);
    }

    /// <summary>Creates a grant for holders of positions for <paramref name="department"/>, in any group.</summary>
    /// <param name="department">The department, see <see cref="Departments"/>.</param>
    /// <returns>The grant.</returns>
    /// <exception cref="ArgumentException"><paramref name="department"/> is null, empty or white space.</exception>
    public static AuthorityGrant DepartmentMembers(string department)
    {
        Guard.Against.NullOrWhiteSpace(department);
        return new(GrantKind.Department, default, [], department);
    }

    /// <summary>Parses the text form.</summary>
    /// <param name="text">The text, e.g. <c>group:leading-group:leader,deputy</c>.</param>
    /// <param name="grant">The grant, when parsing succeeds.</param>
    /// <param name="problem">What is wrong, when it fails.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(string? text, out AuthorityGrant? grant, out string? problem)
    {
        grant = null;
        problem = null;
        var t = text?.Trim() ?? string.Empty;
        switch (t)
        {
            case "anyone":
                grant = Anyone;
                return true;
            case "leader-of-any-group":
                grant = LeaderOfAnyGroup;
                return true;
            case "assignee-group":
                grant = AssigneeGroup;
                return true;
        }

        if (t.StartsWith("department:", StringComparison.Ordinal))
        {
            var department = t["department:".Length..];
            if (string.IsNullOrWhiteSpace(department))
            {
                problem = "'department:' must be followed by a department name";
                return false;
            }

            grant = DepartmentMembers(department);
            return true;
        }

        if (t.StartsWith("group:", StringComparison.Ordinal))
        {
            var parts = t["group:".Length..].Split(':');
            if (parts.Length > 2 || IdentifierRules.Explain(parts[0]) is not null)
            {
                problem = $"'{t}' must be 'group:<id>' or 'group:<id>:<roles>' with a valid group id";
                return false;
            }

            var roles = new List<GroupRole>();
            if (parts.Length == 2)
            {
                foreach (var role in parts[1].Split(',', StringSplitOptions.TrimEntries))
                {
                    switch (role)
                    {
                        case "leader": roles.Add(GroupRole.Leader); break;
                        case "deputy": roles.Add(GroupRole.DeputyLeader); break;
                        case "member": roles.Add(GroupRole.Member); break;
                        default:
                            problem = $"'{role}' in '{t}' is not a role: use leader, deputy or member";
                            return false;
                    }
                }
            }

            grant = GroupMembers(new GroupId(parts[0]), [.. roles]);
            return true;
        }

        problem = $"'{t}' is not a grant: use anyone, group:<id>[:roles], department:<name>, leader-of-any-group or assignee-group";
        return false;
    }

    /// <inheritdoc/>
    public bool Equals(AuthorityGrant? other)
        => other is not null && Kind == other.Kind && Group == other.Group && Roles.SequenceEqual(other.Roles) && Department == other.Department;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Group, Roles.Length, Department);

    /// <summary>Returns the text form, which <see cref="TryParse"/> reads back.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Kind switch
    {
        GrantKind.Anyone => "anyone",
        GrantKind.LeaderOfAnyGroup => "leader-of-any-group",
        GrantKind.AssigneeGroup => "assignee-group",
        GrantKind.Department => $"department:{Department}",
        _ => Roles.Length == AllRoles.Length
            ? $"group:{Group}"
            : $"group:{Group}:{string.Join(',', Roles.Select(r => r switch { GroupRole.Leader => "leader", GroupRole.DeputyLeader => "deputy", _ => "member" }))}",
    };
}
