using FsCheck.Xunit;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Properties;

/// <summary>Every change is a recorded event: the version counts the events, and the events rebuild the incident.</summary>
public sealed class LifecycleEventProperties
{
    // Issue 2: at least 1,000 sequences per property in CI.
    private const int Sequences = 1_000;

    [Property(MaxTest = Sequences, Arbitrary = new[] { typeof(LifecycleArbitraries) })]
    public void Execute_AcceptedAction_GrowsTheVersionByExactlyTheEventsItRecorded(LifecycleScenario scenario)
    {
        var run = new LifecycleRun(scenario);
        for (var i = 0; i < run.StepCount; i++)
        {
            var incident = run.Incident!;
            var result = run.Execute(i);
            var recorded = result.Events ?? [];
            run.Check(result, incident.Version == result.VersionBefore + recorded.Count, () => $"the version went from {result.VersionBefore} to {incident.Version} with {recorded.Count} event(s) recorded.");
            run.Check(result, incident.Version == incident.History.Count, () => $"the version is {incident.Version} but the history holds {incident.History.Count} event(s).");
            run.Check(result, incident.PendingEvents.Count == result.PendingBefore + recorded.Count, () => $"the pending events went from {result.PendingBefore} to {incident.PendingEvents.Count} with {recorded.Count} event(s) recorded.");
            run.Check(result, run.Original.Version == result.OriginalVersionBefore + result.OriginalEvents.Count, () => $"the other incident's version went from {result.OriginalVersionBefore} to {run.Original.Version} with {result.OriginalEvents.Count} event(s) recorded on it.");
            run.Check(result, run.Original.History.Skip(result.OriginalVersionBefore).SequenceEqual(result.OriginalEvents), () => "the other incident's history does not end with the events the merge returned.");
            if (!result.Accepted)
            {
                continue;
            }

            run.Check(result, recorded.Count >= 1, () => "an accepted action recorded no event.");
            run.Check(result, incident.History.Skip(result.VersionBefore).SequenceEqual(recorded), () => "the history does not end with the events returned.");
            run.Check(result, incident.PendingEvents.Skip(result.PendingBefore).SequenceEqual(recorded), () => "the pending events do not end with the events returned.");

            // Who, when, what: every event names the incident, the actor and the time of the action.
            run.Check(result, recorded.All(e => e.IncidentId == incident.Id && e.Actor == result.Step.Actor && e.OccurredAt == result.Now), () => $"an event does not name the incident, the actor and the time: {string.Join(", ", recorded)}");
        }
    }

    [Property(MaxTest = Sequences, Arbitrary = new[] { typeof(LifecycleArbitraries) })]
    public void FromHistory_AfterEveryStep_RebuildsAnEqualIncident(LifecycleScenario scenario)
    {
        var run = new LifecycleRun(scenario);
        for (var i = 0; i < run.StepCount; i++)
        {
            var incident = run.Incident!;
            var result = run.Execute(i);
            var rebuilt = Incident.FromHistory(incident.History);
            run.Check(result, rebuilt.Version == incident.Version && rebuilt.PendingEvents.Count == 0, () => $"the rebuilt incident has version {rebuilt.Version} and {rebuilt.PendingEvents.Count} pending event(s).");
            run.Check(result, LifecycleRun.SameEvents(rebuilt.History, incident.History), () => "the rebuilt incident's history differs.");
            run.Check(result, LifecycleRun.StateJson(rebuilt) == LifecycleRun.StateJson(incident), () => $"the rebuilt incident differs:\nlive    {LifecycleRun.StateJson(incident)}\nrebuilt {LifecycleRun.StateJson(rebuilt)}");
            run.Check(result, rebuilt.Level == incident.Level && rebuilt.HasOpenDirectives == incident.HasOpenDirectives, () => "the rebuilt incident's level or open directives differ.");
            run.Check(result, run.Lifecycle.PermittedActions(rebuilt) == run.Lifecycle.PermittedActions(incident), () => $"the rebuilt incident permits {run.Lifecycle.PermittedActions(rebuilt)}, the live one {run.Lifecycle.PermittedActions(incident)}.");
            if (result.OriginalEvents.Count > 0)
            {
                // A merge also records the link on the other incident; its events must rebuild it too.
                var original = Incident.FromHistory(run.Original.History);
                run.Check(result, LifecycleRun.StateJson(original) == LifecycleRun.StateJson(run.Original), () => $"the rebuilt other incident differs:\nlive    {LifecycleRun.StateJson(run.Original)}\nrebuilt {LifecycleRun.StateJson(original)}");
            }
        }
    }
}
