using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;

namespace PetitionOpinion.Tests.Properties;

/// <summary>
/// Issue 20: once an incident took on its second nature (a petition that went public, a petitioner who came forward), it
/// carries the deadlines of both natures for as long as it is open. Random sequences (<see cref="LifecycleArbitraries"/>,
/// which add the nature by command and by assessments whose facts show public exposure) run on the lifecycle and the
/// reference <see cref="IncidentModel"/>, which says when the change happened.
/// </summary>
public sealed class NatureChangeProperties
{
    private const int Sequences = 1_000;

    [Property(MaxTest = Sequences, Arbitrary = new[] { typeof(LifecycleArbitraries) })]
    public void DeadlinesOf_AfterTheChange_HoldTheDeadlinesOfBothNaturesWhileTheIncidentIsOpen(LifecycleScenario scenario)
    {
        var run = new LifecycleRun(scenario);
        if (run.Incident is not { } incident)
        {
            return;
        }

        var scanner = new DeadlineScanner(DeadlinePolicy.Default, new FakeTimeProvider(LifecycleArbitraries.Start));
        var changed = false;
        for (var i = 0; i < run.StepCount; i++)
        {
            var result = run.Execute(i);
            var model = run.Model!;
            run.Check(result, !changed || model.Kind == IncidentKind.PetitionAndPublicOpinion, () => "the incident lost a nature.");
            run.Check(result, incident.Kind == model.Kind, () => $"the incident is {incident.Kind}, the model says {model.Kind}.");
            changed |= model.Kind == IncidentKind.PetitionAndPublicOpinion && scenario.Report.Kind != IncidentKind.PetitionAndPublicOpinion;
            if (!changed)
            {
                continue;
            }

            run.Check(result, incident.History.OfType<IncidentNatureAdded>().Count() == 1, () => "the change is not recorded exactly once.");
            if (model.State is not (IncidentState.Reported or IncidentState.Assessed or IncidentState.Directed or IncidentState.Responding))
            {
                continue;
            }

            var deadlines = scanner.DeadlinesOf(incident, result.Now);
            var kinds = deadlines.Deadlines.Select(d => d.Kind).ToHashSet();
            var targets = DeadlinePolicy.Default.TargetsFor(deadlines.Level, IncidentKind.PetitionAndPublicOpinion);

            // Public opinion: the first statement (levels I–III), and the status updates once someone acted after the report.
            run.Check(result, kinds.Contains(DeadlineKind.FirstPublicStatement) == targets.FirstPublicStatement is not null, () => $"the first-statement deadline is {(kinds.Contains(DeadlineKind.FirstPublicStatement) ? "there" : "missing")} at level {deadlines.Level}.");
            run.Check(result, model.State == IncidentState.Reported || kinds.Contains(DeadlineKind.StatusUpdate) == targets.StatusUpdateEvery is not null, () => $"the status-update deadline is {(kinds.Contains(DeadlineKind.StatusUpdate) ? "there" : "missing")} at level {deadlines.Level}.");

            // Petition: the acceptance notice always; the handling opinion once an assessment since the petition began accepted it.
            run.Check(result, kinds.Contains(DeadlineKind.AcceptanceNotice), () => "the acceptance-notice deadline is missing.");
            var accepted = incident.Assessments.Any(a => a.AssessedAt >= incident.PetitionSince);
            run.Check(result, kinds.Contains(DeadlineKind.HandlingOpinion) == accepted, () => $"the handling-opinion deadline is {(kinds.Contains(DeadlineKind.HandlingOpinion) ? "there" : "missing")}; accepted: {accepted}.");

            // The added nature's deadlines run from the change, not from the report.
            var since = incident.History.OfType<IncidentNatureAdded>().Single().OccurredAt;
            var started = deadlines.Deadlines.Where(d => d.Kind == (scenario.Report.Kind == IncidentKind.Petition ? DeadlineKind.FirstPublicStatement : DeadlineKind.AcceptanceNotice)).ToList();
            run.Check(result, started.All(d => d.StartedAt == since), () => $"a deadline of the added nature started at {string.Join(", ", started.Select(d => d.StartedAt))}, not at the change ({since}).");
        }
    }
}
