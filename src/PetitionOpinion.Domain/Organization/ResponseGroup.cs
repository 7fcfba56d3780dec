namespace PetitionOpinion.Organization;

/// <summary>A response group (小组) with its duties and positions.</summary>
/// <param name="Id">The group's id (see <see cref="WellKnownGroups"/>).</param>
/// <param name="Name">The English name.</param>
/// <param name="NameZh">The Chinese name, used as display name.</param>
/// <param name="Duties">The group's duties, as text.</param>
/// <param name="Positions">The group's positions.</param>
public sealed record ResponseGroup(
    GroupId Id,
    string Name,
    string NameZh,
    IReadOnlyList<string> Duties,
    IReadOnlyList<Position> Positions)
{
    /// <summary>Gets every person holding a position in the group with the given role.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The distinct holders, in position order.</returns>
    public IEnumerable<PersonId> HoldersOf(GroupRole role)
        => Positions.Where(p => p.Role == role).SelectMany(p => p.Holders).Distinct();
}
