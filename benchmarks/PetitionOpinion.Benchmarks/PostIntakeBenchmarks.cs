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
/// </summary>
/// <remarks>
/// One invocation takes <see cref="Posts"/> posts (<c>OperationsPerInvoke</c>) from a pool of realistic ones: complaints and
/// praise on three products and their service, a tenth of them reposts and noise no scheme matches, each with a fresh id
/// and a text made unique by a serial number so that folding compares but rarely folds. The sentiment scorer is a
/// constant (the scorer is measured on its own); the monitor opens no incidents and the clock is far ahead.
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
            Text = string.Concat(template.Text, " #", id),
            RepostOf = n % 10 == 9 ? (n - 9).ToString(CultureInfo.InvariantCulture) : null,
        };
    }

    private void Setup(ITextSegmenter? segmenter)
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
        _intake = new PostIntake(_monitor, options, new ConstantScorer(), segmenter);
        _pool = [.. Texts.Select((t, i) => new Post(i % 3 == 0 ? "weibo" : "douyin", "0", $"user-{i}", 100 + (i * 1_000), _start, t) { Likes = i, Comments = i * 2 })];
        _next = 0;
        if (Ingest().GetAwaiter().GetResult() == 0)
        {
            throw new InvalidOperationException("the intake fed no signal");
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
