using System.Globalization;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Deadlines;

/// <summary>How serious a gap in a working-day calendar's holiday schedules is.</summary>
public enum CalendarCoverageSeverity
{
    /// <summary>Every year that matters has a schedule.</summary>
    None = 0,

    /// <summary>Next year has no schedule yet, and it is 1 November or later: it is time to add it.</summary>
    Warning = 1,

    /// <summary>Today or a day within the horizon falls in a year without a schedule: working-day deadlines there are counted by weekends alone.</summary>
    Error = 2,
}

/// <summary>
/// Whether a working-day calendar has the holiday schedules it needs around a day: the one answer that readiness
/// (<c>readiness.calendar_year_missing</c>, <c>readiness.calendar_next_year_missing</c>) and a host's health check share.
/// </summary>
/// <param name="Severity">How serious the gap is.</param>
/// <param name="MissingYears">The years without a schedule that the severity is about, in order; empty when <see cref="CalendarCoverageSeverity.None"/>.</param>
public sealed record CalendarCoverage(CalendarCoverageSeverity Severity, IReadOnlyList<int> MissingYears)
{
    /// <summary>The default horizon, in days after today, that must fall in scheduled years: 60.</summary>
    public const int DefaultHorizonDays = 60;

    /// <summary>
    /// Checks a calendar around <paramref name="today"/>: an <see cref="CalendarCoverageSeverity.Error"/> when today or
    /// any of the <paramref name="horizonDays"/> days after it falls in a year the calendar has no schedule for; otherwise
    /// a <see cref="CalendarCoverageSeverity.Warning"/> from 1 November when next year has none; otherwise none.
    /// </summary>
    /// <param name="calendar">The calendar (<see cref="IWorkingDayCalendar.HasSchedule"/> is asked).</param>
    /// <param name="today">Today, in the calendar's time zone.</param>
    /// <param name="horizonDays">How many days after today must be covered, from 0 to 366. Default: <see cref="DefaultHorizonDays"/>.</param>
    /// <returns>The coverage.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="calendar"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="horizonDays"/> is out of range.</exception>
    public static CalendarCoverage Check(IWorkingDayCalendar calendar, DateOnly today, int horizonDays = DefaultHorizonDays)
    {
        Guard.Against.Null(calendar);
        Guard.Against.OutOfRange(horizonDays, nameof(horizonDays), 0, 366);
        var last = today.DayNumber > DateOnly.MaxValue.DayNumber - horizonDays ? DateOnly.MaxValue : today.AddDays(horizonDays);
        var missing = Enumerable.Range(today.Year, last.Year - today.Year + 1).Where(y => !calendar.HasSchedule(y)).ToArray();
        if (missing.Length > 0)
        {
            return new CalendarCoverage(CalendarCoverageSeverity.Error, missing);
        }

        if (today.Month >= 11 && today.Year < DateOnly.MaxValue.Year && !calendar.HasSchedule(today.Year + 1))
        {
            return new CalendarCoverage(CalendarCoverageSeverity.Warning, [today.Year + 1]);
        }

        return new CalendarCoverage(CalendarCoverageSeverity.None, []);
    }

    /// <inheritdoc/>
    public override string ToString()
        => Severity == CalendarCoverageSeverity.None
            ? "Every year needed has a holiday schedule."
            : string.Create(CultureInfo.InvariantCulture, $"{Severity}: no holiday schedule for {string.Join(", ", MissingYears)}.");
}
