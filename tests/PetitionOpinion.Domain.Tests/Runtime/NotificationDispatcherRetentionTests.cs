using PetitionOpinion.Notifications;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// Issue 19, personal data at rest: <see cref="NotificationDispatcher.PurgeDeliveredAsync"/> deletes delivered outbox
/// messages once <see cref="NotificationOptions.OutboxRetention"/> has passed since their acknowledgement, never a pending
/// one; <see cref="NotificationDispatcher.RunAsync"/> purges after its first pass and then hourly.
/// </summary>
public sealed class NotificationDispatcherRetentionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task PurgeDeliveredAsync_DeliveredAndPending_DeletesOnlyTheDeliveredOnceTheRetentionHasPassed()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        channel.FailFirst = 1; // k1 fails and stays pending; k2 is delivered and acknowledged
        var dispatcher = world.Dispatcher(channel);
        var messages = await world.ReportWithNotificationsAsync("k1", "k2");
        await dispatcher.DispatchPendingAsync(None);
        Assert.Equal([messages[1].Id], world.Store.AcknowledgedIds);

        world.Time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await dispatcher.PurgeDeliveredAsync(None)); // exactly the retention: not yet older than it
        world.Time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, await dispatcher.PurgeDeliveredAsync(None));
        Assert.Equal(0, await dispatcher.PurgeDeliveredAsync(None));

        Assert.Equal([messages[0]], await world.PendingAsync());
        Assert.Equal(world.Time.GetUtcNow() - TimeSpan.FromDays(30), world.Store.PurgeCutoffs[^1]);
        var logged = Assert.Single(world.Log.Entries, e => e.EventId.Id == 10);
        Assert.DoesNotContain(NotificationWorld.Body, logged.Everything, StringComparison.Ordinal);
        Assert.DoesNotContain(NotificationWorld.RecipientName, logged.Everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PurgeDeliveredAsync_ConfiguredRetention_UsesIt()
    {
        var world = new NotificationWorld(new NotificationOptions { OutboxRetention = TimeSpan.FromHours(2) });
        var dispatcher = world.Dispatcher(world.Channel("sms"));
        await world.ReportWithNotificationsAsync("k1");
        await dispatcher.DispatchPendingAsync(None);

        world.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromTicks(1));

        Assert.Equal(1, await dispatcher.PurgeDeliveredAsync(None));
    }

    [Fact]
    public async Task PurgeDeliveredAsync_BacklogBeyondOneCall_DeletesAtMostTenBatchesPerCall()
    {
        var world = new NotificationWorld();
        var dispatcher = world.Dispatcher(world.Channel("sms"));
        var count = (NotificationDispatcher.PurgeBatchSize * NotificationDispatcher.PurgeBatchesPerCall) + 500;
        var messages = await world.ReportWithNotificationsAsync([.. Enumerable.Range(0, count).Select(i => $"k{i}")]);
        await world.Store.AcknowledgeOutboxAsync([.. messages.Select(m => m.Id)], None);
        world.Time.Advance(TimeSpan.FromDays(31));

        Assert.Equal(NotificationDispatcher.PurgeBatchSize * NotificationDispatcher.PurgeBatchesPerCall, await dispatcher.PurgeDeliveredAsync(None));
        Assert.Equal(NotificationDispatcher.PurgeBatchesPerCall, world.Store.PurgeCutoffs.Count);
        Assert.Equal(500, await dispatcher.PurgeDeliveredAsync(None));
        Assert.Equal(0, await dispatcher.PurgeDeliveredAsync(None));
    }

    [Fact]
    public async Task PurgeDeliveredAsync_StoreFails_ThrowsWhatTheStoreThrows()
    {
        var world = new NotificationWorld();
        var dispatcher = world.Dispatcher(world.Channel("sms"));
        world.Store.FailPurges(1);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await dispatcher.PurgeDeliveredAsync(None));
    }

    [Fact]
    public async Task PurgeIfDueAsync_SuccessiveCalls_PurgeAtOnceThenHourly()
    {
        var world = new NotificationWorld();
        var dispatcher = world.Dispatcher(world.Channel("sms"));

        await dispatcher.PurgeIfDueAsync(None);
        Assert.Single(world.Store.PurgeCutoffs);

        world.Time.Advance(TimeSpan.FromMinutes(59));
        await dispatcher.PurgeIfDueAsync(None);
        Assert.Single(world.Store.PurgeCutoffs);

        world.Time.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.PurgeIfDueAsync(None);
        Assert.Equal(2, world.Store.PurgeCutoffs.Count);
    }

    [Fact]
    public async Task PurgeIfDueAsync_StoreFails_LogsTheTypeOnlyAndTriesAgainAnHourLater()
    {
        var world = new NotificationWorld();
        var dispatcher = world.Dispatcher(world.Channel("sms"));
        world.Store.FailPurges(1);

        await dispatcher.PurgeIfDueAsync(None); // does not throw

        var logged = Assert.Single(world.Log.Entries, e => e.EventId.Id == 11);
        Assert.Contains("InvalidOperationException", logged.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Injected", logged.Everything, StringComparison.Ordinal);
        world.Time.Advance(TimeSpan.FromMinutes(30));
        await dispatcher.PurgeIfDueAsync(None);
        Assert.Single(world.Store.PurgeCutoffs);
        world.Time.Advance(TimeSpan.FromMinutes(30));
        await dispatcher.PurgeIfDueAsync(None);
        Assert.Equal(2, world.Store.PurgeCutoffs.Count);
    }

    [Fact]
    public async Task PurgeIfDueAsync_PurgeHitTheCap_GoesOnAtTheNextCall()
    {
        var world = new NotificationWorld();
        var dispatcher = world.Dispatcher(world.Channel("sms"));
        var count = (NotificationDispatcher.PurgeBatchSize * NotificationDispatcher.PurgeBatchesPerCall) + 1;
        var messages = await world.ReportWithNotificationsAsync([.. Enumerable.Range(0, count).Select(i => $"k{i}")]);
        await world.Store.AcknowledgeOutboxAsync([.. messages.Select(m => m.Id)], None);
        world.Time.Advance(TimeSpan.FromDays(31));

        await dispatcher.PurgeIfDueAsync(None);
        await dispatcher.PurgeIfDueAsync(None); // no time passed: the backlog is not left for an hour

        Assert.Equal(0, await world.Store.Inner.PurgeOutboxAsync(DateTimeOffset.MaxValue, 10, None));
    }

    [Fact]
    public async Task RunAsync_FirstPass_PurgesDeliveredMessagesOlderThanTheRetention()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        var dispatcher = world.Dispatcher(channel);
        var old = await world.ReportWithNotificationsAsync("old");
        await world.Store.AcknowledgeOutboxAsync([old[0].Id], None);
        world.Time.Advance(TimeSpan.FromDays(31));
        var fresh = await world.ReportWithNotificationsAsync("fresh");
        using var stop = new CancellationTokenSource();

        // The in-memory store answers at once: the first pass and the purge run before RunAsync first waits.
        var run = dispatcher.RunAsync(stop.Token);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(world.Store.PurgeCutoffs);
        Assert.Single(world.Log.Entries, e => e.EventId.Id == 10);
        Assert.Contains(fresh[0].Id, world.Store.AcknowledgedIds); // delivered in the pass, kept: too recent
        Assert.Equal(0, await world.Store.Inner.PurgeOutboxAsync(world.Time.GetUtcNow() - TimeSpan.FromDays(30), 10, None));
        Assert.Equal(1, await world.Store.Inner.PurgeOutboxAsync(DateTimeOffset.MaxValue, 10, None));
    }

    [Fact]
    public async Task RunAsync_PurgeFails_KeepsDispatching()
    {
        var world = new NotificationWorld();
        var channel = world.Channel("sms");
        var dispatcher = world.Dispatcher(channel);
        await world.ReportWithNotificationsAsync("k1");
        world.Store.FailPurges(1);
        using var stop = new CancellationTokenSource();

        var run = dispatcher.RunAsync(stop.Token);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(run.IsCompletedSuccessfully);
        Assert.Single(channel.Delivered);
        Assert.Single(world.Log.Entries, e => e.EventId.Id == 11);
    }
}
