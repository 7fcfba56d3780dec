using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Properties;
using Staff = PetitionOpinion.Tests.Properties.LifecycleStaff;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// Issue 23: the incidents the repository keeps between commands (<see cref="IncidentStorageOptions.CachedEvents"/>)
/// never change what a command decides. Random sequences of valid and invalid commands by random actors
/// (<see cref="LifecycleArbitraries"/>) run through a single repository that keeps nothing, and through three
/// repositories over one store — two that keep incidents and one that does not, each step by one of them chosen at random,
/// so that kept copies go stale — must give the same outcome at every step and leave the same bytes in the stores.
/// </summary>
public sealed class IncidentRepositoryCacheProperties
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Property(MaxTest = 300, Arbitrary = new[] { typeof(LifecycleArbitraries) })]
    public void Commands_ThroughKeepingAndNonKeepingRepositoriesAtRandom_DecideAndStoreExactlyAsOneThatKeepsNothing(LifecycleScenario scenario, int seed)
        => RunAsync(scenario, seed).GetAwaiter().GetResult();

    private static async Task RunAsync(LifecycleScenario scenario, int seed)
    {
        var reference = new World(cachedEvents: [0]);
        // Two keeping repositories: one keeps every incident, one only those of 3 events or more (MinCachedHistory).
        var shared = new World(cachedEvents: [100_000, 100_000, 0], minCachedHistory: [1, 3, 1]);
        var random = new Random(seed);

        var (referenceIds, sharedIds) = (await reference.ReportAsync(scenario.Report), await shared.ReportAsync(scenario.Report));
        Assert.Equal(referenceIds.Incident, sharedIds.Incident);
        if (referenceIds.Incident is not { } incident)
        {
            return;
        }

        for (var i = 0; i < scenario.Steps.Length; i++)
        {
            var step = scenario.Steps[i];
            var expected = await reference.RunAsync(0, step, incident, referenceIds.Original);
            var writer = random.Next(shared.Repositories.Length);
            var actual = await shared.RunAsync(writer, step, incident, sharedIds.Original);
            Assert.True(expected == actual, $"Step {i} ({step}) by repository {writer}: {actual}, not {expected} as without kept incidents.");
        }

        foreach (var id in new[] { incident, referenceIds.Original })
        {
            var expectedHistory = await reference.Store.LoadHistoryAsync(id, None);
            var actualHistory = await shared.Store.LoadHistoryAsync(id, None);
            Assert.Equal(expectedHistory.Events, actualHistory.Events);
        }
    }

    // One store, the repositories over it, and a clock all of them read.
    private sealed class World
    {
        private readonly FakeTimeProvider _time = new(LifecycleArbitraries.Start);

        public World(int[] cachedEvents, int[]? minCachedHistory = null)
        {
            var lifecycle = new IncidentLifecycle(Staff.Organization, new MatrixAuthorityPolicy(Staff.Organization, AuthorityMatrix.Default), _time, new SequentialIncidentIds());
            Repositories = [.. cachedEvents.Select((events, i) => new IncidentRepository(Store, lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions { CachedEvents = events, MinCachedHistory = minCachedHistory?[i] ?? 1 }))];
        }

        public InMemoryIncidentStore Store { get; } = new();

        public IncidentRepository[] Repositories { get; }

        public async Task<(IncidentId Original, IncidentId? Incident)> ReportAsync(ReportIncident report)
        {
            var original = (await Repositories[0].ReportAsync(new ReportIncident(Staff.CustomerServiceRep, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, "The original complaint."), None)).AsT0.Id;
            var reported = await Repositories[0].ReportAsync(report, None);
            return (original, reported.IsT0 ? reported.AsT0.Id : null);
        }

        // What a step's outcome shows: accepted with the version reached, or refused with the error.
        public async Task<string> RunAsync(int writer, LifecycleStep step, IncidentId incident, IncidentId original)
        {
            _time.Advance(LifecycleArbitraries.Tick);
            var repository = Repositories[writer];
            return step switch
            {
                CommandStep c => (await repository.ExecuteAsync(incident, c.Command, None)).Match(i => $"accepted at version {i.Version}", e => $"refused: {e}"),
                MergeStep m => (await repository.MergeAsDuplicateAsync(incident, original, m.Command, None)).Match(_ => "merged", e => $"refused: {e}"),
                _ => throw new ArgumentException($"Unknown step {step}."),
            };
        }
    }

    private sealed class SequentialIncidentIds : IIncidentIdGenerator
    {
        private int _next;

        public IncidentId NewIncidentId() => new(new Guid(++_next, 0, 0, new byte[8]));
    }
}
