using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Support;
using static PetitionOpinion.Tests.OpinionMonitoring.Schemes;

namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// <see cref="PostIntake"/> (docs/monitoring.md, issue 22): a post becomes one signal per matching topic with its sentiment,
/// reach and author's influence; reposts and copies fold and feed nothing; a post is scored once, and only when it is a
/// new mention somewhere; posts no scheme matches and malformed posts feed nothing; a thousand copies of one complaint
/// are one mention with the reach of all of them.
/// </summary>
public sealed class PostIntakeTests
{
    private const string Complaint = "X7手机电池鼓包了，售后客服三天不回复，大家千万别买这个牌子的手机！投诉无门";
    private readonly Scenario _scenario = new();
    private readonly KeywordScorer _scorer = new();

    private DateTimeOffset Now => _scenario.Now;

    [Fact]
    public async Task IngestAsync_PostMatchingTwoSchemes_FeedsOneSignalPerTopicScoredOnce()
    {
        using var monitor = Monitor();
        var intake = Intake(monitor);

        var result = await intake.IngestAsync(Post("1", Complaint, followers: 3_000) with { Reposts = 10, Comments = 5, Likes = 2 });

        Assert.Null(result.Error);
        Assert.Equal(-0.8, result.Sentiment);
        Assert.Equal(["x7", "service"], result.Topics.Select(t => t.Topic));
        Assert.Equal(
            [
                new MentionSignal("x7", "weibo", Now, -0.8, 3_017, 3_000, "1"),
                new MentionSignal("service", "weibo", Now, -0.8, 3_017, 3_000, "1"),
            ],
            result.Topics.Select(t => t.Signal!.Value));
        Assert.All(result.Topics, t => Assert.Equal(SignalOutcome.Accepted, t.Outcome));
        Assert.Equal(2, result.Signals);
        Assert.Equal(1, _scorer.Calls);
        Assert.Equal(new MonitorCounts(2, 0, 0, 0, 0), monitor.Counts);
    }

    [Fact]
    public async Task IngestAsync_ViewsKnown_AreTheReach()
    {
        using var monitor = Monitor();

        var result = await Intake(monitor).IngestAsync(Post("1", "X7 很好用", followers: 3_000) with { Views = 120_000, Likes = 5 });

        Assert.Equal(120_000, Assert.Single(result.Topics).Signal!.Value.Reach);
        Assert.Equal(0.6, result.Sentiment);
    }

    [Fact]
    public async Task IngestAsync_NoSchemeMatches_FeedsNothingAndScoresNothing()
    {
        using var monitor = Monitor();

        var result = await Intake(monitor).IngestAsync(Post("1", "今天天气很好", followers: 3));

        Assert.Empty(result.Topics);
        Assert.Null(result.Sentiment);
        Assert.Equal(0, _scorer.Calls);
        Assert.Equal(new MonitorCounts(0, 0, 0, 0, 0), monitor.Counts);
    }

    [Fact]
    public async Task IngestAsync_RepostOfAKnownPost_FoldsIntoItFeedsNothingAndIsNotScored()
    {
        using var monitor = Monitor();
        var intake = Intake(monitor);
        await intake.IngestAsync(Post("1", Complaint, followers: 3_000));

        var repost = await intake.IngestAsync(Post("2", "转发微博 X7", followers: 40) with { RepostOf = "1" });

        var topic = Assert.Single(repost.Topics);
        // No signal; its reach goes to the mention it folds into (issue 22).
        Assert.Equal(new TopicIntake("x7", new FoldResult(PostFolding.Repost, "weibo", "1", 2, 3_040), null, SignalOutcome.Accepted, []), topic with { Alerts = [] });
        Assert.Null(repost.Sentiment);
        Assert.Equal(1, _scorer.Calls);
        Assert.Equal(2, monitor.Counts.Accepted);
    }

    [Fact]
    public async Task IngestAsync_AThousandCopiesOfOneComplaint_OneMentionWithTheReachOfAll()
    {
        using var monitor = Monitor();
        var intake = Intake(monitor);
        var random = new Random(7);
        var signals = 0;
        PostIntakeResult last = null!;
        for (var i = 0; i < 1_000; i++)
        {
            // Copies with the odd punctuation, spacing and emphasis changed, on two platforms.
            var text = Complaint.Replace("！", new string('!', random.Next(3)), StringComparison.Ordinal).Replace("，", random.Next(2) == 0 ? " " : "，", StringComparison.Ordinal);
            last = await intake.IngestAsync(Post(i.ToString(System.Globalization.CultureInfo.InvariantCulture), text, followers: 10, platform: i % 2 == 0 ? "weibo" : "douyin"));
            signals += last.Signals;
        }

        Assert.Equal(2, signals);
        Assert.All(last.Topics, t => Assert.Equal(new FoldResult(PostFolding.NearDuplicate, "weibo", "0", 1_000, 10_000), t.Fold));
    }

    [Fact]
    public async Task IngestAsync_SamePostTwice_SecondIsSeen()
    {
        using var monitor = Monitor();
        var intake = Intake(monitor);
        var post = Post("1", Complaint, followers: 3);

        await intake.IngestAsync(post);
        var again = await intake.IngestAsync(post);

        Assert.All(again.Topics, t => Assert.Equal(PostFolding.Seen, t.Fold.Folding));
        Assert.Equal(0, again.Signals);
        Assert.Equal(2, monitor.Counts.Accepted);
    }

    [Theory]
    [InlineData("", "1", "Platform")]
    [InlineData("weibo", " ", "Id")]
    [InlineData("weibo", "1", "Reach")]
    public async Task IngestAsync_MalformedPost_IsRefusedWithThePath(string platform, string id, string path)
    {
        using var monitor = Monitor();
        var post = new Post(platform, id, "u", path == "Reach" ? -1 : 1, Now, Complaint);

        var result = await Intake(monitor).IngestAsync(post);

        Assert.Equal(("monitoring.invalid", path), (result.Error?.Code, result.Error?.Path));
        Assert.Empty(result.Topics);
    }

    [Fact]
    public async Task IngestAsync_ConcurrentCallers_EveryPostCountedOnce()
    {
        using var monitor = Monitor();
        var intake = Intake(monitor);
        var random = new Random(3);
        var posts = Enumerable.Range(0, 400).Select(i => Post($"p{i}", $"X7 第{i}条：{PostFolderPropertiesText(random)}", followers: 1)).ToArray();

        await Parallel.ForEachAsync(posts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (post, ct) => await intake.IngestAsync(post, ct));
        var again = await Task.WhenAll(posts.Select(p => intake.IngestAsync(p).AsTask()));

        Assert.All(again, r => Assert.Equal(PostFolding.Seen, Assert.Single(r.Topics).Fold.Folding));
        Assert.Equal(400, monitor.Counts.Accepted + monitor.Counts.Duplicates);
    }

    private static string PostFolderPropertiesText(Random random) => PostFolderProperties.RandomText(random, 40);

    private PostIntake Intake(OpinionMonitor monitor)
        => new(monitor, Options(Scheme("x7", aliases: ["X7", "小七"], noneOf: ["招聘"]), Scheme("refunds", anyOf: ["退款"]), Scheme("service", anyOf: ["售后", "客服"])), _scorer, new DictionarySegmenter("电池", "鼓包", "售后", "客服", "退款", "招聘", "小七"));

    private OpinionMonitor Monitor()
        => new(new IncidentRepository(new InMemoryIncidentStore(), _scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions()),
            new OpinionMonitorOptions { OpenIncidents = false }, _scenario.Time, RiskCategory.ProductQuality);

    private Post Post(string id, string text, long followers, string platform = "weibo") => new(platform, id, $"user-{id}", followers, Now, text);
}
