using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Hosting.Tests.Support;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Hosting.Tests;

/// <summary>
/// On a store several instances share (the in-memory store is one within a process), a stopping host gives the scanner's
/// lease and its outbox claims back at once; the opinion feed's hosted service hands the feed's signals to the monitor.
/// </summary>
public sealed class StopAndFeedTests
{
    [Fact]
    public async Task StopAsync_SharedStore_ReleasesTheScannerLeaseAndTheOutboxClaims()
    {
        var shared = new InMemoryIncidentStore();
        var story = new HostedStory(store: shared);
        await story.StartAsync();
        story.Channel.Failing = true; // the messages stay claimed by this instance, backing off
        await story.ReportAsync();
        await story.RunUntilAsync(story.Clock.GetUtcNow().AddDays(1), () => story.State.ChannelStreaks.GetValueOrDefault("recording") > 0);
        var now = story.Clock.GetUtcNow();
        var othersBeforeStop = await shared.ClaimOutboxAsync(new OutboxClaim("other", 100, now, now.AddMinutes(5)), CancellationToken.None);
        var leaseBeforeStop = await shared.TryAcquireLeaseAsync(new LeaseRequest(DeadlineMonitor.ScannerLeaseName, "other", now, now.AddMinutes(1)), CancellationToken.None);

        await story.DisposeAsync();
        var othersAfterStop = await shared.ClaimOutboxAsync(new OutboxClaim("other", 100, now, now.AddMinutes(5)), CancellationToken.None);
        var leaseAfterStop = await shared.TryAcquireLeaseAsync(new LeaseRequest(DeadlineMonitor.ScannerLeaseName, "other", now, now.AddMinutes(1)), CancellationToken.None);

        Assert.Empty(othersBeforeStop);
        Assert.False(leaseBeforeStop);
        Assert.NotEmpty(othersAfterStop);
        Assert.True(leaseAfterStop);
    }

    [Fact]
    public async Task AddOpinionFeedService_FeedWithSignals_MonitorObservesThem()
    {
        var feed = new QueueFeed();
        await using var story = new HostedStory(petitionOpinion: b =>
        {
            b.Services.AddSingleton<IMentionFeed>(feed); // the test's instance: AddOpinionFeedService keeps a registered feed
            b.AddOpinionFeedService<QueueFeed>();
        });
        await story.StartAsync();
        var monitor = story.Host.Services.GetRequiredService<OpinionMonitor>();
        var at = story.Clock.GetUtcNow();

        for (var i = 0; i < 3; i++)
        {
            await feed.Writer.WriteAsync(new MentionSignal("refund-delays", "weibo", at.AddSeconds(i), -0.2, 100, 0.1, $"post-{i}"));
        }

        await WaitAsync(() => monitor.Counts.Accepted == 3);

        Assert.Equal(3, monitor.Counts.Accepted);
    }

    [Fact]
    public async Task AddPartitionedOpinionFeedService_FeedWithSignals_ObservesThemHoldsThePartitionAndOnStopSavesAndGivesItUp()
    {
        var shared = new InMemoryIncidentStore();
        var feed = new QueueSequencedFeed();
        var story = new HostedStory(store: shared, petitionOpinion: b =>
        {
            b.Services.AddSingleton<ISequencedMentionFeed>(feed);
            b.AddPartitionedOpinionFeedService<QueueSequencedFeed>();
        });
        await story.StartAsync();
        var monitor = story.Host.Services.GetRequiredService<PartitionedOpinionMonitor>();
        var at = story.Clock.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            await feed.Writer.WriteAsync(new SequencedMention(i + 1, new MentionSignal("refund-delays", "weibo", at.AddSeconds(i), -0.2, 100, 0.1, $"post-{i}")));
        }

        await WaitAsync(() => monitor.Counts.Accepted == 3);
        var partition = $"opinion-monitor:partition:{PartitionedOpinionMonitor.PartitionOf("refund-delays", 16)}";
        var now = story.Clock.GetUtcNow();
        Assert.False(await shared.TryAcquireLeaseAsync(new LeaseRequest(partition, "other", now, now.AddMinutes(1)), CancellationToken.None));
        Assert.Null(await shared.LoadMonitorCheckpointAsync("opinion-monitor:refund-delays", CancellationToken.None));

        await story.DisposeAsync();

        var saved = await shared.LoadMonitorCheckpointAsync("opinion-monitor:refund-delays", CancellationToken.None);
        Assert.Equal(1, saved!.Version);
        Assert.True(await shared.TryAcquireLeaseAsync(new LeaseRequest(partition, "other", now, now.AddMinutes(1)), CancellationToken.None));
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Yield();
            limit.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>A feed a test writes to.</summary>
    public sealed class QueueFeed : IMentionFeed
    {
        private readonly Channel<MentionSignal> _signals = Channel.CreateUnbounded<MentionSignal>();

        public ChannelWriter<MentionSignal> Writer => _signals.Writer;

        public async IAsyncEnumerable<MentionSignal> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var signal in _signals.Reader.ReadAllAsync(cancellationToken))
            {
                yield return signal;
            }
        }
    }

    /// <summary>A sequenced feed a test writes to.</summary>
    public sealed class QueueSequencedFeed : ISequencedMentionFeed
    {
        private readonly Channel<SequencedMention> _mentions = Channel.CreateUnbounded<SequencedMention>();

        public ChannelWriter<SequencedMention> Writer => _mentions.Writer;

        public async IAsyncEnumerable<SequencedMention> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var mention in _mentions.Reader.ReadAllAsync(cancellationToken))
            {
                yield return mention;
            }
        }
    }
}
