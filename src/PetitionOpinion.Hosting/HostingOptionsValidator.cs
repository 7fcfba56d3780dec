using Microsoft.Extensions.Options;

namespace PetitionOpinion.Hosting;

/// <summary>Checks <see cref="PetitionOpinionHostingOptions"/> at start-up and lists every problem.</summary>
internal sealed class HostingOptionsValidator : IValidateOptions<PetitionOpinionHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, PetitionOpinionHostingOptions options)
    {
        var problems = options.Validate("PetitionOpinion:Hosting");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToValidationFailure()));
    }
}
