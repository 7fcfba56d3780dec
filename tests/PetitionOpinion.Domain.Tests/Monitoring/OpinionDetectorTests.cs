using System.Globalization;
using Xunit.Abstractions;
using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Tests.Support;

// Not PetitionOpinion.Tests.Monitoring: other test files name PetitionOpinion.Monitoring types as "Monitoring.X", which that
// namespace would capture.
namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// <see cref="OpinionDetector"/> on synthetic streams (docs/monitoring.md, issue 6): a volume surge against a baseline that
/// follows daily seasonality and slow trends, the cool-down, a negative-sentiment surge, a high-reach post by absolute and
/// by relative reach; late, duplicate, malformed and far-ahead signals each returning their outcome without touching the
/// topic's state (checked against a detector that never saw them); options validation; the state's size and the
/// allocation-free steady state.
/// </summary>
public sealed class OpinionDetectorTests
{
    [Fact]
    public void ObserveCount_DailySeasonalityThenASixfoldHour_RaisesOneVolumeSurgeThatExplainsItself()
    {
        var surge = MentionStreams.Start.AddDays(8).AddHours(14);
        var rows = MentionStreams.SeasonalCounts(9, multiplier: t => t >= surge && t < surge.AddHours(1) ? 6 : 1);

        var alert = Assert.Single(MentionStreams.FeedCounts(rows, MentionStreams.FactorRule()));

        Assert.Equal(OpinionAlertKind.VolumeSurge, alert.Kind);
        Assert.Equal("brand", alert.Topic);
        Assert.InRange(alert.At, surge, surge.AddHours(1));
        Assert.Equal((alert.At.AddHours(-1), alert.At), (alert.WindowStart, alert.WindowEnd));

        // Observed: the counts of the rows in the window (the row at its start fell out with its bucket).
        var inWindow = rows.Where(r => r.At > alert.WindowStart && r.At <= alert.WindowEnd).Sum(r => (long)r.Count);
        Assert.Equal(inWindow, alert.Observed);
        Assert.Equal(inWindow, alert.Mentions);
        Assert.Equal((0L, 0L), (alert.NegativeMentions, alert.Reach));

        // Baseline: the median of 14:00–15:00 on the seven days before (kept to 0.05 % in the history), weighted with that of
        // 13:00–14:00 by the buckets of each hour the window holds.
        double MedianOf(int hour) => Median([.. Enumerable.Range(1, 7).Select(d => (double)HourTotal(rows, MentionStreams.Start.AddDays(d).AddHours(hour)))]);
        var current = (alert.At.Minute / 5) + 1;
        var median = ((current * MedianOf(14)) + ((12 - current) * MedianOf(13))) / 12;
        Assert.InRange(alert.Baseline, median * 0.999, median * 1.001);
        Assert.Equal((alert.Observed + 10) / (alert.Baseline + 10), alert.Factor, 9);
        Assert.True(alert.Factor >= 4, $"factor {alert.Factor}");

        // Raised by the first row that took the window to the threshold, not later.
        var before = rows.Where(r => r.At > alert.WindowStart.AddMinutes(-5) && r.At <= alert.WindowEnd.AddMinutes(-5)).Sum(r => (long)r.Count);
        Assert.True(before < Math.Max((4 * (alert.Baseline + 10)) - 10, alert.Baseline + 20), $"the row before already had {before}");
        Assert.Contains($"{alert.Observed} mentions in the 60 minutes to {alert.At:yyyy-MM-dd HH:mm} UTC", alert.Explanation, StringComparison.Ordinal);
        Assert.Contains($"against a usual {alert.Baseline.ToString("0.#", CultureInfo.CurrentCulture)} for this hour of the day", alert.Explanation, StringComparison.Ordinal);
        Assert.Contains("median of the last 7 day(s)", alert.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ObserveCount_DailySeasonalityWithoutSurge_RaisesNothing()
    {
        var rows = MentionStreams.SeasonalCounts(15);

        var alerts = MentionStreams.FeedCounts(rows);

        Assert.Empty(alerts);

        // The day is a "surge" against the night: a baseline that ignored the hour of the day would have alerted.
        var night = HourTotal(rows, MentionStreams.Start.AddDays(3).AddHours(4));
        var day = HourTotal(rows, MentionStreams.Start.AddDays(3).AddHours(16));
        Assert.True((day + 10.0) / (night + 10.0) >= 4 && day - night >= 20, $"night {night}, day {day}");
    }

    [Fact]
    public void ObserveCount_StationaryStepsBetweenBusyAndQuietHours_RaisesNothingAtTheHourBoundary()
    {
        // Every day the same: 100 mentions per 5 minutes in even hours, 5 in odd ones. When a quiet hour starts, the
        // rolling hour still holds eleven buckets of the busy one: a threshold that jumped to the quiet hour's baseline at
        // the hour's first row alerted there (issue 22: a fifth of the alerts on real data fired on an hour's first row).
        var rows = new List<(DateTimeOffset At, int Count)>();
        for (var at = MentionStreams.Start; at < MentionStreams.Start.AddDays(10); at += MentionStreams.Row)
        {
            rows.Add((at, at.Hour % 2 == 0 ? 100 : 5));
        }

        var alerts = MentionStreams.FeedCounts(rows);

        Assert.Empty(alerts.Select(a => a.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ObserveCount_ThreefoldHour_IsASurgeOnASteadyTopicButNotOnOneWhoseHoursUsuallyStrayFourfold()
    {
        // The threshold scales with the topic's own variability: the same threefold hour (against the same baseline) is a
        // surge on a topic whose hours stay within 10 % of it, and not on one whose hours are a quarter, once or four times
        // the usual in turn (its hours stray by a smoothed log-ratio of about 1.2 two times in three, so the usual deviation
        // is about 1.8 and 3.2 of them far more than threefold).
        var surge = MentionStreams.Start.AddDays(9).AddHours(16);
        double[] stray = [0.25, 1, 4];
        double Noisy(DateTimeOffset t) => stray[(t.Day - MentionStreams.Start.Day + t.Hour) % 3];
        var options = new OpinionMonitorOptions { AlertCooldown = TimeSpan.FromHours(1) };

        var steady = MentionStreams.FeedCounts(MentionStreams.SeasonalCounts(10, multiplier: t => t >= surge && t < surge.AddHours(1) ? 3 : 1), options);
        var noisy = MentionStreams.FeedCounts(MentionStreams.SeasonalCounts(10, multiplier: t => Noisy(t) * (t >= surge && t < surge.AddHours(1) ? 3 : 1)), options);

        Assert.Equal(1, Noisy(surge));
        Assert.Contains(steady, a => a.Kind == OpinionAlertKind.VolumeSurge && a.At >= surge && a.At < surge.AddHours(1));
        Assert.DoesNotContain(noisy, a => a.At >= surge && a.At < surge.AddHours(1));

        // A fixed twofold factor alerts on both: it was the variability, not the data.
        var byFactor = MentionStreams.FeedCounts(MentionStreams.SeasonalCounts(10, multiplier: t => Noisy(t) * (t >= surge && t < surge.AddHours(1) ? 3 : 1)), new OpinionMonitorOptions { AlertCooldown = TimeSpan.FromHours(1), SurgeDeviations = 0, SurgeFactor = 2 });
        Assert.Contains(byFactor, a => a.At >= surge && a.At < surge.AddHours(1));
    }

    [Fact]
    public void ObserveCount_TopicThatWasNoisyAndHasBeenSteadyForTwoWeeks_RaisesAThreefoldHourAgain()
    {
        // The usual deviation is a median weighted to the last week of hours: a first week whose hours strayed fourfold
        // keeps about an eighth of its weight after two steady weeks, so that the median (and the threshold) are the
        // steady weeks' again, and neither the noisy week nor the rare surge it held keeps the topic deaf.
        var surge = MentionStreams.Start.AddDays(22).AddHours(16);
        double[] stray = [0.25, 1, 4];
        double Noisy(DateTimeOffset t) => t < MentionStreams.Start.AddDays(8) ? stray[(t.Day - MentionStreams.Start.Day + t.Hour) % 3] : 1;
        var options = new OpinionMonitorOptions { AlertCooldown = TimeSpan.FromHours(1) };

        var alerts = MentionStreams.FeedCounts(MentionStreams.SeasonalCounts(23, multiplier: t => Noisy(t) * (t >= surge && t < surge.AddHours(1) ? 3 : 1)), options);

        Assert.Contains(alerts, a => a.Kind == OpinionAlertKind.VolumeSurge && a.At >= surge && a.At < surge.AddHours(1));
        Assert.DoesNotContain(alerts, a => a.At >= MentionStreams.Start.AddDays(15) && a.At < surge);
    }

    [Theory]
    [InlineData(0.03)]
    [InlineData(-0.03)]
    public void ObserveCount_SlowTrendOfThreePercentADay_RaisesNothing(double trend)
    {
        var rows = MentionStreams.SeasonalCounts(30, trendPerDay: trend);

        Assert.Empty(MentionStreams.FeedCounts(rows));
        var first = HourTotal(rows, MentionStreams.Start.AddHours(16));
        var last = HourTotal(rows, MentionStreams.Start.AddDays(29).AddHours(16));
        Assert.True(trend > 0 ? last > 2 * first : first > 2 * last, $"first {first}, last {last}");
    }

    [Fact]
    public void ObserveCount_SecondSurgeWithinTheCooldown_IsNotRaisedButOneAfterItIs()
    {
        var first = MentionStreams.Start.AddDays(8).AddHours(14);
        DateTimeOffset[] surges = [first, first.AddHours(6), first.AddHours(26)];
        var rows = MentionStreams.SeasonalCounts(11, multiplier: t => surges.Any(s => t >= s && t < s.AddHours(1)) ? 6 : 1);

        var alerts = MentionStreams.FeedCounts(rows, MentionStreams.FactorRule());
        var shortCooldown = MentionStreams.FeedCounts(rows, MentionStreams.FactorRule(TimeSpan.FromHours(1)));

        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(OpinionAlertKind.VolumeSurge, a.Kind));
        Assert.InRange(alerts[0].At, surges[0], surges[0].AddHours(1));
        Assert.InRange(alerts[1].At, surges[2], surges[2].AddHours(1));
        Assert.True(alerts[1].At - alerts[0].At >= TimeSpan.FromHours(24));

        // With a one-hour cool-down the second surge is raised too: it was the cool-down, not the data.
        Assert.Equal(3, shortCooldown.Count);
        Assert.InRange(shortCooldown[1].At, surges[1], surges[1].AddHours(1));
    }

    [Fact]
    public void Observe_NegativeHourOnAUsuallyTenPercentNegativeTopic_RaisesANegativeSentimentSurge()
    {
        var bad = MentionStreams.Start.AddDays(3).AddHours(10);
        var signals = MentionStreams.Mentions("brand", MentionStreams.Start, bad, 5, 0.1, idPrefix: "a")
            .Concat(MentionStreams.Mentions("brand", bad, bad.AddHours(2), 5, 0.7, idPrefix: "b"))
            .ToList();

        var (outcomes, alerts) = MentionStreams.FeedSignals(signals);

        Assert.All(outcomes, o => Assert.Equal(SignalOutcome.Accepted, o));
        var alert = Assert.Single(alerts);
        Assert.Equal(OpinionAlertKind.NegativeSentimentSurge, alert.Kind);
        Assert.InRange(alert.At, bad, bad.AddHours(1));
        Assert.Equal((alert.At.AddHours(-1), alert.At), (alert.WindowStart, alert.WindowEnd));
        var window = signals.Where(s => s.At >= MentionStreams.BucketOf(alert.At).AddMinutes(-55) && s.At <= alert.At).ToList();
        Assert.Equal(window.Count, alert.Mentions);
        Assert.Equal(window.Count(s => s.Sentiment <= -0.25), alert.NegativeMentions);
        Assert.Equal(window.Sum(s => s.Reach), alert.Reach);
        Assert.True(alert.NegativeMentions >= 20, $"{alert.NegativeMentions} negative");
        Assert.Equal((double)alert.NegativeMentions / alert.Mentions, alert.Observed, 12);
        Assert.Equal(alert.NegativeShare, alert.Observed, 12);
        Assert.True(alert.Observed >= 0.5, $"share {alert.Observed}");
        Assert.InRange(alert.Baseline, 0.08, 0.12);
        Assert.Equal(alert.Observed / alert.Baseline, alert.Factor, 9);
        Assert.Contains($"{alert.NegativeMentions} of {alert.Mentions} mentions in the 60 minutes to {alert.At:yyyy-MM-dd HH:mm} UTC are negative", alert.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_SeventyPercentNegativeButFewerThanTwentyNegativeMentions_RaisesNothing()
    {
        var bad = MentionStreams.Start.AddDays(2).AddHours(10);
        var signals = MentionStreams.Mentions("brand", MentionStreams.Start, bad, 2, 0.1, idPrefix: "a")
            .Concat(MentionStreams.Mentions("brand", bad, bad.AddHours(3), 2, 0.7, idPrefix: "b"));

        var (_, alerts) = MentionStreams.FeedSignals(signals);

        Assert.Empty(alerts);
    }

    [Theory]
    [InlineData(50_000, 1_000_000, true)]
    [InlineData(50_000, 999_999, false)]
    [InlineData(500, 100_000, true)]
    [InlineData(500, 99_999, false)]
    [InlineData(2_000, 250_000, true)]
    [InlineData(2_000, 150_000, false)]
    [InlineData(0, 1_000_000, true)]
    [InlineData(0, 999_999, false)]
    public void Observe_OnePostOfHighReach_RaisesAHighReachPostByAbsoluteOrRelativeReachAndNotBelow(long typical, long reach, bool raised)
    {
        var at = MentionStreams.Start.AddHours(6);
        var usual = typical == 0 ? [] : MentionStreams.Mentions("brand", MentionStreams.Start, at, 1, 0, reach: typical, idPrefix: "u").ToList();
        var post = new MentionSignal("brand", "weibo", at.AddSeconds(30), 0.2, reach, 5_000, "post");

        var (outcomes, alerts) = MentionStreams.FeedSignals([.. usual, post]);

        Assert.All(outcomes, o => Assert.Equal(SignalOutcome.Accepted, o));
        if (!raised)
        {
            Assert.Empty(alerts);
            return;
        }

        var alert = Assert.Single(alerts);
        Assert.Equal(OpinionAlertKind.HighReachPost, alert.Kind);
        Assert.Equal(post.At, alert.At);
        Assert.Equal(reach, alert.Observed);
        // The typical reach is a moving average of a logarithm approximated from the bits (within 0.09 of log2).
        Assert.InRange(alert.Baseline, typical * Math.Pow(2, -0.09), typical * Math.Pow(2, 0.09));
        Assert.Equal(reach / Math.Max(alert.Baseline, 1), alert.Factor, 9);
        Assert.Equal(usual.Count(s => s.At >= at.AddMinutes(-55)) + 1, alert.Mentions);
        // The explanation formats numbers in the current culture.
        Assert.Contains($"reached {reach.ToString("N0", CultureInfo.CurrentCulture)} against a typical {alert.Baseline.ToString("N0", CultureInfo.CurrentCulture)}", alert.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("late", SignalOutcome.Late)]
    [InlineData("late-by-a-tick", SignalOutcome.Late)]
    [InlineData("duplicate-id", SignalOutcome.Duplicate)]
    [InlineData("duplicate-fields", SignalOutcome.Duplicate)]
    [InlineData("duplicate-fields-other-platform", SignalOutcome.Duplicate)]
    [InlineData("sentiment-nan", SignalOutcome.Invalid)]
    [InlineData("sentiment-1.5", SignalOutcome.Invalid)]
    [InlineData("sentiment--1.01", SignalOutcome.Invalid)]
    [InlineData("sentiment-infinity", SignalOutcome.Invalid)]
    [InlineData("reach-negative", SignalOutcome.Invalid)]
    [InlineData("influence-negative", SignalOutcome.Invalid)]
    [InlineData("influence-nan", SignalOutcome.Invalid)]
    [InlineData("influence-infinity", SignalOutcome.Invalid)]
    [InlineData("time-default", SignalOutcome.Invalid)]
    [InlineData("topic-empty", SignalOutcome.Invalid)]
    [InlineData("topic-white-space", SignalOutcome.Invalid)]
    [InlineData("too-far-ahead", SignalOutcome.TooFarAhead)]
    [InlineData("too-far-ahead-by-a-tick", SignalOutcome.TooFarAhead)]
    public void Observe_RejectedSignal_ReturnsItsOutcomeAndLeavesTheTopicAsIfNeverSeen(string kind, SignalOutcome expected)
    {
        // Two detectors on one clock see the same two days of mentions (every other one with an id); the subject also
        // sees the rejected signal five minutes before a surge hour that is 70 % negative and carries a high-reach post.
        // If the rejected signal had touched the topic (a count, a negative, a reach, a fingerprint, the clock of its
        // buckets), the subject's alerts would differ from the reference's: each alert carries its window's counts.
        var clock = new ReplayClock(MentionStreams.Start);
        var subject = new OpinionDetector(new OpinionMonitorOptions(), clock);
        var reference = new OpinionDetector(new OpinionMonitorOptions(), clock);
        var surge = MentionStreams.Start.AddDays(2).AddHours(10);
        var history = MentionStreams.Mentions("brand", MentionStreams.Start, surge.AddMinutes(-5), 5, 0.1, idPrefix: "h", idEvery: 2).ToList();
        var continuation = MentionStreams.Mentions("brand", surge.AddMinutes(-5), surge, 5, 0.1, idPrefix: "c", idEvery: 2)
            .Concat(MentionStreams.Mentions("brand", surge, surge.AddHours(1), 30, 0.7, idPrefix: "s", idEvery: 2))
            .Append(new MentionSignal("brand", "weibo", surge.AddMinutes(50), -0.9, 500_000, 80_000, "viral"))
            .Concat(MentionStreams.Mentions("brand", surge.AddHours(1), surge.AddHours(30), 5, 0.1, idPrefix: "after", idEvery: 2))
            .OrderBy(s => s.At)
            .ToList();
        foreach (var signal in history)
        {
            clock.AdvanceTo(signal.At);
            Assert.Equal(SignalOutcome.Accepted, subject.Observe(signal));
            Assert.Equal(SignalOutcome.Accepted, reference.Observe(signal));
        }

        var rejected = Rejected(kind, history, clock.GetUtcNow());
        var outcome = subject.Observe(rejected);
        var again = subject.Observe(rejected);
        var subjectOutcomes = new List<SignalOutcome>();
        var referenceOutcomes = new List<SignalOutcome>();
        foreach (var signal in continuation)
        {
            clock.AdvanceTo(signal.At);
            subjectOutcomes.Add(subject.Observe(signal));
            referenceOutcomes.Add(reference.Observe(signal));
        }

        Assert.Equal(expected, outcome);
        Assert.Equal(expected, again);
        Assert.Equal(referenceOutcomes, subjectOutcomes);
        Assert.All(referenceOutcomes, o => Assert.Equal(SignalOutcome.Accepted, o));
        var expectedAlerts = reference.TakeAlerts();
        Assert.Equal(
            [OpinionAlertKind.VolumeSurge, OpinionAlertKind.NegativeSentimentSurge, OpinionAlertKind.HighReachPost],
            expectedAlerts.Select(a => a.Kind).Order());
        Assert.Equal(expectedAlerts, subject.TakeAlerts());
    }

    [Fact]
    public void Observe_SignalAtTheClockPlusMaxAhead_IsAcceptedAndOneTickLaterIsNot()
    {
        var clock = new ReplayClock(MentionStreams.Start);
        var detector = new OpinionDetector(new OpinionMonitorOptions { MaxAhead = TimeSpan.FromMinutes(2) }, clock);
        var edge = MentionStreams.Start.AddMinutes(2);

        Assert.Equal(SignalOutcome.TooFarAhead, detector.Observe(new MentionSignal("brand", "weibo", edge.AddTicks(1), 0, 10, 1, "a")));
        Assert.Equal(SignalOutcome.Accepted, detector.Observe(new MentionSignal("brand", "weibo", edge, 0, 10, 1, "b")));
        Assert.Equal(SignalOutcome.TooFarAhead, detector.ObserveCount(detector.Register("brand"), edge.AddTicks(1), 1));
        Assert.Equal(SignalOutcome.Accepted, detector.ObserveCount(detector.Register("brand"), edge, 1));
    }

    [Fact]
    public void Observe_OutOfOrderWithinTheCurrentBucket_IsAccepted()
    {
        var clock = new ReplayClock(MentionStreams.Start.AddMinutes(10));
        var detector = new OpinionDetector(new OpinionMonitorOptions(), clock);
        var bucket = MentionStreams.Start.AddMinutes(5);

        Assert.Equal(SignalOutcome.Accepted, detector.Observe(new MentionSignal("brand", "weibo", bucket.AddMinutes(4), 0, 10, 1, "a")));
        Assert.Equal(SignalOutcome.Accepted, detector.Observe(new MentionSignal("brand", "weibo", bucket, 0, 10, 1, "b")));
        Assert.Equal(SignalOutcome.Late, detector.Observe(new MentionSignal("brand", "weibo", bucket.AddTicks(-1), 0, 10, 1, "c")));
    }

    [Theory]
    [InlineData("count-negative", SignalOutcome.Invalid)]
    [InlineData("count-above-int", SignalOutcome.Invalid)]
    [InlineData("time-default", SignalOutcome.Invalid)]
    [InlineData("late", SignalOutcome.Late)]
    [InlineData("too-far-ahead", SignalOutcome.TooFarAhead)]
    public void ObserveCount_RejectedCount_ReturnsItsOutcomeAndLeavesTheTopicAsIfNeverSeen(string kind, SignalOutcome expected)
    {
        var surge = MentionStreams.Start.AddDays(8).AddHours(14);
        var rows = MentionStreams.SeasonalCounts(9, multiplier: t => t >= surge && t < surge.AddHours(1) ? 6 : 1);
        var clock = new ReplayClock(MentionStreams.Start);
        var subject = new OpinionDetector(new OpinionMonitorOptions(), clock);
        var reference = new OpinionDetector(new OpinionMonitorOptions(), clock);
        var (s, r) = (subject.Register("brand"), reference.Register("brand"));
        var injectAt = surge.AddMinutes(-5);
        var outcomes = new List<SignalOutcome>();
        foreach (var (at, count) in rows)
        {
            clock.AdvanceTo(at);
            Assert.Equal(subject.ObserveCount(s, at, count), reference.ObserveCount(r, at, count));
            if (at == injectAt)
            {
                var (badAt, badCount) = kind switch
                {
                    "count-negative" => (at, -1L),
                    "count-above-int" => (at, int.MaxValue + 1L),
                    "time-default" => (default(DateTimeOffset), 5L),
                    "late" => (at.AddMinutes(-5), 5L),
                    _ => (at.AddMinutes(5).AddTicks(1), 5L),
                };
                outcomes.Add(subject.ObserveCount(s, badAt, badCount));
            }
        }

        Assert.Equal([expected], outcomes);
        var expectedAlerts = reference.TakeAlerts();
        Assert.Single(expectedAlerts);
        Assert.Equal(expectedAlerts, subject.TakeAlerts());
    }

    [Fact]
    public void ObserveCount_CountsThatOverflowABucket_DoNotCorruptTheTopic()
    {
        // Each count is at most int.MaxValue, which ObserveCount accepts; two in one bucket must not wrap the bucket's
        // total. Expected: the huge bucket raises its one surge, and once it has left the window the topic is back to its
        // 120 mentions an hour against a baseline of 120, with nothing more to raise (or the second count is refused).
        var clock = new ReplayClock(MentionStreams.Start);
        var detector = new OpinionDetector(new OpinionMonitorOptions(), clock);
        var topic = detector.Register("brand");
        var huge = MentionStreams.Start.AddDays(3);
        for (var at = MentionStreams.Start; at < MentionStreams.Start.AddDays(10); at += MentionStreams.Row)
        {
            clock.AdvanceTo(at);
            Assert.Equal(SignalOutcome.Accepted, detector.ObserveCount(topic, at, 10));
            if (at == huge)
            {
                detector.ObserveCount(topic, at, int.MaxValue);
                detector.ObserveCount(topic, at, 1);
            }
        }

        var alerts = detector.TakeAlerts();

        Assert.All(alerts, a => Assert.True(a.At < huge.AddHours(1), $"{a.Kind} at {a.At:u}: {a.Explanation}"));
        Assert.Single(alerts);
    }

    [Fact]
    public void Observe_ReachesSummingPastLongMaxValueInOneWindow_KeepTheWindowReachValid()
    {
        // Every reach is 0 or more, so each is accepted; their sum over the window must not wrap to a negative reach,
        // which the alert would carry and ToRiskFacts would refuse.
        var clock = new ReplayClock(MentionStreams.Start);
        var detector = new OpinionDetector(new OpinionMonitorOptions(), clock);
        Assert.Equal(SignalOutcome.Accepted, detector.Observe(new MentionSignal("brand", "weibo", MentionStreams.Start, -0.9, long.MaxValue, 1, "huge")));
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(SignalOutcome.Accepted, detector.Observe(new MentionSignal("brand", "weibo", MentionStreams.Start.AddSeconds(i + 1), -0.9, 5, 1, $"m{i}")));
        }

        var alerts = detector.TakeAlerts();

        Assert.Contains(alerts, a => a.Kind == OpinionAlertKind.NegativeSentimentSurge);
        Assert.All(alerts, a => Assert.True(a.Reach >= 0, $"{a.Kind}: window reach {a.Reach}"));
        Assert.All(alerts, a => Assert.Equal(a.Reach, a.ToRiskFacts(RiskCategory.ProductQuality).Reach));
    }

    [Fact]
    public void Validate_DefaultOptions_HasNoProblem()
    {
        Assert.Empty(new OpinionMonitorOptions().Validate().Lines());
        Assert.Equal(0, new OpinionDetector(new OpinionMonitorOptions(), TimeProvider.System).TopicCount);
    }

    [Fact]
    public void Validate_EveryRuleBroken_ListsEachProblemWithItsPathAndTheDetectorRefusesThem()
    {
        var options = new OpinionMonitorOptions
        {
            Window = TimeSpan.FromMinutes(7),
            BaselineDays = 0,
            MinBaselineDays = 0,
            SurgeFactor = 1,
            SurgeDeviations = double.NaN,
            MinExcessMentions = 0,
            Smoothing = double.NaN,
            NegativeAtOrBelow = 0.5,
            MinNegativeShare = 0,
            NegativeShareRise = 1.5,
            MinNegativeMentions = 0,
            HighReach = 0,
            HighReachFactor = double.PositiveInfinity,
            MinHighReach = 0,
            AlertCooldown = TimeSpan.FromSeconds(-1),
            MaxAhead = TimeSpan.FromDays(2),
            IncidentCooldown = TimeSpan.FromDays(31),
            ReporterId = "opinion monitor",
            DefaultCategory = string.Empty,
        };
        string[] properties =
        [
            nameof(options.Window), nameof(options.BaselineDays), nameof(options.MinBaselineDays), nameof(options.SurgeFactor),
            nameof(options.SurgeDeviations), nameof(options.MinExcessMentions), nameof(options.Smoothing), nameof(options.NegativeAtOrBelow), nameof(options.MinNegativeShare),
            nameof(options.NegativeShareRise), nameof(options.MinNegativeMentions), nameof(options.HighReach), nameof(options.HighReachFactor),
            nameof(options.MinHighReach), nameof(options.AlertCooldown), nameof(options.MaxAhead), nameof(options.IncidentCooldown),
            nameof(options.ReporterId), nameof(options.DefaultCategory),
        ];

        var problems = options.Validate("PetitionOpinion:Monitoring").Lines();
        var thrown = Assert.Throws<ArgumentException>(() => new OpinionDetector(options, TimeProvider.System));

        Assert.Equal(properties, problems.Select(p => p.Split(':')[2]));
        Assert.All(problems, p => Assert.StartsWith("[monitoring.invalid] PetitionOpinion:Monitoring:", p, StringComparison.Ordinal));
        Assert.All(options.Validate().Lines(), p => Assert.Contains(p, thrown.Message, StringComparison.Ordinal));
        Assert.Equal(properties.Length, options.Validate().Lines().Count);
        Assert.Equal("options", thrown.ParamName);
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(10, true)]
    [InlineData(15, true)]
    [InlineData(20, true)]
    [InlineData(30, true)]
    [InlineData(60, true)]
    [InlineData(0, false)]
    [InlineData(4, false)]
    [InlineData(7, false)]
    [InlineData(45, false)]
    [InlineData(120, false)]
    public void Validate_Window_IsADivisorOfAnHourFromFiveMinutes(int minutes, bool valid)
    {
        var problems = new OpinionMonitorOptions { Window = TimeSpan.FromMinutes(minutes) }.Validate().Lines();

        Assert.Equal(valid ? Array.Empty<string>() : ["Window"], problems.Select(p => p.Split(':')[1]));
    }

    [Fact]
    public void Validate_MinBaselineDaysAboveBaselineDaysAndMinHighReachAboveHighReach_AreProblems()
    {
        var problems = new OpinionMonitorOptions { BaselineDays = 3, MinBaselineDays = 4, HighReach = 1_000, MinHighReach = 1_001 }.Validate().Lines();

        Assert.Equal(["MinBaselineDays", "MinHighReach"], problems.Select(p => p.Split(':')[1]));
    }

    [Fact]
    public void BytesPerTopic_DefaultOptions_Is760AndGrowsWithTheBaselineDays()
    {
        // 424 fixed (three rings of 12 buckets, 8 fingerprints, counters, the two hours' thresholds, the deviation and its
        // histogram of 8 16-bit weights) + 7 × 24 hourly counts of 2 bytes (docs/monitoring.md).
        var clock = new ReplayClock(MentionStreams.Start);

        Assert.Equal(424, OpinionDetector.FixedStateBytes);
        Assert.Equal(424 + 336, new OpinionDetector(new OpinionMonitorOptions(), clock).BytesPerTopic);
        Assert.Equal(424 + (2 * 24 * 28), new OpinionDetector(new OpinionMonitorOptions { BaselineDays = 28, MinBaselineDays = 3 }, clock).BytesPerTopic);
    }

    [Fact]
    public void Observe_SteadyStateOverManyTopics_AllocatesNothing()
    {
        // 100 topics round-robin, one signal a second (each topic every 100 s: buckets roll on most signals and hours
        // every 36), eight days to fill the history, then a ninth measured: no alert, so nothing may be allocated.
        const int Topics = 100;
        var clock = new ReplayClock(MentionStreams.Start);
        var detector = new OpinionDetector(new OpinionMonitorOptions(), clock);
        var names = Enumerable.Range(0, Topics).Select(i => $"topic-{i:D3}").ToArray();
        var handles = names.Select(detector.Register).ToArray();
        var second = 0L;
        var sink = Feed(detector, clock, names, handles, ref second, 8 * 86_400);

        var before = GC.GetAllocatedBytesForCurrentThread();
        sink += Feed(detector, clock, names, handles, ref second, 86_400);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, detector.PendingAlerts);
        Assert.Empty(detector.TakeAlerts());
        Assert.Equal(9 * 86_400 * (int)SignalOutcome.Accepted, sink);

        static long Feed(OpinionDetector detector, ReplayClock clock, string[] names, TopicHandle[] handles, ref long second, int count)
        {
            var sink = 0L;
            for (var i = 0; i < count; i++, second++)
            {
                var at = MentionStreams.Start.AddSeconds(second);
                var t = (int)(second % names.Length);
                clock.AdvanceTo(at);
                var signal = new MentionSignal(names[t], "weibo", at, (second / names.Length % 10) == 0 ? -0.8 : 0.4, 800 + (second % 500), 100, null);
                sink += (second % 3) switch
                {
                    0 => (int)detector.Observe(handles[t], signal),
                    1 => (int)detector.Observe(signal),
                    _ => (int)detector.ObserveCount(handles[t], at, 1),
                };
            }

            return sink;
        }
    }

    private static MentionSignal Rejected(string kind, IReadOnlyList<MentionSignal> history, DateTimeOffset now)
    {
        var last = history[^1];
        var withId = history.Last(s => s.Id is not null);
        var withoutId = history.Last(s => s.Id is null);
        var fresh = last with { At = last.At.AddSeconds(1), Id = "fresh", Reach = 777_777, Sentiment = -0.9 };
        return kind switch
        {
            "late" => fresh with { At = last.At.AddMinutes(-20) },
            "late-by-a-tick" => fresh with { At = MentionStreams.BucketOf(last.At).AddTicks(-1) },
            "duplicate-id" => fresh with { Id = withId.Id },
            "duplicate-fields" => withoutId,
            "duplicate-fields-other-platform" => withoutId with { Platform = "douyin" },
            "sentiment-nan" => fresh with { Sentiment = double.NaN },
            "sentiment-1.5" => fresh with { Sentiment = 1.5 },
            "sentiment--1.01" => fresh with { Sentiment = -1.01 },
            "sentiment-infinity" => fresh with { Sentiment = double.NegativeInfinity },
            "reach-negative" => fresh with { Reach = -1 },
            "influence-negative" => fresh with { AuthorInfluence = -0.5 },
            "influence-nan" => fresh with { AuthorInfluence = double.NaN },
            "influence-infinity" => fresh with { AuthorInfluence = double.PositiveInfinity },
            "time-default" => fresh with { At = default },
            "topic-empty" => fresh with { Topic = string.Empty },
            "topic-white-space" => fresh with { Topic = " \t" },
            "too-far-ahead" => fresh with { At = now.AddHours(3) },
            "too-far-ahead-by-a-tick" => fresh with { At = now.AddMinutes(5).AddTicks(1) },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a case."),
        };
    }

    private static long HourTotal(IEnumerable<(DateTimeOffset At, int Count)> rows, DateTimeOffset hour)
        => rows.Where(r => r.At >= hour && r.At < hour.AddHours(1)).Sum(r => (long)r.Count);

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}

/// <summary>
/// The memory of 100,000 topics, measured as live heap with nothing else running (other tests would move the figure).
/// </summary>
[Collection(OpinionMemoryCollection.Name)]
public sealed class OpinionDetectorMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Register_HundredThousandTopics_TakesUnderAHundredMebibytes()
    {
        const int Topics = 100_000;
        var names = Enumerable.Range(0, Topics).Select(i => $"topic-{i:D6}").ToArray();
        var clock = new ReplayClock(MentionStreams.Start);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var detector = new OpinionDetector(new OpinionMonitorOptions(), clock);
        foreach (var name in names)
        {
            Assert.Equal(SignalOutcome.Accepted, detector.Observe(detector.Register(name), new MentionSignal(name, "weibo", MentionStreams.Start, 0.1, 100, 1)));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var live = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(detector);

        // The state arrays double as topics are added (131,072 slots for 100,000 topics), and the name look-up adds
        // about 40 bytes a topic: the live figure is about 1,000 bytes a topic, not BytesPerTopic alone.
        output.WriteLine($"{Topics:N0} topics: {live:N0} bytes live ({live / (double)Topics:0} a topic; BytesPerTopic {detector.BytesPerTopic}), {allocated:N0} bytes allocated while registering");
        Assert.Equal(Topics, detector.TopicCount);
        Assert.True(live < 100L * 1024 * 1024, $"{live:N0} bytes live");
        Assert.True(live >= (long)Topics * detector.BytesPerTopic, $"{live:N0} bytes live: less than the state itself?");
    }
}

/// <summary>Tests that measure the whole process's heap, run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OpinionMemoryCollection
{
    public const string Name = "Opinion memory (not in parallel)";
}

/// <summary>
/// Synthetic streams for the monitoring tests: 5-minute counts on a day/night curve (with a trend and surges), and
/// individual mentions at a steady rate with a given negative share.
/// </summary>
internal static class MentionStreams
{
    /// <summary>Where every stream starts: a Monday at midnight UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The spacing of counts: 5 minutes, one detector bucket with the default window.</summary>
    public static readonly TimeSpan Row = TimeSpan.FromMinutes(5);

    /// <summary>
    /// 5-minute counts from <see cref="Start"/> on a day/night curve: 5 per 5 minutes at 04:00 UTC rising to 50 at 16:00
    /// (60 to 600 an hour), ±10 % noise from a fixed seed, times (1 + trend) per day, times <paramref name="multiplier"/>.
    /// </summary>
    public static List<(DateTimeOffset At, int Count)> SeasonalCounts(int days, double trendPerDay = 0, Func<DateTimeOffset, double>? multiplier = null, int seed = 20260302)
    {
        var random = new Random(seed);
        var rows = new List<(DateTimeOffset At, int Count)>();
        for (var at = Start; at < Start.AddDays(days); at += Row)
        {
            var hour = at.TimeOfDay.TotalHours;
            var level = (5 + (45 * (1 - Math.Cos(2 * Math.PI * (hour - 4) / 24)) / 2)) * Math.Pow(1 + trendPerDay, (at - Start).TotalDays);
            var noisy = level * (0.9 + (0.2 * random.NextDouble())) * (multiplier?.Invoke(at) ?? 1);
            rows.Add((at, (int)Math.Round(noisy)));
        }

        return rows;
    }

    /// <summary>The volume rule up to 0.3.0: a fourfold rise (at least 20 mentions), without the topic's variability.</summary>
    public static OpinionMonitorOptions FactorRule(TimeSpan? cooldown = null)
        => new() { SurgeDeviations = 0, SurgeFactor = 4, MinExcessMentions = 20, Smoothing = 10, AlertCooldown = cooldown ?? TimeSpan.FromHours(24) };

    /// <summary>Feeds counts of the topic <c>brand</c> to a new detector on a replay clock that follows them; returns its alerts.</summary>
    public static IReadOnlyList<OpinionAlert> FeedCounts(IEnumerable<(DateTimeOffset At, int Count)> rows, OpinionMonitorOptions? options = null)
    {
        var clock = new ReplayClock(Start);
        var detector = new OpinionDetector(options ?? new OpinionMonitorOptions(), clock);
        var topic = detector.Register("brand");
        var alerts = new List<OpinionAlert>();
        foreach (var (at, count) in rows)
        {
            clock.AdvanceTo(at);
            Assert.Equal(SignalOutcome.Accepted, detector.ObserveCount(topic, at, count));
            alerts.AddRange(detector.TakeAlerts());
        }

        return alerts;
    }

    /// <summary>Feeds signals to a new detector on a replay clock that follows them; returns the outcomes and alerts.</summary>
    public static (IReadOnlyList<SignalOutcome> Outcomes, IReadOnlyList<OpinionAlert> Alerts) FeedSignals(IEnumerable<MentionSignal> signals, OpinionMonitorOptions? options = null)
    {
        var clock = new ReplayClock(Start);
        var detector = new OpinionDetector(options ?? new OpinionMonitorOptions(), clock);
        var outcomes = new List<SignalOutcome>();
        var alerts = new List<OpinionAlert>();
        foreach (var signal in signals)
        {
            clock.AdvanceTo(signal.At);
            outcomes.Add(detector.Observe(signal));
            alerts.AddRange(detector.TakeAlerts());
        }

        return (outcomes, alerts);
    }

    /// <summary>
    /// Mentions of a topic in [<paramref name="from"/>, <paramref name="to"/>): <paramref name="perBucket"/> every 5 minutes,
    /// evenly spread, each <paramref name="negativeShare"/>-th one negative (sentiment −0.8, the others 0.4), reach
    /// <paramref name="reach"/> (or 800 to 1,250 when 0), ids <paramref name="idPrefix"/>n on every
    /// <paramref name="idEvery"/>-th mention (the others have none; their times differ).
    /// </summary>
    public static IEnumerable<MentionSignal> Mentions(string topic, DateTimeOffset from, DateTimeOffset to, int perBucket, double negativeShare, long reach = 0, string idPrefix = "m", int idEvery = 1)
    {
        var n = 0;
        for (var bucket = from; bucket < to; bucket += Row)
        {
            for (var j = 0; j < perBucket; j++, n++)
            {
                var negative = Math.Floor((n + 1) * negativeShare) > Math.Floor(n * negativeShare);
                var at = bucket.AddSeconds(1 + (j * 299.0 / perBucket));
                yield return new MentionSignal(topic, "weibo", at, negative ? -0.8 : 0.4, reach > 0 ? reach : 800 + ((n * 37) % 450), 100 + (n % 50), n % idEvery == 0 ? $"{idPrefix}{n}" : null);
            }
        }
    }

    /// <summary>The start of the 5-minute bucket of an instant.</summary>
    public static DateTimeOffset BucketOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % Row.Ticks), TimeSpan.Zero);
}
