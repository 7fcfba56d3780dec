using System.Globalization;
using BenchmarkDotNet.Attributes;
using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Monitoring.Jieba;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// Post intake (issue 22): posts per second per core end to end, from a post's text to the monitor's signal — scheme
/// matching on jieba.NET's words (or, without a segmenter, on substrings), folding, a sentiment score and the monitor —
/// against the baseline of feeding the monitor the same posts' signals already computed (what a caller had to do before).
/// The <c>…_Model</c> benchmarks score with a trained <see cref="SentimentModel"/> (default settings, trained in the set-up
/// on made-up sentences: its cost does not depend on its weights), the others with a constant scorer.
/// </summary>
/// <remarks>
/// One invocation takes <see cref="Posts"/> posts (<c>OperationsPerInvoke</c>) from a pool of realistic ones: complaints and
/// praise on three products and their service, a tenth of them reposts and noise no scheme matches, each with a fresh id
/// and a text made unique by a serial number and a tail of three made-up clauses, so that the posts are of a typical
/// Weibo length (40–140 characters on average, checked in the set-up). At that length posts that share their opening
/// and a clause are near-duplicates: about 30 % of the matches fold as such (checked: at most 40 %), as copies of a
/// complaint would, and are not scored again. The monitor opens no incidents and the clock is far ahead.
/// </remarks>
[MemoryDiagnoser]
public class PostIntakeBenchmarks
{
    public const int Posts = 1_000;

    private static readonly string[] Texts =
    [
        "星辰X7的电池鼓包了，售后客服三天都不回复，太差了",
        "暖阳净水器漏水，找客服退款一直拖着，我要投诉",
        "星辰X7拍照效果真的很好，续航也比上一代强",
        "今天天气不错，出去走走",
        "小七充电越来越慢，是不是电池有问题",
        "这家店的售后服务态度很好，点赞",
        "暖阳净水器的滤芯多久换一次？",
        "周末一起去爬山吗",
    ];

    // Three of these follow each post's text, chosen by its serial number (11 × 13 × 7 = 1,001 tails, as many as the
    // folding window), to give posts of a typical length.
    private static readonly string[] TailsA = ["昨天下午在旗舰店买的，", "用了快两个月了，", "朋友推荐我买的，", "双十一的时候下的单，", "第二次买这个牌子了，", "家里老人在用，", "公司统一采购的，", "看了好多测评才决定的，", "本来很期待的，", "抢购了好几次才买到，", "从外地寄过来的，"];
    private static readonly string[] TailsB = ["发了三条微博没人理。", "说说我自己的感受。", "已经截图保存了证据。", "顺便问问大家的意见。", "评论区的朋友们怎么看。", "记录一下这次的经历。", "希望官方能看到这条。", "先给大家提个醒。", "实话实说不吹不黑。", "打了好几次电话。", "和描述的差不多吧。", "图片就不放了。", "周围的人也在讨论。"];
    private static readonly string[] TailsC = ["@官方客服 ", "#消费维权# ", "#真实测评# ", "【图片】", "转给需要的人 ", "大家评评理 ", "有同样情况的请私信 "];

    private readonly TimeProvider _clock = new FixedTimeProvider(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly DateTimeOffset _start = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private OpinionMonitor _monitor = null!;
    private PostIntake _intake = null!;
    private Post[] _pool = null!;
    private long _next;

    [GlobalSetup(Target = nameof(Jieba))]
    public void SetupJieba()
    {
        var jieba = new JiebaSegmenterOptions();
        jieba.Words.Add("星辰X7");
        jieba.Words.Add("暖阳净水器");
        Setup(new JiebaTextSegmenter(jieba));
    }

    [GlobalSetup(Targets = [nameof(Signals), nameof(Substrings)])]
    public void SetupSubstrings() => Setup(null);

    [GlobalSetup(Target = nameof(Jieba_Model))]
    public void SetupJiebaModel()
    {
        var jieba = new JiebaSegmenterOptions();
        jieba.Words.Add("星辰X7");
        jieba.Words.Add("暖阳净水器");
        Setup(new JiebaTextSegmenter(jieba), SentimentBenchmarks.TrainModel(new SentimentTrainingOptions()));
    }

    [GlobalSetup(Target = nameof(Substrings_Model))]
    public void SetupSubstringsModel() => Setup(null, SentimentBenchmarks.TrainModel(new SentimentTrainingOptions()));

    /// <summary>The baseline: the signals of the same posts, computed by the caller, fed to the monitor.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Posts)]
    public async Task<int> Signals()
    {
        var accepted = 0;
        for (var i = 0; i < Posts; i++)
        {
            var post = Next();
            var (outcome, _) = await _monitor.ObserveAsync(new MentionSignal("x7", post.Platform, post.At, 0, post.Reach, post.AuthorFollowers, post.Id)).ConfigureAwait(false);
            accepted += outcome == SignalOutcome.Accepted ? 1 : 0;
        }

        return accepted;
    }

    /// <summary>Text to signal, the schemes' words matched anywhere in the text (no segmenter).</summary>
    [Benchmark(OperationsPerInvoke = Posts)]
    public Task<int> Substrings() => Ingest();

    /// <summary>Text to signal, the schemes' words matched on jieba.NET's words.</summary>
    [Benchmark(OperationsPerInvoke = Posts)]
    public Task<int> Jieba() => Ingest();

    /// <summary>Text to signal on substrings, scored by a trained <see cref="SentimentModel"/>.</summary>
    [Benchmark(OperationsPerInvoke = Posts)]
    public Task<int> Substrings_Model() => Ingest();

    /// <summary>Text to signal on jieba.NET's words, scored by a trained <see cref="SentimentModel"/>: the whole built-in path.</summary>
    [Benchmark(OperationsPerInvoke = Posts)]
    public Task<int> Jieba_Model() => Ingest();

    private async Task<int> Ingest()
    {
        var signals = 0;
        for (var i = 0; i < Posts; i++)
        {
            signals += (await _intake.IngestAsync(Next()).ConfigureAwait(false)).Signals;
        }

        return signals;
    }

    private Post Next()
    {
        var n = _next++;
        var template = _pool[n % _pool.Length];
        var id = n.ToString(CultureInfo.InvariantCulture);
        return template with
        {
            Id = id,
            At = _start.AddSeconds(n),
            Text = string.Concat([template.Text, "，", TailsA[n % 11], TailsB[n / 11 % 13], TailsC[n / 143 % 7], "#", id]),
            RepostOf = n % 10 == 9 ? (n - 9).ToString(CultureInfo.InvariantCulture) : null,
        };
    }

    private void Setup(ITextSegmenter? segmenter, ISentimentScorer? scorer = null)
    {
        _monitor = new OpinionMonitor(
            new IncidentRepository(new InMemoryIncidentStore(), new BenchmarkWorld().Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions()),
            new OpinionMonitorOptions { OpenIncidents = false },
            _clock,
            RiskCategory.ProductQuality);
        var options = new PostMonitoringOptions();
        options.Schemes.Add(Scheme("x7", aliases: ["星辰X7", "小七"], noneOf: ["招聘"]));
        options.Schemes.Add(Scheme("purifier", aliases: ["暖阳净水器"]));
        options.Schemes.Add(Scheme("service", anyOf: ["售后", "客服", "退款", "投诉"]));
        options.Schemes.Add(Scheme("battery", anyOf: ["电池", "续航", "充电"], phrases: ["电池鼓包"]));
        _intake = new PostIntake(_monitor, options, scorer ?? new ConstantScorer(), segmenter);
        _pool = [.. Texts.Select((t, i) => new Post(i % 3 == 0 ? "weibo" : "douyin", "0", $"user-{i}", 100 + (i * 1_000), _start, t) { Likes = i, Comments = i * 2 })];
        if (Enumerable.Range(0, 1_001).Average(_ => Next().Text.Length) is < 40 or > 140)
        {
            throw new InvalidOperationException("The posts are not of a typical length.");
        }

        _next = 0;
        int signals = 0, matched = 0, nearDuplicates = 0;
        for (var i = 0; i < 2 * Posts; i++)
        {
            var result = _intake.IngestAsync(Next()).AsTask().GetAwaiter().GetResult();
            signals += result.Signals;
            matched += result.Topics.Count;
            nearDuplicates += result.Topics.Count(t => t.Fold.Folding == PostFolding.NearDuplicate);
        }

        if (signals == 0 || nearDuplicates > matched * 2 / 5)
        {
            throw new InvalidOperationException($"The posts are not as intended: {signals} signals, {nearDuplicates} of {matched} matches folded as near-duplicates.");
        }
    }

    private static MonitoringSchemeOptions Scheme(string topic, string[]? anyOf = null, string[]? aliases = null, string[]? noneOf = null, string[]? phrases = null)
    {
        var scheme = new MonitoringSchemeOptions { Topic = topic };
        foreach (var (list, words) in new[] { (scheme.AnyOf, anyOf), (scheme.Aliases, aliases), (scheme.NoneOf, noneOf), (scheme.Phrases, phrases) })
        {
            foreach (var word in words ?? [])
            {
                list.Add(word);
            }
        }

        return scheme;
    }

    private sealed class ConstantScorer : ISentimentScorer
    {
        public double Score(ReadOnlySpan<char> text) => -0.5;
    }
}
