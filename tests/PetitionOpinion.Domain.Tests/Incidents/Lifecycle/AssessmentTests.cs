using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>Assessment and re-assessment: re-assessing until resolved, and escalation when the level is set or raised to I or II.</summary>
public sealed class AssessmentTests
{
    private readonly Scenario _scenario = new();

    [Theory]
    [InlineData(SeverityLevel.III, SeverityLevel.II)]
    [InlineData(SeverityLevel.III, SeverityLevel.I)]
    [InlineData(SeverityLevel.II, SeverityLevel.I)]
    [InlineData(SeverityLevel.IV, SeverityLevel.II)]
    [InlineData(SeverityLevel.IV, SeverityLevel.I)]
    public void Reassess_RaisingTheLevelToIOrII_RecordsIncidentEscalated(SeverityLevel from, SeverityLevel to)
    {
        var incident = _scenario.Drive(IncidentState.Directed, level: from);

        var events = _scenario.Do(incident, new ReassessIncident(People.PetitionDeputy, to, ImpactScope.PublicOrNational, PotentialRisk.Extreme, "Trending nationally."));

        Assert.Equal([typeof(IncidentAssessed), typeof(IncidentEscalated)], events.Select(e => e.GetType()));
        var assessed = (IncidentAssessed)events[0];
        var escalated = (IncidentEscalated)events[1];
        Assert.Equal(from, assessed.PreviousLevel);
        Assert.Equal(from, escalated.FromLevel);
        Assert.Equal(to, escalated.ToLevel);
        Assert.Equal(People.PetitionDeputy, escalated.Actor);
        Assert.Equal(to, incident.Level);
        Assert.Equal([from, to], incident.Assessments.Select(a => a.Level));
        Assert.Equal(IncidentState.Directed, incident.State);
    }

    [Theory]
    [InlineData(SeverityLevel.IV, SeverityLevel.III)]
    [InlineData(SeverityLevel.III, SeverityLevel.III)]
    [InlineData(SeverityLevel.III, SeverityLevel.IV)]
    [InlineData(SeverityLevel.II, SeverityLevel.III)]
    [InlineData(SeverityLevel.II, SeverityLevel.II)]
    [InlineData(SeverityLevel.I, SeverityLevel.IV)]
    public void Reassess_NotRaisingTheLevelIntoIOrII_RecordsOnlyTheAssessment(SeverityLevel from, SeverityLevel to)
    {
        var incident = _scenario.Drive(IncidentState.Responding, level: from);

        // The customer service manager leads the petition group and sits in the leading group, which lowers levels I and II.
        var events = _scenario.Do(incident, new ReassessIncident(People.CustomerServiceManager, to, ImpactScope.Individual, PotentialRisk.Low, "Re-checked."));

        var assessed = Assert.IsType<IncidentAssessed>(Assert.Single(events));
        Assert.Equal(from, assessed.PreviousLevel);
        Assert.Equal(to, incident.Level);

        // Only the first assessment's escalation, when it was at I or II.
        Assert.Equal(from <= SeverityLevel.II ? 1 : 0, incident.History.OfType<IncidentEscalated>().Count());
    }

    [Theory]
    [InlineData(SeverityLevel.I)]
    [InlineData(SeverityLevel.II)]
    public void Assess_FirstAssessmentAtIOrII_RecordsIncidentEscalatedFromNoLevel(SeverityLevel level)
    {
        var incident = _scenario.Report();

        var events = _scenario.Do(incident, new AssessIncident(People.CustomerServiceRep, level, ImpactScope.Group, PotentialRisk.High, "Many complainants."));

        // Issue 18: the leading group must hear of a level I or II incident; the lifecycle decides it once, as the event.
        Assert.Equal([typeof(IncidentAssessed), typeof(IncidentEscalated)], events.Select(e => e.GetType()));
        Assert.Null(((IncidentAssessed)events[0]).PreviousLevel);
        Assert.Equal((null, level), (((IncidentEscalated)events[1]).FromLevel, ((IncidentEscalated)events[1]).ToLevel));
        Assert.Equal(level, incident.Level);
        Assert.Equal(IncidentState.Assessed, incident.State);
    }

    [Fact]
    public void Assess_RecordsEverythingTheAssessorGave()
    {
        var incident = _scenario.Report();

        _scenario.Do(incident, new AssessIncident(People.LegalSpecialist, SeverityLevel.II, ImpactScope.RegionalOrIndustry, PotentialRisk.High, "Regulator involved."));

        Assert.Equal(new PetitionOpinion.Incidents.Assessment(SeverityLevel.II, ImpactScope.RegionalOrIndustry, PotentialRisk.High, "Regulator involved.", People.LegalSpecialist, _scenario.Now), incident.Assessment);
    }

    [Theory]
    [InlineData(IncidentState.Resolved)]
    [InlineData(IncidentState.Closed)]
    [InlineData(IncidentState.Dismissed)]
    public void Reassess_AfterResolution_ReturnsTransitionNotAllowed(IncidentState state)
    {
        var incident = _scenario.Drive(state);

        var error = _scenario.Refuse(incident, new ReassessIncident(People.CustomerServiceRep, SeverityLevel.I, ImpactScope.PublicOrNational, PotentialRisk.Extreme, "Too late."));

        Assert.Equal(IncidentErrors.TransitionNotAllowed, error.Code);
    }

    [Fact]
    public void Reassess_AfterReopening_IsAllowedAgain()
    {
        var incident = _scenario.Drive(IncidentState.Closed);
        _scenario.Do(incident, new ReopenIncident(People.GeneralManager, "Flares up."));

        var events = _scenario.Do(incident, new ReassessIncident(People.CustomerServiceRep, SeverityLevel.II, ImpactScope.PublicOrNational, PotentialRisk.High, "Flares up."));

        Assert.Equal(2, events.Count);
        Assert.IsType<IncidentEscalated>(events[1]);
    }
}
