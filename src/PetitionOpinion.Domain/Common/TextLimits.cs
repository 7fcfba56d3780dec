namespace PetitionOpinion;

/// <summary>The longest texts the library accepts. Longer input is refused with a <c>validation.too_long</c> error.</summary>
public static class TextLimits
{
    /// <summary>Names and titles: 200 characters.</summary>
    public const int Name = 200;

    /// <summary>Short texts (a reason, a summary, an outcome, a cause, an improvement): 2,000 characters.</summary>
    public const int Short = 2_000;

    /// <summary>Long texts (a description, a statement's body, a report's narrative): 20,000 characters.</summary>
    public const int Long = 20_000;
}
