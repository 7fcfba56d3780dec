using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// Opinion monitoring (issue 6): the cost of one signal through <see cref="OpinionDetector"/> — by topic handle and by
/// topic name — against <see cref="ListOpinionDetector"/>, a straightforward detector that keeps each topic's window as a
/// list of its signals and its hourly history as a list of hours (the baseline). See <c>benchmarks/README.md</c>.
/// </summary>
/// <remarks>
/// <para>
/// 1,000 topics, round-robin, each mentioned every <see cref="SecondsPerTopic"/> seconds of simulated time (36 or 360
/// an hour): buckets and hours roll over as they do in production, and when an hour opens the volume threshold is
/// recomputed from the median of the same hour over the last 7 days. One in ten of a topic's mentions is negative and
/// reaches vary from 500 to 1,500, so nothing is raised: this is the steady state, where no allocation is allowed. The
/// set-up feeds 8 days first so that every topic has a full history, and checks that the two detectors decide alike on a
/// stream with a volume surge, a negative surge, a viral post, duplicates, late, malformed and far-ahead signals.
/// </para>
/// <para>
/// One invocation observes <see cref="Topics"/> signals (one per topic, <c>OperationsPerInvoke</c>), each built in the
/// loop (a 64-byte struct) with the next time; both sides pay that. The clock is a fixed instant far ahead, so nothing is
/// too far ahead.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MonitoringBenchmarks
{
    public const int Topics = 1_000;
    public const int WarmUpDays = 8;

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly TimeProvider _clock = new FixedTimeProvider(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private string[] _names = null!;
    private TopicHandle[] _handles = null!;
    private OpinionDetector? _detector;
    private ListOpinionDetector? _list;
    private long _stepTicks;
    private long _next;

    /// <summary>
    /// Gets or sets how often each topic is mentioned, in seconds: every 100 s, most signals open a new 5-minute bucket
    /// (one in three) and one in 36 a new hour; every 10 s, one in 30 and one in 360.
    /// </summary>
    [Params(100, 10)]
    public int SecondsPerTopic { get; set; }

    [GlobalSetup(Targets = [nameof(Detector_Observe_ByHandle), nameof(Detector_Observe_ByName)])]
    public void SetupDetector()
    {
        Prepare();
        _detector = new OpinionDetector(new OpinionMonitorOptions(), _clock);
        _handles = [.. _names.Select(_detector.Register)];
        for (_next = 0; _next < WarmUpSignals; _next++)
        {
            Expect(_detector.Observe(_handles[_next % Topics], Signal(_next)) == SignalOutcome.Accepted, "the detector dropped a warm-up signal");
        }

        Expect(_detector.PendingAlerts == 0, "the steady stream raised an alert");
    }

    [GlobalSetup(Targets = [nameof(List_Observe_ByHandle), nameof(List_Observe_ByName)])]
    public void SetupList()
    {
        Prepare();
        _list = new ListOpinionDetector(new OpinionMonitorOptions(), _clock);
        foreach (var name in _names)
        {
            _list.Register(name);
        }

        for (_next = 0; _next < WarmUpSignals; _next++)
        {
            Expect(_list.Observe((int)(_next % Topics), Signal(_next)) == SignalOutcome.Accepted, "the list detector dropped a warm-up signal");
        }

        Expect(_list.Alerts.Count == 0, "the steady stream raised an alert");
    }

    [GlobalCleanup]
    public void Cleanup()
        => Expect(_detector?.PendingAlerts is null or 0 && _list?.Alerts.Count is null or 0, "the steady stream raised an alert during the measurement");

    private long WarmUpSignals => WarmUpDays * TimeSpan.TicksPerDay / _stepTicks;

    // The names, the time between two signals, and the check that both detectors decide alike.
    private void Prepare()
    {
        _names = [.. Enumerable.Range(0, Topics).Select(i => $"topic-{i:D4}")];
        _stepTicks = SecondsPerTopic * TimeSpan.TicksPerSecond / Topics;
        CheckBothDecideAlike();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Topics)]
    [BenchmarkCategory("Observe.ByHandle")]
    public int List_Observe_ByHandle()
    {
        var sum = 0;
        var list = _list!;
        for (var i = 0; i < Topics; i++, _next++)
        {
            sum += (int)list.Observe(i, Signal(_next));
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Topics)]
    [BenchmarkCategory("Observe.ByHandle")]
    public int Detector_Observe_ByHandle()
    {
        var sum = 0;
        var detector = _detector!;
        var handles = _handles;
        for (var i = 0; i < Topics; i++, _next++)
        {
            sum += (int)detector.Observe(handles[i], Signal(_next));
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Topics)]
    [BenchmarkCategory("Observe.ByName")]
    public int List_Observe_ByName()
    {
        var sum = 0;
        var list = _list!;
        for (var i = 0; i < Topics; i++, _next++)
        {
            sum += (int)list.Observe(Signal(_next));
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Topics)]
    [BenchmarkCategory("Observe.ByName")]
    public int Detector_Observe_ByName()
    {
        var sum = 0;
        var detector = _detector!;
        for (var i = 0; i < Topics; i++, _next++)
        {
            sum += (int)detector.Observe(Signal(_next));
        }

        return sum;
    }

    /// <summary>The k-th signal of the steady stream: topic k mod 1,000, at Start + k × the step.</summary>
    private MentionSignal Signal(long k)
    {
        var round = k / Topics;
        return new MentionSignal(_names[k % Topics], "weibo", new DateTimeOffset(Start.UtcTicks + (k * _stepTicks), TimeSpan.Zero), round % 10 == 0 ? -0.8 : 0.4, 500 + ((round * 37) % 1_000), 100);
    }

    /// <summary>Both detectors on 20 topics over three days with every kind of alert and of dropped signal: the same outcomes and alerts.</summary>
    private static void CheckBothDecideAlike()
    {
        var clock = new ReplayClock(Start);
        var detector = new OpinionDetector(new OpinionMonitorOptions(), clock);
        var list = new ListOpinionDetector(new OpinionMonitorOptions(), clock);
        var signals = new List<(MentionSignal Signal, DateTimeOffset Now)>();
        var random = new Random(20260302);
        for (var t = 0L; t < 3 * TimeSpan.TicksPerDay; t += 15 * TimeSpan.TicksPerSecond)
        {
            var at = Start.AddTicks(t);
            var topic = random.Next(20);
            var surge = at >= Start.AddDays(2).AddHours(10) && at < Start.AddDays(2).AddHours(11);
            var sentiment = surge && topic == 5 ? -0.9 : random.NextDouble() < 0.1 ? -0.6 : 0.5;
            var signal = new MentionSignal($"topic-{topic}", "weibo", at, sentiment, 300 + random.Next(2_000), 10, random.Next(3) == 0 ? null : $"id-{t}");
            signals.Add((signal, at));

            // Topic 3's volume rises thirteenfold for an hour; topic 5's mentions turn negative and quadruple.
            var extras = !surge ? 0 : topic == 3 ? 12 : topic == 5 ? 3 : 0;
            for (var extra = 0; extra < extras; extra++)
            {
                signals.Add((signal with { At = at.AddMilliseconds(extra + 1), Id = $"burst-{t}-{extra}" }, at.AddMilliseconds(extra + 1)));
            }

            if (random.Next(40) == 0)
            {
                signals.Add((signal, at));
                signals.Add((signal with { Id = null, At = at.AddMinutes(-30) }, at));
                signals.Add((signal with { Sentiment = double.NaN, Id = "nan" }, at));
                signals.Add((signal with { At = at.AddHours(1), Id = "ahead" }, at));
            }
        }

        signals.Add((new MentionSignal("topic-7", "weibo", Start.AddDays(3), 0.1, 2_000_000, 50_000, "viral"), Start.AddDays(3)));
        var outcomes = new List<(SignalOutcome, SignalOutcome)>();
        foreach (var (signal, now) in signals)
        {
            clock.AdvanceTo(now);
            outcomes.Add((detector.Observe(signal), list.Observe(signal)));
        }

        var ours = detector.TakeAlerts().Select(a => (a.Topic, a.Kind, a.At)).ToList();
        var theirs = list.Alerts;
        Expect(outcomes.All(o => o.Item1 == o.Item2), $"outcomes differ at {outcomes.FindIndex(o => o.Item1 != o.Item2)}");
        Expect(ours.SequenceEqual(theirs), $"alerts differ: [{string.Join(", ", ours)}] and [{string.Join(", ", theirs)}]");
        Expect(ours.Select(a => a.Kind).Distinct().Count() == 3, $"not every kind of alert was raised: [{string.Join(", ", ours)}]");
        Expect(outcomes.Select(o => o.Item1).Distinct().Count() == 5, "not every outcome occurred");
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"The monitoring benchmark's set-up check failed: {what}.");
        }
    }
}

/// <summary>
/// The baseline: the same decisions as <see cref="OpinionDetector"/>, made the straightforward way. Per topic, a list of
/// the signals in the last window (evicted from the front as buckets close) whose counts, negatives and reach are
/// summed on every signal, a list of the closed hours of the last days (the same hour's median taken when an hour
/// opens), the recent signals for duplicates, and the typical reach as a moving average of exact log2, computed on
/// every signal. Alerts are kept as (topic, kind, time).
/// </summary>
public sealed class ListOpinionDetector(OpinionMonitorOptions options, TimeProvider time)
{
    private const int Buckets = 12;
    private const int Recent = 8;
    private readonly Dictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly List<Topic> _byIndex = [];
    private readonly long _bucketTicks = options.Window.Ticks / Buckets;

    public List<(string Topic, OpinionAlertKind Kind, DateTimeOffset At)> Alerts { get; } = [];

    public int Register(string name)
    {
        if (!_topics.TryGetValue(name, out var topic))
        {
            topic = new Topic(name, _byIndex.Count);
            _topics.Add(name, topic);
            _byIndex.Add(topic);
        }

        return topic.Index;
    }

    public SignalOutcome Observe(in MentionSignal signal)
        => string.IsNullOrWhiteSpace(signal.Topic) ? SignalOutcome.Invalid : Observe(Register(signal.Topic), signal);

    public SignalOutcome Observe(int index, in MentionSignal signal)
    {
        var topic = _byIndex[index];
        if (signal.At == default || !(signal.Sentiment >= -1 && signal.Sentiment <= 1) || signal.Reach < 0 || !(signal.AuthorInfluence >= 0) || double.IsPositiveInfinity(signal.AuthorInfluence))
        {
            return SignalOutcome.Invalid;
        }

        if (signal.At > time.GetUtcNow() + options.MaxAhead)
        {
            return SignalOutcome.TooFarAhead;
        }

        var bucket = BucketOf(signal.At);
        if (topic.Started && bucket < topic.Bucket)
        {
            return SignalOutcome.Late;
        }

        foreach (var seen in topic.Recent)
        {
            if (signal.Id is not null ? seen.Id == signal.Id : seen.Id is null && seen.At == signal.At && seen.Reach == signal.Reach && seen.Sentiment.Equals(signal.Sentiment) && seen.AuthorInfluence.Equals(signal.AuthorInfluence))
            {
                return SignalOutcome.Duplicate;
            }
        }

        topic.Recent.Add(signal);
        if (topic.Recent.Count > Recent)
        {
            topic.Recent.RemoveAt(0);
        }

        Advance(topic, signal.At);
        var negative = signal.Sentiment <= options.NegativeAtOrBelow;
        topic.Window.Add((signal.At, negative, signal.Reach));
        topic.HourCount++;
        topic.HourNegative += negative ? 1 : 0;

        long mentions = 0, negatives = 0;
        foreach (var (_, isNegative, _) in topic.Window)
        {
            mentions++;
            negatives += isNegative ? 1 : 0;
        }

        var ticks = signal.At.UtcTicks;
        // The window's threshold: the two hours' weighted by the buckets of each it holds.
        var current = Math.Min(Buckets, ((topic.Bucket - topic.Hour).Ticks / _bucketTicks) + 1);
        var previous = double.IsPositiveInfinity(topic.PreviousThreshold) ? topic.Threshold : topic.PreviousThreshold;
        var threshold = double.IsPositiveInfinity(topic.Threshold) ? long.MaxValue : (long)Math.Ceiling(((current * topic.Threshold) + ((Buckets - current) * previous)) / Buckets);
        if (mentions >= threshold && ticks - topic.LastVolume >= options.AlertCooldown.Ticks)
        {
            topic.LastVolume = ticks;
            Alerts.Add((topic.Name, OpinionAlertKind.VolumeSurge, signal.At));
        }

        if (negative && negatives >= options.MinNegativeMentions && ticks - topic.LastNegative >= options.AlertCooldown.Ticks)
        {
            var share = (double)negatives / mentions;
            var usual = topic.HasNegativeShare ? topic.UsualNegativeShare : 0;
            if (share >= options.MinNegativeShare && share >= usual + options.NegativeShareRise)
            {
                topic.LastNegative = ticks;
                Alerts.Add((topic.Name, OpinionAlertKind.NegativeSentimentSurge, signal.At));
            }
        }

        if (signal.Reach > 0)
        {
            var typical = topic.HasReach ? Math.Pow(2, topic.TypicalLog2Reach) : 0;
            var high = signal.Reach >= options.HighReach || (topic.HasReach && signal.Reach >= options.MinHighReach && signal.Reach >= options.HighReachFactor * typical);
            var log = Math.Log2(signal.Reach);
            topic.TypicalLog2Reach = topic.HasReach ? topic.TypicalLog2Reach + (0.02 * (log - topic.TypicalLog2Reach)) : log;
            topic.HasReach = true;
            if (high && ticks - topic.LastReach >= options.AlertCooldown.Ticks)
            {
                topic.LastReach = ticks;
                Alerts.Add((topic.Name, OpinionAlertKind.HighReachPost, signal.At));
            }
        }

        return SignalOutcome.Accepted;
    }

    private DateTimeOffset BucketOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % _bucketTicks), TimeSpan.Zero);

    private static DateTimeOffset HourOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    private void Advance(Topic topic, DateTimeOffset at)
    {
        var bucket = BucketOf(at);
        var hour = HourOf(at);
        if (!topic.Started)
        {
            topic.Started = true;
            topic.Bucket = bucket;
            topic.Hour = hour;
            return;
        }

        // Evict the signals of buckets that left the window.
        topic.Bucket = bucket;
        var windowStart = bucket.AddTicks(-(Buckets - 1) * _bucketTicks);
        var old = 0;
        while (old < topic.Window.Count && topic.Window[old].At < windowStart)
        {
            old++;
        }

        topic.Window.RemoveRange(0, old);
        if (hour <= topic.Hour)
        {
            return;
        }

        // Close the hour, and the empty hours skipped (up to the days kept); keep the days kept; the usual negative share;
        // the usual deviation from the baseline (the median of the smoothed log-ratios, from a histogram weighted to the
        // last week).
        topic.Hours.Add((topic.Hour, topic.HourCount));
        if (!double.IsNaN(topic.MedianLog))
        {
            AddDeviation(topic, Math.Abs(Math.Log(LogSmoothing + (double)topic.HourCount) - topic.MedianLog));
        }

        var consecutive = hour == topic.Hour.AddHours(1);
        topic.PreviousThreshold = topic.Threshold;
        if (topic.HourCount > 0)
        {
            var share = (double)topic.HourNegative / topic.HourCount;
            topic.UsualNegativeShare = topic.HasNegativeShare ? topic.UsualNegativeShare + (0.05 * (share - topic.UsualNegativeShare)) : share;
            topic.HasNegativeShare = true;
        }

        for (var h = topic.Hour.AddHours(1); h < hour && h >= hour.AddDays(-options.BaselineDays); h = h.AddHours(1))
        {
            topic.Hours.Add((h, 0));
        }

        topic.Hours.RemoveAll(h => h.Hour < hour.AddDays(-options.BaselineDays));
        topic.Hour = hour;
        topic.HourCount = 0;
        topic.HourNegative = 0;

        // The volume threshold of the new hour: the median of the same hour on the days kept.
        var same = new List<long>();
        foreach (var (h, count) in topic.Hours)
        {
            if (h.Hour == hour.Hour)
            {
                same.Add(count);
            }
        }

        if (same.Count < options.MinBaselineDays)
        {
            topic.Threshold = topic.PreviousThreshold = double.PositiveInfinity;
            topic.MedianLog = double.NaN;
            return;
        }

        same.Sort();
        var scale = (double)options.Window.Ticks / TimeSpan.TicksPerHour;
        var median = (same.Count % 2 == 1 ? same[same.Count / 2] : (same[(same.Count / 2) - 1] + same[same.Count / 2]) / 2.0) * scale;
        topic.MedianLog = Math.Log(LogSmoothing + (median / scale));
        var threshold = (options.SurgeFactor * (median + options.Smoothing)) - options.Smoothing;
        if (options.SurgeDeviations > 0 && topic.HasSpread)
        {
            threshold = Math.Min(threshold, ((median + LogSmoothing) * Math.Exp(options.SurgeDeviations * topic.Spread)) - LogSmoothing);
        }

        topic.Threshold = Math.Max(threshold, median + options.MinExcessMentions);
        if (!consecutive)
        {
            topic.PreviousThreshold = topic.Threshold;
        }
    }

    private double LogSmoothing => Math.Max(options.Smoothing, 1);

    // Bins [0, 0.03], (0.03 × 2.2^(k-1), 0.03 × 2.2^k], the last open; every bin loses a 168th (rounded up) an hour and the
    // hour's bin gains 384; the median is interpolated inside its bin.
    private static void AddDeviation(Topic topic, double distance)
    {
        var bin = distance <= 0.03 ? 0 : (int)Math.Min(7, 1 + Math.Floor(Math.Log(distance / 0.03) / Math.Log(2.2)));
        for (var k = 0; k < 8; k++)
        {
            topic.Histogram[k] -= (topic.Histogram[k] + 167) / 168;
            topic.Histogram[k] += k == bin ? 384 : 0;
        }

        topic.SpreadHours++;
        if (topic.SpreadHours < 6)
        {
            return;
        }

        double total = topic.Histogram.Sum(), below = 0, median = 0.03;
        for (var k = 0; k < 8; k++)
        {
            if (below + topic.Histogram[k] >= total / 2)
            {
                var fraction = topic.Histogram[k] > 0 ? ((total / 2) - below) / topic.Histogram[k] : 0;
                median = k == 0 ? fraction * 0.03 : 0.03 * Math.Pow(2.2, k - 1 + fraction);
                break;
            }

            below += topic.Histogram[k];
        }

        topic.Spread = Math.Max(1.4826 * median, 0.05);
        topic.HasSpread = true;
    }

    private sealed class Topic(string name, int index)
    {
        public string Name { get; } = name;

        public int Index { get; } = index;

        public List<(DateTimeOffset At, bool Negative, long Reach)> Window { get; } = [];

        public List<(DateTimeOffset Hour, long Count)> Hours { get; } = [];

        public List<MentionSignal> Recent { get; } = [];

        public bool Started { get; set; }

        public DateTimeOffset Bucket { get; set; }

        public DateTimeOffset Hour { get; set; }

        public long HourCount { get; set; }

        public long HourNegative { get; set; }

        public double Threshold { get; set; } = double.PositiveInfinity;

        public double PreviousThreshold { get; set; } = double.PositiveInfinity;

        public double MedianLog { get; set; } = double.NaN;

        public double Spread { get; set; }

        public bool HasSpread { get; set; }

        public int[] Histogram { get; } = new int[8];

        public int SpreadHours { get; set; }

        public double UsualNegativeShare { get; set; }

        public bool HasNegativeShare { get; set; }

        public double TypicalLog2Reach { get; set; }

        public bool HasReach { get; set; }

        public long LastVolume { get; set; } = long.MinValue / 2;

        public long LastNegative { get; set; } = long.MinValue / 2;

        public long LastReach { get; set; } = long.MinValue / 2;
    }
}
