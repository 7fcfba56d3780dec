using Microsoft.Extensions.Logging;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Tests.Notifications;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Deadlines;

/// <summary>Issue 19: a deadline counted in working days through a year without a holiday schedule is marked, and logged once per year.</summary>
public sealed class DeadlineCalendarCoverageTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void DeadlinesOf_WorkingDaysInto2027_MarkedAsComputedWithoutAHolidaySchedule()
    {
        // Reported on Monday 21 December 2026; unassessed, level III applies: assessment in 1 working day (22 December),
        // resolution in 15 working days (into January 2027, which has no schedule), acceptance notice in 15 calendar days.
        var scenario = new Scenario();
        scenario.Time.SetUtcNow(new DateTimeOffset(2026, 12, 21, 10, 0, 0, China).AddMinutes(-5));
        var incident = scenario.Report();

        var deadlines = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time).DeadlinesOf(incident);

        var resolution = Get(deadlines, "resolution");
        Assert.Equal([2027], resolution.YearsWithoutSchedule);
        Assert.True(resolution.ComputedWithoutHolidaySchedule);
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 10, 0, 0, China), resolution.DueAt); // weekends only in 2027
        Assert.False(Get(deadlines, "assessment").ComputedWithoutHolidaySchedule); // due in 2026
        Assert.False(Get(deadlines, "acceptance-notice").ComputedWithoutHolidaySchedule); // calendar days need no schedule
    }

    [Fact]
    public void DeadlinesOf_2027ScheduleAdded_NothingMarked()
    {
        var y2027 = HolidaySchedule.Create(2027, "test", [new(2027, 1, 1)], []).AsT0;
        var policy = DeadlinePolicy.Default.WithCalendar(WorkingDayCalendar.China.WithSchedules([y2027]).AsT0);
        var scenario = new Scenario();
        scenario.Time.SetUtcNow(new DateTimeOffset(2026, 12, 21, 10, 0, 0, China).AddMinutes(-5));
        var incident = scenario.Report();

        var deadlines = new DeadlineScanner(policy, scenario.Time).DeadlinesOf(incident);

        Assert.DoesNotContain(deadlines.Deadlines, d => d.ComputedWithoutHolidaySchedule);
        Assert.Equal(new DateTimeOffset(2027, 1, 12, 10, 0, 0, China), Get(deadlines, "resolution").DueAt); // 1 January off
    }

    [Fact]
    public void DeadlinesOf_YearWithoutSchedule_LoggedOncePerYearNotPerCall()
    {
        var scenario = new Scenario();
        scenario.Time.SetUtcNow(new DateTimeOffset(2026, 12, 21, 10, 0, 0, China).AddMinutes(-5));
        var first = scenario.Report();
        var second = scenario.Report();
        var log = new CapturingLogger<DeadlineScanner>();
        var scanner = new DeadlineScanner(DeadlinePolicy.Default, scenario.Time, log);

        scanner.DeadlinesOf(first);
        scanner.DeadlinesOf(first);
        scanner.Scan(second);

        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(1, entry.EventId.Id);
        Assert.Contains(("Year", "2027"), entry.Values);
        Assert.StartsWith("No holiday schedule for 2027", entry.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void DeadlinesOf_WithinScheduledYears_LogsNothing()
    {
        var scenario = new Scenario();
        var log = new CapturingLogger<DeadlineScanner>();

        new DeadlineScanner(DeadlinePolicy.Default, scenario.Time, log).DeadlinesOf(scenario.Report());

        Assert.Empty(log.Entries);
    }

    private static Deadline Get(IncidentDeadlines deadlines, string key) => Assert.Single(deadlines.Deadlines, d => d.Key.ToString() == key);
}
