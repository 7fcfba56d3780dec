using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Deadlines;

namespace PetitionOpinion.Tests.Deadlines;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar China = WorkingDayCalendar.China;

    // 2026's days as its notice gives them (ChinaHolidayNotices, the one transcription the calendar tests share).
    public static TheoryData<string> Holidays2026 => [.. ChinaHolidayNotices.Of(2026).OffDays.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))];

    public static TheoryData<string> MakeUpWorkingDays2026 => [.. ChinaHolidayNotices.Of(2026).MakeUpWorkingDays.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))];

    [Theory]
    [MemberData(nameof(Holidays2026))]
    public void China_PublishedHoliday_IsNotAWorkingDay(string date)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        Assert.False(China.IsWorkingDay(day));
        Assert.True(China.IsHoliday(day));
    }

    [Theory]
    [MemberData(nameof(MakeUpWorkingDays2026))]
    public void China_MakeUpWorkingDay_IsAWorkingDayThoughAWeekendDay(string date)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.True(China.IsWorkingDay(day));
        Assert.True(China.IsMakeUpWorkingDay(day));
    }

    [Fact]
    public void WeekendsOnly_2026_HasItsWeekdaysOnly()
        => Assert.Equal(261, WorkingDays.Between(WorkingDayCalendar.WeekendsOnly, new DateOnly(2025, 12, 31), new DateOnly(2026, 12, 31)));

    [Theory]
    [InlineData("2026-09-30", 1, "2026-10-08")] // over the National Day week
    [InlineData("2026-10-09", 1, "2026-10-10")] // onto a make-up Saturday
    [InlineData("2026-10-09", 2, "2026-10-12")]
    [InlineData("2026-02-13", 1, "2026-02-14")] // the Saturday before the Spring Festival is a working day
    [InlineData("2026-02-13", 2, "2026-02-24")] // then nine days off
    [InlineData("2026-04-03", 1, "2026-04-07")] // Qingming: Saturday to Monday off
    [InlineData("2026-12-31", 1, "2027-01-01")] // 2027 has no schedule here: weekends only
    [InlineData("2026-06-18", 0, "2026-06-18")]
    public void Add_China_CountsOnlyWorkingDays(string start, int count, string expected)
    {
        var result = WorkingDays.Add(China, DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), count);

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result);
    }

    [Property(MaxTest = 300)]
    public Property Add_ThenBetween_GivesTheCountBackAndEndsOnAWorkingDay()
        => Prop.ForAll(
            Gen.Choose(0, 800).Select(offset => new DateOnly(2025, 10, 1).AddDays(offset)).ToArbitrary(),
            Gen.Choose(0, 120).ToArbitrary(),
            (start, count) =>
            {
                var end = WorkingDays.Add(China, start, count);
                return WorkingDays.Between(China, start, end) == count
                    && (count == 0 ? end == start : China.IsWorkingDay(end))
                    && end >= start;
            });

    [Fact]
    public void Create_DateBothHolidayAndMakeUpDayAndEveryDayOff_ListsEveryProblem()
    {
        var result = WorkingDayCalendar.Create(
            Enum.GetValues<DayOfWeek>(),
            [new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 2)],
            [new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 1)]);

        var error = Assert.IsType<DomainError>(result.Value);
        Assert.Equal(CalendarErrors.Invalid, error.Code);
        Assert.Equal(3, error.Details.Count);
        Assert.Contains("2026-01-01 is given both", error.Message, StringComparison.Ordinal);
        Assert.Contains("2026-01-02 is given both", error.Message, StringComparison.Ordinal);
        Assert.Contains("Every day of the week", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_NewYearAndACorrection_ExtendsAndReplacesWhatWasSaid()
    {
        var extended = China.With([new DateOnly(2027, 1, 1), new DateOnly(2026, 1, 4)], [new DateOnly(2026, 10, 7)]).AsT0;

        Assert.False(extended.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.False(extended.IsWorkingDay(new DateOnly(2026, 1, 4))); // no longer a make-up day
        Assert.True(extended.IsWorkingDay(new DateOnly(2026, 10, 7))); // no longer a holiday
        Assert.Equal(China.YearsWithSchedule.Order(), extended.YearsWithSchedule.Order()); // a date is not a year's schedule (WithSchedules)
        Assert.True(China.IsWorkingDay(new DateOnly(2026, 1, 4))); // the original is unchanged
    }

    [Fact]
    public void Add_CalendarWithoutWorkingDays_ThrowsInsteadOfLoopingForever()
    {
        var error = Assert.Throws<InvalidOperationException>(() => WorkingDays.Add(new NeverWorking(), new DateOnly(2026, 1, 1), 1));

        Assert.Contains("no working day", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => WorkingDays.Add(null!, new DateOnly(2026, 1, 1), 1));
        Assert.Throws<ArgumentException>(() => WorkingDays.Add(China, new DateOnly(2026, 1, 1), -1));
        Assert.Equal(0, WorkingDays.Between(China, new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 1)));
    }

    private sealed class NeverWorking : IWorkingDayCalendar
    {
        public bool IsWorkingDay(DateOnly date) => false;
    }
}
