using System.Reflection;
using FsCheck.Xunit;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Tests.Properties;

/// <summary>
/// Model-based properties of the incident lifecycle (issue 2): random sequences of valid and invalid actions by random
/// actors (<see cref="LifecycleArbitraries"/>) run on the aggregate and on the reference <see cref="IncidentModel"/>,
/// which must agree after every step. The classes of this folder split the properties so that xUnit runs them in parallel.
/// </summary>
public sealed class LifecycleModelProperties
{
    // Issue 2: at least 1,000 sequences per property in CI.
    private const int Sequences = 1_000;

    // Every machine-readable code a refusal may carry: the documented incident and authority codes, and input validation's.
    private static HashSet<string> KnownCodes { get; } =
    [
        .. new[] { typeof(IncidentErrors), typeof(AuthorityErrors) }.SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
        InputValidation.Required,
        InputValidation.TooLong,
        InputValidation.Invalid,
        InputValidation.Failed,
        InputValidation.TooMany,
        InputValidation.OutOfRange,
    ];

    [Property(MaxTest = Sequences, Arbitrary = new[] { typeof(LifecycleArbitraries) })]
    public void Execute_RandomSequence_AgreesWithTheReferenceModelAfterEveryStep(LifecycleScenario scenario)
    {
        var run = new LifecycleRun(scenario);
        run.CheckReport();
        if (run.Incident is not { } incident)
        {
            return;
        }

        if (Difference(run, incident, run.Model!) is { } initial)
        {
            Assert.Fail($"Right after the report: {initial}");
        }

        for (var i = 0; i < run.StepCount; i++)
        {
            var result = run.Execute(i);
            run.Check(result, result.Accepted == result.Predicted.Accepted, () => $"the model predicts {(result.Predicted.Accepted ? "accepted" : "refused")}.");
            run.Check(result, result.Accepted || result.Error!.AllCodes.All(KnownCodes.Contains), () => $"the refusal carries a code that is not documented: {string.Join(", ", result.Error!.AllCodes.Except(KnownCodes))}.");
            run.Check(result, !result.Accepted || result.Events!.Count == result.Predicted.Events, () => $"the model predicts {result.Predicted.Events} event(s), the lifecycle recorded {result.Events!.Count}.");
            run.Check(result, Difference(run, incident, run.Model!) is null, () => $"the incident and the model disagree: {Difference(run, incident, run.Model!)}");
        }
    }

    [Property(MaxTest = Sequences, Arbitrary = new[] { typeof(LifecycleArbitraries) })]
    public void PermittedActions_AfterEveryStep_ContainsAnActionExactlyWhenWhyNotIsEmpty(LifecycleScenario scenario)
    {
        var run = new LifecycleRun(scenario);
        if (run.Incident is not { } incident)
        {
            return;
        }

        if (PermittedMismatch(run, incident, null) is { } initial)
        {
            Assert.Fail($"Right after the report: {initial}");
        }

        for (var i = 0; i < run.StepCount; i++)
        {
            var actor = run.Scenario.Steps[i].Actor;
            var permittedToActor = run.Lifecycle.PermittedActions(incident, actor);
            var result = run.Execute(i);

            // Arguments may still be refused, but an accepted action was permitted to its actor beforehand.
            run.Check(result, !result.Accepted || permittedToActor.Contains(result.Step.Action), () => $"the action was accepted although PermittedActions for {actor} was {permittedToActor}.");

            // Every state the incident reaches is checked for every action, with and without the actor; a refused step
            // leaves the incident as it was, so then only the step's own action is checked for its actor.
            if (result.Accepted)
            {
                run.Check(result, PermittedMismatch(run, incident, null) is null, () => PermittedMismatch(run, incident, null)!);
                run.Check(result, PermittedMismatch(run, incident, actor) is null, () => PermittedMismatch(run, incident, actor)!);
            }
            else
            {
                var permittedNow = run.Lifecycle.PermittedActions(incident, actor);
                var reasons = run.Lifecycle.WhyNot(incident, result.Step.Action, actor);
                run.Check(result, permittedNow.Contains(result.Step.Action) == (reasons.Count == 0), () => $"PermittedActions({actor}) is {permittedNow} but WhyNot({result.Step.Action}, {actor}) is [{string.Join("; ", reasons)}].");
            }
        }
    }

    // Compares PermittedActions with WhyNot for every action, with or without an actor; null when they agree.
    private static string? PermittedMismatch(LifecycleRun run, Incident incident, PersonId? actor)
    {
        var permitted = actor is { } who ? run.Lifecycle.PermittedActions(incident, who) : run.Lifecycle.PermittedActions(incident);
        foreach (var action in Enum.GetValues<IncidentAction>())
        {
            var reasons = run.Lifecycle.WhyNot(incident, action, actor);
            if (permitted.Contains(action) != (reasons.Count == 0))
            {
                return $"PermittedActions({actor}) is {permitted} but WhyNot({action}, {actor}) is [{string.Join("; ", reasons)}].";
            }
        }

        return actor is { } person && !run.Lifecycle.PermittedActions(incident).Union(permitted).Equals(run.Lifecycle.PermittedActions(incident))
            ? $"{person} is permitted {permitted}, more than {run.Lifecycle.PermittedActions(incident)}."
            : null;
    }

    // Compares everything the model knows with the aggregate; null when they agree.
    private static string? Difference(LifecycleRun run, Incident incident, IncidentModel model)
    {
        var problems = new List<string>();
        void Compare<T>(string what, T actual, T expected)
        {
            if (!EqualityComparer<T>.Default.Equals(actual, expected))
            {
                problems.Add($"{what} is {actual}, the model says {expected}");
            }
        }

        Compare("the state", incident.State, model.State);
        Compare("the kind", incident.Kind, model.Kind);
        Compare("the level", incident.Level, model.Level);
        Compare("the directives", string.Join(", ", incident.Directives.Select(d => $"{d.Id}:{d.Assignee}:{d.Status}")), string.Join(", ", model.Directives.Select((d, i) => $"D{i + 1}:{d.Assignee}:{d.Status}")));
        Compare("the statements", string.Join(", ", incident.Statements.Select(s => $"{s.Id}:{s.Status}")), string.Join(", ", model.Statements.Select((s, i) => $"S{i + 1}:{s}")));
        Compare("the statements' most severe levels", string.Join(", ", incident.Statements.Select(s => $"{s.Id}:{s.MostSevereLevel}")), string.Join(", ", model.Statements.Select((s, i) => $"S{i + 1}:{model.StatementLevel(i + 1)}")));
        Compare("the support requests", string.Join(", ", incident.SupportRequests.Select(r => $"{r.Id}:{r.IsFulfilled}")), string.Join(", ", model.SupportFulfilled.Select((f, i) => $"R{i + 1}:{f}")));
        Compare("a submitted report", incident.SubmittedReport is not null, model.HasSubmittedReport);
        Compare("an accepted report", incident.AcceptedReport is not null, model.HasAcceptedReport);
        Compare("the assessments", incident.Assessments.Count, model.Assessments);
        Compare("the communications", incident.Communications.Count, model.Communications);
        Compare("the review requests", incident.ReviewRequests.Count, model.ReviewRequests);
        Compare("the reopen count", incident.ReopenCount, model.Reopens);
        Compare("the duplicate link", incident.DuplicateOf, model.MergedAsDuplicate ? run.Original.Id : null);
        Compare("the original's duplicates", string.Join(", ", run.Original.Duplicates), model.MergedAsDuplicate ? incident.Id.ToString() : string.Empty);
        Compare("a dismissal reason", incident.DismissalReason is not null, model.State == IncidentState.Dismissed);
        Compare("a response start", incident.ResponseStartedAt is not null, model.State is IncidentState.Responding or IncidentState.Resolved or IncidentState.Closed);
        Compare("a resolution time", incident.ResolvedAt is not null, model.State is IncidentState.Resolved or IncidentState.Closed);
        Compare("a closing time", incident.ClosedAt is not null, model.State == IncidentState.Closed);
        var expected = ActionSet.Of([.. Enum.GetValues<IncidentAction>().Where(model.Permits)]);
        Compare("PermittedActions", run.Lifecycle.PermittedActions(incident), expected);
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
