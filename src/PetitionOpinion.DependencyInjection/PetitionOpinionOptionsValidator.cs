using Microsoft.Extensions.Options;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Readiness;

namespace PetitionOpinion;

/// <summary>
/// Validates <see cref="PetitionOpinionOptions"/> at start-up, listing every problem with its configuration path. Each
/// section's own check returns <see cref="DomainError"/>s with a code and a <see cref="DomainError.Path"/>; this class
/// only gathers them and formats each as <see cref="DomainError.ToValidationFailure"/> (<c>[code] path: message</c>).
/// </summary>
/// <param name="riskRules">The risk rules written in code that were registered (<c>AddRiskRule</c>), checked with the configured ones.</param>
/// <param name="calendar">The working-day calendar registered, which the configured holidays extend.</param>
internal sealed class PetitionOpinionOptionsValidator(IEnumerable<IRiskRule> riskRules, IWorkingDayCalendar calendar) : IValidateOptions<PetitionOpinionOptions>
{
    public ValidateOptionsResult Validate(string? name, PetitionOpinionOptions options)
    {
        var problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToValidationFailure()));
    }

    /// <summary>Lists every problem of <paramref name="options"/>, each with its code and its configuration path.</summary>
    internal IReadOnlyList<DomainError> Problems(PetitionOpinionOptions options)
    {
        var problems = new List<DomainError>();
        void Missing(string code, string path, string what) => problems.Add(new DomainError(code, $"the {what} options must not be null.") { Path = path });

        // A built value's error lists its problems as details; one without details is a problem itself.
        void AddBuilt(DomainError error) => problems.AddRange(error.Details.Count == 0 ? [error] : error.Details);

        var organization = options.BuildOrganization(out var builder);
        if (organization.TryPickT1(out var invalid, out _))
        {
            AddBuilt(invalid);
        }

        // Granted groups are checked against the groups defined even when the organisation has other problems,
        // so that every problem is listed at once.
        var matrix = options.BuildAuthorityMatrix(builder.HasGroup);
        if (matrix.TryPickT1(out var invalidMatrix, out _))
        {
            AddBuilt(invalidMatrix);
        }

        if (options.Storage is null)
        {
            Missing("storage.invalid", "Storage", "storage");
        }
        else
        {
            problems.AddRange(options.Storage.Validate("Storage"));
        }

        if (options.Assessment is null)
        {
            Missing(RiskAssessmentErrors.InvalidRuleSet, "Assessment", "assessment");
        }
        else if (options.Assessment.BuildRuleSet(riskRules, "Assessment").TryPickT1(out var invalidRules, out _))
        {
            AddBuilt(invalidRules);
        }

        if (options.Deadlines is null)
        {
            Missing(DeadlineErrors.InvalidPolicy, "Deadlines", "deadline");
        }
        else if (options.Deadlines.Build(calendar).TryPickT1(out var invalidDeadlines, out _))
        {
            AddBuilt(invalidDeadlines);
        }

        if (options.Limits is null)
        {
            problems.Add(new DomainError("limits.invalid", "the input limits must not be null.") { Path = "Limits" });
        }
        else
        {
            problems.AddRange(options.Limits.Validate("Limits"));
        }

        if (options.Notifications is null)
        {
            Missing("notifications.invalid", "Notifications", "notification");
        }
        else
        {
            problems.AddRange(options.Notifications.Validate("Notifications"));
        }

        if (options.Coordination is null)
        {
            Missing("coordination.invalid", "Coordination", "coordination");
        }
        else
        {
            problems.AddRange(options.Coordination.Validate("Coordination", options.Notifications));
        }

        if (options.Monitoring is null)
        {
            Missing("monitoring.invalid", "Monitoring", "monitoring");
        }
        else
        {
            problems.AddRange(options.Monitoring.Validate("Monitoring"));
        }

        if (options.Posts is null)
        {
            Missing("monitoring.invalid", "Posts", "post monitoring");
        }
        else
        {
            problems.AddRange(options.Posts.Validate("Posts"));
        }

        if (options.Readiness is null)
        {
            Missing(ReadinessErrors.InvalidOptions, "Readiness", "readiness");
        }
        else if (options.Readiness.BuildChecking("Readiness", builder.HasGroup, organization.TryPickT0(out var known, out _) ? known.Knows : null, null).TryPickT1(out var invalidReadiness, out _))
        {
            AddBuilt(invalidReadiness);
        }

        return problems;
    }
}
