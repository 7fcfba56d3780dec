using Microsoft.Extensions.Options;

namespace PetitionOpinion;

/// <summary>Validates <see cref="PetitionOpinionOptions"/> at start-up, listing every problem with its configuration path.</summary>
internal sealed class PetitionOpinionOptionsValidator : IValidateOptions<PetitionOpinionOptions>
{
    public ValidateOptionsResult Validate(string? name, PetitionOpinionOptions options)
    {
        var failures = new List<string>();
        var organization = options.BuildOrganization();
        if (organization.TryPickT1(out var invalid, out var built))
        {
            failures.AddRange(invalid.Details.Select(d => $"[{d.Code}] {d.Message}"));
        }

        var matrix = options.BuildAuthorityMatrix(organization.IsT0 ? built : null);
        if (matrix.TryPickT1(out var invalidMatrix, out _))
        {
            failures.AddRange(invalidMatrix.Details.Select(d => $"[{d.Code}] {d.Message}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
