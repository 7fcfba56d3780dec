using FsCheck;
using FsCheck.Xunit;
using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Tests.OpinionMonitoring;

/// <summary>
/// <see cref="OpinionDetector.ObserveReach"/> (issue 22: a thousand copies of one complaint raise reach, not a thousand
/// mentions — and the high-reach alert) and <see cref="OpinionDetector.RecentVolume"/> (the data of the volume chart).
/// </summary>
public sealed class OpinionDetectorReachAndVolumeTests
{
    private static readonly DateTimeOffset Start = MentionStreams.Start;

    [Fact]
    public void ObserveReach_CopiesTakeAMentionOverTheHighReachRule_RaisesOneHighReachPostAtTheCrossingNamingTheMention()
    {
        var (clock, detector, topic) = Detector();
        var at = Start.AddHours(6);
        Feed(clock, detector, MentionStreams.Mentions("brand", Start, at, 1, 0, reach: 1_000, idPrefix: "u"));
        Feed(clock, detector, [new MentionSignal("brand", "weibo", at, -0.8, 20_000, 19_000, "viral")]);
        Assert.Equal(0, detector.PendingAlerts);

        // Copies of 5,000 each: from the 16th on the mention has 100,000 (×100 the typical 1,000 and the minimum 100,000);
        // the relative rule compares logarithms approximated from the bits (within 6 %, docs/monitoring.md).
        var alerts = new List<OpinionAlert>();
        var outcomes = new List<SignalOutcome>();
        for (var copy = 1; copy <= 40; copy++)
        {
            var when = at.AddSeconds(10 * copy);
            clock.AdvanceTo(when);
            outcomes.Add(detector.ObserveReach(topic, when, 5_000, 20_000 + (5_000L * copy), "viral"));
            alerts.AddRange(detector.TakeAlerts());
        }

        Assert.All(outcomes, o => Assert.Equal(SignalOutcome.Accepted, o));
        var alert = Assert.Single(alerts);
        Assert.Equal(OpinionAlertKind.HighReachPost, alert.Kind);
        Assert.InRange(alert.Observed, 100_000, 120_000);
        var copies = ((long)alert.Observed - 20_000) / 5_000;
        Assert.Equal(at.AddSeconds(10 * copies), alert.At);
        Assert.InRange(alert.Baseline, 1_000 * Math.Pow(2, -0.09), 1_000 * Math.Pow(2, 0.09));
        // Copies are no mentions: the window holds the 11 mentions of the last hour and the original; its reach has the copies'.
        Assert.Equal(12, alert.Mentions);
        Assert.Equal((11 * 1_000) + 20_000 + (copies * 5_000), alert.Reach);
        Assert.StartsWith($"Mention viral reached {alert.Observed.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} with its reposts and copies at ", alert.Explanation, StringComparison.Ordinal);
        Assert.Contains("(the latest added 5,000)", alert.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ObserveReach_BelowTheRule_AddsToTheWindowsReachOnly()
    {
        var (clock, detector, topic) = Detector();
        var at = Start.AddHours(1);
        Feed(clock, detector, [new MentionSignal("brand", "weibo", at, 0.2, 500, 400, "p")]);

        Assert.Equal(SignalOutcome.Accepted, detector.ObserveReach(topic, at.AddMinutes(1), 300, 800, "p"));
        clock.AdvanceTo(at.AddMinutes(2));
        detector.Observe(new MentionSignal("brand", "weibo", at.AddMinutes(2), 0.2, 2_000_000, 400, "big"));

        var alert = Assert.Single(detector.TakeAlerts());
        Assert.Equal((2L, 500 + 300 + 2_000_000L), (alert.Mentions, alert.Reach));
    }

    [Theory]
    [InlineData(-1, 10, SignalOutcome.Invalid)]
    [InlineData(10, 9, SignalOutcome.Invalid)]
    [InlineData(10, 2_000_000, SignalOutcome.Late)]
    public void ObserveReach_MalformedOrLate_ChangesNothing(long added, long total, SignalOutcome expected)
    {
        var (clock, detector, topic) = Detector();
        var at = Start.AddHours(1);
        Feed(clock, detector, [new MentionSignal("brand", "weibo", at, 0.2, 500, 400, "p")]);

        var when = expected == SignalOutcome.Late ? at.AddMinutes(-10) : at;
        Assert.Equal(expected, detector.ObserveReach(topic, when, added, total, "p"));
        Assert.Equal(SignalOutcome.Invalid, detector.ObserveReach(topic, default, 1, 1));
        clock.AdvanceTo(at.AddMinutes(1));
        detector.Observe(new MentionSignal("brand", "weibo", at.AddMinutes(1), 0.2, 2_000_000, 400, "big"));

        Assert.Equal(500 + 2_000_000L, Assert.Single(detector.TakeAlerts()).Reach);
    }

    [Fact]
    public void ObserveReach_AnOriginalAlreadyHigh_DoesNotAlertAgainForItsCopies()
    {
        var (clock, detector, topic) = Detector();
        var at = Start.AddHours(1);
        Feed(clock, detector, [new MentionSignal("brand", "weibo", at, 0.2, 1_500_000, 400, "p")]);
        Assert.Single(detector.TakeAlerts());

        clock.AdvanceTo(at.AddHours(30));
        Assert.Equal(SignalOutcome.Accepted, detector.ObserveReach(topic, at.AddHours(30), 10, 1_500_010, "p"));
        Assert.Equal(0, detector.PendingAlerts);
    }

    [Fact]
    public void RecentVolume_ThreeDaysOfSeasonalCounts_HoursAndHourOfDayMediansOfTheDaysBefore()
    {
        var rows = MentionStreams.SeasonalCounts(3).Where(r => r.At < Start.AddDays(2).AddHours(13).AddMinutes(20)).ToList();
        var clock = new ReplayClock(Start);
        var detector = new OpinionDetector(new OpinionMonitorOptions(), clock);
        var topic = detector.Register("brand");
        Assert.Null(detector.RecentVolume(topic, 24));
        foreach (var (at, count) in rows)
        {
            clock.AdvanceTo(at);
            detector.ObserveCount(topic, at, count);
        }

        var volume = detector.RecentVolume(topic, 48)!;

        var now = Start.AddDays(2).AddHours(13);
        long Hour(DateTimeOffset h) => rows.Where(r => r.At >= h && r.At < h.AddHours(1)).Sum(r => (long)r.Count);
        Assert.Equal(now.AddHours(-47), volume.Start);
        Assert.Equal(48, volume.Mentions.Count);
        Assert.Equal(rows.Where(r => r.At >= now).Sum(r => (long)r.Count), volume.Mentions[^1]);
        for (var i = 0; i < 47; i++)
        {
            var hour = volume.Start.AddHours(i);
            Assert.InRange(volume.Mentions[i], (Hour(hour) * 0.999) - 1, (Hour(hour) * 1.001) + 1);
        }

        // A baseline needs a day before it (MinBaselineDays 1): the hours from the second day on have one, the median of
        // the days before them (one or two).
        Assert.Equal(48 - 10, volume.Baselines.Count);
        Assert.Null(volume.BaselineAt(9));
        Assert.InRange(volume.BaselineAt(10)!.Value, (Hour(Start) * 0.999) - 1, (Hour(Start) * 1.001) + 1);
        var both = (Hour(Start.AddHours(13)) + Hour(Start.AddDays(1).AddHours(13))) / 2.0;
        Assert.InRange(volume.BaselineAt(47)!.Value, (both * 0.999) - 1, (both * 1.001) + 1);
        Assert.Equal(24, detector.RecentVolume(topic, 24)!.Mentions.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => detector.RecentVolume(topic, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => detector.RecentVolume(topic, (24 * 7) + 1));
    }

    [Property(MaxTest = 50)]
    public void RecentVolume_AnyStream_BaselinesNeverOutnumberHoursAndNothingIsNegative(PositiveInt seed, PositiveInt hoursBack)
    {
        var random = new Random(seed.Get);
        var clock = new ReplayClock(Start);
        var detector = new OpinionDetector(new OpinionMonitorOptions(), clock);
        var topic = detector.Register("brand");
        var at = Start;
        for (var i = 0; i < 300; i++)
        {
            at = at.AddMinutes(random.Next(0, 120));
            var count = random.Next(0, 50);
            clock.AdvanceTo(at);
            detector.ObserveCount(topic, at, count);
        }

        var volume = detector.RecentVolume(topic, 1 + (hoursBack.Get % (24 * 7)))!;

        Assert.InRange(volume.Baselines.Count, 0, volume.Mentions.Count);
        Assert.Equal(0, volume.Start.UtcTicks % TimeSpan.TicksPerHour);
        Assert.All(volume.Mentions, m => Assert.True(m >= 0));
        Assert.All(volume.Baselines, b => Assert.True(b >= 0));
    }

    private static (ReplayClock Clock, OpinionDetector Detector, TopicHandle Topic) Detector()
    {
        var clock = new ReplayClock(Start);
        var detector = new OpinionDetector(new OpinionMonitorOptions(), clock);
        return (clock, detector, detector.Register("brand"));
    }

    private static void Feed(ReplayClock clock, OpinionDetector detector, IEnumerable<MentionSignal> signals)
    {
        foreach (var signal in signals)
        {
            clock.AdvanceTo(signal.At);
            Assert.Equal(SignalOutcome.Accepted, detector.Observe(signal));
        }
    }
}
