using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Deadlines;

namespace PetitionOpinion.Tests.Deadlines;

public sealed class CalendarCoverageTests
{
    private static readonly WorkingDayCalendar China = WorkingDayCalendar.China;

    [Theory]
    [InlineData("2026-03-02", CalendarCoverageSeverity.None, new int[0])]
    [InlineData("2026-10-31", CalendarCoverageSeverity.None, new int[0])]
    [InlineData("2026-11-01", CalendarCoverageSeverity.Warning, new[] { 2027 })] // 1 November: 60 days later is still 2026
    [InlineData("2026-11-02", CalendarCoverageSeverity.Error, new[] { 2027 })]   // 60 days later is 1 January 2027
    [InlineData("2026-12-07", CalendarCoverageSeverity.Error, new[] { 2027 })]   // issue 19: today, three weeks before 2027
    [InlineData("2027-01-01", CalendarCoverageSeverity.Error, new[] { 2027 })]
    [InlineData("2019-12-31", CalendarCoverageSeverity.Error, new[] { 2019 })]
    [InlineData("2019-11-15", CalendarCoverageSeverity.Error, new[] { 2019 })]
    public void Check_China_ErrorWithin60DaysOfAnUnscheduledYearAndWarningFrom1November(string today, CalendarCoverageSeverity severity, int[] missing)
    {
        var coverage = CalendarCoverage.Check(China, DateOnly.ParseExact(today, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(severity, coverage.Severity);
        Assert.Equal(missing, coverage.MissingYears);
    }

    [Fact]
    public void Check_2027Added_IsFine()
    {
        var y2027 = HolidaySchedule.Create(2027, "test", [new(2027, 1, 1)], []).AsT0;

        Assert.Equal(CalendarCoverageSeverity.None, CalendarCoverage.Check(China.WithSchedules([y2027]).AsT0, new DateOnly(2026, 12, 7)).Severity);
    }

    [Fact]
    public void Check_CalendarThatDoesNotSay_IsTakenAtItsWord()
    {
        Assert.Equal(CalendarCoverageSeverity.None, CalendarCoverage.Check(new EveryDayWorks(), new DateOnly(2026, 12, 7)).Severity);
        Assert.Equal(CalendarCoverageSeverity.None, CalendarCoverage.Check(WorkingDayCalendar.WeekendsOnly, new DateOnly(3000, 12, 7)).Severity);
    }

    [Fact]
    public void Check_HorizonOutOfRange_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => CalendarCoverage.Check(China, new DateOnly(2026, 12, 7), -1));

    // The error is exactly "some day from today to the horizon lies in a year without a schedule"; otherwise the warning is
    // exactly "from 1 November, next year has none".
    [Property(MaxTest = 500)]
    public Property Check_AnyDayAndHorizon_AgreesWithTheDefinition()
        => Prop.ForAll(
            Gen.Choose(new DateOnly(2018, 1, 1).DayNumber, new DateOnly(2029, 12, 31).DayNumber).ToArbitrary(),
            Gen.Choose(0, 366).ToArbitrary(),
            (dayNumber, horizon) =>
            {
                var today = DateOnly.FromDayNumber(dayNumber);
                var coverage = CalendarCoverage.Check(China, today, horizon);
                var uncovered = Enumerable.Range(0, horizon + 1).Select(today.AddDays).Where(d => !China.HasSchedule(d.Year)).Select(d => d.Year).Distinct().ToArray();
                var expected = uncovered.Length > 0
                    ? CalendarCoverageSeverity.Error
                    : today.Month >= 11 && !China.HasSchedule(today.Year + 1) ? CalendarCoverageSeverity.Warning : CalendarCoverageSeverity.None;
                return coverage.Severity == expected
                    && (expected != CalendarCoverageSeverity.Error || coverage.MissingYears.SequenceEqual(uncovered));
            });

    private sealed class EveryDayWorks : IWorkingDayCalendar
    {
        public bool IsWorkingDay(DateOnly date) => true;
    }
}
