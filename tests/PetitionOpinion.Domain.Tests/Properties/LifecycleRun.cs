using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using Staff = PetitionOpinion.Tests.Properties.LifecycleStaff;

namespace PetitionOpinion.Tests.Properties;

/// <summary>What happened at one step, on the aggregate and in the reference model.</summary>
/// <param name="Index">The step's number.</param>
/// <param name="Step">The step.</param>
/// <param name="Now">The time it ran at.</param>
/// <param name="Predicted">The reference model's prediction.</param>
/// <param name="Events">The events the lifecycle recorded on the incident, when it accepted the step.</param>
/// <param name="Error">Why the lifecycle refused the step, when it did.</param>
/// <param name="VersionBefore">The incident's version before the step.</param>
/// <param name="PendingBefore">The number of pending events before the step.</param>
/// <param name="OriginalEvents">The events an accepted merge recorded on the other incident (empty otherwise).</param>
/// <param name="OriginalVersionBefore">The other incident's version before the step.</param>
internal sealed record StepResult(
    int Index,
    LifecycleStep Step,
    DateTimeOffset Now,
    Prediction Predicted,
    IReadOnlyList<IncidentEvent>? Events,
    DomainError? Error,
    int VersionBefore,
    int PendingBefore,
    IReadOnlyList<IncidentEvent> OriginalEvents,
    int OriginalVersionBefore)
{
    public bool Accepted => Events is not null;
}

/// <summary>
/// Runs a <see cref="LifecycleScenario"/> step by step against the real <see cref="IncidentLifecycle"/> (seed
/// organisation, default authority matrix, a fake clock) and, side by side, the <see cref="IncidentModel"/>.
/// </summary>
internal sealed class LifecycleRun
{
    private static readonly JsonSerializerOptions StateOnly = new()
    {
        // Chinese text as is: escaping it would only make the snapshots slower to write and harder to read.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type == typeof(Incident))
                    {
                        foreach (var property in info.Properties.Where(p => p.Name is nameof(Incident.History) or nameof(Incident.PendingEvents)).ToArray())
                        {
                            info.Properties.Remove(property);
                        }
                    }
                },
            },
        },
    };

    private readonly FakeTimeProvider _time = new(LifecycleArbitraries.Start);

    public LifecycleRun(LifecycleScenario scenario)
    {
        Scenario = scenario;
        Lifecycle = new IncidentLifecycle(Staff.Organization, new MatrixAuthorityPolicy(Staff.Organization, AuthorityMatrix.Default), _time, new SequentialIncidentIds());

        // The incident a merge step links the one under test to.
        Original = Lifecycle.Report(new ReportIncident(Staff.CustomerServiceRep, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, "The original complaint."))
            .Match(incident => incident, error => throw new InvalidOperationException(error.ToString()));
        var reported = Lifecycle.Report(scenario.Report);
        Incident = reported.IsT0 ? reported.AsT0 : null;
        ReportError = reported.IsT1 ? reported.AsT1 : null;
        Model = IncidentModel.Report(scenario.Report);
    }

    public LifecycleScenario Scenario { get; }

    public IncidentLifecycle Lifecycle { get; }

    /// <summary>Gets the incident under test; <see langword="null"/> when its report was refused.</summary>
    public Incident? Incident { get; }

    /// <summary>Gets the reference model; <see langword="null"/> when it predicts that the report is refused.</summary>
    public IncidentModel? Model { get; }

    public DomainError? ReportError { get; }

    public Incident Original { get; }

    public int StepCount => Incident is null ? 0 : Scenario.Steps.Length;

    /// <summary>
    /// Serialises the incident's public state except its events (compare those with <see cref="SameEvents"/>: events are
    /// immutable, so the same instances in the same order mean the same history), which keeps a snapshot cheap.
    /// </summary>
    public static string StateJson(Incident incident) => JsonSerializer.Serialize(incident, StateOnly);

    /// <summary>Whether two event lists hold the same event instances in the same order.</summary>
    public static bool SameEvents(IReadOnlyList<IncidentEvent> left, IReadOnlyList<IncidentEvent> right)
        => left.Count == right.Count && left.Zip(right).All(p => ReferenceEquals(p.First, p.Second));

    /// <summary>Checks that the report was accepted exactly when the model says so.</summary>
    public void CheckReport()
    {
        if ((Incident is not null) != (Model is not null))
        {
            Assert.Fail($"The report: the model predicts {(Model is null ? "refused" : "accepted")}, the lifecycle {(Incident is null ? $"refused it ({ReportError})" : "accepted it")}.");
        }
    }

    public StepResult Execute(int index)
    {
        var incident = Incident ?? throw new InvalidOperationException("The report was refused; there is nothing to run.");
        _time.Advance(LifecycleArbitraries.Tick);
        var now = _time.GetUtcNow();
        var step = Scenario.Steps[index];
        var versionBefore = incident.Version;
        var pendingBefore = incident.PendingEvents.Count;
        var originalVersionBefore = Original.Version;
        var predicted = Model!.Try(step, now);
        var (events, error, originalEvents) = step switch
        {
            CommandStep c => Lifecycle.Execute(incident, c.Command).Match<(IReadOnlyList<IncidentEvent>?, DomainError?, IReadOnlyList<IncidentEvent>)>(e => ([.. e], null, []), e => (null, e, [])),
            MergeStep m => Lifecycle.MergeAsDuplicate(incident, Original, m.Command)
                .Match<(IReadOnlyList<IncidentEvent>?, DomainError?, IReadOnlyList<IncidentEvent>)>(e => ([.. e.DuplicateEvents], null, [.. e.OriginalEvents]), e => (null, e, [])),
            _ => throw new ArgumentException($"Unknown step {step}."),
        };
        return new StepResult(index, step, now, predicted, events, error, versionBefore, pendingBefore, originalEvents, originalVersionBefore);
    }

    /// <summary>Fails the property, naming the step; FsCheck adds the (shrunk) scenario.</summary>
    public void Fail(StepResult result, string problem)
        => Assert.Fail($"At step {result.Index} ({result.Step}), {(result.Accepted ? "accepted" : $"refused with {result.Error}")}: {problem}");

    public void Check(StepResult result, bool condition, Func<string> problem)
    {
        if (!condition)
        {
            Fail(result, problem());
        }
    }

    private sealed class SequentialIncidentIds : IIncidentIdGenerator
    {
        private int _next;

        public IncidentId NewIncidentId() => new(new Guid(++_next, 0, 0, new byte[8]));
    }
}
