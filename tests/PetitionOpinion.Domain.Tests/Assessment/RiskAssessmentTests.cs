using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Assessment;

/// <summary><see cref="RiskRuleSet.Assess"/>: the explained result — fired rules with the fact values that triggered them, scope, dimensions, groups, response targets, the rule set.</summary>
public sealed class RiskAssessmentTests
{
    [Fact]
    public void Assess_LevelIDataLeakPetition_ExplainsEverything()
    {
        var facts = new RiskFacts { Category = RiskCategory.DataPrivacy, PersonalDataRecordsAffected = 150_000_000 };

        var assessment = RiskRuleSet.Default.Assess(facts).AsT0;

        Assert.Same(facts, assessment.Facts);
        Assert.Equal(SeverityLevel.I, assessment.Level);
        Assert.Equal(ImpactScope.PublicOrNational, assessment.Scope);
        Assert.Equal(PotentialRisk.Extreme, assessment.PotentialRisk);
        Assert.Equal(ImpactDimensions.CustomerTrust, assessment.Dimensions);
        Assert.Equal(["personal-data-100m", "personal-data-10m", "personal-data-1m"], assessment.FiredRules.Select(r => r.Id));
        var first = assessment.FiredRules[0];
        Assert.Equal(DefaultRiskRules.PersonalDataI.Description, first.Description);
        Assert.Equal(DefaultRiskRules.PersonalDataI.Source, first.Source);
        Assert.Equal(RiskRuleEffect.AtLeast(SeverityLevel.I, ImpactScope.PublicOrNational, ImpactDimensions.CustomerTrust), first.Effect);
        Assert.Equal([new TriggeringFact("PersonalDataRecordsAffected", "150000000", "≥ 100000000")], first.Triggers);
        Assert.Equal([new TriggeringFact("PersonalDataRecordsAffected", "150000000", "≥ 1000000")], assessment.FiredRules[2].Triggers);
        Assert.Equal([WellKnownGroups.LeadingGroup, WellKnownGroups.PetitionHandlingGroup, WellKnownGroups.LogisticsSupportGroup], assessment.GroupsToActivate);
        Assert.Equal(DeadlinePolicy.Default.TargetsFor(SeverityLevel.I, assessment.Facts.Kind), assessment.Targets);
        Assert.Equal(("15 minutes", "1 hour", "3 days", "2 hours"), Limits(assessment.Targets));
        Assert.Null(assessment.Targets.FirstPublicStatement);
        Assert.Equal(DefaultRiskRules.RuleSetId, assessment.RuleSetId);
        Assert.Equal(RiskRuleSet.Default.ContentHash, assessment.RuleSetHash);
    }

    [Fact]
    public void Assess_LevelIDataLeakGoneViral_AddsTheOpinionGroupAndThePublicStatementTarget()
    {
        var facts = new RiskFacts { Category = RiskCategory.DataPrivacy, Kind = IncidentKind.PetitionAndPublicOpinion, PersonalDataRecordsAffected = 150_000_000, Reach = 2_000_000, NegativeShare = 0.8 };

        var assessment = RiskRuleSet.Default.Assess(facts).AsT0;

        Assert.Equal(SeverityLevel.I, assessment.Level);
        Assert.Equal(ImpactDimensions.CustomerTrust | ImpactDimensions.Reputation, assessment.Dimensions);
        Assert.Equal(
            [WellKnownGroups.LeadingGroup, WellKnownGroups.PetitionHandlingGroup, WellKnownGroups.OpinionMonitoringGroup, WellKnownGroups.LogisticsSupportGroup],
            assessment.GroupsToActivate);
        Assert.Equal(DeadlineLimit.Hours(4), assessment.Targets.FirstPublicStatement);
        var escalator = assessment.FiredRules.Single(r => r.Id == "escalate-negative-reach");
        Assert.Equal([new TriggeringFact("NegativeShare", "0.8", "≥ 0.6"), new TriggeringFact("Reach", "2000000", "≥ 1000000")], escalator.Triggers);
    }

    [Fact]
    public void Assess_GroupPetitionWithMinors_IsIIWithBothRulesAndTheirTriggers()
    {
        var facts = new RiskFacts { Category = RiskCategory.ServiceAttitude, Complainants = 6, MinorsOrVulnerable = true };

        var assessment = RiskRuleSet.Default.Assess(facts).AsT0;

        Assert.Equal(SeverityLevel.II, assessment.Level);
        Assert.Equal(ImpactScope.Group, assessment.Scope);
        Assert.Equal(PotentialRisk.High, assessment.PotentialRisk);
        Assert.Equal(ImpactDimensions.CustomerTrust | ImpactDimensions.Reputation, assessment.Dimensions);
        Assert.Equal([new TriggeringFact("Complainants", "6", "≥ 5")], assessment.FiredRules[0].Triggers);
        Assert.Equal([new TriggeringFact("MinorsOrVulnerable", "set", "set")], assessment.FiredRules[1].Triggers);
        Assert.True(assessment.FiredRules[1].Effect.RaisesOneLevel);
        Assert.Equal([WellKnownGroups.LeadingGroup, WellKnownGroups.PetitionHandlingGroup], assessment.GroupsToActivate);
        Assert.Equal(DeadlinePolicy.Default.TargetsFor(SeverityLevel.II, assessment.Facts.Kind), assessment.Targets);
        Assert.Equal(("30 minutes", "4 hours", "7 days", "6 hours"), Limits(assessment.Targets));
        Assert.Contains("group-petition (Complainants = 6 (≥ 5))", assessment.Rationale, StringComparison.Ordinal);
        Assert.Contains("escalate-minors-vulnerable (MinorsOrVulnerable = set (set))", assessment.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_NothingFired_IsIVIndividualLowWithOnlyThePetitionGroup()
    {
        var facts = new RiskFacts { Category = RiskCategory.ProductQuality };

        var assessment = RiskRuleSet.Default.Assess(facts).AsT0;

        Assert.Equal(SeverityLevel.IV, assessment.Level);
        Assert.Equal(ImpactScope.Individual, assessment.Scope);
        Assert.Equal(PotentialRisk.Low, assessment.PotentialRisk);
        Assert.Equal(ImpactDimensions.None, assessment.Dimensions);
        Assert.Empty(assessment.FiredRules);
        Assert.Equal([WellKnownGroups.PetitionHandlingGroup], assessment.GroupsToActivate);
        Assert.Equal(DeadlinePolicy.Default.TargetsFor(SeverityLevel.IV, assessment.Facts.Kind), assessment.Targets);
        Assert.Equal(("1 working day", "3 working days", "30 working days", (string?)null), Limits(assessment.Targets));
        Assert.Equal(
            $"Level IV, scope Individual, potential risk Low: no rule fired. Rule set {DefaultRiskRules.RuleSetId} sha256:{RiskRuleSet.Default.ContentHash[..12]}.",
            assessment.Rationale);
    }

    [Theory]
    [InlineData(SeverityLevel.I, IncidentKind.PublicOpinion, "4 hours")]
    [InlineData(SeverityLevel.II, IncidentKind.PublicOpinion, "12 hours")]
    [InlineData(SeverityLevel.III, IncidentKind.PetitionAndPublicOpinion, "24 hours")]
    [InlineData(SeverityLevel.IV, IncidentKind.PublicOpinion, null)]
    [InlineData(SeverityLevel.I, IncidentKind.Petition, null)]
    [InlineData(SeverityLevel.III, IncidentKind.Petition, null)]
    public void Targets_ByLevelAndKind_AreTheDeadlinePolicysTable(SeverityLevel level, IncidentKind kind, string? statement)
    {
        var targets = DeadlinePolicy.Default.TargetsFor(level, kind);

        Assert.Equal((level, kind), (targets.Level, targets.Kind));
        Assert.Equal(statement, targets.FirstPublicStatement?.ToString());
        (string, string, string, string?) expected = level switch
        {
            SeverityLevel.I => ("15 minutes", "1 hour", "3 days", "2 hours"),
            SeverityLevel.II => ("30 minutes", "4 hours", "7 days", "6 hours"),
            SeverityLevel.III => ("4 hours", "1 working day", "15 working days", "24 hours"),
            _ => ("1 working day", "3 working days", "30 working days", null),
        };
        Assert.Equal(expected, Limits(targets));
        Assert.Equal(kind != IncidentKind.PublicOpinion, targets.Petition is not null);
    }

    [Fact]
    public void Assess_CustomFacts_AreExplainedByKey()
    {
        var set = RiskRuleSet.Create(
            "acme",
            [new RiskRule("refund", "A large refund", "Acme policy", [RiskCondition.Numeric("refund-amount", 10_000), RiskCondition.Flag("vip-customer")], RiskRuleEffect.AtLeast(SeverityLevel.II, ImpactScope.Group, ImpactDimensions.MarketShare))],
            DefaultRiskRules.Categories).AsT0;
        var facts = new RiskFacts { Category = RiskCategory.ProductQuality, Numbers = new Dictionary<string, double> { ["refund-amount"] = 12_500.5 }, Flags = new HashSet<string> { "vip-customer" } };

        var assessment = set.Assess(facts).AsT0;

        Assert.Equal(SeverityLevel.II, assessment.Level);
        Assert.Equal(ImpactDimensions.MarketShare, assessment.Dimensions);
        var fired = Assert.Single(assessment.FiredRules);
        Assert.Equal([new TriggeringFact("refund-amount", "12500.5", "≥ 10000"), new TriggeringFact("vip-customer", "set", "set")], fired.Triggers);
        Assert.Equal("Acme policy", fired.Source);
        Assert.Contains("Rule set acme sha256:" + set.ContentHash[..12], assessment.Rationale, StringComparison.Ordinal);
        Assert.Equal(SeverityLevel.IV, set.Evaluate(facts with { Flags = new HashSet<string>() }).Level);
    }

    [Fact]
    public void Assess_Organization_NamesOnlyItsGroups()
    {
        var organization = new OrganizationBuilder()
            .AddPerson(People.CustomerServiceRep, "Rep")
            .AddGroup(WellKnownGroups.PetitionHandlingGroup, "Petition Handling Group", "信访处理小组")
            .AddPosition(WellKnownGroups.PetitionHandlingGroup, new PositionId("petition.leader"), "Leader", "组长", GroupRole.Leader)
            .Assign(new PositionId("petition.leader"), People.CustomerServiceRep)
            .Build().AsT0;
        var facts = new RiskFacts { Category = RiskCategory.DataPrivacy, PersonalDataRecordsAffected = 150_000_000, Reach = 5 };

        var small = RiskRuleSet.Default.Assess(facts, organization).AsT0;
        var seed = RiskRuleSet.Default.Assess(facts, Scenario.SeedOrganization()).AsT0;

        Assert.Equal([WellKnownGroups.PetitionHandlingGroup], small.GroupsToActivate);
        Assert.Equal(RiskRuleSet.Default.Assess(facts).AsT0.GroupsToActivate, seed.GroupsToActivate);
        Assert.Equal(4, seed.GroupsToActivate.Count);
    }

    [Fact]
    public void Rationale_NamesTheLevelEveryFiredRuleWithItsTriggersAndTheRuleSet()
    {
        var facts = new RiskFacts { Category = RiskCategory.SocialResponsibility, Deaths = 1, Litigation = true };

        var rationale = RiskRuleSet.Default.Assess(facts).AsT0.Rationale;

        Assert.Equal(
            $"Level I, scope Individual, potential risk Extreme: litigation (Litigation = set (set)); death (Deaths = 1 (≥ 1)). Rule set {DefaultRiskRules.RuleSetId} sha256:{RiskRuleSet.Default.ContentHash[..12]}.",
            rationale);
    }

    private static (string Acknowledge, string AssessmentDone, string Resolution, string? StatusUpdateEvery) Limits(ResponseTargets targets)
        => (targets.Acknowledge.ToString(), targets.AssessmentDone.ToString(), targets.Resolution.ToString(), targets.StatusUpdateEvery?.ToString());
}
