using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;
using static PetitionOpinion.Tests.OpinionMonitoring.Schemes;

namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// <see cref="PostIntake"/> with folded reposts' reach (issue 22): a complaint reposted by many small accounts stays one
/// mention, and its reach, the sum of the copies', raises the high-reach alert — which its own reach did not.
/// </summary>
public sealed class PostIntakeReachTests
{
    private const string Complaint = "X7手机电池鼓包了，售后客服三天不回复，大家千万别买这个牌子的手机！投诉无门";
    private readonly Scenario _scenario = new();

    [Fact]
    public async Task IngestAsync_AComplaintRepostedAThousandTimes_OneMentionWhoseReachRaisesTheHighReachAlert()
    {
        using var monitor = Monitor();
        var intake = new PostIntake(monitor, Options(Scheme("x7", aliases: ["X7"])), new KeywordScorer(), new DictionarySegmenter("电池", "鼓包", "售后", "客服"));
        var original = await intake.IngestAsync(new Post("weibo", "root", "u-root", 30_000, _scenario.Now, Complaint));
        Assert.Empty(Assert.Single(original.Topics).Alerts);

        var alerts = new List<MonitorAlert>();
        TopicIntake last = null!;
        for (var i = 0; i < 1_000; i++)
        {
            var repost = new Post("weibo", $"r{i}", $"u{i}", 1_200, _scenario.Now, "转发微博 X7") { RepostOf = i % 3 == 0 ? "root" : $"r{i - 1}" };
            last = Assert.Single((await intake.IngestAsync(repost)).Topics);
            alerts.AddRange(last.Alerts);
            Assert.Equal(SignalOutcome.Accepted, last.Outcome);
            Assert.Null(last.Signal);
        }

        Assert.Equal(new FoldResult(PostFolding.Repost, "weibo", "root", 1_001, 30_000 + (1_000 * 1_200L)), last.Fold);
        Assert.Equal(1, monitor.Counts.Accepted);
        var alert = Assert.Single(alerts).Alert;
        // The absolute rule (1,000,000): crossed by the copy that took the mention from 999,600 to 1,000,800.
        Assert.Equal((OpinionAlertKind.HighReachPost, 1_000_800d, 1L), (alert.Kind, alert.Observed, alert.Mentions));
        Assert.StartsWith("Mention root reached 1,000,800 with its reposts and copies", alert.Explanation, StringComparison.Ordinal);
    }

    private OpinionMonitor Monitor()
        => new(new IncidentRepository(new InMemoryIncidentStore(), _scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions()),
            new OpinionMonitorOptions { OpenIncidents = false }, _scenario.Time, RiskCategory.ProductQuality);
}
