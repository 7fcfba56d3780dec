using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;

namespace PetitionOpinion.Storage.Conformance;

/// <content>Round trips: every event type, byte for byte, summaries upserted, unknown incidents.</content>
public abstract partial class IncidentStoreConformanceTests
{
    /// <summary>Checks <c>Serializer</c> — event types: are every event type of the library.</summary>
    [Fact]
    public void Serializer_EventTypes_AreEveryEventTypeOfTheLibrary()
    {
        // The kit itself: the serializer knows every event type found by reflection (so the story below can cover them all).
        Assert.Equal(ConformanceScenario.AllEventTypeNames().Order(StringComparer.Ordinal), Scenario.Serializer.EventTypes.Order(StringComparer.Ordinal));
    }

    /// <summary>Checks <c>AppendAsync</c> — full story: every event type is stored and loads byte for byte.</summary>
    [Fact]
    public async Task AppendAsync_FullStory_EveryEventTypeIsStoredAndLoadsByteForByte()
    {
        var written = await Scenario.StoreFullStoryAsync(Store);

        Assert.Equal(
            ConformanceScenario.AllEventTypeNames().Order(StringComparer.Ordinal),
            written.Values.SelectMany(e => e).Select(e => e.EventType).Distinct().Order(StringComparer.Ordinal));
        foreach (var (id, events) in written)
        {
            var loaded = await Store.LoadAsync(id, None);
            AssertSameEvents(events, loaded);
        }
    }

    /// <summary>Checks <c>LoadAsync</c> — full story: rehydrates every incident and its chain is intact.</summary>
    [Fact]
    public async Task LoadAsync_FullStory_RehydratesEveryIncidentAndItsChainIsIntact()
    {
        var written = await Scenario.StoreFullStoryAsync(Store);

        foreach (var (id, events) in written)
        {
            var loaded = await Store.LoadAsync(id, None);
            var incident = Incident.FromHistory(loaded.Select(Scenario.Serializer.Deserialize));
            Assert.Equal(id, incident.Id);
            Assert.Equal(events.Count, incident.Version);
            Assert.Equal(events.Select(e => e.EventType), incident.History.Select(e => e.GetType().Name));
            Assert.True(EventHashChain.Verify(loaded).IsIntact);
        }
    }

    /// <summary>Checks <c>QueryAsync</c> — after full story: holds one up to date summary per incident.</summary>
    [Fact]
    public async Task QueryAsync_AfterFullStory_HoldsOneUpToDateSummaryPerIncident()
    {
        var written = await Scenario.StoreFullStoryAsync(Store);

        var page = await Store.QueryAsync(new IncidentQuery { Take = IncidentQuery.MaxPageSize }, None);

        Assert.Equal(written.Count, page.TotalCount);
        Assert.Equal(written.Count, page.Items.Count);
        foreach (var (id, events) in written)
        {
            var expected = IncidentSummaries.Of(Incident.FromHistory(events.Select(Scenario.Serializer.Deserialize)));
            AssertSameSummary(expected, Assert.Single(page.Items, s => s.Id == id));
        }

        Assert.Contains(page.Items, s => s.State == IncidentState.Dismissed && s.Level is null);
        Assert.Contains(page.Items, s => s.State == IncidentState.Resolved && s.Level == SeverityLevel.II);
    }

    /// <summary>Checks <c>AppendAsync</c> — opaque fields: come back exactly.</summary>
    [Fact]
    public async Task AppendAsync_OpaqueFields_ComeBackExactly()
    {
        // A store neither interprets the payload nor checks the hash: any bytes, any schema version, tick-precise UTC time.
        var id = new IncidentId(Guid.NewGuid());
        var payload = new byte[300_000];
        new Random(7).NextBytes(payload);
        payload[0] = 0x00;
        payload[1] = 0xFF;
        var hash = Enumerable.Range(0, EventHashChain.HashLength).Select(i => (byte)(255 - i)).ToArray();
        var occurredAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        var first = new StoredEvent(id, 1, nameof(IncidentReported), 7, occurredAt, KitPeople.CustomerServiceRep, payload, hash);
        var second = new StoredEvent(id, 2, "SomeFutureEvent", int.MaxValue, new DateTimeOffset(2999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999), new PersonId("张伟.zhang-wei_1@x:y"), "{\"text\":\"中文 – ünïcödé 🙂\"}"u8.ToArray(), new byte[EventHashChain.HashLength]);
        var summary = new IncidentSummary(id, IncidentKind.Petition, IntakeChannel.Hotline, new RiskCategory("Custom_Category"), IncidentState.Reported, null, occurredAt, second.OccurredAt, null, 2);

        Assert.Equal(AppendResult.Appended, await AppendAsync([new IncidentAppend(id, 0, [first, second], summary)]));
        payload[5] ^= 0xFF; // the caller's buffer changes afterwards: the stored event must not

        var loaded = await Store.LoadAsync(id, None);
        Assert.Equal(2, loaded.Count);
        Assert.Equal(first.Payload.Length, loaded[0].Payload.Length);
        Assert.NotEqual(payload[5], loaded[0].Payload.Span[5]);
        payload[5] ^= 0xFF;
        AssertSameEvents([first, second], loaded);
        AssertSameSummary(summary, Assert.Single((await Store.QueryAsync(new IncidentQuery(), None)).Items));
    }

    /// <summary>Checks <c>AppendAsync</c> — statistics fields: come back exactly and follow each append.</summary>
    [Fact]
    public async Task AppendAsync_StatisticsFields_ComeBackExactlyAndFollowEachAppend()
    {
        // The summary fields the statistics read: instants with their offsets, the reopen count, the petitioner's key —
        // written with the first row, changed by a later append, and emptied again.
        var id = new IncidentId(Guid.NewGuid());
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)).AddTicks(1);
        StoredEvent Event(int version) => new(id, version, nameof(IncidentReported), 2, at.AddMinutes(version), KitPeople.CustomerServiceRep, "{}"u8.ToArray(), new byte[EventHashChain.HashLength]);
        var first = new IncidentSummary(id, IncidentKind.Petition, IntakeChannel.Hotline, RiskCategory.DataPrivacy, IncidentState.Resolved, SeverityLevel.III, at, at.AddMinutes(1), null, 1,
            AcknowledgedAt: at.AddMinutes(3).ToOffset(TimeSpan.FromHours(-5)),
            AcknowledgeDueAt: at.AddHours(4),
            FirstResolvedAt: at.AddDays(2).AddTicks(7),
            ResolutionDueAt: at.AddDays(21).ToOffset(TimeSpan.Zero),
            ReopenCount: 0,
            PetitionerKey: "0123456789abcdef0123456789abcdef");
        Assert.Equal(AppendResult.Appended, await AppendAsync([new IncidentAppend(id, 0, [Event(1)], first)]));
        AssertSameSummary(first, Assert.Single((await Store.QueryAsync(new IncidentQuery(), None)).Items));

        var second = first with { Version = 2, UpdatedAt = at.AddMinutes(2), State = IncidentState.Responding, ReopenCount = int.MaxValue, PetitionerKey = "ffffffffffffffffffffffffffffffff", AcknowledgeDueAt = at.AddHours(1) };
        Assert.Equal(AppendResult.Appended, await AppendAsync([new IncidentAppend(id, 1, [Event(2)], second)]));
        AssertSameSummary(second, Assert.Single((await Store.QueryAsync(new IncidentQuery(), None)).Items));

        var third = second with { Version = 3, UpdatedAt = at.AddMinutes(3), AcknowledgedAt = null, AcknowledgeDueAt = null, FirstResolvedAt = null, ResolutionDueAt = null, ReopenCount = 0, PetitionerKey = null };
        Assert.Equal(AppendResult.Appended, await AppendAsync([new IncidentAppend(id, 2, [Event(3)], third)]));
        AssertSameSummary(third, Assert.Single((await Store.QueryAsync(new IncidentQuery(), None)).Items));
    }

    /// <summary>Checks <c>AppendAsync</c> — several appends: events stay in version order and incidents apart.</summary>
    [Fact]
    public async Task AppendAsync_SeveralAppends_EventsStayInVersionOrderAndIncidentsApart()
    {
        var first = Scenario.Report();
        var second = Scenario.Report();
        var expectedFirst = new List<StoredEvent>(await SaveAsync(first));
        var expectedSecond = new List<StoredEvent>(await SaveAsync(second));
        for (var i = 0; i < 6; i++)
        {
            var (incident, expected) = i % 2 == 0 ? (first, expectedFirst) : (second, expectedSecond);
            IncidentCommand command = i < 2
                ? new AssessIncident(KitPeople.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Low, $"Assessment {i}")
                : new ReassessIncident(KitPeople.CustomerServiceRep, SeverityLevel.IV, ImpactScope.Individual, PotentialRisk.Low, $"Reassessment {i}");
            Scenario.Do(incident, command);
            expected.AddRange(await SaveAsync(incident));
        }

        AssertSameEvents(expectedFirst, await Store.LoadAsync(first.Id, None));
        AssertSameEvents(expectedSecond, await Store.LoadAsync(second.Id, None));
    }

    /// <summary>Checks <c>LoadAsync</c> — unknown incident: returns empty.</summary>
    [Fact]
    public async Task LoadAsync_UnknownIncident_ReturnsEmpty()
    {
        await ReportAndSaveAsync();

        Assert.Empty(await Store.LoadAsync(new IncidentId(Guid.NewGuid()), None));
        Assert.Empty(await Store.LoadAsync(default, None));
    }

    /// <summary>Checks <c>EmptyStore</c> — every read: returns nothing.</summary>
    [Fact]
    public async Task EmptyStore_EveryRead_ReturnsNothing()
    {
        Assert.Empty(await Store.LoadAsync(new IncidentId(Guid.NewGuid()), None));
        Assert.Null(await Store.FindByIdempotencyKeyAsync("unknown", None));
        Assert.Equal(new IncidentSummaryPage([], 0), await Store.QueryAsync(new IncidentQuery(), None), PageComparer.Instance);
        Assert.Empty(await Store.ReadOutboxAsync(10, None));
        await Store.AcknowledgeOutboxAsync([Guid.NewGuid()], None);
        await Store.AcknowledgeOutboxAsync([], None);
    }

    /// <summary>Checks <c>TryReopenAsync</c> — after writes: everything survives.</summary>
    [Fact]
    public async Task TryReopenAsync_AfterWrites_EverythingSurvives()
    {
        var written = await Scenario.StoreFullStoryAsync(Store);
        var keyed = await ReportAndSaveAsync("crm-4711");
        Scenario.Do(keyed, new DismissIncident(KitPeople.CustomerServiceRep, "Handled elsewhere."));
        var pending = Message(keyed.Id, "pending");
        var acknowledged = Message(keyed.Id, "acknowledged");
        var events = await Store.LoadAsync(keyed.Id, None);
        Assert.Equal(AppendResult.Appended, await AppendAsync([Scenario.Append(keyed, events[^1])], acknowledged, pending));
        await Store.AcknowledgeOutboxAsync([acknowledged.Id], None);
        var ids = written.Keys.Append(keyed.Id).ToList();
        var before = await DescribeStoreAsync(ids, ["crm-4711"]);

        if (!await ReopenAsync())
        {
            Inconclusive("the store is not durable (TryReopenAsync not implemented)");
            return;
        }

        Assert.Equal(before, await DescribeStoreAsync(ids, ["crm-4711"]));
        foreach (var (id, stored) in written)
        {
            AssertSameEvents(stored, await Store.LoadAsync(id, None));
        }

        Assert.Equal([pending], await Store.ReadOutboxAsync(10, None));
        Assert.Equal(keyed.Id, await Store.FindByIdempotencyKeyAsync("crm-4711", None));
    }

    /// <summary>Asserts that two event lists are equal field by field (payload and hash byte for byte, time with its offset).</summary>
    /// <param name="expected">The expected events.</param>
    /// <param name="actual">The actual events.</param>
    protected static void AssertSameEvents(IReadOnlyList<StoredEvent> expected, IReadOnlyList<StoredEvent> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal(e.IncidentId, a.IncidentId);
            Assert.Equal(e.Version, a.Version);
            Assert.Equal(e.EventType, a.EventType);
            Assert.Equal(e.SchemaVersion, a.SchemaVersion);
            Assert.Equal(e.OccurredAt.UtcTicks, a.OccurredAt.UtcTicks);
            Assert.Equal(e.OccurredAt.Offset, a.OccurredAt.Offset);
            Assert.Equal(e.Actor, a.Actor);
            Assert.Equal(e.Payload.ToArray(), a.Payload.ToArray());
            Assert.Equal(e.Hash.ToArray(), a.Hash.ToArray());
            Assert.Equal(e, a);
        }
    }

    /// <summary>Asserts that two summaries are equal, times to the tick.</summary>
    /// <param name="expected">The expected summary.</param>
    /// <param name="actual">The actual summary.</param>
    protected static void AssertSameSummary(IncidentSummary expected, IncidentSummary actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected, actual);
        // DateTimeOffset equality ignores the offset: a store keeps it too.
        static (long, TimeSpan)? Exactly(DateTimeOffset? value) => value is { } v ? (v.UtcTicks, v.Offset) : null;
        Assert.Equal(Exactly(expected.ReportedAt), Exactly(actual.ReportedAt));
        Assert.Equal(Exactly(expected.UpdatedAt), Exactly(actual.UpdatedAt));
        Assert.Equal(Exactly(expected.NextDueAt), Exactly(actual.NextDueAt));
        Assert.Equal(Exactly(expected.AcknowledgedAt), Exactly(actual.AcknowledgedAt));
        Assert.Equal(Exactly(expected.AcknowledgeDueAt), Exactly(actual.AcknowledgeDueAt));
        Assert.Equal(Exactly(expected.FirstResolvedAt), Exactly(actual.FirstResolvedAt));
        Assert.Equal(Exactly(expected.ResolutionDueAt), Exactly(actual.ResolutionDueAt));
    }

    private sealed class PageComparer : IEqualityComparer<IncidentSummaryPage>
    {
        public static PageComparer Instance { get; } = new();

        public bool Equals(IncidentSummaryPage? x, IncidentSummaryPage? y)
            => x is not null && y is not null && x.TotalCount == y.TotalCount && x.Items.SequenceEqual(y.Items);

        public int GetHashCode(IncidentSummaryPage obj) => obj.TotalCount;
    }
}
