using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Monitoring;
using Xunit.Abstractions;

namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// What holds for every stream (docs/monitoring.md, issue 6): for random options and random streams over three topics that mix
/// valid signals and counts with late, duplicate, malformed and far-ahead ones, the detector never throws, gives each
/// rejected signal its outcome, and raises exactly the alerts of a detector that only saw the valid ones; alerts of one
/// kind on one topic are at least the cool-down apart; every alert's numbers are finite.
/// </summary>
public sealed class OpinionDetectorProperties
{
    private const int Cases = 300;

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(OpinionStreamArbitraries) })]
    public void Observe_RandomStreamWithRejectedSignals_RaisesTheAlertsOfTheValidSignalsAlone(OpinionStreamCase c)
    {
        var run = OpinionStreamRun.Play(c);

        Assert.Equal(run.Expected, run.Outcomes);
        Assert.Equal(run.ReferenceAlerts, run.SubjectAlerts);
    }

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(OpinionStreamArbitraries) })]
    public void Observe_RandomStream_AlertsOfOneKindOnATopicAreAtLeastTheCooldownApart(OpinionStreamCase c)
    {
        var run = OpinionStreamRun.Play(c);

        foreach (var group in run.SubjectAlerts.GroupBy(a => (a.Topic, a.Kind)))
        {
            var times = group.Select(a => a.At).ToList();
            for (var i = 1; i < times.Count; i++)
            {
                Assert.True(times[i] - times[i - 1] >= c.Options.AlertCooldown, $"{group.Key}: {times[i - 1]:O} then {times[i]:O}, cool-down {c.Options.AlertCooldown}");
            }
        }

        Assert.All(run.SubjectAlerts, a => Assert.Equal((a.At - c.Options.Window, a.At), (a.WindowStart, a.WindowEnd)));
    }

    [Property(MaxTest = Cases, Arbitrary = new[] { typeof(OpinionStreamArbitraries) })]
    public void Observe_RandomStream_EveryAlertsBaselineObservedAndFactorAreFinite(OpinionStreamCase c)
    {
        var run = OpinionStreamRun.Play(c);

        Assert.All(run.SubjectAlerts, a => Assert.True(double.IsFinite(a.Factor) && double.IsFinite(a.Observed) && double.IsFinite(a.Baseline), $"{a.Kind}: baseline {a.Baseline}, observed {a.Observed}, factor {a.Factor} (smoothing {c.Options.Smoothing})"));
    }
}

/// <summary>Checks that the stream generator feeds the properties what they need: every kind of alert and every kind of rejected signal, often.</summary>
public sealed class OpinionStreamArbitrariesTests(ITestOutputHelper output)
{
    [Fact]
    public void CaseGen_ThreeHundredCases_RaiseEveryKindOfAlertAndRejectEveryKindOfSignal()
    {
        // A fixed seed: the test checks the generator's distribution, not luck.
        var cases = OpinionStreamArbitraries.CaseGen().Sample(300, new Rnd(20260302UL), 100).ToArray();
        var withAlert = Enum.GetValues<OpinionAlertKind>().ToDictionary(k => k, _ => 0);
        var outcomes = Enum.GetValues<SignalOutcome>().ToDictionary(o => o, _ => 0);
        foreach (var c in cases)
        {
            var run = OpinionStreamRun.Play(c);
            foreach (var kind in run.ReferenceAlerts.Select(a => a.Kind).Distinct())
            {
                withAlert[kind]++;
            }

            foreach (var outcome in run.Expected)
            {
                outcomes[outcome]++;
            }
        }

        var summary = $"{cases.Length} cases; cases with alerts: {string.Join(", ", withAlert.Select(k => $"{k.Key}={k.Value}"))}; outcomes: {string.Join(", ", outcomes.Select(o => $"{o.Key}={o.Value}"))}";
        output.WriteLine(summary);
        Assert.All(withAlert.Values, n => Assert.True(n >= cases.Length / 5, summary));
        Assert.All(outcomes.Values, n => Assert.True(n >= 500, summary));
    }
}

/// <summary>What a step of a random stream is.</summary>
public enum StreamStepKind
{
    /// <summary>A valid mention, later than every earlier valid step.</summary>
    Signal,

    /// <summary>A valid count of mentions, later than every earlier valid step.</summary>
    Count,

    /// <summary>A mention older than its topic's current bucket.</summary>
    Late,

    /// <summary>A mention with the id of one of its topic's last 8, at the topic's latest time.</summary>
    DuplicateById,

    /// <summary>A copy of one of its topic's last 8 mentions without id (on another platform).</summary>
    DuplicateByFields,

    /// <summary>A malformed mention or count.</summary>
    Malformed,

    /// <summary>A mention or count later than the clock allows.</summary>
    TooFarAhead,
}

/// <summary>One step of a random stream; the rejected kinds are made from the stream so far when it is played.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Topic">Which of the three topics.</param>
/// <param name="Seconds">For a valid step, how far after the previous valid step (at least 1 s).</param>
/// <param name="Sentiment">The sentiment.</param>
/// <param name="Reach">The reach.</param>
/// <param name="WithId">Whether a mention has an id.</param>
/// <param name="Variant">Which mention to repeat, which malformation, how late or how far ahead.</param>
/// <param name="ByHandle">Whether the subject is given the mention by handle.</param>
public sealed record StreamStep(StreamStepKind Kind, int Topic, int Seconds, double Sentiment, long Reach, bool WithId, int Variant, bool ByHandle)
{
    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Kind}(t{Topic} +{Seconds}s s={Sentiment} r={Reach}{(WithId ? " id" : string.Empty)} v={Variant}{(ByHandle ? " h" : string.Empty)})");
}

/// <summary>A random stream and the options it is detected with.</summary>
/// <param name="Options">The options.</param>
/// <param name="Steps">The steps.</param>
public sealed record OpinionStreamCase(OpinionMonitorOptions Options, IReadOnlyList<StreamStep> Steps)
{
    /// <inheritdoc/>
    public override string ToString()
    {
        var o = Options;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"window {o.Window.TotalMinutes} min, days {o.BaselineDays}, surge ×{o.SurgeFactor} +{o.MinExcessMentions} s={o.Smoothing}, negative ≥{o.MinNegativeShare} +{o.NegativeShareRise} n≥{o.MinNegativeMentions}, reach {o.HighReach}/×{o.HighReachFactor}≥{o.MinHighReach}, cool-down {o.AlertCooldown}, ahead {o.MaxAhead}; {Steps.Count} steps: {string.Join(" ", Steps)}");
    }
}

/// <summary>Random options and streams for <see cref="OpinionDetectorProperties"/>.</summary>
public static class OpinionStreamArbitraries
{
    public const int Topics = 3;
    public const int MaxSteps = 600;
    public const int MalformedVariants = 16;

    public static Arbitrary<OpinionStreamCase> Cases() => Arb.From(CaseGen());

    public static Gen<OpinionStreamCase> CaseGen()
        => from options in OptionsGen()
           from negativity in Gen.Choose(0, 8)
           from count in Gen.Choose(50, MaxSteps)
           from steps in Gen.ArrayOf(StepGen(negativity / 10.0), count)
           select new OpinionStreamCase(options, steps);

    private static Gen<OpinionMonitorOptions> OptionsGen()
        => from window in Gen.Elements(5, 10, 15, 20, 30, 60)
           from days in Gen.Choose(1, 3)
           from factor in Gen.Choose(15, 50)
           from excess in Gen.Choose(1, 10)
           from smoothing in Gen.Choose(0, 10)
           from minShare in Gen.Choose(3, 8)
           from rise in Gen.Choose(0, 3)
           from negatives in Gen.Choose(1, 8)
           from highReach in Gen.Elements(200_000L, 1_000_000L, 5_000_000L)
           from reachFactor in Gen.Elements(5.0, 20.0, 100.0)
           from minHighReach in Gen.Elements(5_000L, 50_000L, 200_000L)
           from cooldownMinutes in Gen.Elements(0, 10, 60, 240, 1_440)
           from aheadMinutes in Gen.Choose(0, 10)
           select new OpinionMonitorOptions
           {
               Window = TimeSpan.FromMinutes(window),
               BaselineDays = days,
               MinBaselineDays = 1,
               SurgeFactor = factor / 10.0,
               MinExcessMentions = excess,
               Smoothing = smoothing,
               MinNegativeShare = minShare / 10.0,
               NegativeShareRise = rise / 10.0,
               MinNegativeMentions = negatives,
               HighReach = highReach,
               HighReachFactor = reachFactor,
               MinHighReach = Math.Min(minHighReach, highReach),
               AlertCooldown = TimeSpan.FromMinutes(cooldownMinutes),
               MaxAhead = TimeSpan.FromMinutes(aheadMinutes),
           };

    private static Gen<StreamStep> StepGen(double negativity)
        => from kind in Gen.Frequency(
               (40, Gen.Constant(StreamStepKind.Signal)),
               (8, Gen.Constant(StreamStepKind.Count)),
               (3, Gen.Constant(StreamStepKind.Late)),
               (3, Gen.Constant(StreamStepKind.DuplicateById)),
               (3, Gen.Constant(StreamStepKind.DuplicateByFields)),
               (4, Gen.Constant(StreamStepKind.Malformed)),
               (2, Gen.Constant(StreamStepKind.TooFarAhead)))
           from topic in Gen.Frequency((5, Gen.Constant(0)), (3, Gen.Constant(1)), (1, Gen.Constant(2)))
           from seconds in Gen.Frequency((6, Gen.Choose(1, 30)), (3, Gen.Choose(30, 900)), (1, Gen.Choose(900, 7_200)))
           from negative in Gen.Choose(0, 99).Select(p => p < negativity * 100)
           from sentiment in negative ? Gen.Elements(-1.0, -0.8, -0.25) : Gen.Elements(-0.2, 0.0, 0.3, 0.9, 1.0)
           from reach in Gen.Frequency(
               (20, Gen.Elements(0L, 10L, 300L, 1_000L, 4_000L)),
               (2, Gen.Elements(60_000L, 150_000L, 400_000L)),
               (1, Gen.Elements(999_999L, 1_000_000L, 7_000_000L)))
           from withId in Gen.Elements(true, false)
           from variant in Gen.Choose(0, 1_000)
           from byHandle in Gen.Elements(true, false)
           select new StreamStep(kind, topic, seconds, sentiment, reach, withId, variant, byHandle);
}

/// <summary>
/// Plays a stream: the reference detector sees the valid steps only, the subject every step; both on one replay clock
/// that follows the valid steps. Rejected steps are made from what each topic has seen (its latest time and its last
/// eight mentions), with the outcome they must have.
/// </summary>
public sealed class OpinionStreamRun
{
    private OpinionStreamRun(List<SignalOutcome> expected, List<SignalOutcome> outcomes, IReadOnlyList<OpinionAlert> reference, IReadOnlyList<OpinionAlert> subject)
        => (Expected, Outcomes, ReferenceAlerts, SubjectAlerts) = (expected, outcomes, reference, subject);

    /// <summary>Gets the outcome each step must have.</summary>
    public IReadOnlyList<SignalOutcome> Expected { get; }

    /// <summary>Gets the subject's outcome of each step.</summary>
    public IReadOnlyList<SignalOutcome> Outcomes { get; }

    /// <summary>Gets the reference detector's alerts.</summary>
    public IReadOnlyList<OpinionAlert> ReferenceAlerts { get; }

    /// <summary>Gets the subject's alerts.</summary>
    public IReadOnlyList<OpinionAlert> SubjectAlerts { get; }

    public static OpinionStreamRun Play(OpinionStreamCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var clock = new ReplayClock(MentionStreams.Start);
        var subject = new OpinionDetector(c.Options, clock);
        var reference = new OpinionDetector(c.Options, clock);
        var bucketTicks = c.Options.Window.Ticks / 12;
        var latest = new DateTimeOffset?[OpinionStreamArbitraries.Topics];
        var recent = Enumerable.Range(0, OpinionStreamArbitraries.Topics).Select(_ => new List<MentionSignal>()).ToArray();
        var expected = new List<SignalOutcome>();
        var outcomes = new List<SignalOutcome>();
        var now = MentionStreams.Start;
        var n = 0;
        foreach (var step in c.Steps)
        {
            n++;
            var name = $"topic-{step.Topic}";
            var fresh = new MentionSignal(name, "weibo", now, step.Sentiment, step.Reach, 10 + step.Variant, step.WithId ? $"id-{n}" : null);
            switch (step.Kind)
            {
                case StreamStepKind.Signal:
                case StreamStepKind.Count:
                    now += TimeSpan.FromSeconds(step.Seconds);
                    clock.AdvanceTo(now);
                    latest[step.Topic] = now;
                    if (step.Kind == StreamStepKind.Count)
                    {
                        var count = step.Variant % 40;
                        Assert.Equal(SignalOutcome.Accepted, reference.ObserveCount(reference.Register(name), now, count));
                        outcomes.Add(subject.ObserveCount(subject.Register(name), now, count));
                    }
                    else
                    {
                        var signal = fresh with { At = now };
                        Assert.Equal(SignalOutcome.Accepted, reference.Observe(signal));
                        outcomes.Add(Observe(subject, signal, step.ByHandle));
                        recent[step.Topic].Add(signal);
                        if (recent[step.Topic].Count > 8)
                        {
                            recent[step.Topic].RemoveAt(0);
                        }
                    }

                    expected.Add(SignalOutcome.Accepted);
                    break;

                case StreamStepKind.Late when latest[step.Topic] is { } last:
                    var bucket = last.UtcTicks - (last.UtcTicks % bucketTicks);
                    expected.Add(SignalOutcome.Late);
                    outcomes.Add(Observe(subject, fresh with { At = new DateTimeOffset(bucket - 1 - (step.Variant * TimeSpan.TicksPerMinute), TimeSpan.Zero) }, step.ByHandle));
                    break;

                case StreamStepKind.DuplicateById when latest[step.Topic] is { } last && recent[step.Topic].Any(s => s.Id is not null):
                    var withId = recent[step.Topic].Where(s => s.Id is not null).ToList();
                    expected.Add(SignalOutcome.Duplicate);
                    outcomes.Add(Observe(subject, fresh with { At = last, Id = withId[step.Variant % withId.Count].Id }, step.ByHandle));
                    break;

                case StreamStepKind.DuplicateByFields when latest[step.Topic] is { } last && recent[step.Topic].Any(s => s.Id is null):
                    var withoutId = recent[step.Topic].Where(s => s.Id is null).ToList();
                    var copy = withoutId[step.Variant % withoutId.Count] with { Platform = "douyin" };
                    var currentBucket = last.UtcTicks - (last.UtcTicks % bucketTicks);
                    expected.Add(copy.At.UtcTicks < currentBucket ? SignalOutcome.Late : SignalOutcome.Duplicate);
                    outcomes.Add(Observe(subject, copy, step.ByHandle));
                    break;

                case StreamStepKind.TooFarAhead:
                    var ahead = now + c.Options.MaxAhead + TimeSpan.FromTicks(1 + (step.Variant * TimeSpan.TicksPerSecond));
                    expected.Add(SignalOutcome.TooFarAhead);
                    outcomes.Add(step.Variant % 3 == 0
                        ? subject.ObserveCount(subject.Register(name), ahead, 5)
                        : Observe(subject, fresh with { At = ahead }, step.ByHandle));
                    break;

                default:
                    // Malformed, and the rejected kinds a topic cannot have yet (nothing seen, no mention with or without id).
                    expected.Add(SignalOutcome.Invalid);
                    outcomes.Add(Malformed(subject, fresh, step));
                    break;
            }
        }

        return new OpinionStreamRun(expected, outcomes, reference.TakeAlerts(), subject.TakeAlerts());
    }

    private static SignalOutcome Observe(OpinionDetector detector, MentionSignal signal, bool byHandle)
        => byHandle ? detector.Observe(detector.Register(signal.Topic), signal) : detector.Observe(signal);

    private static SignalOutcome Malformed(OpinionDetector subject, MentionSignal fresh, StreamStep step)
    {
        var variant = step.Variant % OpinionStreamArbitraries.MalformedVariants;
        var handle = subject.Register(fresh.Topic);
        return variant switch
        {
            0 => Observe(subject, fresh with { Sentiment = double.NaN }, step.ByHandle),
            1 => Observe(subject, fresh with { Sentiment = 1 + (step.Variant / 1000.0) + 1e-9 }, step.ByHandle),
            2 => Observe(subject, fresh with { Sentiment = -1.01 }, step.ByHandle),
            3 => Observe(subject, fresh with { Sentiment = double.PositiveInfinity }, step.ByHandle),
            4 => Observe(subject, fresh with { Reach = -1 - step.Variant }, step.ByHandle),
            5 => Observe(subject, fresh with { Reach = long.MinValue }, step.ByHandle),
            6 => Observe(subject, fresh with { AuthorInfluence = -0.001 }, step.ByHandle),
            7 => Observe(subject, fresh with { AuthorInfluence = double.NaN }, step.ByHandle),
            8 => Observe(subject, fresh with { AuthorInfluence = double.PositiveInfinity }, step.ByHandle),
            9 => Observe(subject, fresh with { At = default }, step.ByHandle),
            10 => subject.Observe(fresh with { Topic = string.Empty }),
            11 => subject.Observe(fresh with { Topic = "  " }),
            12 => subject.ObserveCount(handle, fresh.At, -1 - step.Variant),
            13 => subject.ObserveCount(handle, fresh.At, int.MaxValue + 1L + step.Variant),
            14 => subject.ObserveCount(handle, default, 3),
            _ => Observe(subject, fresh with { Sentiment = double.NegativeInfinity, AuthorInfluence = double.NegativeInfinity }, step.ByHandle),
        };
    }
}
