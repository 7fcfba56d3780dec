using System.Collections.Concurrent;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;

namespace PetitionOpinion.Storage.Conformance;

/// <content>Faults and load: racing writers, racing repository commands, a failure in the middle of an append.</content>
public abstract partial class IncidentStoreConformanceTests
{
    /// <summary>How many writers race in the load tests.</summary>
    protected const int Writers = 8;

    /// <summary>Gets how many appends the racing writers must get accepted in all; a slow store may lower it (at least <see cref="Writers"/>).</summary>
    protected virtual int RacingAppends => 64;

    /// <summary>Checks <c>AppendAsync</c> — eight writers racing on one incident: every accepted append once every refusal aconflict versions gapless.</summary>
    [Fact]
    public async Task AppendAsync_EightWritersRacingOnOneIncident_EveryAcceptedAppendOnceEveryRefusalAConflictVersionsGapless()
    {
        var incident = await RespondingIncidentAsync();
        var initialVersion = incident.Version;
        var accepted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var refused = new ConcurrentBag<string>();
        var outcomes = new ConcurrentBag<string>();
        var acceptedCount = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Write(int writer)
        {
            await start.Task;
            for (var attempt = 0; Volatile.Read(ref acceptedCount) < RacingAppends; attempt++)
            {
                var tag = $"writer {writer} attempt {attempt}";
                var stored = await Store.LoadAsync(incident.Id, None);
                var current = Incident.FromHistory(stored.Select(Scenario.Serializer.Deserialize));
                var recorded = Scenario.Lifecycle.Execute(current, new RecordCommunication(KitPeople.CustomerServiceRep, IntakeChannel.Hotline, tag, "Noted."));
                Assert.True(recorded.IsT0, $"The lifecycle refused {tag}.");
                var append = new IncidentAppend(incident.Id, stored.Count, Scenario.Serializer.SerializeAll(current.PendingEvents, stored[^1]), IncidentSummaries.Of(current));
                var result = await Store.AppendAsync(new AppendRequest([append], [Message(incident.Id, tag)]), None);
                switch (result.Status)
                {
                    case AppendStatus.Appended:
                        Assert.True(accepted.TryAdd(tag, stored.Count + 1));
                        Interlocked.Increment(ref acceptedCount);
                        break;
                    case AppendStatus.Conflict:
                        Assert.Equal(incident.Id, result.Incident);
                        Assert.True(result.ActualVersion > stored.Count, $"{tag} conflicted at version {result.ActualVersion}, but it read version {stored.Count}.");
                        refused.Add(tag);
                        break;
                    default:
                        outcomes.Add($"{tag}: {result}");
                        break;
                }
            }
        }

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => Write(w))).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        Assert.Empty(outcomes);
        var loaded = await Store.LoadAsync(incident.Id, None);
        Assert.True(EventHashChain.Verify(loaded).IsIntact);
        Assert.Equal(Enumerable.Range(1, loaded.Count), loaded.Select(e => e.Version));
        Assert.Equal(initialVersion + accepted.Count, loaded.Count);
        var communications = loaded.Skip(initialVersion).Select(e => (e.Version, Event: (CustomerCommunicationRecorded)Scenario.Serializer.Deserialize(e))).ToList();
        Assert.Equal(accepted.OrderBy(a => a.Value).Select(a => (a.Value, a.Key)), communications.Select(c => (c.Version, c.Event.Summary)));
        Assert.Empty(communications.Select(c => c.Event.Summary).Intersect(refused));
        var messages = await Store.ReadOutboxAsync(IncidentQuery.MaxPageSize, None);
        Assert.Equal(accepted.OrderBy(a => a.Value).Select(a => $"dedup:{incident.Id}:{a.Key}"), messages.Select(m => m.DeduplicationKey));
        Assert.Equal(loaded.Count, Assert.Single((await Store.QueryAsync(new IncidentQuery(), None)).Items).Version);
    }

    /// <summary>Checks <c>AppendAsync</c> — eight writers released at once on the same version: exactly one wins each round.</summary>
    [Fact]
    public async Task AppendAsync_EightWritersReleasedAtOnceOnTheSameVersion_ExactlyOneWinsEachRound()
    {
        // Maximum contention: each round, eight appends decided on the same version are released together.
        var incident = await RespondingIncidentAsync();
        const int Rounds = 25;
        var winners = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var stored = await Store.LoadAsync(incident.Id, None);
            var appends = Enumerable.Range(0, Writers).Select(w =>
            {
                var current = Incident.FromHistory(stored.Select(Scenario.Serializer.Deserialize));
                Scenario.Lifecycle.Execute(current, new RecordCommunication(KitPeople.CustomerServiceRep, IntakeChannel.Hotline, $"round {round} writer {w}", "Noted."));
                return new IncidentAppend(incident.Id, stored.Count, Scenario.Serializer.SerializeAll(current.PendingEvents, stored[^1]), IncidentSummaries.Of(current));
            }).ToList();
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racing = appends.Select(a => Task.Run(async () =>
            {
                await gate.Task;
                return await Store.AppendAsync(new AppendRequest([a], [Message(incident.Id, $"{a.Events[0].Version}/{a.GetHashCode()}")]), None);
            })).ToList();

            gate.SetResult();
            var results = await Task.WhenAll(racing);

            var winner = Assert.Single(Enumerable.Range(0, Writers), w => results[w].Status == AppendStatus.Appended);
            Assert.All(results.Where(r => r.Status != AppendStatus.Appended), r => Assert.Equal(AppendResult.Conflict(incident.Id, stored.Count + 1), r));
            winners.Add($"round {round} writer {winner}");
        }

        var loaded = await Store.LoadAsync(incident.Id, None);
        Assert.True(EventHashChain.Verify(loaded).IsIntact);
        Assert.Equal(incident.Version + Rounds, loaded.Count);
        Assert.Equal(winners, loaded.Skip(incident.Version).Select(e => ((CustomerCommunicationRecorded)Scenario.Serializer.Deserialize(e)).Summary));
        Assert.Equal(Rounds, (await Store.ReadOutboxAsync(IncidentQuery.MaxPageSize, None)).Count);
    }

    /// <summary>Checks <c>ExecuteAsync</c> — eight callers racing through the repository: every command is stored once.</summary>
    [Fact]
    public async Task ExecuteAsync_EightCallersRacingThroughTheRepository_EveryCommandIsStoredOnce()
    {
        var repository = Scenario.Repository(Store, maxConflictRetries: 2);
        var incident = await RespondingIncidentAsync();
        const int PerCaller = 6;
        var conflictsReported = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Call(int caller)
        {
            await start.Task;
            for (var i = 0; i < PerCaller; i++)
            {
                var command = new RecordCommunication(KitPeople.CustomerServiceRep, IntakeChannel.Hotline, $"caller {caller} call {i}", "Noted.");
                while (true)
                {
                    var result = await repository.ExecuteAsync(incident.Id, command, None);
                    if (result.IsT0)
                    {
                        break;
                    }

                    // Still conflicting after the repository's retries: the caller tries again (nothing was stored).
                    Assert.Equal(StorageErrors.Conflict, result.AsT1.Code);
                    Interlocked.Increment(ref conflictsReported);
                }
            }
        }

        var callers = Enumerable.Range(0, Writers).Select(c => Task.Run(() => Call(c))).ToList();
        start.SetResult();
        await Task.WhenAll(callers);

        var loaded = await Store.LoadAsync(incident.Id, None);
        Assert.True(EventHashChain.Verify(loaded).IsIntact);
        var summaries = loaded.Skip(incident.Version).Select(e => ((CustomerCommunicationRecorded)Scenario.Serializer.Deserialize(e)).Summary).ToList();
        Assert.Equal(Writers * PerCaller, summaries.Count);
        Assert.Equal(
            Enumerable.Range(0, Writers).SelectMany(c => Enumerable.Range(0, PerCaller).Select(i => $"caller {c} call {i}")).Order(StringComparer.Ordinal),
            summaries.Order(StringComparer.Ordinal));
        foreach (var caller in Enumerable.Range(0, Writers))
        {
            // Each caller's commands are stored in the order it made them.
            Assert.Equal(Enumerable.Range(0, PerCaller).Select(i => $"caller {caller} call {i}"), summaries.Where(s => s.StartsWith($"caller {caller} ", StringComparison.Ordinal)));
        }
    }

    /// <summary>Checks <c>AppendAsync</c> — failure injected mid append: leaves no partial write.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task AppendAsync_FailureInjectedMidAppend_LeavesNoPartialWrite(int eventsWritten)
    {
        // One request: three events of an existing incident, two of a new one with a key, and two outbox messages.
        var existing = await ReportAndSaveAsync();
        Scenario.Assess(existing, SeverityLevel.III);
        Scenario.Do(existing, new ReassessIncident(KitPeople.CustomerServiceRep, SeverityLevel.II, ImpactScope.RegionalOrIndustry, PotentialRisk.High, "Worse."));
        var update = Scenario.Append(existing, (await Store.LoadAsync(existing.Id, None))[^1]);
        Assert.Equal(3, update.Events.Count);
        var fresh = Scenario.Report();
        Scenario.Assess(fresh);
        var created = Scenario.Append(fresh, null, "fresh-key");
        var request = new AppendRequest([update, created], [Message(existing.Id, "a"), Message(fresh.Id, "b")]);
        var before = await DescribeStoreAsync([existing.Id, fresh.Id], ["fresh-key"]);

        if (!await TryInjectFailureAfterEventsAsync(Store, eventsWritten))
        {
            Inconclusive("the store has no failure hook (TryInjectFailureAfterEventsAsync)");
            return;
        }

        await Assert.ThrowsAnyAsync<Exception>(async () => await Store.AppendAsync(request, None));

        Assert.Equal(before, await DescribeStoreAsync([existing.Id, fresh.Id], ["fresh-key"]));
        Assert.Single(await Store.LoadAsync(existing.Id, None));
        Assert.Empty(await Store.LoadAsync(fresh.Id, None));
        Assert.Null(await Store.FindByIdempotencyKeyAsync("fresh-key", None));
        Assert.Empty(await Store.ReadOutboxAsync(10, None));
        if (await ReopenAsync())
        {
            Assert.Equal(before, await DescribeStoreAsync([existing.Id, fresh.Id], ["fresh-key"]));
        }

        // The store is usable afterwards, and the same request now goes through whole.
        Assert.Equal(AppendResult.Appended, await Store.AppendAsync(request, None));
        Assert.Equal(4, (await Store.LoadAsync(existing.Id, None)).Count);
        AssertSameEvents(created.Events, await Store.LoadAsync(fresh.Id, None));
        Assert.Equal(fresh.Id, await Store.FindByIdempotencyKeyAsync("fresh-key", None));
        Assert.Equal(request.Outbox, await Store.ReadOutboxAsync(10, None));
    }

    private async Task<Incident> RespondingIncidentAsync()
    {
        var incident = Scenario.Report();
        Scenario.Assess(incident);
        Scenario.Do(incident, Scenario.IssueCommand());
        Scenario.Do(incident, new AcknowledgeDirective(KitPeople.CustomerServiceRep, new DirectiveId(1)));
        Scenario.Do(incident, new CompleteDirective(KitPeople.CustomerServiceRep, new DirectiveId(1), "Collected."));
        Scenario.Do(incident, new StartResponse(KitPeople.CustomerServiceManager));
        await SaveAsync(incident);
        return incident;
    }
}
