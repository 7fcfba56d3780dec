namespace PetitionOpinion.Readiness;

/// <summary>
/// The codes of the errors about readiness input: a resource catalogue or readiness configuration that is not valid.
/// (The gaps a readiness report lists have their own codes, <see cref="ReadinessGapCodes"/>.)
/// </summary>
public static class ReadinessErrors
{
    /// <summary>The resource catalogue is not valid; <see cref="DomainError.Details"/> lists every problem.</summary>
    public const string InvalidCatalog = "readiness.invalid_catalog";

    /// <summary>A resource is not valid: no id, an undefined kind or status, an empty or too long name or contact, an empty directive kind.</summary>
    public const string InvalidResource = "readiness.invalid_resource";

    /// <summary>Two resources have the same id.</summary>
    public const string DuplicateResource = "readiness.duplicate_resource";

    /// <summary>A resource or a risk category is given to a group the organisation does not have.</summary>
    public const string UnknownGroup = "readiness.unknown_group";

    /// <summary>A training record is not valid (its person, course or date), or the refresh interval is out of range.</summary>
    public const string InvalidTraining = "readiness.invalid_training";

    /// <summary>A training record names a course that is not a training course of the catalogue.</summary>
    public const string UnknownCourse = "readiness.unknown_course";

    /// <summary>A training record names a person the organisation does not know.</summary>
    public const string UnknownPerson = "readiness.unknown_person";

    /// <summary>A category owner is not valid: the category or the group is not an identifier.</summary>
    public const string InvalidCategoryOwner = "readiness.invalid_category_owner";

    /// <summary>A directive kind listed in the configuration is not an identifier.</summary>
    public const string InvalidDirectiveKind = "readiness.invalid_directive_kind";

    /// <summary>The readiness configuration is not valid; <see cref="DomainError.Details"/> lists every problem.</summary>
    public const string InvalidOptions = "readiness.invalid_options";
}
