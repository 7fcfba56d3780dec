using System.Globalization;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Assessment;

/// <summary>The default rules (docs/assessment-rules.md) at and around every threshold, the escalators stacking, the cap at I, and "otherwise IV".</summary>
public sealed class DefaultRiskRulesTests
{
    // Facts are written "Name=value" (a RiskFact), "Name" (a RiskFlag), "Kind=..." or "Channel=..."; expected fired rules
    // are listed in rule-set order.
    [Theory]
    // Otherwise IV.
    [InlineData("", "IV", "")]
    [InlineData("Complainants=0", "IV", "")]
    [InlineData("Sentiment=-1", "IV", "")]
    [InlineData("Sentiment=1 NegativeShare=1", "IV", "")]
    [InlineData("Kind=PublicOpinion Channel=SocialMedia", "IV", "")]
    // Personal data: 1M → III, 10M → II, 100M → I.
    [InlineData("PersonalDataRecordsAffected=999999", "IV", "")]
    [InlineData("PersonalDataRecordsAffected=1000000", "III", "personal-data-1m")]
    [InlineData("PersonalDataRecordsAffected=1000001", "III", "personal-data-1m")]
    [InlineData("PersonalDataRecordsAffected=9999999", "III", "personal-data-1m")]
    [InlineData("PersonalDataRecordsAffected=10000000", "II", "personal-data-10m personal-data-1m")]
    [InlineData("PersonalDataRecordsAffected=10000001", "II", "personal-data-10m personal-data-1m")]
    [InlineData("PersonalDataRecordsAffected=99999999", "II", "personal-data-10m personal-data-1m")]
    [InlineData("PersonalDataRecordsAffected=100000000", "I", "personal-data-100m personal-data-10m personal-data-1m")]
    [InlineData("PersonalDataRecordsAffected=100000001", "I", "personal-data-100m personal-data-10m personal-data-1m")]
    // Complainants: 5 → group petition, III; 50 → II.
    [InlineData("Complainants=4", "IV", "")]
    [InlineData("Complainants=5", "III", "group-petition")]
    [InlineData("Complainants=6", "III", "group-petition")]
    [InlineData("Complainants=49", "III", "group-petition")]
    [InlineData("Complainants=50", "II", "group-petition complainants-50")]
    [InlineData("Complainants=51", "II", "group-petition complainants-50")]
    // Reach: 1M → III, 10M or mainstream media → II, 100M or national trending → I.
    [InlineData("Reach=999999", "IV", "")]
    [InlineData("Reach=1000000", "III", "reach-1m")]
    [InlineData("Reach=1000001", "III", "reach-1m")]
    [InlineData("Reach=9999999", "III", "reach-1m")]
    [InlineData("Reach=10000000", "II", "reach-10m reach-1m")]
    [InlineData("Reach=10000001", "II", "reach-10m reach-1m")]
    [InlineData("Reach=99999999", "II", "reach-10m reach-1m")]
    [InlineData("Reach=100000000", "I", "reach-100m reach-10m reach-1m")]
    [InlineData("Reach=100000001", "I", "reach-100m reach-10m reach-1m")]
    [InlineData("MainstreamMediaCoverage", "II", "mainstream-media")]
    [InlineData("NationalTrending", "I", "national-trending")]
    [InlineData("NationalTrending MainstreamMediaCoverage Reach=999999", "I", "national-trending mainstream-media")]
    // Regulator, litigation, injury, death.
    [InlineData("RegulatorInvolved", "II", "regulator")]
    [InlineData("Litigation", "II", "litigation")]
    [InlineData("RegulatorInvolved Litigation", "II", "regulator litigation")]
    [InlineData("Injuries=0", "IV", "")]
    [InlineData("Injuries=1", "II", "injury")]
    [InlineData("Injuries=2", "II", "injury")]
    [InlineData("Deaths=0", "IV", "")]
    [InlineData("Deaths=1", "I", "death")]
    [InlineData("Deaths=2", "I", "death")]
    [InlineData("Deaths=1 Injuries=3 Litigation", "I", "litigation death injury")]
    // Escalator: negative share ≥ 60% with reach ≥ 1M.
    [InlineData("NegativeShare=0.59 Reach=1000000", "III", "reach-1m")]
    [InlineData("NegativeShare=0.5999999999 Reach=1000000", "III", "reach-1m")]
    [InlineData("NegativeShare=0.6 Reach=999999", "IV", "")]
    [InlineData("NegativeShare=0.6 Reach=1000000", "II", "reach-1m escalate-negative-reach")]
    [InlineData("NegativeShare=0.61 Reach=1000001", "II", "reach-1m escalate-negative-reach")]
    [InlineData("NegativeShare=1 Reach=10000000", "I", "reach-10m reach-1m escalate-negative-reach")]
    [InlineData("NegativeShare=0.6 Reach=100000000", "I", "reach-100m reach-10m reach-1m escalate-negative-reach")]
    // Escalator: minors or vulnerable people.
    [InlineData("MinorsOrVulnerable", "III", "escalate-minors-vulnerable")]
    [InlineData("MinorsOrVulnerable Complainants=5", "II", "group-petition escalate-minors-vulnerable")]
    [InlineData("MinorsOrVulnerable Injuries=1", "I", "injury escalate-minors-vulnerable")]
    // Escalator: the third petition within 90 days (two before it).
    [InlineData("PriorPetitionsWithin90Days=1", "IV", "")]
    [InlineData("PriorPetitionsWithin90Days=2", "III", "escalate-third-petition")]
    [InlineData("PriorPetitionsWithin90Days=3", "III", "escalate-third-petition")]
    // Escalators stack, one level each, and never go above I.
    [InlineData("MinorsOrVulnerable PriorPetitionsWithin90Days=2", "II", "escalate-minors-vulnerable escalate-third-petition")]
    [InlineData("MinorsOrVulnerable PriorPetitionsWithin90Days=2 NegativeShare=0.6 Reach=1000000", "I", "reach-1m escalate-negative-reach escalate-minors-vulnerable escalate-third-petition")]
    [InlineData("MinorsOrVulnerable PriorPetitionsWithin90Days=2 Complainants=5", "I", "group-petition escalate-minors-vulnerable escalate-third-petition")]
    [InlineData("MinorsOrVulnerable PriorPetitionsWithin90Days=2 Complainants=4", "II", "escalate-minors-vulnerable escalate-third-petition")]
    [InlineData("MinorsOrVulnerable PriorPetitionsWithin90Days=2 Complainants=50", "I", "group-petition complainants-50 escalate-minors-vulnerable escalate-third-petition")]
    [InlineData("MinorsOrVulnerable Deaths=1", "I", "death escalate-minors-vulnerable")]
    [InlineData("MinorsOrVulnerable NationalTrending PriorPetitionsWithin90Days=5 NegativeShare=1 Reach=100000000", "I", "reach-100m national-trending reach-10m reach-1m escalate-negative-reach escalate-minors-vulnerable escalate-third-petition")]
    // The most severe outcome wins.
    [InlineData("Complainants=5 PersonalDataRecordsAffected=10000000 RegulatorInvolved", "II", "personal-data-10m personal-data-1m group-petition regulator")]
    [InlineData("Complainants=50 Reach=100000000", "I", "group-petition complainants-50 reach-100m reach-10m reach-1m")]
    public void Evaluate_DefaultRules_GivesTheLevelAndFiresTheRulesOfDomainSection2(string facts, string level, string fired)
    {
        var parsed = Parse(facts);
        var expectedFired = fired.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var evaluation = RiskRuleSet.Default.Evaluate(parsed);
        var assessment = RiskRuleSet.Default.Assess(parsed).AsT0;

        Assert.Equal(Enum.Parse<SeverityLevel>(level), evaluation.Level);
        Assert.Equal(expectedFired, RiskRuleSetProperties.Ids(RiskRuleSet.Default, evaluation.Fired));
        Assert.Equal(evaluation.Level, assessment.Level);
        Assert.Equal(expectedFired, assessment.FiredRules.Select(r => r.Id));
    }

    [Fact]
    public void All_IsTheSeventeenRulesOfDomainSection2InOrderEachWithASource()
    {
        Assert.Equal(
            [
                "personal-data-100m", "personal-data-10m", "personal-data-1m", "group-petition", "complainants-50", "reach-100m",
                "national-trending", "reach-10m", "mainstream-media", "reach-1m", "regulator", "litigation", "death", "injury",
                "escalate-negative-reach", "escalate-minors-vulnerable", "escalate-third-petition",
            ],
            DefaultRiskRules.All.Select(r => r.Id));
        Assert.All(DefaultRiskRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
        Assert.All(DefaultRiskRules.All, r => Assert.Contains("：", r.Description, StringComparison.Ordinal));
        Assert.Equal([RiskCategory.ProductQuality, RiskCategory.ServiceAttitude, RiskCategory.DataPrivacy, RiskCategory.SocialResponsibility], DefaultRiskRules.Categories);
        Assert.Same(RiskRuleSet.Default, RiskRuleSet.Default);
        Assert.Equal(DefaultRiskRules.RuleSetId, RiskRuleSet.Default.Id);
        Assert.Equal(DefaultRiskRules.All, RiskRuleSet.Default.Rules);
    }

    [Fact]
    public void Evaluate_GroupPetition_HasScopeGroup()
    {
        var assessment = RiskRuleSet.Default.Assess(Parse("Complainants=5")).AsT0;

        Assert.Equal(ImpactScope.Group, assessment.Scope);
        Assert.Equal(ImpactScope.Individual, RiskRuleSet.Default.Assess(Parse("Complainants=4")).AsT0.Scope);
    }

    /// <summary>Parses facts written as in the table above, for the data-privacy category.</summary>
    /// <param name="text">The facts.</param>
    /// <returns>The facts.</returns>
    public static RiskFacts Parse(string text)
    {
        var facts = new RiskFacts { Category = RiskCategory.DataPrivacy };
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = part.IndexOf('=', StringComparison.Ordinal) is var at and >= 0 ? (part[..at], part[(at + 1)..]) : (part, null);
            facts = (name, value) switch
            {
                ("Kind", { } kind) => facts with { Kind = Enum.Parse<IncidentKind>(kind) },
                ("Channel", { } channel) => facts with { Channel = Enum.Parse<IntakeChannel>(channel) },
                (nameof(RiskFact.NegativeShare), { } share) => facts with { NegativeShare = double.Parse(share, CultureInfo.InvariantCulture) },
                (nameof(RiskFact.Sentiment), { } sentiment) => facts with { Sentiment = double.Parse(sentiment, CultureInfo.InvariantCulture) },
                (_, { } count) => RiskRuleSetProperties.With(facts, Enum.Parse<RiskFact>(name), long.Parse(count, CultureInfo.InvariantCulture)),
                _ => RiskRuleSetProperties.Set(facts, Enum.Parse<RiskFlag>(name)),
            };
        }

        return facts;
    }
}
