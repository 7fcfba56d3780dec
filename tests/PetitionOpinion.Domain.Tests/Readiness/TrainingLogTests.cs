using PetitionOpinion.Readiness;

namespace PetitionOpinion.Tests.Readiness;

/// <summary><see cref="TrainingLog"/>: untrained, current and overdue at the boundaries of the refresh interval.</summary>
public sealed class TrainingLogTests
{
    private static readonly PersonId Zhou = new("zhou.min");
    private static readonly PersonId Li = new("li.lei");
    private static readonly ResourceId Course = new("crisis-course");

    [Fact]
    public void StandingOf_NoRecord_IsUntrained()
    {
        var log = new TrainingLog([new TrainingRecord(Li, Course, new DateOnly(2026, 1, 1))]);

        Assert.Equal(new TrainingStanding(TrainingStatus.Untrained, null, null), log.StandingOf(Zhou, new DateOnly(2026, 3, 2)));
        Assert.Equal(TrainingStatus.Untrained, TrainingLog.Empty.StandingOf(Zhou, new DateOnly(2026, 3, 2)).Status);
    }

    [Theory]
    [InlineData("2025-03-02", "2026-03-02", TrainingStatus.Current)] // exactly 12 months: the last day it counts
    [InlineData("2025-03-02", "2026-03-03", TrainingStatus.Overdue)] // a day past
    [InlineData("2025-03-03", "2026-03-02", TrainingStatus.Current)]
    [InlineData("2026-03-02", "2026-03-02", TrainingStatus.Current)] // trained today
    [InlineData("2024-02-29", "2025-02-28", TrainingStatus.Current)] // leap day + 12 months = 28 February
    [InlineData("2024-02-29", "2025-03-01", TrainingStatus.Overdue)]
    [InlineData("2023-02-28", "2024-02-28", TrainingStatus.Current)]
    [InlineData("2023-02-28", "2024-02-29", TrainingStatus.Overdue)] // the leap day is already past the year
    [InlineData("2025-08-31", "2026-08-31", TrainingStatus.Current)]
    public void StandingOf_TwelveMonthInterval_CountsUpToAndIncludingTheSameDayNextYear(string completed, string asOf, TrainingStatus expected)
    {
        var log = new TrainingLog([new TrainingRecord(Zhou, Course, DateOnly.Parse(completed, System.Globalization.CultureInfo.InvariantCulture))]);

        Assert.Equal(expected, log.StandingOf(Zhou, DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture)).Status);
    }

    [Fact]
    public void StandingOf_LeapDay_DueOnIsTheTwentyEighth()
    {
        var log = new TrainingLog([new TrainingRecord(Zhou, Course, new DateOnly(2024, 2, 29))]);

        var standing = log.StandingOf(Zhou, new DateOnly(2025, 1, 1));

        Assert.Equal(new TrainingStanding(TrainingStatus.Current, new DateOnly(2024, 2, 29), new DateOnly(2025, 2, 28)), standing);
    }

    [Fact]
    public void StandingOf_SeveralRecords_TheLatestOnOrBeforeTheDayCounts()
    {
        var log = new TrainingLog(
        [
            new TrainingRecord(Zhou, Course, new DateOnly(2026, 5, 1)),
            new TrainingRecord(Zhou, Course, new DateOnly(2024, 1, 10)),
            new TrainingRecord(Zhou, Course, new DateOnly(2025, 1, 10)),
        ]);

        Assert.Equal(new TrainingStanding(TrainingStatus.Overdue, new DateOnly(2025, 1, 10), new DateOnly(2026, 1, 10)), log.StandingOf(Zhou, new DateOnly(2026, 3, 2)));
        Assert.Equal(TrainingStatus.Current, log.StandingOf(Zhou, new DateOnly(2026, 5, 1)).Status);
        Assert.Equal(TrainingStatus.Current, log.StandingOf(Zhou, new DateOnly(2025, 1, 10)).Status);
    }

    [Fact]
    public void StandingOf_OnlyARecordAfterTheDay_IsUntrainedOnTheDay()
    {
        var log = new TrainingLog([new TrainingRecord(Zhou, Course, new DateOnly(2026, 4, 1))]);

        Assert.Equal(TrainingStatus.Untrained, log.StandingOf(Zhou, new DateOnly(2026, 3, 31)).Status);
        Assert.Equal(TrainingStatus.Current, log.StandingOf(Zhou, new DateOnly(2026, 4, 1)).Status);
    }

    [Theory]
    [InlineData(1, "2026-02-28", TrainingStatus.Current)]
    [InlineData(1, "2026-03-01", TrainingStatus.Overdue)]
    [InlineData(6, "2026-07-31", TrainingStatus.Current)]
    [InlineData(6, "2026-08-01", TrainingStatus.Overdue)]
    [InlineData(24, "2028-01-31", TrainingStatus.Current)]
    public void StandingOf_ConfiguredInterval_UsesIt(int months, string asOf, TrainingStatus expected)
    {
        var log = new TrainingLog([new TrainingRecord(Zhou, Course, new DateOnly(2026, 1, 31))], months);

        Assert.Equal(expected, log.StandingOf(Zhou, DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture)).Status);
        Assert.Equal(months, log.RefreshMonths);
    }

    [Fact]
    public void With_ARecord_AddsItAndKeepsTheInterval()
    {
        var log = new TrainingLog([], 6).With(new TrainingRecord(Zhou, Course, new DateOnly(2026, 1, 1)));

        Assert.Single(log.Records);
        Assert.Equal(6, log.RefreshMonths);
        Assert.Equal(TrainingStatus.Current, log.StandingOf(Zhou, new DateOnly(2026, 2, 1)).Status);
        Assert.Equal(12, log.WithRefreshMonths(12).RefreshMonths);
        Assert.Equal(TrainingLog.DefaultRefreshMonths, TrainingLog.Empty.RefreshMonths);
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new TrainingLog(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingLog([], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingLog([], TrainingLog.MaxRefreshMonths + 1));
        Assert.Throws<ArgumentException>(() => new TrainingLog([new TrainingRecord(default, Course, new DateOnly(2026, 1, 1))]));
        Assert.Throws<ArgumentException>(() => new TrainingLog([new TrainingRecord(Zhou, default, new DateOnly(2026, 1, 1))]));
    }
}
