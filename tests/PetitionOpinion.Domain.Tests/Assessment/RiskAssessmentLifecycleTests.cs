using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Assessment;

/// <summary><see cref="AssessIncident.From"/> and <see cref="ReassessIncident.From"/>: the lifecycle's assess actions record a rule set's assessment; raising it to I or II escalates.</summary>
public sealed class RiskAssessmentLifecycleTests
{
    private readonly Scenario _scenario = new();

    [Fact]
    public void AssessIncidentFrom_GroupPetition_RecordsTheRuleSetsLevelScopeRiskAndRationale()
    {
        var incident = _scenario.Report();
        var assessment = RiskRuleSet.Default.Assess(new RiskFacts { Category = RiskCategory.DataPrivacy, Complainants = 6 }).AsT0;

        var command = AssessIncident.From(People.CustomerServiceRep, assessment);
        var events = _scenario.Do(incident, command);

        Assert.Equal(new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Group, PotentialRisk.Medium, assessment.Rationale) { Facts = assessment.Facts }, command);
        var assessed = Assert.IsType<IncidentAssessed>(Assert.Single(events));
        Assert.Equal(SeverityLevel.III, assessed.Level);
        Assert.Null(assessed.PreviousLevel);
        Assert.Equal(IncidentState.Assessed, incident.State);
        Assert.Equal(SeverityLevel.III, incident.Level);
        Assert.Equal(ImpactScope.Group, incident.Assessment!.Scope);
        Assert.Equal(PotentialRisk.Medium, incident.Assessment.PotentialRisk);
        Assert.Contains("group-petition (Complainants = 6 (≥ 5))", incident.Assessment.Rationale, StringComparison.Ordinal);
        Assert.Contains(RiskRuleSet.Default.ContentHash[..12], incident.Assessment.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void ReassessIncidentFrom_RaisedToII_RecordsIncidentEscalated()
    {
        var incident = _scenario.Report();
        var facts = new RiskFacts { Category = RiskCategory.DataPrivacy, Complainants = 6 };
        _scenario.Do(incident, AssessIncident.From(People.CustomerServiceRep, RiskRuleSet.Default.Assess(facts).AsT0));
        _scenario.Do(incident, _scenario.IssueCommand());
        var raised = RiskRuleSet.Default.Assess(facts with { RegulatorInvolved = true }).AsT0;

        var events = _scenario.Do(incident, ReassessIncident.From(People.PetitionDeputy, raised));

        Assert.Equal(SeverityLevel.II, raised.Level);
        Assert.Equal([typeof(IncidentAssessed), typeof(IncidentEscalated)], events.Select(e => e.GetType()));
        var escalated = (IncidentEscalated)events[1];
        Assert.Equal(SeverityLevel.III, escalated.FromLevel);
        Assert.Equal(SeverityLevel.II, escalated.ToLevel);
        Assert.Equal(People.PetitionDeputy, escalated.Actor);
        Assert.Equal(SeverityLevel.II, incident.Level);
        Assert.Equal(PotentialRisk.High, incident.Assessment!.PotentialRisk);
        Assert.Contains("regulator (RegulatorInvolved = set (set))", incident.Assessment.Rationale, StringComparison.Ordinal);
        Assert.Equal([SeverityLevel.III, SeverityLevel.II], incident.Assessments.Select(a => a.Level));
        Assert.Equal(IncidentState.Directed, incident.State);
    }

    [Fact]
    public void ReassessIncidentFrom_NotRaisedIntoIOrII_RecordsOnlyTheAssessment()
    {
        // A public-opinion incident: on a petition, a reach of 2,000,000 would also record that it went public (issue 20).
        var incident = _scenario.Drive(IncidentState.Responding, IncidentKind.PublicOpinion, SeverityLevel.IV);
        var assessment = RiskRuleSet.Default.Assess(new RiskFacts { Category = RiskCategory.ProductQuality, Kind = IncidentKind.PublicOpinion, Reach = 2_000_000 }).AsT0;

        var events = _scenario.Do(incident, ReassessIncident.From(People.CustomerServiceRep, assessment));

        Assert.IsType<IncidentAssessed>(Assert.Single(events));
        Assert.Equal(SeverityLevel.III, incident.Level);
        Assert.Empty(incident.History.OfType<IncidentEscalated>());
    }

    [Fact]
    public void ReassessIncidentFrom_RaisedToIAfterResolved_IsRefused()
    {
        var incident = _scenario.Drive(IncidentState.Resolved);
        var assessment = RiskRuleSet.Default.Assess(new RiskFacts { Category = RiskCategory.ProductQuality, Deaths = 1 }).AsT0;

        _scenario.Refuse(incident, ReassessIncident.From(People.CustomerServiceRep, assessment));
    }

    [Fact]
    public void AssessIncidentFrom_VeryLongRationale_IsShortenedKeepingTheRuleSetAndAccepted()
    {
        var rules = Enumerable.Range(0, FiredRules.Capacity)
            .Select(i => (IRiskRule)new RiskRule($"rule-{i:D3}-{new string('x', 55)}", "Always", "test", [RiskCondition.Numeric(RiskFact.Complainants, 0)], RiskRuleEffect.RaiseOneLevel()))
            .ToList();
        var set = RiskRuleSet.Create("long-rationale", rules, DefaultRiskRules.Categories).AsT0;
        var assessment = set.Assess(new RiskFacts { Category = RiskCategory.DataPrivacy }).AsT0;
        var incident = _scenario.Report();

        var command = AssessIncident.From(People.CustomerServiceRep, assessment);
        _scenario.Do(incident, command);

        Assert.True(assessment.Rationale.Length > TextLimits.Short);
        Assert.Equal(SeverityLevel.I, incident.Level);
        Assert.True(command.Rationale.Length <= TextLimits.Short);
        Assert.StartsWith("Level I, scope Individual, potential risk Extreme: rule-000-", command.Rationale, StringComparison.Ordinal);
        Assert.Contains($"Rule set long-rationale sha256:{set.ContentHash[..12]}", command.Rationale, StringComparison.Ordinal);
        Assert.Contains("…", command.Rationale, StringComparison.Ordinal);
        Assert.Equal(command.Rationale, ReassessIncident.From(People.CustomerServiceRep, assessment).Rationale);
    }

    [Fact]
    public void From_NullAssessment_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => AssessIncident.From(People.CustomerServiceRep, null!));
        Assert.Throws<ArgumentNullException>(() => ReassessIncident.From(People.CustomerServiceRep, null!));
    }
}
