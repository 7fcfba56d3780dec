using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Assessment;

/// <summary>
/// The compiled evaluation (<c>CompiledRiskRules</c>, through <see cref="RiskRuleSet.Evaluate"/>) keeps one bit per rule in
/// four 64-bit words: rules at index 192 to 255 live in the last word, and their effects count like any other rule's.
/// </summary>
public sealed class CompiledRiskRulesTests
{
    private static readonly RiskRuleSet FullSet = RiskRuleSet.Create(
        "escalators-in-last-word",
        [
            .. Enumerable.Range(0, 192).Select(Filler),
            Escalator("escalate-litigation-192", RiskFlag.Litigation),
            .. Enumerable.Range(193, 62).Select(Filler),
            Escalator("escalate-regulator-255", RiskFlag.RegulatorInvolved),
        ],
        DefaultRiskRules.Categories).AsT0;

    /// <summary>An escalator at index 192 (the first bit of the last word) and one at 255 (the last rule) each raise the level one step.</summary>
    [Theory]
    [InlineData(false, false, SeverityLevel.IV)]
    [InlineData(true, false, SeverityLevel.III)]
    [InlineData(false, true, SeverityLevel.III)]
    [InlineData(true, true, SeverityLevel.II)]
    public void Evaluate_EscalatorsAtIndex192And255_EachRaiseTheLevel(bool litigation, bool regulator, SeverityLevel expected)
    {
        var facts = new RiskFacts { Category = RiskCategory.ProductQuality, Litigation = litigation, RegulatorInvolved = regulator };

        var evaluation = FullSet.Evaluate(facts);

        Assert.Equal(FiredRules.Capacity, FullSet.Rules.Count);
        Assert.Equal(expected, evaluation.Level);
        Assert.Equal(litigation, evaluation.Fired.Contains(192));
        Assert.Equal(regulator, evaluation.Fired.Contains(255));
        Assert.Equal((litigation ? 1 : 0) + (regulator ? 1 : 0), evaluation.Fired.Count);
        Assert.Equal(expected, RiskRuleSet.LevelOf(RiskRuleSetProperties.Indexes(evaluation.Fired).Select(i => FullSet.Rules[i].Effect)));
    }

    /// <summary>Escalators in the last word raise a level set by a rule in the first word, as escalators anywhere do.</summary>
    [Fact]
    public void Evaluate_EscalatorsInLastWordOverALevelInFirstWord_RaiseIt()
    {
        var rules = FullSet.Rules.ToArray();
        rules[0] = new RiskRule("complainants-5", "group petition", "test", [RiskCondition.Numeric(RiskFact.Complainants, 5)], RiskRuleEffect.AtLeast(SeverityLevel.III));
        var set = RiskRuleSet.Create("level-and-last-word-escalators", rules, DefaultRiskRules.Categories).AsT0;

        var evaluation = set.Evaluate(new RiskFacts { Category = RiskCategory.ProductQuality, Complainants = 5, Litigation = true, RegulatorInvolved = true });

        Assert.Equal(SeverityLevel.I, evaluation.Level);
        Assert.Equal([0, 192, 255], RiskRuleSetProperties.Indexes(evaluation.Fired));
    }

    // A rule that only fills a bit: a scope on a death toll no test reaches; no level, no escalation.
    private static IRiskRule Filler(int index)
        => new RiskRule($"filler-{index}", "filler", "test", [RiskCondition.Numeric(RiskFact.Deaths, 1_000 + index)], new RiskRuleEffect(null, false, ImpactScope.Group, ImpactDimensions.None));

    private static IRiskRule Escalator(string id, RiskFlag flag)
        => new RiskRule(id, $"{flag} raises the level", "test", [RiskCondition.Flag(flag)], RiskRuleEffect.RaiseOneLevel());
}
