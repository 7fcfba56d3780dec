using PetitionOpinion.Incidents;

namespace PetitionOpinion.Storage.Conformance;

/// <content>The outbox: written with the events, read oldest first, acknowledged messages disappear.</content>
public abstract partial class IncidentStoreConformanceTests
{
    /// <summary>Checks <c>AppendAsync</c> — with messages: writes them with the events in request order.</summary>
    [Fact]
    public async Task AppendAsync_WithMessages_WritesThemWithTheEventsInRequestOrder()
    {
        var incident = Scenario.Report();
        var messages = Enumerable.Range(0, 5).Select(i => Message(incident.Id, $"m{i}")).ToArray();

        Assert.Equal(AppendResult.Appended, await AppendAsync([Scenario.Append(incident, null)], messages));

        Assert.Equal(messages, await Store.ReadOutboxAsync(10, None));
        Assert.Single(await Store.LoadAsync(incident.Id, None));
    }

    /// <summary>Checks <c>ReadOutboxAsync</c> — messages of several appends: returns oldest first up to max count.</summary>
    [Fact]
    public async Task ReadOutboxAsync_MessagesOfSeveralAppends_ReturnsOldestFirstUpToMaxCount()
    {
        var incident = await ReportAndSaveAsync();
        var written = new List<OutboxMessage>();
        for (var i = 0; i < 4; i++)
        {
            Scenario.Do(incident, i == 0 ? new AssessIncident(KitPeople.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Low, "One.") : Scenario.IssueCommand());
            OutboxMessage[] messages = [Message(incident.Id, $"{i}a"), Message(incident.Id, $"{i}b")];
            Assert.Equal(AppendResult.Appended, await AppendAsync([Scenario.Append(incident, (await Store.LoadAsync(incident.Id, None))[^1])], messages));
            written.AddRange(messages);
        }

        Assert.Equal(written.Take(3), await Store.ReadOutboxAsync(3, None));
        Assert.Equal(written, await Store.ReadOutboxAsync(8, None));
        Assert.Equal(written, await Store.ReadOutboxAsync(int.MaxValue, None));
        Assert.Equal(written.Take(1), await Store.ReadOutboxAsync(1, None));
    }

    /// <summary>Checks <c>AcknowledgeOutboxAsync</c> — some messages: only the others are read again.</summary>
    [Fact]
    public async Task AcknowledgeOutboxAsync_SomeMessages_OnlyTheOthersAreReadAgain()
    {
        var incident = Scenario.Report();
        var messages = Enumerable.Range(0, 6).Select(i => Message(incident.Id, $"m{i}")).ToArray();
        await AppendAsync([Scenario.Append(incident, null)], messages);

        await Store.AcknowledgeOutboxAsync([messages[0].Id, messages[2].Id, Guid.NewGuid()], None);
        Assert.Equal([messages[1], messages[3], messages[4], messages[5]], await Store.ReadOutboxAsync(10, None));
        Assert.Equal([messages[1], messages[3]], await Store.ReadOutboxAsync(2, None));

        await Store.AcknowledgeOutboxAsync([messages[0].Id, messages[1].Id], None); // acknowledging twice is harmless
        await Store.AcknowledgeOutboxAsync([], None);
        Assert.Equal([messages[3], messages[4], messages[5]], await Store.ReadOutboxAsync(10, None));

        await Store.AcknowledgeOutboxAsync([.. messages.Select(m => m.Id)], None);
        Assert.Empty(await Store.ReadOutboxAsync(10, None));
    }

    /// <summary>Checks <c>ReadOutboxAsync</c> — payload: comes back byte for byte.</summary>
    [Fact]
    public async Task ReadOutboxAsync_Payload_ComesBackByteForByte()
    {
        var incident = Scenario.Report();
        var payload = new byte[70_000];
        new Random(3).NextBytes(payload);
        payload[0] = 0;
        var message = new OutboxMessage(Guid.NewGuid(), incident.Id, "notification.sms", "dedup/通知/1", payload, Scenario.Now.AddTicks(123));

        await AppendAsync([Scenario.Append(incident, null)], message);
        payload[1] ^= 0xFF; // the caller's buffer changes afterwards: the stored message must not

        var read = Assert.Single(await Store.ReadOutboxAsync(1, None));
        payload[1] ^= 0xFF;
        Assert.Equal(message.Id, read.Id);
        Assert.Equal(message.IncidentId, read.IncidentId);
        Assert.Equal(message.Kind, read.Kind);
        Assert.Equal(message.DeduplicationKey, read.DeduplicationKey);
        Assert.Equal(message.CreatedAt.UtcTicks, read.CreatedAt.UtcTicks);
        Assert.Equal(payload, read.Payload.ToArray());
    }

    /// <summary>Checks <c>AppendAsync</c> — conflict: writes no message.</summary>
    [Fact]
    public async Task AppendAsync_Conflict_WritesNoMessage()
    {
        var incident = await ReportAndSaveAsync();
        var request = Scenario.Append(Scenario.Report(id: incident.Id), null);

        Assert.Equal(AppendStatus.Conflict, (await AppendAsync([request], Message(incident.Id, "lost"))).Status);

        Assert.Empty(await Store.ReadOutboxAsync(10, None));
    }

    /// <summary>Checks <c>AppendAsync</c> — duplicate intake: writes no message.</summary>
    [Fact]
    public async Task AppendAsync_DuplicateIntake_WritesNoMessage()
    {
        await ReportAndSaveAsync("key");
        var second = Scenario.Report();

        Assert.Equal(AppendStatus.DuplicateIntake, (await AppendAsync([Scenario.Append(second, null, "key")], Message(second.Id, "lost"))).Status);

        Assert.Empty(await Store.ReadOutboxAsync(10, None));
    }

    /// <summary>Checks <c>ReadOutboxAsync</c> — max count below one: throws argument exception.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ReadOutboxAsync_MaxCountBelowOne_ThrowsArgumentException(int maxCount)
        => await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.ReadOutboxAsync(maxCount, None));

    /// <summary>Checks <c>AcknowledgeOutboxAsync</c> — null: throws argument null exception.</summary>
    [Fact]
    public async Task AcknowledgeOutboxAsync_Null_ThrowsArgumentNullException()
        => await Assert.ThrowsAsync<ArgumentNullException>(async () => await Store.AcknowledgeOutboxAsync(null!, None));
}
