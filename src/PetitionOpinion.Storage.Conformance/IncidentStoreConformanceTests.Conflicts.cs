using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage.Conformance;

/// <content>Optimistic concurrency: a stale expected version is a conflict and nothing is written, atomically.</content>
public abstract partial class IncidentStoreConformanceTests
{
    /// <summary>Checks <c>AppendAsync</c> — expected version not current: returns conflict with actual version and writes nothing.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(9)]
    public async Task AppendAsync_ExpectedVersionNotCurrent_ReturnsConflictWithActualVersionAndWritesNothing(int expectedVersion)
    {
        var incident = await StoryIncidentAtVersion3Async();
        var before = await DescribeStoreAsync([incident.Id]);
        var events = Scenario.Serializer.SerializeAll(PendingReassessment(incident), null)
            .Select(e => e with { Version = expectedVersion + 1 }).ToList();
        var append = new IncidentAppend(incident.Id, expectedVersion, events, IncidentSummaries.Of(incident) with { Version = expectedVersion + 1 });

        var result = await AppendAsync([append], Message(incident.Id, "conflict"));

        Assert.Equal(AppendResult.Conflict(incident.Id, 3), result);
        Assert.Equal(before, await DescribeStoreAsync([incident.Id]));
    }

    /// <summary>Checks <c>AppendAsync</c> — new incident whose id exists: returns conflict and writes nothing.</summary>
    [Fact]
    public async Task AppendAsync_NewIncidentWhoseIdExists_ReturnsConflictAndWritesNothing()
    {
        var existing = await ReportAndSaveAsync();
        var before = await DescribeStoreAsync([existing.Id]);
        var again = Scenario.Report(id: existing.Id);

        var result = await AppendAsync([Scenario.Append(again, null)]);

        Assert.Equal(AppendResult.Conflict(existing.Id, 1), result);
        Assert.Equal(before, await DescribeStoreAsync([existing.Id]));
    }

    /// <summary>Checks <c>AppendAsync</c> — unknown incident with expected version: returns conflict at zero and writes nothing.</summary>
    [Fact]
    public async Task AppendAsync_UnknownIncidentWithExpectedVersion_ReturnsConflictAtZeroAndWritesNothing()
    {
        var incident = Scenario.Report();
        var reported = Scenario.Append(incident, null);
        Scenario.Assess(incident);
        var assessed = Scenario.Append(incident, reported.Events[^1]);

        var result = await AppendAsync([assessed]);

        Assert.Equal(AppendResult.Conflict(incident.Id, 0), result);
        Assert.Empty(await Store.LoadAsync(incident.Id, None));
        Assert.Equal(0, (await Store.QueryAsync(new IncidentQuery(), None)).TotalCount);
    }

    /// <summary>Checks <c>AppendAsync</c> — multi incident request with one stale incident: returns its conflict and writes none of it.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AppendAsync_MultiIncidentRequestWithOneStaleIncident_ReturnsItsConflictAndWritesNoneOfIt(bool staleFirst)
    {
        var fresh = await ReportAndSaveAsync();
        var stale = await ReportAndSaveAsync();
        var brandNew = Scenario.Report();
        var staleStored = await Store.LoadAsync(stale.Id, None);

        // Someone else moves "stale" on after it was read.
        Scenario.Assess(stale);
        await SaveAsync(stale);
        var ids = new[] { fresh.Id, stale.Id, brandNew.Id };
        var before = await DescribeStoreAsync(ids, ["new-key"]);

        Scenario.Assess(fresh);
        var freshAppend = Scenario.Append(fresh, (await Store.LoadAsync(fresh.Id, None))[^1]);
        Scenario.Do(stale, new ReassessIncident(KitPeople.CustomerServiceRep, SeverityLevel.IV, ImpactScope.Individual, PotentialRisk.Low, "Decided on an old version."));
        var staleAppend = Scenario.Serializer.SerializeAll(stale.PendingEvents, staleStored[^1]);
        stale.ClearPendingEvents();
        var staleRequest = new IncidentAppend(stale.Id, 1, staleAppend, IncidentSummaries.Of(stale) with { Version = 1 + staleAppend.Count });
        var newAppend = Scenario.Append(brandNew, null, "new-key");
        IReadOnlyList<IncidentAppend> appends = staleFirst ? [staleRequest, freshAppend, newAppend] : [freshAppend, newAppend, staleRequest];

        var result = await AppendAsync(appends, Message(fresh.Id, "one"), Message(brandNew.Id, "two"));

        Assert.Equal(AppendResult.Conflict(stale.Id, 2), result);
        Assert.Equal(before, await DescribeStoreAsync(ids, ["new-key"]));
        Assert.Empty(await Store.LoadAsync(brandNew.Id, None));
        Assert.Null(await Store.FindByIdempotencyKeyAsync("new-key", None));
        Assert.Empty(await Store.ReadOutboxAsync(10, None));
    }

    /// <summary>Checks <c>AppendAsync</c> — multi incident request all current: writes every incident and message.</summary>
    [Fact]
    public async Task AppendAsync_MultiIncidentRequestAllCurrent_WritesEveryIncidentAndMessage()
    {
        var first = await ReportAndSaveAsync();
        var second = Scenario.Report();
        Scenario.Assess(first);
        var firstAppend = Scenario.Append(first, (await Store.LoadAsync(first.Id, None))[^1]);
        var secondAppend = Scenario.Append(second, null, "second-key");
        var messages = new[] { Message(first.Id, "a"), Message(second.Id, "b") };

        Assert.Equal(AppendResult.Appended, await AppendAsync([firstAppend, secondAppend], messages));

        Assert.Equal(2, (await Store.LoadAsync(first.Id, None)).Count);
        AssertSameEvents(secondAppend.Events, await Store.LoadAsync(second.Id, None));
        Assert.Equal(second.Id, await Store.FindByIdempotencyKeyAsync("second-key", None));
        Assert.Equal(messages, await Store.ReadOutboxAsync(10, None));
        Assert.Equal(2, (await Store.QueryAsync(new IncidentQuery(), None)).TotalCount);
    }

    /// <summary>Checks <c>AppendAsync</c> — same expected version twice: only the first is written.</summary>
    [Fact]
    public async Task AppendAsync_SameExpectedVersionTwice_OnlyTheFirstIsWritten()
    {
        var incident = await ReportAndSaveAsync();
        var stored = await Store.LoadAsync(incident.Id, None);
        var copy = Incident.FromHistory(stored.Select(Scenario.Serializer.Deserialize));
        Scenario.Assess(incident);
        Scenario.Assess(copy, SeverityLevel.I);
        var winner = Scenario.Append(incident, stored[^1]);
        var loser = Scenario.Append(copy, stored[^1]);

        Assert.Equal(AppendResult.Appended, await AppendAsync([winner]));
        Assert.Equal(AppendResult.Conflict(incident.Id, 2), await AppendAsync([loser]));

        var loaded = await Store.LoadAsync(incident.Id, None);
        AssertSameEvents([stored[0], winner.Events[0]], loaded);
        Assert.Equal(SeverityLevel.III, Assert.Single((await Store.QueryAsync(new IncidentQuery(), None)).Items).Level);
    }

    private async Task<Incident> StoryIncidentAtVersion3Async()
    {
        var incident = await ReportAndSaveAsync();
        Scenario.Assess(incident);
        await SaveAsync(incident);
        Scenario.Do(incident, Scenario.IssueCommand());
        await SaveAsync(incident);
        return incident;
    }

    private List<Incidents.Events.IncidentEvent> PendingReassessment(Incident incident)
    {
        // Decide on a copy, so the incident itself stays as stored.
        var copy = Incident.FromHistory(incident.History);
        Scenario.Do(copy, new ReassessIncident(KitPeople.CustomerServiceRep, SeverityLevel.IV, ImpactScope.Individual, PotentialRisk.Low, "Smaller than thought."));
        return [.. copy.PendingEvents];
    }
}
