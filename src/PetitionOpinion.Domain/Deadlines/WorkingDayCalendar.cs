using System.Collections.Frozen;
using System.Globalization;
using Ardalis.GuardClauses;
using OneOf;

namespace PetitionOpinion.Deadlines;

/// <summary>Which days are working days: the basis of limits counted in working days (工作日, <c>docs/deadlines.md</c>).</summary>
public interface IWorkingDayCalendar
{
    /// <summary>Decides whether <paramref name="date"/> is a working day.</summary>
    /// <param name="date">The date, in the calendar's own time zone.</param>
    /// <returns>Whether it is a working day.</returns>
    bool IsWorkingDay(DateOnly date);

    /// <summary>
    /// Gets whether the calendar knows <paramref name="year"/>'s holidays, so that its working days there are counted as
    /// published rather than by weekends alone. The default answers <see langword="true"/>: a calendar that does not say
    /// is taken at its word.
    /// </summary>
    /// <param name="year">The year.</param>
    /// <returns>Whether the year has a holiday schedule.</returns>
    bool HasSchedule(int year) => true;
}

/// <summary>
/// A working-day calendar of weekend days, public holidays (放假) and make-up working days (调休上班): a date is a working
/// day when it is a make-up working day, or when it is neither a weekend day nor a holiday. Immutable and thread-safe.
/// <see cref="China"/> carries the published Chinese schedules; <see cref="WithSchedules"/> adds a year's schedule and
/// <see cref="With"/> a local holiday or a correction.
/// </summary>
public sealed class WorkingDayCalendar : IWorkingDayCalendar
{
    private readonly FrozenSet<DayOfWeek> _weekend;
    private readonly FrozenSet<DateOnly> _holidays;
    private readonly FrozenSet<DateOnly> _makeUpWorkingDays;
    private readonly bool _everyYear;

    private WorkingDayCalendar(FrozenSet<DayOfWeek> weekend, FrozenSet<DateOnly> holidays, FrozenSet<DateOnly> makeUpWorkingDays, FrozenSet<int> years, bool everyYear = false)
    {
        _weekend = weekend;
        _holidays = holidays;
        _makeUpWorkingDays = makeUpWorkingDays;
        _everyYear = everyYear;
        YearsWithSchedule = years;
    }

    /// <summary>
    /// Gets the Chinese calendar: Saturday and Sunday off, and the public holidays and make-up working days the State
    /// Council published for each year from 2020 to 2026 (<see cref="HolidaySchedule.China"/>: 《国务院办公厅关于20XX年部分节假日安排的通知》,
    /// with 2020's Spring Festival as extended to 2 February). A year without a schedule has weekends only and is
    /// reported (<see cref="HasSchedule"/>, <see cref="CalendarCoverage"/>); add it with <see cref="WithSchedules"/>
    /// (or a calendar file, <c>Deadlines:CalendarFiles</c>) when it is published.
    /// </summary>
    public static WorkingDayCalendar China { get; } = Create([DayOfWeek.Saturday, DayOfWeek.Sunday], [], []).AsT0.WithSchedules(HolidaySchedule.China).AsT0;

    /// <summary>Gets a calendar where Saturday and Sunday are the only days off, in every year: it needs no holiday schedule (<see cref="HasSchedule"/> is always <see langword="true"/>).</summary>
    public static WorkingDayCalendar WeekendsOnly { get; } = new([DayOfWeek.Saturday, DayOfWeek.Sunday], FrozenSet<DateOnly>.Empty, FrozenSet<DateOnly>.Empty, FrozenSet<int>.Empty, everyYear: true);

    /// <summary>Gets the years for which the calendar carries a holiday schedule: those of the dates given to <see cref="Create"/> and of the schedules given to <see cref="WithSchedules"/> (not those of dates added with <see cref="With"/>).</summary>
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

    /// <summary>
    /// Returns this calendar with more holidays and make-up working days (a local holiday, a correction). A date given
    /// again replaces what this calendar said of it. The dates' years do not count as scheduled (<see cref="YearsWithSchedule"/>):
    /// a whole year's schedule goes through <see cref="WithSchedules"/>, so that a single local holiday cannot hide a missing year.
    /// </summary>
    /// <param name="holidays">Further holidays.</param>
    /// <param name="makeUpWorkingDays">Further make-up working days.</param>
    /// <returns>The extended calendar, or an error when a date is given both as a holiday and as a make-up working day.</returns>
    public OneOf<WorkingDayCalendar, DomainError> With(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkingDays)
    {
        Guard.Against.Null(holidays);
        Guard.Against.Null(makeUpWorkingDays);
        var newHolidays = holidays.ToHashSet();
        var newMakeUps = makeUpWorkingDays.ToHashSet();
        return Build(
            _holidays.Where(d => !newMakeUps.Contains(d)).Concat(newHolidays),
            _makeUpWorkingDays.Where(d => !newHolidays.Contains(d)).Concat(newMakeUps),
            YearsWithSchedule);
    }

    /// <summary>
    /// Returns this calendar with the schedules of further years. A year this calendar already has a schedule for is
    /// replaced: its holidays and make-up working days are those of the new schedule only.
    /// </summary>
    /// <param name="schedules">The schedules, at most one per year.</param>
    /// <returns>The extended calendar, or an error (code <c>calendar.invalid</c>) naming every year given twice.</returns>
    public OneOf<WorkingDayCalendar, DomainError> WithSchedules(IEnumerable<HolidaySchedule> schedules)
    {
        Guard.Against.Null(schedules);
        var list = schedules.ToList();
        if (list.Any(s => s is null))
        {
            throw new ArgumentException("A schedule is null.", nameof(schedules));
        }

        var twice = list.GroupBy(s => s.Year).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToArray();
        if (twice.Length > 0)
        {
            var problems = twice.Select(y => new DomainError(CalendarErrors.Invalid, string.Create(CultureInfo.InvariantCulture, $"The year {y} is given twice ({string.Join("; ", list.Where(s => s.Year == y).Select(s => s.Source))})."))).ToArray();
            return new DomainError(CalendarErrors.Invalid, $"The schedules are not valid: {string.Join(" ", problems.Select(p => p.Message))}", problems);
        }

        var years = list.Select(s => s.Year).ToHashSet();
        return Build(
            _holidays.Where(d => !years.Contains(d.Year)).Concat(list.SelectMany(s => s.Holidays)),
            _makeUpWorkingDays.Where(d => !years.Contains(d.Year)).Concat(list.SelectMany(s => s.MakeUpWorkingDays)),
            YearsWithSchedule.Concat(years));
    }

    /// <inheritdoc/>
    public bool HasSchedule(int year) => _everyYear || YearsWithSchedule.Contains(year);

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

    private OneOf<WorkingDayCalendar, DomainError> Build(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkingDays, IEnumerable<int> years)
        => Create(_weekend, holidays, makeUpWorkingDays).MapT0(c => new WorkingDayCalendar(c._weekend, c._holidays, c._makeUpWorkingDays, years.ToFrozenSet(), _everyYear));
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
