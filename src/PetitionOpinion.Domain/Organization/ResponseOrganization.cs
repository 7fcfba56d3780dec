using System.Collections.Frozen;

namespace PetitionOpinion.Organization;

/// <summary>
/// The response organisation (组织机构, <c>docs/organization.md</c>): groups, their positions and the people who hold
/// them. Immutable and always valid: obtain one from <see cref="OrganizationBuilder.Build"/>, which reports every problem at once.
/// </summary>
public sealed class ResponseOrganization
{
    private static readonly Membership[] NoMemberships = [];
    private readonly FrozenDictionary<PersonId, Person> _people;
    private readonly FrozenDictionary<GroupId, ResponseGroup> _groups;
    private readonly FrozenDictionary<PersonId, Membership[]> _memberships;

    internal ResponseOrganization(IReadOnlyList<ResponseGroup> groups, IReadOnlyList<Person> people)
    {
        Groups = groups;
        People = people;
        _people = people.ToFrozenDictionary(p => p.Id);
        _groups = groups.ToFrozenDictionary(g => g.Id);
        _memberships = groups
            .SelectMany(g => g.Positions.SelectMany(p => p.Holders.Select(h => (Holder: h, Membership: new Membership(g.Id, p.Id, p.Role, p.Department)))))
            .GroupBy(x => x.Holder)
            .ToFrozenDictionary(x => x.Key, x => x.Select(m => m.Membership).ToArray());
    }

    /// <summary>Gets the groups, in the order they were defined.</summary>
    public IReadOnlyList<ResponseGroup> Groups { get; }

    /// <summary>Gets the people, in the order they were defined.</summary>
    public IReadOnlyList<Person> People { get; }

    /// <summary>Returns whether <paramref name="person"/> is known to the organisation.</summary>
    /// <param name="person">The person.</param>
    /// <returns><see langword="true"/> when the person was defined.</returns>
    public bool Knows(PersonId person) => !person.IsEmpty && _people.ContainsKey(person);

    /// <summary>Finds a person.</summary>
    /// <param name="person">The person's id.</param>
    /// <returns>The person, or <see langword="null"/> when unknown.</returns>
    public Person? FindPerson(PersonId person) => person.IsEmpty ? null : _people.GetValueOrDefault(person);

    /// <summary>Finds a group.</summary>
    /// <param name="group">The group's id.</param>
    /// <returns>The group, or <see langword="null"/> when there is no such group.</returns>
    public ResponseGroup? FindGroup(GroupId group) => group.IsEmpty ? null : _groups.GetValueOrDefault(group);

    /// <summary>Gets every position <paramref name="person"/> holds.</summary>
    /// <param name="person">The person.</param>
    /// <returns>The memberships; empty for an unknown person or one who holds no position.</returns>
    public IReadOnlyList<Membership> MembershipsOf(PersonId person)
        => person.IsEmpty ? NoMemberships : _memberships.GetValueOrDefault(person, NoMemberships);

    /// <summary>Returns whether <paramref name="person"/> holds a position in <paramref name="group"/>.</summary>
    /// <param name="person">The person.</param>
    /// <param name="group">The group.</param>
    /// <returns><see langword="true"/> when the person holds any position in the group.</returns>
    public bool IsMemberOf(PersonId person, GroupId group)
    {
        foreach (var m in MembershipsOf(person))
        {
            if (m.Group == group)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns whether <paramref name="person"/> holds a position with one of <paramref name="roles"/> in <paramref name="group"/>.</summary>
    /// <param name="person">The person.</param>
    /// <param name="group">The group.</param>
    /// <param name="roles">The roles that count.</param>
    /// <returns><see langword="true"/> when such a position is held.</returns>
    public bool HoldsRole(PersonId person, GroupId group, params ReadOnlySpan<GroupRole> roles)
    {
        foreach (var m in MembershipsOf(person))
        {
            if (m.Group == group && roles.Contains(m.Role))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets the leaders of a group.</summary>
    /// <param name="group">The group.</param>
    /// <returns>The people holding the group's leader positions; empty for an unknown group.</returns>
    public IEnumerable<PersonId> LeadersOf(GroupId group) => FindGroup(group)?.HoldersOf(GroupRole.Leader) ?? [];
}
