using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;

namespace PetitionOpinion.Tests.Properties;

/// <summary>What must hold whatever anyone tries: a refusal changes nothing; no Closed without an accepted report; no Resolved with an open directive.</summary>
public sealed class LifecycleInvariantProperties
{
    // Issue 2: at least 1,000 sequences per property in CI.
    private const int Sequences = 1_000;

    [Property(MaxTest = Sequences, Arbitrary = new[] { typeof(LifecycleArbitraries) })]
    public void Execute_RefusedAction_ChangesNothing(LifecycleScenario scenario)
    {
        var run = new LifecycleRun(scenario);
        if (run.Incident is not { } incident)
        {
            return;
        }

        // The state after one step is the state before the next, so each step serialises the incident once.
        var json = LifecycleRun.StateJson(incident);
        var originalJson = LifecycleRun.StateJson(run.Original);
        for (var i = 0; i < run.StepCount; i++)
        {
            var before = (incident.Version, incident.State, History: incident.History.ToArray(), Pending: incident.PendingEvents.ToArray(), OriginalHistory: run.Original.History.ToArray());
            var result = run.Execute(i);
            var after = LifecycleRun.StateJson(incident);
            var originalAfter = result.Step is MergeStep ? LifecycleRun.StateJson(run.Original) : originalJson;
            if (!result.Accepted)
            {
                run.Check(result, incident.Version == before.Version, () => $"the version changed from {before.Version} to {incident.Version}.");
                run.Check(result, incident.State == before.State, () => $"the state changed from {before.State} to {incident.State}.");
                run.Check(result, LifecycleRun.SameEvents(incident.History, before.History), () => "the history changed.");
                run.Check(result, LifecycleRun.SameEvents(incident.PendingEvents, before.Pending), () => "the pending events changed.");
                run.Check(result, after == json, () => $"the public state changed:\nbefore {json}\nafter  {after}");
                run.Check(result, LifecycleRun.SameEvents(run.Original.History, before.OriginalHistory) && originalAfter == originalJson, () => $"the other incident of the merge changed:\nbefore {originalJson}\nafter  {originalAfter}");
            }

            json = after;
            originalJson = originalAfter;
        }
    }

    [Property(MaxTest = Sequences, Arbitrary = new[] { typeof(LifecycleArbitraries) })]
    public void Execute_RandomSequence_NeverClosesWithoutAnAcceptedReport(LifecycleScenario scenario)
    {
        var run = new LifecycleRun(scenario);
        for (var i = 0; i < run.StepCount; i++)
        {
            var incident = run.Incident!;
            var result = run.Execute(i);
            if (incident.State != IncidentState.Closed)
            {
                run.Check(result, incident.AcceptedReport is null, () => $"the incident is {incident.State} yet has an accepted report.");
                continue;
            }

            run.Check(result, incident.AcceptedReport is not null, () => "the incident is Closed without an accepted report.");
            run.Check(result, IncidentModel.ReportComplete(incident.AcceptedReport), () => "the incident is Closed with a report that lacks a cause or an improvement with a known owner and a due date.");
            var acceptance = incident.History.OfType<ClosureReportAccepted>().LastOrDefault();
            run.Check(result, acceptance is not null && IncidentModel.Leading(acceptance.Actor), () => $"the report was not accepted by the leading group ({acceptance?.Actor}).");
        }
    }

    [Property(MaxTest = Sequences, Arbitrary = new[] { typeof(LifecycleArbitraries) })]
    public void Execute_RandomSequence_NeverResolvesWithAnOpenDirective(LifecycleScenario scenario)
    {
        var run = new LifecycleRun(scenario);
        for (var i = 0; i < run.StepCount; i++)
        {
            var incident = run.Incident!;
            var result = run.Execute(i);
            if (incident.State is IncidentState.Resolved or IncidentState.Closed)
            {
                var open = incident.Directives.Where(d => d.IsOpen).Select(d => $"{d.Id} ({d.Status})").ToArray();
                run.Check(result, open.Length == 0 && !incident.HasOpenDirectives, () => $"the incident is {incident.State} with open directives {string.Join(", ", open)}.");
            }
        }
    }
}
