using PetitionOpinion.Deadlines;

namespace PetitionOpinion.Tests.Deadlines;

/// <summary>
/// <see cref="WorkingDays.Add"/> looks at most <see cref="WorkingDays.SearchLimitDays"/> days ahead for the next working
/// day: a working day exactly that far is still found, one day further is not (the calendar is taken as broken).
/// </summary>
public sealed class WorkingDaysSearchLimitTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);

    [Fact]
    public void Add_NextWorkingDayExactlyAtTheSearchLimit_IsFound()
    {
        var only = Start.AddDays(WorkingDays.SearchLimitDays);

        Assert.Equal(3_660, WorkingDays.SearchLimitDays);
        Assert.Equal(only, WorkingDays.Add(new OnlyWorkingDay(only), Start, 1));
    }

    [Fact]
    public void Add_NextWorkingDayOneDayPastTheSearchLimit_Throws()
    {
        var only = Start.AddDays(WorkingDays.SearchLimitDays + 1);

        var error = Assert.Throws<InvalidOperationException>(() => WorkingDays.Add(new OnlyWorkingDay(only), Start, 1));

        Assert.Contains("no working day in the 3660 days after 2026-01-01", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The limit is per gap, not over the whole count: two gaps of exactly the limit are both crossed.</summary>
    [Fact]
    public void Add_TwoGapsEachExactlyAtTheSearchLimit_AreBothCrossed()
    {
        var first = Start.AddDays(WorkingDays.SearchLimitDays);
        var second = first.AddDays(WorkingDays.SearchLimitDays);

        Assert.Equal(second, WorkingDays.Add(new OnlyWorkingDay(first, second), Start, 2));
    }

    /// <summary>Day-of-week values outside Sunday..Saturday (7, −1) are refused as weekend days, each named in the error.</summary>
    [Fact]
    public void Create_UndefinedDayOfWeek_IsRefusedNamingIt()
    {
        var result = WorkingDayCalendar.Create([DayOfWeek.Saturday, (DayOfWeek)7, (DayOfWeek)(-1)], [], []);

        var error = Assert.IsType<DomainError>(result.Value);
        Assert.Equal(CalendarErrors.Invalid, error.Code);
        Assert.Equal(2, error.Details.Count);
        Assert.All(error.Details, d => Assert.Equal(CalendarErrors.Invalid, d.Code));
        Assert.Contains("7 is not a day of the week.", error.Message, StringComparison.Ordinal);
        Assert.Contains("-1 is not a day of the week.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Just inside the range: Sunday (0) and Saturday (6) are days of the week.</summary>
    [Fact]
    public void Create_SundayAndSaturday_AreValidWeekendDays()
    {
        var calendar = WorkingDayCalendar.Create([(DayOfWeek)0, (DayOfWeek)6], [], []).AsT0;

        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 3, 1))); // a Sunday
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 3, 7))); // a Saturday
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 3, 2)));
    }

    // A calendar whose only working days are those given: a gap of any length on demand.
    private sealed class OnlyWorkingDay(params DateOnly[] days) : IWorkingDayCalendar
    {
        public bool IsWorkingDay(DateOnly date) => Array.IndexOf(days, date) >= 0;
    }
}
