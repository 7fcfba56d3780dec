using System.Collections;
using System.Reflection;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// Issue 23: the incidents <see cref="IncidentRepository"/> keeps between commands (<see cref="IncidentStorageOptions.CachedEvents"/>).
/// A command on a kept incident reads only the store's last event and head; a copy another writer made stale is not used
/// (the stored incident is loaded before deciding, so a refusal is never made on a stale copy); an incident returned to a
/// caller is never the kept one; the budget evicts the least recently used; <see cref="Incident.Copy"/> shares nothing
/// mutable; a kept incident whose last events were deleted from the store is refused as tampered.
/// That the kept incidents never change a decision is <see cref="IncidentRepositoryCacheProperties"/>.
/// </summary>
public sealed class IncidentCacheTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly Scenario _scenario = new();
    private readonly ScriptedIncidentStore _store = new();

    [Fact]
    public async Task ExecuteAsync_OnAnIncidentThisRepositoryWrote_ReadsNoHistory()
    {
        var repository = Repository();
        var incident = await ReportAsync(repository);

        await DoAsync(repository, incident.Id, Assess());
        await DoAsync(repository, incident.Id, _scenario.IssueCommand());
        var acknowledged = await DoAsync(repository, incident.Id, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));

        Assert.Equal(0, _store.LoadCalls);
        Assert.Equal(3, _store.TailLoadCalls); // each command checked the kept copy against the store's last event and head
        Assert.Equal(4, acknowledged.Version);
        Assert.Equal(4, (await _store.Inner.LoadAsync(incident.Id, None)).Count);
    }

    [Fact]
    public async Task ExecuteAsync_OnIncidentsShorterThanTheMinimum_ReadsTheirHistoryUntilTheyReachIt()
    {
        var repository = Repository(minCachedHistory: 3);
        var incident = await ReportAsync(repository);

        await DoAsync(repository, incident.Id, Assess()); // version 1 was not kept: read
        await DoAsync(repository, incident.Id, _scenario.IssueCommand()); // version 2 was not kept: read; version 3 is
        Assert.Equal((2, 0), (_store.LoadCalls, _store.TailLoadCalls));

        await DoAsync(repository, incident.Id, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
        Assert.Equal((2, 1), (_store.LoadCalls, _store.TailLoadCalls));
    }

    [Fact]
    public async Task ExecuteAsync_ByDefault_KeepsNoFreshIncident()
    {
        // The default minimum (32 events): a fresh incident reloads about as cheaply as its copy would be checked.
        var repository = new IncidentRepository(_store, _scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions());
        var incident = await ReportAsync(repository);

        await DoAsync(repository, incident.Id, Assess());
        await DoAsync(repository, incident.Id, _scenario.IssueCommand());

        Assert.Equal((2, 0), (_store.LoadCalls, _store.TailLoadCalls));
    }

    [Fact]
    public async Task ExecuteAsync_NothingKept_ReadsTheHistoryForEveryCommand()
    {
        var repository = Repository(cachedEvents: 0);
        var incident = await ReportAsync(repository);

        await DoAsync(repository, incident.Id, Assess());
        await DoAsync(repository, incident.Id, _scenario.IssueCommand());

        Assert.Equal(2, _store.LoadCalls);
    }

    [Fact]
    public async Task ExecuteAsync_AnotherWriterChangedTheKeptIncident_LoadsTheStoredOneBeforeDeciding()
    {
        var mine = Repository(retries: 0);
        var other = Repository();
        var incident = await ReportAsync(mine);
        await DoAsync(other, incident.Id, Assess());
        var appends = _store.AppendCalls;

        // The kept copy is at version 1, the store at 2: the tail shows it, and the whole history is read first.
        var issued = await DoAsync(mine, incident.Id, _scenario.IssueCommand());

        Assert.Equal(3, issued.Version);
        Assert.Equal(2, _store.LoadCalls); // the other repository's load, and this one's
        Assert.Equal(appends + 1, _store.AppendCalls); // no conflict
        Assert.Equal(["IncidentReported", "IncidentAssessed", "DirectiveIssued"], (await _store.Inner.LoadAsync(incident.Id, None)).Select(e => e.EventType));
    }

    [Fact]
    public async Task ExecuteAsync_RefusedOnAStaleKeptCopy_IsDecidedAgainOnTheStoredIncident()
    {
        var mine = Repository();
        var other = Repository();
        var incident = await ReportAsync(mine);
        await DoAsync(other, incident.Id, Assess());
        await DoAsync(other, incident.Id, _scenario.IssueCommand());

        // The kept copy has no directive to acknowledge; the stored incident has one.
        var acknowledged = await DoAsync(mine, incident.Id, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));

        Assert.Equal(DirectiveStatus.Acknowledged, acknowledged.FindDirective(new DirectiveId(1))!.Status);
    }

    [Fact]
    public async Task ExecuteAsync_RefusedOnTheStoredIncident_IsRefusedAsWithoutKeepingAndStoresNothing()
    {
        var repository = Repository();
        var incident = await ReportAsync(repository);

        var refused = await repository.ExecuteAsync(incident.Id, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)), None);
        var again = await repository.ExecuteAsync(incident.Id, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)), None);

        Assert.Equal(refused.AsT1, again.AsT1);
        Assert.Single(await _store.Inner.LoadAsync(incident.Id, None));
    }

    [Fact]
    public async Task ExecuteAsync_KeptIncidentWhoseLastEventWasDeletedInTheStore_IsRefusedAsTampered()
    {
        var repository = Repository();
        var incident = await ReportAsync(repository);
        await DoAsync(repository, incident.Id, Assess());
        _store.AfterLoad = events => [.. events.Take(events.Count - 1)];

        var refused = await repository.ExecuteAsync(incident.Id, _scenario.IssueCommand(), None);

        Assert.Equal(StorageErrors.Tampered, refused.AsT1.Code);
        Assert.Equal(2, (await _store.Inner.LoadAsync(incident.Id, None)).Count);
    }

    [Fact]
    public async Task ExecuteAsync_TheCallerChangesAReturnedIncident_TheNextCommandDecidesOnTheStoredOne()
    {
        var repository = Repository();
        var incident = await ReportAsync(repository);
        var assessed = await DoAsync(repository, incident.Id, Assess());

        // The caller runs an action on its incident in memory and never stores it.
        Assert.True(_scenario.Lifecycle.Execute(assessed, _scenario.IssueCommand()).IsT0);
        Assert.Equal(3, assessed.Version);

        var issued = await DoAsync(repository, incident.Id, _scenario.IssueCommand());

        Assert.Equal(3, issued.Version);
        Assert.Single(issued.Directives);
        Assert.NotSame(assessed, issued);
        Assert.Equal(3, (await _store.Inner.LoadAsync(incident.Id, None)).Count);
    }

    [Fact]
    public async Task ExecuteAsync_BudgetOfThreeEvents_KeepsOnlyTheMostRecentlyUsedIncident()
    {
        var repository = Repository(cachedEvents: 3);
        var first = await ReportAsync(repository);
        await DoAsync(repository, first.Id, Assess());
        var second = await ReportAsync(repository);
        await DoAsync(repository, second.Id, Assess());
        Assert.Equal(0, _store.LoadCalls);

        // Two events each: only the second fits beside nothing else.
        await DoAsync(repository, first.Id, _scenario.IssueCommand());
        Assert.Equal(1, _store.LoadCalls);
        await DoAsync(repository, second.Id, _scenario.IssueCommand());
        Assert.Equal(2, _store.LoadCalls);

        // Three events fit alone: kept.
        await DoAsync(repository, second.Id, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
        Assert.Equal(2, _store.LoadCalls);

        // Four and more are too many to keep: every command reads the history.
        await DoAsync(repository, second.Id, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Collected."));
        await DoAsync(repository, second.Id, new StartResponse(People.CustomerServiceManager));
        Assert.Equal(4, _store.LoadCalls);
    }

    [Fact]
    public async Task MergeAsDuplicateAsync_KeptIncidents_AreReadAsStoredAndForgotten()
    {
        var repository = Repository();
        var duplicate = await ReportAsync(repository);
        var original = await ReportAsync(repository);

        var merged = await repository.MergeAsDuplicateAsync(duplicate.Id, original.Id, new MergeAsDuplicate(People.CustomerServiceRep, "The same complaint."), None);
        Assert.True(merged.IsT0, merged.IsT1 ? merged.AsT1.ToString() : null);
        Assert.Equal(2, _store.LoadCalls);

        var assessed = await DoAsync(repository, original.Id, Assess());
        Assert.Equal(3, _store.LoadCalls);
        Assert.Equal(3, assessed.Version);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(IncidentStorageOptions.MaxCachedEvents + 1)]
    public void Validate_CachedEventsOutOfRange_NamesTheOption(int events)
    {
        var problem = Assert.Single(new IncidentStorageOptions { CachedEvents = events }.Validate("Storage"));

        Assert.Equal("Storage:CachedEvents", problem.Path);
        Assert.Contains("from 0 to 100,000,000", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(IncidentStorageOptions.MaxCachedEvents + 1)]
    public void Validate_MinCachedHistoryOutOfRange_NamesTheOption(int events)
    {
        var problem = Assert.Single(new IncidentStorageOptions { MinCachedHistory = events }.Validate("Storage"));

        Assert.Equal("Storage:MinCachedHistory", problem.Path);
        Assert.Contains("from 1 to 100,000,000", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_AnIncidentWithEveryKindOfRecord_EqualsItAndEachChangesWithoutTheOther()
    {
        var repository = Repository();
        var incident = await ReportAsync(repository);
        await DoAsync(repository, incident.Id, Assess());
        await DoAsync(repository, incident.Id, _scenario.IssueCommand());
        incident = await DoAsync(repository, incident.Id, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));

        var copy = incident.Copy();

        Assert.Equal(Scenario.Describe(incident), Scenario.Describe(copy));
        foreach (var field in typeof(Incident).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
        {
            var (mine, theirs) = (field.GetValue(incident), field.GetValue(copy));
            if (mine is null || field.FieldType.IsValueType || mine is string || IsImmutableRecord(field.FieldType))
            {
                Assert.Equal(mine, theirs);
                continue;
            }

            // A list, a set or the pending view: the copy's own, with the same elements (the append-only lists share
            // their items until one of the two records past them; AppendOnlyListTests holds them to that).
            Assert.False(ReferenceEquals(mine, theirs), $"{field.Name} is shared by the copy.");
            Assert.Equal(((IEnumerable)mine).Cast<object>(), ((IEnumerable)theirs!).Cast<object>());
        }

        // Changing the copy leaves the original as it was.
        Assert.True(_scenario.Lifecycle.Execute(copy, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Collected.")).IsT0);
        Assert.Equal(DirectiveStatus.Acknowledged, incident.FindDirective(new DirectiveId(1))!.Status);
        Assert.Equal(4, incident.Version);
        Assert.Empty(incident.PendingEvents);
        Assert.Single(copy.PendingEvents);

        // And changing the original after the copy recorded past what they share leaves the copy as it was.
        var before = Scenario.Describe(copy);
        Assert.True(_scenario.Lifecycle.Execute(incident, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "Collected and called back.")).IsT0);
        Assert.Equal(before, Scenario.Describe(copy));
        Assert.Equal(5, incident.Version);
        Assert.Equal("Collected and called back.", incident.FindDirective(new DirectiveId(1))!.Outcome);
        Assert.Equal("Collected.", copy.FindDirective(new DirectiveId(1))!.Outcome);
        Assert.NotEqual(incident.History[4], copy.History[4]);
    }

    // Records of the model (their properties are init-only) and the read-only lists they are given as.
    private static bool IsImmutableRecord(Type type)
        => type.GetMethod("<Clone>$") is not null || type == typeof(IReadOnlyList<IncidentId>);

    private static AssessIncident Assess()
        => new(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Medium, "One customer, personal data shown to another.");

    // Keeps every incident unless told otherwise (these incidents are short: the default minimum would keep none).
    private IncidentRepository Repository(int retries = 3, int cachedEvents = 100_000, int minCachedHistory = 1)
        => new(_store, _scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions { MaxConflictRetries = retries, CachedEvents = cachedEvents, MinCachedHistory = minCachedHistory });

    private async Task<Incident> ReportAsync(IncidentRepository repository)
    {
        _scenario.Time.Advance(Scenario.Step);
        return (await repository.ReportAsync(Scenario.ReportCommand(), null, None)).Match(i => i, e => throw new InvalidOperationException($"The report was refused: {e}"));
    }

    private async Task<Incident> DoAsync(IncidentRepository repository, IncidentId id, IncidentCommand command)
    {
        _scenario.Time.Advance(Scenario.Step);
        var result = await repository.ExecuteAsync(id, command, None);
        return result.Match(i => i, e => throw new InvalidOperationException($"{command.GetType().Name} was refused: {e}"));
    }
}
