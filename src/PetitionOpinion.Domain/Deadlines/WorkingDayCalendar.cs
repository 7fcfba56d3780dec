using System.Collections.Frozen;
using Ardalis.GuardClauses;
using OneOf;

namespace PetitionOpinion.Deadlines;

/// <summary>Which days are working days: the basis of limits counted in working days (工作日), DOMAIN.md §4.</summary>
public interface IWorkingDayCalendar
{
    /// <summary>Decides whether <paramref name="date"/> is a working day.</summary>
    /// <param name="date">The date, in the calendar's own time zone.</param>
    /// <returns>Whether it is a working day.</returns>
    bool IsWorkingDay(DateOnly date);
}

/// <summary>
/// A working-day calendar of weekend days, public holidays (放假) and make-up working days (调休上班): a date is a working
/// day when it is a make-up working day, or when it is neither a weekend day nor a holiday. Immutable and thread-safe.
/// <see cref="China"/> carries the published Chinese schedule; <see cref="With"/> extends or corrects it.
/// </summary>
public sealed class WorkingDayCalendar : IWorkingDayCalendar
{
    private readonly FrozenSet<DayOfWeek> _weekend;
    private readonly FrozenSet<DateOnly> _holidays;
    private readonly FrozenSet<DateOnly> _makeUpWorkingDays;

    private WorkingDayCalendar(FrozenSet<DayOfWeek> weekend, FrozenSet<DateOnly> holidays, FrozenSet<DateOnly> makeUpWorkingDays, FrozenSet<int> years)
    {
        _weekend = weekend;
        _holidays = holidays;
        _makeUpWorkingDays = makeUpWorkingDays;
        YearsWithSchedule = years;
    }

    /// <summary>
    /// Gets the Chinese calendar: Saturday and Sunday off, and the public holidays and make-up working days the State
    /// Council published for 2026 (《国务院办公厅关于2026年部分节假日安排的通知》, 4 November 2025). Years without a
    /// published schedule here have weekends only (see <see cref="YearsWithSchedule"/>); add a year's schedule with
    /// <see cref="With"/> when it is published.
    /// </summary>
    public static WorkingDayCalendar China { get; } = Create(
        [DayOfWeek.Saturday, DayOfWeek.Sunday],
        [
            .. Days(2026, 1, 1, 3),   // 元旦 New Year's Day
            .. Days(2026, 2, 15, 23), // 春节 Spring Festival
            .. Days(2026, 4, 4, 6),   // 清明节 Qingming
            .. Days(2026, 5, 1, 5),   // 劳动节 Labour Day
            .. Days(2026, 6, 19, 21), // 端午节 Dragon Boat Festival
            .. Days(2026, 9, 25, 27), // 中秋节 Mid-Autumn Festival
            .. Days(2026, 10, 1, 7),  // 国庆节 National Day
        ],
        [
            new(2026, 1, 4), new(2026, 2, 14), new(2026, 2, 28), new(2026, 5, 9), new(2026, 9, 20), new(2026, 10, 10),
        ]).AsT0;

    /// <summary>Gets a calendar where Saturday and Sunday are the only days off.</summary>
    public static WorkingDayCalendar WeekendsOnly { get; } = Create([DayOfWeek.Saturday, DayOfWeek.Sunday], [], []).AsT0;

    /// <summary>Gets the years for which the calendar carries holidays or make-up working days.</summary>
    public IReadOnlySet<int> YearsWithSchedule { get; }

    /// <summary>Creates a calendar.</summary>
    /// <param name="weekend">The days of the week that are off (may be empty).</param>
    /// <param name="holidays">Public holidays: days off even when not weekend days.</param>
    /// <param name="makeUpWorkingDays">Make-up working days: working days even when weekend days.</param>
    /// <returns>The calendar, or an error (code <c>calendar.invalid</c>) listing every date given both as a holiday and as a make-up working day, and every undefined day of the week.</returns>
    public static OneOf<WorkingDayCalendar, DomainError> Create(IEnumerable<DayOfWeek> weekend, IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkingDays)
    {
        Guard.Against.Null(weekend);
        Guard.Against.Null(holidays);
        Guard.Against.Null(makeUpWorkingDays);
        var weekendSet = weekend.ToFrozenSet();
        var holidaySet = holidays.ToFrozenSet();
        var makeUpSet = makeUpWorkingDays.ToFrozenSet();
        var problems = new List<DomainError>();
        problems.AddRange(weekendSet.Where(d => !Enum.IsDefined(d)).Select(d => new DomainError(CalendarErrors.Invalid, $"{(int)d} is not a day of the week.")));
        if (weekendSet.Count == 7)
        {
            problems.Add(new DomainError(CalendarErrors.Invalid, "Every day of the week is a weekend day: no day would be a working day."));
        }

        problems.AddRange(holidaySet.Intersect(makeUpSet).Order().Select(d => new DomainError(CalendarErrors.Invalid, $"{d:yyyy-MM-dd} is given both as a holiday and as a make-up working day.")));
        if (problems.Count > 0)
        {
            return new DomainError(CalendarErrors.Invalid, $"The calendar is not valid: {string.Join(" ", problems.Select(p => p.Message))}", problems);
        }

        return new WorkingDayCalendar(weekendSet, holidaySet, makeUpSet, holidaySet.Concat(makeUpSet).Select(d => d.Year).ToFrozenSet());
    }

    /// <summary>Returns this calendar with more holidays and make-up working days (a new year's schedule, a local holiday, a correction). A date given again replaces what this calendar said of it.</summary>
    /// <param name="holidays">Further holidays.</param>
    /// <param name="makeUpWorkingDays">Further make-up working days.</param>
    /// <returns>The extended calendar, or an error when a date is given both as a holiday and as a make-up working day.</returns>
    public OneOf<WorkingDayCalendar, DomainError> With(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkingDays)
    {
        Guard.Against.Null(holidays);
        Guard.Against.Null(makeUpWorkingDays);
        var newHolidays = holidays.ToHashSet();
        var newMakeUps = makeUpWorkingDays.ToHashSet();
        return Create(
            _weekend,
            _holidays.Where(d => !newMakeUps.Contains(d)).Concat(newHolidays),
            _makeUpWorkingDays.Where(d => !newHolidays.Contains(d)).Concat(newMakeUps));
    }

    /// <inheritdoc/>
    public bool IsWorkingDay(DateOnly date)
        => _makeUpWorkingDays.Contains(date) || (!_weekend.Contains(date.DayOfWeek) && !_holidays.Contains(date));

    /// <summary>Gets whether <paramref name="date"/> is a public holiday of this calendar.</summary>
    /// <param name="date">The date.</param>
    /// <returns>Whether it is.</returns>
    public bool IsHoliday(DateOnly date) => _holidays.Contains(date);

    /// <summary>Gets whether <paramref name="date"/> is a make-up working day of this calendar.</summary>
    /// <param name="date">The date.</param>
    /// <returns>Whether it is.</returns>
    public bool IsMakeUpWorkingDay(DateOnly date) => _makeUpWorkingDays.Contains(date);

    private static IEnumerable<DateOnly> Days(int year, int month, int first, int last)
        => Enumerable.Range(first, last - first + 1).Select(day => new DateOnly(year, month, day));
}

/// <summary>Counting in working days over any <see cref="IWorkingDayCalendar"/>.</summary>
public static class WorkingDays
{
    /// <summary>The longest span, in days, the counting looks through for working days before it gives up (a calendar with no working day in ten years is broken).</summary>
    public const int SearchLimitDays = 3_660;

    /// <summary>The date <paramref name="count"/> working days after <paramref name="start"/>: the first working day after it is 1. A count of 0 gives <paramref name="start"/>.</summary>
    /// <param name="calendar">The calendar.</param>
    /// <param name="start">The date counting starts from (itself not counted).</param>
    /// <param name="count">How many working days, 0 or more.</param>
    /// <returns>The date.</returns>
    /// <exception cref="InvalidOperationException">The calendar has no working day within <see cref="SearchLimitDays"/> days.</exception>
    public static DateOnly Add(IWorkingDayCalendar calendar, DateOnly start, int count)
    {
        Guard.Against.Null(calendar);
        Guard.Against.Negative(count);
        var date = start;
        for (var counted = 0; counted < count;)
        {
            var gap = 0;
            do
            {
                date = date.AddDays(1);
                if (++gap > SearchLimitDays)
                {
                    throw new InvalidOperationException($"The calendar has no working day in the {SearchLimitDays} days after {date.AddDays(-gap):yyyy-MM-dd}.");
                }
            }
            while (!calendar.IsWorkingDay(date));
            counted++;
        }

        return date;
    }

    /// <summary>The number of working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    /// <param name="calendar">The calendar.</param>
    /// <param name="from">The start (not counted).</param>
    /// <param name="to">The end (counted).</param>
    /// <returns>The number of working days.</returns>
    public static int Between(IWorkingDayCalendar calendar, DateOnly from, DateOnly to)
    {
        Guard.Against.Null(calendar);
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            count += calendar.IsWorkingDay(date) ? 1 : 0;
        }

        return count;
    }
}

/// <summary>The codes of the errors of working-day calendars.</summary>
public static class CalendarErrors
{
    /// <summary>A calendar is not valid (its details list every problem).</summary>
    public const string Invalid = "calendar.invalid";
}
