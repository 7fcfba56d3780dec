namespace PetitionOpinion.Storage.Conformance;

/// <content>
/// Purging the outbox: only messages acknowledged strictly before the cut-off go, oldest acknowledgement first, at most
/// the count asked for; a pending message never goes; events and the ledger are untouched. These tests need the store's
/// clock to be <see cref="ConformanceScenario.Time"/> (create the store with it): they acknowledge, advance that clock, and
/// purge with cut-offs between the acknowledgements.
/// </content>
public abstract partial class IncidentStoreConformanceTests
{
    /// <summary>Checks <c>PurgeOutboxAsync</c> — messages acknowledged before and at the cut-off: deletes only those strictly before, and leaves pending messages, events and the ledger alone.</summary>
    [Fact]
    public async Task PurgeOutboxAsync_AcknowledgedBeforeAndAtCutoff_DeletesOnlyThoseStrictlyBefore()
    {
        var (incident, messages) = await AppendMessagesAsync(6);
        var first = Scenario.Now;
        await Store.AcknowledgeOutboxAsync([messages[0].Id, messages[1].Id], None);
        Scenario.Time.Advance(TimeSpan.FromHours(1));
        var second = Scenario.Now;
        await Store.AcknowledgeOutboxAsync([messages[2].Id, messages[3].Id], None);
        var events = await Store.LoadAsync(incident, None);
        var ledger = await Store.ReadLedgerAsync(0, 100, None);

        Assert.Equal(0, await Store.PurgeOutboxAsync(first, 10, None));
        Assert.Equal(2, await Store.PurgeOutboxAsync(second, 10, None));
        Assert.Equal(0, await Store.PurgeOutboxAsync(second, 10, None));
        Assert.Equal(2, await Store.PurgeOutboxAsync(second.AddTicks(1), 10, None));

        Assert.Equal([messages[4], messages[5]], await Store.ReadOutboxAsync(10, None));
        Assert.Equal(events.Select(e => Convert.ToHexString(e.Hash.Span)), (await Store.LoadAsync(incident, None)).Select(e => Convert.ToHexString(e.Hash.Span)));
        Assert.Equal(ledger.Count, (await Store.ReadLedgerAsync(0, 100, None)).Count);
    }

    /// <summary>Checks <c>PurgeOutboxAsync</c> — pending messages, however old: never deletes them.</summary>
    [Fact]
    public async Task PurgeOutboxAsync_PendingMessages_NeverDeletesThem()
    {
        var (_, messages) = await AppendMessagesAsync(3);
        Scenario.Time.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(0, await Store.PurgeOutboxAsync(Scenario.Now, 10, None));
        Assert.Equal(0, await Store.PurgeOutboxAsync(DateTimeOffset.MaxValue, 10, None));

        Assert.Equal(messages, await Store.ReadOutboxAsync(10, None));
    }

    /// <summary>Checks <c>PurgeOutboxAsync</c> — max count: deletes at most that many per call, the earliest acknowledged first, until none is left.</summary>
    [Fact]
    public async Task PurgeOutboxAsync_MaxCount_DeletesAtMostThatManyEarliestAcknowledgedFirst()
    {
        var (_, messages) = await AppendMessagesAsync(5);
        var times = new List<DateTimeOffset>();
        foreach (var index in new[] { 3, 1, 4, 0, 2 })
        {
            times.Add(Scenario.Now);
            await Store.AcknowledgeOutboxAsync([messages[index].Id], None);
            Scenario.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(1, await Store.PurgeOutboxAsync(DateTimeOffset.MaxValue, 1, None));
        Assert.Equal(0, await Store.PurgeOutboxAsync(times[1], 10, None)); // the earliest (message 3) went first
        Assert.Equal(2, await Store.PurgeOutboxAsync(DateTimeOffset.MaxValue, 2, None));
        Assert.Equal(0, await Store.PurgeOutboxAsync(times[3], 10, None)); // then messages 1 and 4
        Assert.Equal(2, await Store.PurgeOutboxAsync(DateTimeOffset.MaxValue, 3, None));
        Assert.Equal(0, await Store.PurgeOutboxAsync(DateTimeOffset.MaxValue, 3, None));
        Assert.Empty(await Store.ReadOutboxAsync(10, None));
    }

    /// <summary>Checks <c>PurgeOutboxAsync</c> — a message acknowledged twice: its first acknowledgement counts; acknowledging a purged message again brings nothing back.</summary>
    [Fact]
    public async Task PurgeOutboxAsync_AcknowledgedTwiceOrAfterPurge_FirstAcknowledgementCountsAndNothingComesBack()
    {
        var (_, messages) = await AppendMessagesAsync(2);
        var first = Scenario.Now;
        await Store.AcknowledgeOutboxAsync([messages[0].Id], None);
        Scenario.Time.Advance(TimeSpan.FromDays(1));
        await Store.AcknowledgeOutboxAsync([messages[0].Id], None);

        Assert.Equal(1, await Store.PurgeOutboxAsync(first.AddTicks(1), 10, None));

        await Store.AcknowledgeOutboxAsync([messages[0].Id], None);
        Assert.Equal(0, await Store.PurgeOutboxAsync(DateTimeOffset.MaxValue, 10, None));
        Assert.Equal([messages[1]], await Store.ReadOutboxAsync(10, None));
    }

    /// <summary>Checks <c>PurgeOutboxAsync</c> — after a reopen: acknowledgement times and purges survive.</summary>
    [Fact]
    public async Task PurgeOutboxAsync_AfterReopen_AcknowledgementTimesAndPurgesSurvive()
    {
        var (_, messages) = await AppendMessagesAsync(3);
        var acknowledgedAt = Scenario.Now;
        await Store.AcknowledgeOutboxAsync([messages[0].Id, messages[1].Id], None);
        Assert.Equal(1, await Store.PurgeOutboxAsync(DateTimeOffset.MaxValue, 1, None));

        if (!await ReopenAsync())
        {
            Inconclusive("the store is not durable (TryReopenAsync not implemented)");
            return;
        }

        Assert.Equal(0, await Store.PurgeOutboxAsync(acknowledgedAt, 10, None));
        Assert.Equal(1, await Store.PurgeOutboxAsync(acknowledgedAt.AddTicks(1), 10, None));
        Assert.Equal([messages[2]], await Store.ReadOutboxAsync(10, None));
    }

    /// <summary>Checks <c>PurgeOutboxAsync</c> — max count below one: throws argument exception and deletes nothing.</summary>
    /// <param name="maxCount">The count.</param>
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task PurgeOutboxAsync_MaxCountBelowOne_ThrowsArgumentException(int maxCount)
    {
        var (_, messages) = await AppendMessagesAsync(1);
        await Store.AcknowledgeOutboxAsync([messages[0].Id], None);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.PurgeOutboxAsync(DateTimeOffset.MaxValue, maxCount, None));

        Assert.Equal(1, await Store.PurgeOutboxAsync(DateTimeOffset.MaxValue, 1, None));
    }

    /// <summary>Reports an incident and stores it with <paramref name="count"/> outbox messages in one append.</summary>
    private async Task<(IncidentId Incident, OutboxMessage[] Messages)> AppendMessagesAsync(int count)
    {
        var incident = Scenario.Report();
        var messages = Enumerable.Range(0, count).Select(i => Message(incident.Id, $"m{i}")).ToArray();
        Assert.Equal(AppendResult.Appended, await AppendAsync([Scenario.Append(incident, null)], messages));
        return (incident.Id, messages);
    }
}
