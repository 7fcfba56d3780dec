using BenchmarkDotNet.Attributes;
using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// Sentiment scoring (issue 22): one typical post (a Weibo-length complaint or praise, 60–140 characters) through
/// <see cref="SentimentModel"/> (trained with the default settings: 2^22 hashed character n-grams with negation and degree
/// marks, each distinct one once, and the lexicon's reading as one more feature; and with 0.3.0's settings, occurrences
/// counted and no lexicon feature) and <see cref="LexiconSentimentScorer"/>, against the raw practical limit: reading the same characters once
/// and counting the Chinese ones (the baseline). One invocation scores <see cref="Posts"/> posts
/// (<c>OperationsPerInvoke</c>), so the mean is per post: posts per second on one core = 1 s / mean.
/// </summary>
/// <remarks>
/// The model is trained in the set-up on made-up sentences (the development reviews may not be shipped nor are they in
/// CI); the cost of scoring does not depend on what the weights are.
/// </remarks>
[MemoryDiagnoser]
public class SentimentBenchmarks
{
    public const int Posts = 256;

    private static readonly string[] Praise = ["客服态度很好，问题当天就解决了", "物流非常快，包装完好", "质量不错，性价比高，会回购", "售后很耐心，换货很顺利", "用了一个月，没有任何问题，推荐"];
    private static readonly string[] Complaints = ["等了半个月还没发货，客服一直推诿", "收到就是坏的，退款也不给退", "质量太差了，用了两天就坏", "打了十几次电话没人处理，非常失望", "虚假宣传，和描述完全不一样，要投诉"];
    private static readonly string[] Filler = ["@品牌官方 ", "#维权# ", "转发一下，", "大家评评理：", "昨天在旗舰店买的，", "【图片】"];

    private string[] _posts = null!;
    private SentimentModel _model = null!;
    private SentimentModel _model030 = null!;

    /// <summary>A model trained on 2,000 made-up posts (the benchmarks' own: no shared data is read).</summary>
    public static SentimentModel TrainModel(SentimentTrainingOptions options)
    {
        var random = new Random(7);
        var examples = Enumerable.Range(0, 2_000).Select(i => i % 2 == 0 ? (Post(random, Praise), true) : (Post(random, Complaints), false)).ToList();
        return SentimentModel.Train(examples, options);
    }

    private static string Post(Random random, string[] kind) => Filler[random.Next(Filler.Length)] + kind[random.Next(kind.Length)] + "，" + kind[random.Next(kind.Length)] + "。" + Filler[random.Next(Filler.Length)] + kind[random.Next(kind.Length)] + "！";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(22);
        string Post(string[] kind) => SentimentBenchmarks.Post(random, kind);
        _model = TrainModel(new SentimentTrainingOptions());
        _model030 = TrainModel(new SentimentTrainingOptions { DistinctFeatures = false, LexiconWeight = 0 });
        _posts = [.. Enumerable.Range(0, Posts).Select(i => Post(i % 3 == 0 ? Praise : Complaints))];
        var mean = _posts.Average(p => p.Length);
        if (mean is < 40 or > 140)
        {
            throw new InvalidOperationException($"The posts are not of a typical length ({mean:0} characters on average).");
        }

        if (_model.Score(Post(Praise)) <= 0 || _model.Score(Post(Complaints)) >= 0 || _model030.Score(Post(Praise)) <= 0 || _model030.Score(Post(Complaints)) >= 0)
        {
            throw new InvalidOperationException("The benchmark's model does not tell praise from complaints.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Posts)]
    public int CountChineseCharacters()
    {
        var count = 0;
        foreach (var post in _posts)
        {
            foreach (var c in post.AsSpan())
            {
                count += c is >= '\u4E00' and <= '\u9FFF' ? 1 : 0;
            }
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = Posts)]
    public double Model_Score()
    {
        var sum = 0.0;
        foreach (var post in _posts)
        {
            sum += _model.Score(post);
        }

        return sum;
    }

    /// <summary>The model with 0.3.0's feature settings (every occurrence counted, no lexicon feature): what the new features cost.</summary>
    [Benchmark(OperationsPerInvoke = Posts)]
    public double Model030Settings_Score()
    {
        var sum = 0.0;
        foreach (var post in _posts)
        {
            sum += _model030.Score(post);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Posts)]
    public double Lexicon_Score()
    {
        var sum = 0.0;
        foreach (var post in _posts)
        {
            sum += LexiconSentimentScorer.Instance.Score(post);
        }

        return sum;
    }
}
