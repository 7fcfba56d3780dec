namespace PetitionOpinion.Tests.Support;

/// <summary>Validation results as the lines start-up reports them, for tests that compare the text.</summary>
internal static class ValidationLines
{
    public static IReadOnlyList<string> Lines(this IReadOnlyList<DomainError> problems) => [.. problems.Select(p => p.ToValidationFailure())];
}
