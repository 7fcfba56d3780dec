using PetitionOpinion.Assessment;
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
        Assert.Equal(new ResponseTargets(SeverityLevel.I, TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), null, TimeSpan.FromDays(3), TimeSpan.FromHours(2)), assessment.Targets);
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
        Assert.Equal(TimeSpan.FromHours(4), assessment.Targets.FirstPublicStatement);
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
        Assert.Equal(new ResponseTargets(SeverityLevel.II, TimeSpan.FromMinutes(30), TimeSpan.FromHours(4), null, TimeSpan.FromDays(7), TimeSpan.FromHours(6)), assessment.Targets);
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
        Assert.Equal(new ResponseTargets(SeverityLevel.IV, TimeSpan.FromDays(1), TimeSpan.FromDays(3), null, TimeSpan.FromDays(30), null), assessment.Targets);
        Assert.Equal(
            $"Level IV, scope Individual, potential risk Low: no rule fired. Rule set {DefaultRiskRules.RuleSetId} sha256:{RiskRuleSet.Default.ContentHash[..12]}.",
            assessment.Rationale);
    }

    [Theory]
    [InlineData(SeverityLevel.I, IncidentKind.PublicOpinion, 4.0)]
    [InlineData(SeverityLevel.II, IncidentKind.PublicOpinion, 12.0)]
    [InlineData(SeverityLevel.III, IncidentKind.PetitionAndPublicOpinion, 24.0)]
    [InlineData(SeverityLevel.IV, IncidentKind.PublicOpinion, null)]
    [InlineData(SeverityLevel.I, IncidentKind.Petition, null)]
    [InlineData(SeverityLevel.III, IncidentKind.Petition, null)]
    public void Targets_ByLevelAndKind_FollowDomainSection4(SeverityLevel level, IncidentKind kind, double? statementHours)
    {
        var targets = ResponseTargets.For(level, kind);

        Assert.Equal(level, targets.Level);
        Assert.Equal(statementHours is { } hours ? TimeSpan.FromHours(hours) : null, targets.FirstPublicStatement);
        (TimeSpan, TimeSpan, TimeSpan, TimeSpan?) expected = level switch
        {
            SeverityLevel.I => (TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromDays(3), TimeSpan.FromHours(2)),
            SeverityLevel.II => (TimeSpan.FromMinutes(30), TimeSpan.FromHours(4), TimeSpan.FromDays(7), TimeSpan.FromHours(6)),
            SeverityLevel.III => (TimeSpan.FromHours(4), TimeSpan.FromDays(1), TimeSpan.FromDays(15), TimeSpan.FromHours(24)),
            _ => (TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(30), null),
        };
        Assert.Equal(expected, (targets.Acknowledge, targets.AssessmentDone, targets.Resolution, targets.StatusUpdateEvery));
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
}
