using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ardalis.GuardClauses;
using OneOf;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Assessment;

/// <summary>
/// A compiled, immutable set of risk rules: <see cref="Evaluate"/> gives the level and the fired rules without
/// allocating; <see cref="Assess"/> explains them. Thread-safe. Build one with <see cref="Create"/>, or use
/// <see cref="Default"/> (<c>docs/assessment-rules.md</c>).
/// </summary>
/// <remarks>
/// The level is the most severe minimum level among the fired rules (IV when none sets one), raised one step per fired
/// escalator, never above I. Every condition is "a fact at or above a threshold" or "a flag set" and every effect only
/// raises, so more harm never lowers the level.
/// </remarks>
public sealed class RiskRuleSet
{
    private static readonly Lazy<RiskRuleSet> DefaultSet = new(() => Create(DefaultRiskRules.RuleSetId, DefaultRiskRules.All, DefaultRiskRules.Categories).Match(set => set, error => throw new InvalidOperationException(error.ToString())));

    private readonly CompiledRiskRules _compiled;
    private readonly string[] _categories;

    private RiskRuleSet(string id, IReadOnlyList<IRiskRule> rules, IReadOnlyList<RiskCategory> categories)
    {
        Id = id;
        Rules = rules;
        Categories = categories;
        _categories = [.. categories.Select(c => c.Value)];
        _compiled = new CompiledRiskRules(rules);
        ContentHash = Hash(id, rules, categories);
    }

    /// <summary>Gets the default rule set: <see cref="DefaultRiskRules.All"/> over <see cref="DefaultRiskRules.Categories"/>.</summary>
    public static RiskRuleSet Default => DefaultSet.Value;

    /// <summary>Gets the rule set's id.</summary>
    public string Id { get; }

    /// <summary>Gets the content hash: SHA-256 (hex) of the id, the categories and every rule's fingerprint, in order. Two rule sets with the same hash decide alike.</summary>
    public string ContentHash { get; }

    /// <summary>Gets the rules, in evaluation order; <see cref="FiredRules"/> indexes them.</summary>
    public IReadOnlyList<IRiskRule> Rules { get; }

    /// <summary>Gets the risk categories facts may have.</summary>
    public IReadOnlyList<RiskCategory> Categories { get; }

    /// <summary>Builds and compiles a rule set, checking it whole.</summary>
    /// <param name="id">The rule set's id (an identifier), recorded with every assessment.</param>
    /// <param name="rules">The rules (at most <see cref="FiredRules.Capacity"/>).</param>
    /// <param name="categories">The risk categories facts may have (at least one).</param>
    /// <returns>The rule set, or an error whose details list every problem: an invalid id, no or too many rules, a duplicate rule id, a rule without effect or without a one-line fingerprint, bands on one fact that contradict each other (a higher threshold with a less severe level), no or duplicate categories.</returns>
    public static OneOf<RiskRuleSet, DomainError> Create(string id, IEnumerable<IRiskRule> rules, IEnumerable<RiskCategory> categories)
        => CreateLocated(id, rules, categories, static i => $"Rule {i}");

    /// <summary>Builds a rule set, naming rule <c>i</c> with <paramref name="locate"/> in problems (a configuration path).</summary>
    internal static OneOf<RiskRuleSet, DomainError> CreateLocated(string id, IEnumerable<IRiskRule> rules, IEnumerable<RiskCategory> categories, Func<int, string> locate)
    {
        Guard.Against.Null(rules);
        Guard.Against.Null(categories);
        var list = rules.ToList();
        var categoryList = categories.ToList();
        var problems = new List<DomainError>();
        if (IdentifierRules.Explain(id) is { } idProblem)
        {
            problems.Add(new(RiskAssessmentErrors.InvalidRuleSet, $"The rule set id '{id}' is not valid: {idProblem}."));
        }

        if (list.Count is 0 or > FiredRules.Capacity)
        {
            problems.Add(new(RiskAssessmentErrors.InvalidRuleSet, $"A rule set has 1 to {FiredRules.Capacity} rules; this one has {list.Count}."));
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var rule = list[i];
            if (rule is null)
            {
                problems.Add(new(RiskAssessmentErrors.InvalidRule, "the rule is null.") { Path = locate(i) });
                continue;
            }

            if (IdentifierRules.Explain(rule.Id) is { } ruleProblem)
            {
                problems.Add(new(RiskAssessmentErrors.InvalidRule, $"'{rule.Id}' is not a valid rule id: {ruleProblem}.") { Path = $"{locate(i)}:Id" });
            }
            else if (!ids.TryAdd(rule.Id, i))
            {
                problems.Add(new(RiskAssessmentErrors.DuplicateRuleId, $"the id '{rule.Id}' is used twice (first by {locate(ids[rule.Id])}).") { Path = $"{locate(i)}:Id" });
            }

            if (rule.Effect.IsEmpty)
            {
                problems.Add(new(RiskAssessmentErrors.InvalidRule, $"the rule {rule.Id} has no effect.") { Path = locate(i) });
            }

            // The content hash puts one rule's fingerprint a line: a fingerprint of several lines could make two
            // different rule sets hash the same (["a\nb", "c"] and ["a", "b\nc"]).
            if (string.IsNullOrWhiteSpace(rule.Fingerprint) || rule.Fingerprint.AsSpan().IndexOfAny('\n', '\r') >= 0)
            {
                problems.Add(new(RiskAssessmentErrors.InvalidRule, $"the rule {rule.Id} needs a fingerprint of one line, not empty (the rule set's content hash puts one a line).") { Path = $"{locate(i)}:Fingerprint" });
            }
        }

        problems.AddRange(ContradictingBands(list, locate));
        if (categoryList.Count == 0)
        {
            problems.Add(new(RiskAssessmentErrors.InvalidRuleSet, "A rule set needs at least one risk category."));
        }

        foreach (var duplicate in categoryList.GroupBy(c => c.Value, StringComparer.Ordinal).Where(g => g.Count() > 1 || g.Key.Length == 0))
        {
            problems.Add(new(RiskAssessmentErrors.InvalidRuleSet, duplicate.Key.Length == 0 ? "A risk category is empty." : $"The risk category '{duplicate.Key}' is listed twice."));
        }

        return problems.Count == 0
            ? new RiskRuleSet(id, list.AsReadOnly(), categoryList.AsReadOnly())
            : new DomainError(RiskAssessmentErrors.InvalidRuleSet, $"The rule set '{id}' is not valid: {problems.Count} problem(s): {string.Join(" ", problems.Select(p => p.Located()))}", problems);
    }

    /// <summary>Computes the level that fired rules with these effects give: the most severe minimum level (IV when none), one step up per escalator, never above I.</summary>
    /// <param name="effects">The effects of the rules that fired.</param>
    /// <returns>The level.</returns>
    public static SeverityLevel LevelOf(IEnumerable<RiskRuleEffect> effects)
    {
        Guard.Against.Null(effects);
        var level = (int)SeverityLevel.IV;
        var raises = 0;
        foreach (var effect in effects)
        {
            if (effect.MinimumLevel is { } minimum && (int)minimum < level)
            {
                level = (int)minimum;
            }

            raises += effect.RaisesOneLevel ? 1 : 0;
        }

        return (SeverityLevel)Math.Max((int)SeverityLevel.I, level - raises);
    }

    /// <summary>Evaluates the rules: the level and the fired rules. No allocation (a rule written in code must not allocate either).</summary>
    /// <param name="facts">The facts.</param>
    /// <returns>The evaluation; when the category is unknown to the rule set, nothing is evaluated (<see cref="RiskEvaluation.IsCategoryKnown"/> is false).</returns>
    public RiskEvaluation Evaluate(RiskFacts facts)
    {
        Guard.Against.Null(facts);
        if (!KnowsCategory(facts.Category))
        {
            return new RiskEvaluation(SeverityLevel.IV, default, false);
        }

        var fired = _compiled.Evaluate(facts, out var level);
        return new RiskEvaluation(level, fired, true);
    }

    /// <summary>Assesses the facts and explains the result.</summary>
    /// <param name="facts">The facts.</param>
    /// <param name="organization">The organisation, to name only the groups it has among those to activate; <see langword="null"/> for the well-known groups.</param>
    /// <param name="deadlines">The deadline policy whose targets the assessment reports (<see cref="RiskAssessment.Targets"/>): the one the deadline engine runs on; <see langword="null"/> for <see cref="DeadlinePolicy.Default"/>.</param>
    /// <returns>The assessment, or <see cref="RiskAssessmentErrors.UnknownCategory"/> when the rule set does not know the category.</returns>
    public OneOf<RiskAssessment, DomainError> Assess(RiskFacts facts, ResponseOrganization? organization = null, DeadlinePolicy? deadlines = null)
    {
        var evaluation = Evaluate(facts);
        if (!evaluation.IsCategoryKnown)
        {
            return new DomainError(
                RiskAssessmentErrors.UnknownCategory,
                facts.Category.IsEmpty
                    ? "The facts have no risk category."
                    : $"The risk category '{facts.Category}' is not one rule set '{Id}' knows ({string.Join(", ", Categories)}).");
        }

        var fired = new List<FiredRule>();
        var scope = ImpactScope.Individual;
        var dimensions = ImpactDimensions.None;
        foreach (var index in evaluation.Fired)
        {
            var rule = Rules[index];
            var effect = rule.Effect;
            fired.Add(new FiredRule(rule.Id, rule.Description, rule.Source, effect, rule.Explain(facts)));
            if (effect.MinimumScope is { } minimum && minimum > scope)
            {
                scope = minimum;
            }

            dimensions |= effect.Dimensions;
        }

        var level = evaluation.Level;
        var risk = level switch
        {
            SeverityLevel.I => PotentialRisk.Extreme,
            SeverityLevel.II => PotentialRisk.High,
            SeverityLevel.III => PotentialRisk.Medium,
            _ => PotentialRisk.Low,
        };
        return new RiskAssessment(facts, level, scope, risk, dimensions, fired.AsReadOnly(), GroupsFor(facts, level, organization), (deadlines ?? DeadlinePolicy.Default).TargetsFor(level, facts.Kind), Id, ContentHash);
    }

    /// <summary>Whether facts may have this category.</summary>
    /// <param name="category">The category.</param>
    /// <returns>Whether the rule set knows it.</returns>
    public bool KnowsCategory(RiskCategory category)
    {
        if (category.IsEmpty)
        {
            return false;
        }

        var value = category.Value;

        foreach (var known in _categories)
        {
            if (string.Equals(known, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyList<GroupId> GroupsFor(RiskFacts facts, SeverityLevel level, ResponseOrganization? organization)
    {
        var groups = new List<GroupId> { WellKnownGroups.PetitionHandlingGroup };
        if (level <= SeverityLevel.II)
        {
            groups.Insert(0, WellKnownGroups.LeadingGroup);
        }

        if (facts.Kind != IncidentKind.Petition || facts.Reach > 0 || facts.MainstreamMediaCoverage || facts.NationalTrending
            || facts.Channel is IntakeChannel.SocialMedia or IntakeChannel.OpinionMonitoring or IntakeChannel.Media)
        {
            groups.Add(WellKnownGroups.OpinionMonitoringGroup);
        }

        if (facts.PersonalDataRecordsAffected > 0 || facts.RegulatorInvolved || facts.Litigation)
        {
            groups.Add(WellKnownGroups.LogisticsSupportGroup);
        }

        return organization is null ? groups.AsReadOnly() : groups.Where(g => organization.FindGroup(g) is not null).ToList().AsReadOnly();
    }

    private static IEnumerable<DomainError> ContradictingBands(List<IRiskRule> rules, Func<int, string> locate)
    {
        // Bands: declarative rules with a single numeric condition and a minimum level, on the same fact. A higher
        // threshold must not give a less severe level (nor the same threshold two levels).
        var bands = rules
            .Select((rule, index) => (Rule: rule as RiskRule, Index: index))
            .Where(r => r.Rule is { When.Count: 1, Effect.MinimumLevel: not null } && !r.Rule.When[0].IsFlag)
            .Select(r => (Rule: r.Rule!, r.Index))
            .GroupBy(r => r.Rule.When[0].Fact, StringComparer.Ordinal);
        foreach (var fact in bands)
        {
            var sorted = fact.OrderBy(r => r.Rule.When[0].AtLeast).ThenBy(r => r.Index).ToList();
            for (var i = 1; i < sorted.Count; i++)
            {
                var (lower, _) = sorted[i - 1];
                var (higher, higherIndex) = sorted[i];
                if (higher.Effect.MinimumLevel > lower.Effect.MinimumLevel || (higher.When[0].AtLeast == lower.When[0].AtLeast && higher.Effect.MinimumLevel != lower.Effect.MinimumLevel))
                {
                    yield return new DomainError(
                        RiskAssessmentErrors.ContradictingBands,
                        string.Create(CultureInfo.InvariantCulture, $"the bands on {fact.Key} contradict each other: rule {higher.Id} ({higher.When[0]}) gives level {higher.Effect.MinimumLevel}, rule {lower.Id} ({lower.When[0]}) gives level {lower.Effect.MinimumLevel}; a higher threshold must not give a less severe level."))
                    {
                        Path = locate(higherIndex),
                    };
                }
            }
        }
    }

    private static string Hash(string id, IReadOnlyList<IRiskRule> rules, IReadOnlyList<RiskCategory> categories)
    {
        var text = new StringBuilder().Append("rule-set ").Append(id).Append('\n');
        text.Append("categories ").AppendJoin(",", categories).Append('\n');
        foreach (var rule in rules)
        {
            text.Append(rule.Fingerprint).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

}

/// <summary>The codes of the errors risk assessment returns.</summary>
public static class RiskAssessmentErrors
{
    /// <summary>The facts' risk category is not one the rule set knows.</summary>
    public const string UnknownCategory = "assessment.unknown_category";

    /// <summary>The rule set is not valid (its details list every problem).</summary>
    public const string InvalidRuleSet = "assessment.invalid_rule_set";

    /// <summary>A rule is not valid.</summary>
    public const string InvalidRule = "assessment.invalid_rule";

    /// <summary>Two rules have the same id.</summary>
    public const string DuplicateRuleId = "assessment.duplicate_rule_id";

    /// <summary>Bands on one fact contradict each other.</summary>
    public const string ContradictingBands = "assessment.contradicting_bands";

    /// <summary>A configured rule names a fact that does not exist.</summary>
    public const string UnknownFact = "assessment.unknown_fact";

    /// <summary>A configured threshold is not a number.</summary>
    public const string InvalidThreshold = "assessment.invalid_threshold";

    /// <summary>A configured level, scope or dimension is not one that exists.</summary>
    public const string OutOfRange = "assessment.out_of_range";
}
