using FsCheck.Xunit;
using PetitionOpinion.Diagnostics;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Tests.Diagnostics;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

/// <summary>
/// Issue 18, "escalation decided once": the lifecycle alone decides that an incident is escalated to the leading group
/// (assessed at I or II, or re-assessed up into I or II) and records it as <see cref="IncidentEscalated"/>; the
/// notification router and the telemetry read that event and decide nothing of their own.
/// </summary>
public sealed class EscalationProperties
{
    [Property(MaxTest = 200)]
    public void Assessments_AnySequenceOfLevels_EscalatedWhenAndOnlyWhenTheLifecycleRecordsIncidentEscalated(byte[] levelSeeds, bool opinion)
    {
        using var telemetry = new PetitionOpinionTelemetry();
        using var capture = new TelemetryCapture(telemetry);
        var scenario = new Scenario();
        var router = new NotificationRouter(scenario.Organization);
        var incident = scenario.Report(opinion ? IncidentKind.PublicOpinion : IncidentKind.Petition);
        incident.ClearPendingEvents();
        foreach (var seed in (levelSeeds ?? []).Take(8))
        {
            var level = (SeverityLevel)(seed % 4 + 1);
            var previous = incident.Level;
            scenario.Time.Advance(Scenario.Step);

            // The customer service manager leads the petition group and sits in the leading group: she may assess, raise and lower.
            IncidentCommand command = previous is null
                ? new AssessIncident(People.CustomerServiceManager, level, ImpactScope.Group, PotentialRisk.Medium, "First look.")
                : new ReassessIncident(People.CustomerServiceManager, level, ImpactScope.Group, PotentialRisk.Medium, "Another look.");
            var recorded = scenario.Lifecycle.Execute(incident, command).Match(events => events.ToList(), error => throw new InvalidOperationException(error.ToString()));
            var escalations = recorded.OfType<IncidentEscalated>().ToList();
            var before = capture.Sums("petition_opinion.incident.level_escalations").Values.Sum();
            telemetry.Appended(incident);
            var counted = capture.Sums("petition_opinion.incident.level_escalations").Values.Sum() - before;
            var told = router.Route(incident, recorded).Where(n => n.Topic == NotificationTopic.IncidentEscalated).ToList();
            incident.ClearPendingEvents();

            // Read everywhere else: the telemetry and the router follow the event.
            var what = $"{previous?.ToString() ?? "none"} → {level}";
            Assert.True(escalations.Count == counted, $"telemetry counted {counted} escalations for {escalations.Count} IncidentEscalated event(s): {what}");
            Assert.True((escalations.Count == 1) == (told.Count > 0), $"the router told {told.Count} people of an escalation for {escalations.Count} IncidentEscalated event(s): {what}");
            Assert.All(told, n => Assert.Equal(escalations[0].OccurredAt, n.CreatedAt));
            Assert.All(told, n => Assert.Equal($"{incident.Id}/{incident.Version - recorded.Count + 1 + recorded.IndexOf(escalations[0])}", string.Join('/', n.DeduplicationKey.Split('/')[..2])));

            // Decided once, by the lifecycle: level I or II reached from nothing or from a less severe level.
            Assert.True((level <= SeverityLevel.II && (previous is null || level < previous)) == (escalations.Count == 1), $"lifecycle: {what}");
            Assert.True(escalations.Count <= 1, what);
        }
    }

    [Theory]
    [InlineData(SeverityLevel.IV, SeverityLevel.III, 0)]
    [InlineData(SeverityLevel.III, SeverityLevel.II, 1)]
    [InlineData(SeverityLevel.II, SeverityLevel.III, 0)]
    [InlineData(null, SeverityLevel.I, 1)]
    [InlineData(null, SeverityLevel.III, 0)]
    public void Appended_Assessment_CountsTheIncidentEscalatedEventsAppendedAndNothingElse(SeverityLevel? from, SeverityLevel to, int expected)
    {
        using var telemetry = new PetitionOpinionTelemetry();
        using var capture = new TelemetryCapture(telemetry);
        var scenario = new Scenario();
        var incident = from is { } first ? scenario.Drive(IncidentState.Assessed, level: first) : scenario.Report();
        incident.ClearPendingEvents();

        var events = scenario.Do(incident, from is null
            ? new AssessIncident(People.CustomerServiceManager, to, ImpactScope.Group, PotentialRisk.High, "First look.")
            : new ReassessIncident(People.CustomerServiceManager, to, ImpactScope.Group, PotentialRisk.High, "Another look."));
        telemetry.Appended(incident);

        Assert.Equal(expected, events.OfType<IncidentEscalated>().Count());
        Assert.Equal(expected, capture.Sums("petition_opinion.incident.level_escalations").Values.Sum());
    }
}
