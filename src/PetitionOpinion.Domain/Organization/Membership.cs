namespace PetitionOpinion.Organization;

/// <summary>One position a person holds: in which group, with which role, for which department.</summary>
/// <param name="Group">The group.</param>
/// <param name="Position">The position.</param>
/// <param name="Role">The role the position carries.</param>
/// <param name="Department">The position's department, if any.</param>
public readonly record struct Membership(GroupId Group, PositionId Position, GroupRole Role, string? Department);
