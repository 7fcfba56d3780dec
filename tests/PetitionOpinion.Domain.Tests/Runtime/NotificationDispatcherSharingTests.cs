using PetitionOpinion.Notifications;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// Several dispatchers (as on several application instances) on one store that shares its outbox (<see cref="ISharedOutbox"/>):
/// disjoint work while all live, a dead instance's messages taken over after its claim, claims given up on stop.
/// </summary>
public sealed class NotificationDispatcherSharingTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly NotificationWorld _world = new(new NotificationOptions { BatchSize = 10 });
    private readonly InMemoryIncidentStore _store = new();

    [Fact]
    public async Task DispatchPendingAsync_TwoInstances_EveryNotificationDeliveredOnceAndTheWorkSplit()
    {
        var messages = await RecordAsync(45);
        var (a, channelA) = Dispatcher("instance-a");
        var (b, channelB) = Dispatcher("instance-b");

        // Both pass at the same time, again and again, until the outbox is empty.
        for (var round = 0; round < 10 && (await _store.ReadOutboxAsync(1, None)).Count > 0; round++)
        {
            await Task.WhenAll(a.DispatchPendingAsync(None).AsTask(), b.DispatchPendingAsync(None).AsTask());
        }

        var keys = channelA.Delivered.Concat(channelB.Delivered).Select(n => n.DeduplicationKey).ToList();
        Assert.Equal(messages.Select(m => m.DeduplicationKey).Order(), keys.Order()); // each exactly once
        Assert.NotEmpty(channelA.Delivered);
        Assert.NotEmpty(channelB.Delivered);
        Assert.Empty(await _store.ReadOutboxAsync(100, None));
    }

    [Fact]
    public async Task DispatchPendingAsync_InstanceDiesMidBatch_AnotherDeliversTheRestAfterTheClaimRunsOut()
    {
        var messages = await RecordAsync(6);
        var (a, channelA) = Dispatcher("instance-a");
        var (b, channelB) = Dispatcher("instance-b");
        using var dying = new CancellationTokenSource();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channelA.WaitFor = gate.Task;

        // A claims all six and hangs delivering the first: the instance "dies" (its pass is cancelled, nothing released).
        var pass = a.DispatchPendingAsync(dying.Token).AsTask();
        await WaitUntilAsync(() => channelA.Calls.Count == 1);
        await dying.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);

        var early = await b.DispatchPendingAsync(None);
        Assert.Equal(0, early.Delivered); // still A's
        _world.Time.Advance(new InstanceCoordinationOptions().OutboxClaimDuration);
        var takeover = await b.DispatchPendingAsync(None);

        Assert.Equal(6, takeover.Delivered);
        Assert.Equal(messages.Select(m => m.DeduplicationKey), channelB.Delivered.Select(n => n.DeduplicationKey));
        Assert.Empty(channelA.Delivered);
        Assert.Empty(await _store.ReadOutboxAsync(100, None));
    }

    [Fact]
    public async Task RunAsync_Stopped_ReleasesItsClaimsAtOnce()
    {
        await RecordAsync(3);
        var (a, channelA) = Dispatcher("instance-a");
        var (b, channelB) = Dispatcher("instance-b");
        channelA.AlwaysFails = _ => true; // A holds its claims, backing off

        using var stop = new CancellationTokenSource();
        var loop = a.RunAsync(stop.Token);
        await WaitUntilAsync(() => channelA.Calls.Count == 3);
        Assert.Equal(0, (await b.DispatchPendingAsync(None)).Delivered);

        await stop.CancelAsync();
        await loop;
        var after = await b.DispatchPendingAsync(None);

        Assert.Equal(3, after.Delivered);
        Assert.Equal(3, channelB.Delivered.Count);
    }

    [Fact]
    public async Task DispatchPendingAsync_ClaimAboutToRunOut_StartsNoDeliveryThatCouldOutlastIt()
    {
        await RecordAsync(6);
        var coordination = new InstanceCoordinationOptions { InstanceName = "instance-a", OutboxClaimDuration = TimeSpan.FromMinutes(2) };
        var channel = new SlowChannel(_world.Time, TimeSpan.FromSeconds(20));
        var a = new NotificationDispatcher(_store, [channel], _world.Time, _world.Options, coordination);

        // Each delivery takes 20 s of the 2-minute claim, and a delivery needs the 30-second time-out left: those starting
        // at 0, 20, 40, 60 and 80 s fit; one starting at 100 s could run past the claim's end.
        var first = await a.DispatchPendingAsync(None);

        Assert.Equal(5, first.Delivered);
        Assert.Equal(1, first.Waiting);
        Assert.Equal(1, (await a.DispatchPendingAsync(None)).Delivered); // the next pass claims it again
    }

    [Fact]
    public void Constructor_ClaimNoLongerThanTwoDeliveryTimeouts_IsRefused()
    {
        var coordination = new InstanceCoordinationOptions { OutboxClaimDuration = TimeSpan.FromMinutes(1) };

        var error = Assert.Throws<ArgumentException>(() => new NotificationDispatcher(_store, [_world.Channel("sms")], _world.Time, _world.Options, coordination));

        Assert.Contains("Coordination:OutboxClaimDuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InstanceName_Unset_IsGeneratedOncePerOptions()
    {
        var coordination = new InstanceCoordinationOptions();
        var a = new NotificationDispatcher(_store, [_world.Channel("sms")], _world.Time, _world.Options, coordination);
        var b = new NotificationDispatcher(_store, [_world.Channel("sms")], _world.Time, _world.Options, coordination);
        var other = new NotificationDispatcher(_store, [_world.Channel("sms")], _world.Time, _world.Options);

        Assert.Equal(a.InstanceName, b.InstanceName);
        Assert.NotEqual(a.InstanceName, other.InstanceName);
        Assert.StartsWith($"{Environment.MachineName}/{Environment.ProcessId}/", a.InstanceName, StringComparison.Ordinal);
    }

    private (NotificationDispatcher Dispatcher, TestChannel Channel) Dispatcher(string instance)
    {
        var channel = _world.Channel("sms");
        return (new NotificationDispatcher(_store, [channel], _world.Time, _world.Options, new InstanceCoordinationOptions { InstanceName = instance }), channel);
    }

    private async Task<IReadOnlyList<OutboxMessage>> RecordAsync(int count)
    {
        var incident = _world.Scenario.Report();
        var messages = Enumerable.Range(0, count)
            .Select(i => NotificationSerializer.ToOutboxMessage(_world.Notification($"key-{i}") with { IncidentId = incident.Id }, Guid.NewGuid()))
            .ToList();
        Assert.Equal(AppendResult.Appended, await _store.AppendAsync(new AppendRequest([_world.Scenario.Append(incident, null)], messages), None));
        return messages;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Waits for another task's progress (not for time to pass): bounded so that a bug fails instead of hanging.
        for (var i = 0; i < 5_000 && !condition(); i++)
        {
            await Task.Yield();
            await Task.Delay(1);
        }

        Assert.True(condition());
    }

    /// <summary>A channel whose every delivery takes <paramref name="takes"/> of the fake clock.</summary>
    private sealed class SlowChannel(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, TimeSpan takes) : INotificationChannel
    {
        public string Name => "slow";

        public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
        {
            time.Advance(takes);
            return ValueTask.CompletedTask;
        }
    }
}
