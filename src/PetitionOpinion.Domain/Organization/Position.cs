namespace PetitionOpinion.Organization;

/// <summary>A position (职务) in a response group, filled by zero or more people.</summary>
/// <param name="Id">The position's id, unique across the organisation.</param>
/// <param name="Title">The English title, e.g. "General Manager".</param>
/// <param name="TitleZh">The Chinese title, e.g. "总经理".</param>
/// <param name="Role">The group role the position carries.</param>
/// <param name="Department">The department the holder comes from (see <see cref="Departments"/>), if any.</param>
/// <param name="Required">Whether the position must be filled for the organisation to be valid.</param>
/// <param name="Holders">The people who hold the position; one person may hold several positions.</param>
public sealed record Position(
    PositionId Id,
    string Title,
    string TitleZh,
    GroupRole Role,
    string? Department,
    bool Required,
    IReadOnlyList<PersonId> Holders);
