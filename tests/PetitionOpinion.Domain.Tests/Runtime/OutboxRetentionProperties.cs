using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Notifications;

namespace PetitionOpinion.Tests.Notifications;

/// <summary>
/// Issue 19, personal data at rest, as a property: over random sequences of appended notifications, dispatch passes with
/// random delivery outcomes, acknowledgements by another instance, clock jumps and purges, under a random retention, a
/// message not yet acknowledged is never purged (it stays pending, whatever its age), and a purge deletes exactly the
/// acknowledged messages older than the retention — so an acknowledged message is eventually purged.
/// </summary>
public sealed class OutboxRetentionProperties
{
    private const int Cases = 200;
    private static readonly CancellationToken None = CancellationToken.None;

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(RetentionArbitraries) })]
    public async Task Purge_RandomDeliveriesAndClocks_NeverTouchesPendingAndDeletesExactlyTheExpired(RetentionScript script)
    {
        var retention = TimeSpan.FromMinutes(script.RetentionMinutes);
        var world = new NotificationWorld(new NotificationOptions { OutboxRetention = retention });
        var channel = new ScriptedChannel();
        var dispatcher = world.Dispatcher(channel);
        var appended = new HashSet<Guid>();
        var acknowledgedAt = new Dictionary<Guid, DateTimeOffset>();
        var purged = new HashSet<Guid>();
        var keys = 0;

        foreach (var step in script.Steps)
        {
            switch (step.Kind)
            {
                case RetentionStepKind.Append:
                    var messages = await world.ReportWithNotificationsAsync([.. Enumerable.Range(0, step.Value).Select(_ => $"k{keys++}")]);
                    appended.UnionWith(messages.Select(m => m.Id));
                    break;
                case RetentionStepKind.Pass:
                    channel.Outcomes = new Random(step.Value);
                    await dispatcher.DispatchPendingAsync(None);
                    break;
                case RetentionStepKind.AcknowledgeElsewhere:
                    var pick = new Random(step.Value);
                    var pending = await world.PendingAsync();
                    await world.Store.AcknowledgeOutboxAsync([.. pending.Where(_ => pick.Next(3) == 0).Select(m => m.Id)], None);
                    break;
                case RetentionStepKind.Advance:
                    world.Time.Advance(TimeSpan.FromMinutes(step.Value));
                    break;
                case RetentionStepKind.Purge:
                    var before = await world.PendingAsync();
                    var cutoff = world.Time.GetUtcNow() - retention;
                    var expired = acknowledgedAt.Where(a => !purged.Contains(a.Key) && a.Value < cutoff).Select(a => a.Key).ToList();
                    Assert.Equal(expired.Count, await dispatcher.PurgeDeliveredAsync(None));
                    purged.UnionWith(expired);
                    Assert.Equal(before, await world.PendingAsync()); // a purge never changes what is pending
                    break;
            }

            // Acknowledgements happen at the current (fake) time: the first one counts.
            foreach (var id in world.Store.AcknowledgedIds.Where(appended.Contains))
            {
                acknowledgedAt.TryAdd(id, world.Time.GetUtcNow());
            }

            await AssertPendingIsEverythingNotAcknowledgedAsync(world, appended, acknowledgedAt);
        }

        // Eventually: once the retention has passed, every acknowledged message goes, and every pending one stays.
        world.Time.Advance(retention + TimeSpan.FromTicks(1));
        Assert.Equal(acknowledgedAt.Count - purged.Count, await dispatcher.PurgeDeliveredAsync(None));
        Assert.Equal(0, await world.Store.Inner.PurgeOutboxAsync(DateTimeOffset.MaxValue, 1, None));
        await AssertPendingIsEverythingNotAcknowledgedAsync(world, appended, acknowledgedAt);
    }

    private static async Task AssertPendingIsEverythingNotAcknowledgedAsync(NotificationWorld world, HashSet<Guid> appended, Dictionary<Guid, DateTimeOffset> acknowledgedAt)
    {
        var pending = (await world.PendingAsync()).Select(m => m.Id).ToHashSet();
        Assert.True(
            pending.SetEquals(appended.Where(id => !acknowledgedAt.ContainsKey(id))),
            $"pending {pending.Count}, appended {appended.Count}, acknowledged {acknowledgedAt.Count}: a message not acknowledged is missing, or an acknowledged one is pending.");
    }

    /// <summary>A channel that delivers or fails as its random source says (two times in three it delivers).</summary>
    private sealed class ScriptedChannel : INotificationChannel
    {
        public Random Outcomes { get; set; } = new(0);

        public string Name => "scripted";

        public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
            => Outcomes.Next(3) == 0 ? ValueTask.FromException(new InvalidOperationException("The gateway refused it.")) : ValueTask.CompletedTask;
    }
}

/// <summary>What a step of <see cref="RetentionScript"/> does.</summary>
public enum RetentionStepKind
{
    /// <summary>Report an incident with <see cref="RetentionStep.Value"/> notifications.</summary>
    Append,

    /// <summary>A dispatch pass; the channel's outcomes are seeded with <see cref="RetentionStep.Value"/>.</summary>
    Pass,

    /// <summary>Another instance acknowledges about a third of the pending messages (seed <see cref="RetentionStep.Value"/>).</summary>
    AcknowledgeElsewhere,

    /// <summary>The clock moves <see cref="RetentionStep.Value"/> minutes.</summary>
    Advance,

    /// <summary>The dispatcher purges.</summary>
    Purge,
}

/// <summary>One step.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Value">Its count, seed or minutes.</param>
public readonly record struct RetentionStep(RetentionStepKind Kind, int Value);

/// <summary>A retention (minutes) and the steps run under it.</summary>
/// <param name="RetentionMinutes">The retention.</param>
/// <param name="Steps">The steps.</param>
public sealed record RetentionScript(int RetentionMinutes, RetentionStep[] Steps)
{
    /// <inheritdoc/>
    public override string ToString() => $"retention {RetentionMinutes} min: {string.Join(", ", Steps.Select(s => $"{s.Kind} {s.Value}"))}";
}

/// <summary>Scripts with retentions from a minute to 30 days and clock jumps both well under and well over them.</summary>
public static class RetentionArbitraries
{
    private const int Day = 24 * 60;

    public static Arbitrary<RetentionScript> Scripts() => Arb.From(ScriptGen());

    public static Gen<RetentionScript> ScriptGen()
        => from retention in Gen.Frequency((1, Gen.Choose(1, 120)), (1, Gen.Choose(1, 30 * Day)), (1, Gen.Constant(30 * Day)))
           from steps in Gen.ListOf(StepGen(retention))
           select new RetentionScript(retention, [.. steps.Take(40)]);

    private static Gen<RetentionStep> StepGen(int retention)
        => Gen.Frequency(
            (3, Gen.Choose(1, 3).Select(n => new RetentionStep(RetentionStepKind.Append, n))),
            (4, Gen.Choose(0, int.MaxValue).Select(seed => new RetentionStep(RetentionStepKind.Pass, seed))),
            (1, Gen.Choose(0, int.MaxValue).Select(seed => new RetentionStep(RetentionStepKind.AcknowledgeElsewhere, seed))),
            (4, Gen.Frequency((2, Gen.Choose(0, 30)), (1, Gen.Choose(0, retention)), (1, Gen.Choose(retention, retention * 2))).Select(m => new RetentionStep(RetentionStepKind.Advance, m))),
            (3, Gen.Constant(new RetentionStep(RetentionStepKind.Purge, 0))));
}
