using Microsoft.Extensions.Options;
using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Readiness;

namespace PetitionOpinion;

/// <summary>Validates <see cref="PetitionOpinionOptions"/> at start-up, listing every problem with its configuration path.</summary>
/// <param name="riskRules">The risk rules written in code that were registered (<c>AddRiskRule</c>), checked with the configured ones.</param>
/// <param name="calendar">The working-day calendar registered, which the configured holidays extend.</param>
internal sealed class PetitionOpinionOptionsValidator(IEnumerable<IRiskRule> riskRules, IWorkingDayCalendar calendar) : IValidateOptions<PetitionOpinionOptions>
{
    public ValidateOptionsResult Validate(string? name, PetitionOpinionOptions options)
    {
        var failures = new List<string>();
        var organization = options.BuildOrganization(out var builder);
        if (organization.TryPickT1(out var invalid, out _))
        {
            failures.AddRange(invalid.Details.Select(d => $"[{d.Code}] {d.Message}"));
        }

        // Granted groups are checked against the groups defined even when the organisation has other problems,
        // so that every problem is listed at once.
        var matrix = options.BuildAuthorityMatrix(builder.HasGroup);
        if (matrix.TryPickT1(out var invalidMatrix, out _))
        {
            failures.AddRange(invalidMatrix.Details.Select(d => $"[{d.Code}] {d.Message}"));
        }

        if (options.Storage is null)
        {
            failures.Add("[storage.invalid] Storage: the storage options must not be null.");
        }
        else if (options.Storage.MaxConflictRetries is < 0 or > IncidentStorageOptions.MaxRetriesLimit)
        {
            failures.Add($"[storage.invalid] Storage:MaxConflictRetries: must be from 0 to {IncidentStorageOptions.MaxRetriesLimit} (was {options.Storage.MaxConflictRetries}).");
        }

        if (options.Storage is not null)
        {
            failures.AddRange(options.Storage.AuditKeyProblems().Select(p => $"[storage.invalid] Storage:{p}"));
        }

        if (options.Storage is not null && (string.IsNullOrWhiteSpace(options.Storage.IdempotencySource) || options.Storage.IdempotencySource.Length > PetitionOpinion.Storage.IntakeKey.MaxLength))
        {
            failures.Add($"[storage.invalid] Storage:IdempotencySource: must be 1 to {PetitionOpinion.Storage.IntakeKey.MaxLength} characters and not white space.");
        }

        if (options.Assessment is null)
        {
            failures.Add("[assessment.invalid_rule_set] Assessment: the assessment options must not be null.");
        }
        else if (options.Assessment.BuildRuleSet(riskRules, "Assessment").TryPickT1(out var invalidRules, out _))
        {
            failures.AddRange(invalidRules.Details.Count == 0 ? [$"[{invalidRules.Code}] {invalidRules.Message}"] : invalidRules.Details.Select(d => $"[{d.Code}] {d.Message}"));
        }

        if (options.Deadlines is null)
        {
            failures.Add($"[{DeadlineErrors.InvalidPolicy}] Deadlines: the deadline options must not be null.");
        }
        else if (options.Deadlines.Build(calendar).TryPickT1(out var invalidDeadlines, out _))
        {
            failures.AddRange(invalidDeadlines.Details.Select(d => $"[{d.Code}] {d.Message}"));
        }

        if (options.Limits is null)
        {
            failures.Add("[limits.invalid] Limits: the input limits must not be null.");
        }
        else
        {
            failures.AddRange(options.Limits.Validate("Limits"));
        }

        if (options.Notifications is null)
        {
            failures.Add("[notifications.invalid] Notifications: the notification options must not be null.");
        }
        else
        {
            failures.AddRange(options.Notifications.Validate("Notifications"));
        }

        if (options.Coordination is null)
        {
            failures.Add("[coordination.invalid] Coordination: the coordination options must not be null.");
        }
        else
        {
            failures.AddRange(options.Coordination.Validate("Coordination", options.Notifications));
        }

        if (options.Monitoring is null)
        {
            failures.Add("[monitoring.invalid] Monitoring: the monitoring options must not be null.");
        }
        else
        {
            failures.AddRange(options.Monitoring.Validate("Monitoring"));
        }

        if (options.Readiness is null)
        {
            failures.Add($"[{ReadinessErrors.InvalidOptions}] Readiness: the readiness options must not be null.");
        }
        else if (options.Readiness.Build("Readiness", builder.HasGroup, organization.TryPickT0(out var known, out _) ? known.Knows : null).TryPickT1(out var invalidReadiness, out _))
        {
            failures.AddRange(invalidReadiness.Details.Select(d => $"[{d.Code}] {d.Message}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
