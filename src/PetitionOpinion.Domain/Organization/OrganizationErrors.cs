namespace PetitionOpinion.Organization;

/// <summary>The codes of the problems organisation validation reports.</summary>
public static class OrganizationErrors
{
    /// <summary>The organisation has no group at all.</summary>
    public const string NoGroups = "organization.no_groups";

    /// <summary>A group has no position with the leader role, or its leader positions are all vacant.</summary>
    public const string GroupWithoutLeader = "organization.group_without_leader";

    /// <summary>A required position has no holder.</summary>
    public const string VacantRequiredPosition = "organization.vacant_required_position";

    /// <summary>A position names a holder who is not among the organisation's people.</summary>
    public const string UnknownPerson = "organization.unknown_person";

    /// <summary>The same person id is defined twice.</summary>
    public const string DuplicatePerson = "organization.duplicate_person";

    /// <summary>The same person is listed twice as holder of one position.</summary>
    public const string DuplicateHolder = "organization.duplicate_holder";

    /// <summary>The same group id is defined twice.</summary>
    public const string DuplicateGroup = "organization.duplicate_group";

    /// <summary>The same position id is defined twice.</summary>
    public const string DuplicatePosition = "organization.duplicate_position";

    /// <summary>A position or an assignment names a group or position that does not exist.</summary>
    public const string UnknownGroupOrPosition = "organization.unknown_group_or_position";

    /// <summary>An id is missing (default) or malformed.</summary>
    public const string InvalidId = "organization.invalid_id";

    /// <summary>A name or title is missing, white space, or longer than <see cref="TextLimits.Name"/>.</summary>
    public const string InvalidText = "organization.invalid_text";

    /// <summary>The organisation is not valid; <see cref="DomainError.Details"/> lists every problem.</summary>
    public const string Invalid = "organization.invalid";
}
