using System.Globalization;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Docs.Snippets;

/// <summary>README.md's and docs/assessment-rules.md's risk assessment examples.</summary>
internal static class AssessmentSnippets
{
    public static void Readme()
    {
        // <readme-assessment>
        var facts = new RiskFacts { Category = RiskCategory.DataPrivacy, Channel = IntakeChannel.Hotline, Complainants = 6, Reach = 2_000_000 };
        var level = RiskRuleSet.Default.Evaluate(facts).Level;                // III — allocation-free: level and fired-rule set
        RiskRuleSet.Default.Assess(facts).Switch(                              // the rules that fired and the fact values that
            assessment => Console.WriteLine(assessment.Rationale),             // triggered them, scope, groups, response targets,
            unknown => Console.WriteLine(unknown.Message));                   // the rule set's id and content hash; or the error
        // </readme-assessment>
    }

    public static void Rules()
    {
        // <assessment-facts>
        var facts = new RiskFacts { Category = RiskCategory.DataPrivacy, Channel = IntakeChannel.Hotline, Complainants = 6, Reach = 2_000_000 };
        RiskEvaluation fast = RiskRuleSet.Default.Evaluate(facts);   // level III and the fired-rule set; allocates nothing
        if (RiskRuleSet.Default.Assess(facts).TryPickT0(out RiskAssessment full, out var unknown)) // the explained result, or
        {                                                                                           // a DomainError for an
            Console.WriteLine(full.Rationale);                                                      // unknown category
        }
        // Level III, scope Group, potential risk Medium: group-petition (Complainants = 6 (≥ 5)); reach-1m (Reach = 2000000 (≥ 1000000)).
        // Rule set petition-opinion-default-2026 sha256:…
        // </assessment-facts>
    }
}

// <assessment-code-rule>
public sealed class NightCallsRule : IRiskRule
{
    public string Id => "night-calls";
    public string Description => "Four or more night calls from one customer: at least III.";
    public string Source => "Acme CS policy 2026";
    public RiskRuleEffect Effect { get; } = RiskRuleEffect.AtLeast(SeverityLevel.III, ImpactScope.Individual, ImpactDimensions.CustomerTrust);
    public string Fingerprint => "night-calls v1: night-calls >= 4 then III";
    public bool Fires(RiskFacts facts) => facts.GetNumber("night-calls") >= 4;
    public IReadOnlyList<TriggeringFact> Explain(RiskFacts facts)
        => [new("night-calls", facts.GetNumber("night-calls").ToString(CultureInfo.InvariantCulture), "≥ 4")];
}
// </assessment-code-rule>
