using System.Globalization;
using Ardalis.GuardClauses;

namespace PetitionOpinion.Deadlines;

/// <summary>How a <see cref="DeadlineLimit"/> counts.</summary>
public enum DeadlineUnit
{
    /// <summary>Elapsed minutes, around the clock.</summary>
    Minutes = 1,

    /// <summary>Elapsed hours, around the clock.</summary>
    Hours = 2,

    /// <summary>Calendar days (24 elapsed hours each), weekends and holidays included.</summary>
    CalendarDays = 3,

    /// <summary>Working days of the policy's <see cref="IWorkingDayCalendar"/>: the same time of day on the n-th working day after the start day.</summary>
    WorkingDays = 4,
}

/// <summary>
/// A time limit: an amount and how it counts (elapsed time, calendar days or working days). Text form, used in
/// configuration: <c>15 minutes</c>, <c>1 hour</c>, <c>3 days</c> (calendar days), <c>3 working days</c>.
/// </summary>
public readonly record struct DeadlineLimit
{
    /// <summary>The largest amount accepted: 100,000.</summary>
    public const int MaxAmount = 100_000;

    /// <summary>Initializes a new instance of the <see cref="DeadlineLimit"/> struct.</summary>
    /// <param name="amount">How many units, from 1 to <see cref="MaxAmount"/>.</param>
    /// <param name="unit">How they count.</param>
    /// <exception cref="ArgumentOutOfRangeException">The amount is out of range.</exception>
    /// <exception cref="System.ComponentModel.InvalidEnumArgumentException">The unit is not a <see cref="DeadlineUnit"/>.</exception>
    public DeadlineLimit(int amount, DeadlineUnit unit)
    {
        Amount = Guard.Against.OutOfRange(amount, nameof(amount), 1, MaxAmount);
        Unit = Guard.Against.EnumOutOfRange(unit);
    }

    /// <summary>Gets how many units.</summary>
    public int Amount { get; }

    /// <summary>Gets how they count.</summary>
    public DeadlineUnit Unit { get; }

    /// <summary>Gets a value indicating whether the limit counts days (calendar or working).</summary>
    public bool CountsDays => Unit is DeadlineUnit.CalendarDays or DeadlineUnit.WorkingDays;

    /// <summary>Creates a limit in minutes.</summary>
    /// <param name="amount">How many.</param>
    /// <returns>The limit.</returns>
    public static DeadlineLimit Minutes(int amount) => new(amount, DeadlineUnit.Minutes);

    /// <summary>Creates a limit in hours.</summary>
    /// <param name="amount">How many.</param>
    /// <returns>The limit.</returns>
    public static DeadlineLimit Hours(int amount) => new(amount, DeadlineUnit.Hours);

    /// <summary>Creates a limit in calendar days.</summary>
    /// <param name="amount">How many.</param>
    /// <returns>The limit.</returns>
    public static DeadlineLimit CalendarDays(int amount) => new(amount, DeadlineUnit.CalendarDays);

    /// <summary>Creates a limit in working days.</summary>
    /// <param name="amount">How many.</param>
    /// <returns>The limit.</returns>
    public static DeadlineLimit WorkingDays(int amount) => new(amount, DeadlineUnit.WorkingDays);

    /// <summary>Reads the text form: an amount and a unit (<c>minute(s)</c>, <c>hour(s)</c>, <c>day(s)</c> or <c>calendar day(s)</c>, <c>working day(s)</c>), case-insensitive.</summary>
    /// <param name="text">The text.</param>
    /// <param name="limit">The limit, when the text is valid.</param>
    /// <param name="problem">Why the text is not a limit, when it is not.</param>
    /// <returns><see langword="true"/> when the text is a limit.</returns>
    public static bool TryParse(string? text, out DeadlineLimit limit, out string? problem)
    {
        limit = default;
        var parts = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            problem = $"'{text}' is not a time limit: write an amount and a unit, e.g. '15 minutes', '4 hours', '15 days' or '3 working days'";
            return false;
        }

        var unitText = string.Join(' ', parts[1..]).ToLowerInvariant();
        DeadlineUnit? unit = unitText switch
        {
            "minute" or "minutes" => DeadlineUnit.Minutes,
            "hour" or "hours" => DeadlineUnit.Hours,
            "day" or "days" or "calendar day" or "calendar days" => DeadlineUnit.CalendarDays,
            "working day" or "working days" => DeadlineUnit.WorkingDays,
            _ => null,
        };
        if (unit is null)
        {
            problem = $"'{text}' has the unknown unit '{unitText}': use minutes, hours, days (calendar days) or working days";
            return false;
        }

        if (amount is < 1 or > MaxAmount)
        {
            problem = $"'{text}' must have an amount from 1 to {MaxAmount}";
            return false;
        }

        limit = new DeadlineLimit(amount, unit.Value);
        problem = null;
        return true;
    }

    /// <summary>Reads the text form.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The limit.</returns>
    /// <exception cref="FormatException">The text is not a limit; the message says why.</exception>
    public static DeadlineLimit Parse(string text)
        => TryParse(text, out var limit, out var problem) ? limit : throw new FormatException(problem + ".");

    /// <summary>Gets when a deadline of this limit started at <paramref name="start"/> is due, before any pause.</summary>
    /// <param name="start">When it started.</param>
    /// <param name="calendar">The working-day calendar, for <see cref="DeadlineUnit.WorkingDays"/>.</param>
    /// <param name="utcOffset">The offset the calendar's days are in (China: +08:00).</param>
    /// <param name="extraDays">Days added, in this limit's day unit (an extension); 0 for none.</param>
    /// <returns>The due instant, in <paramref name="start"/>'s offset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="calendar"/> is <see langword="null"/>.</exception>
    public DateTimeOffset DueFrom(DateTimeOffset start, IWorkingDayCalendar calendar, TimeSpan utcOffset, int extraDays = 0)
    {
        Guard.Against.Null(calendar);
        Guard.Against.Negative(extraDays);
        switch (Unit)
        {
            case DeadlineUnit.Minutes:
                return start.AddMinutes(Amount);
            case DeadlineUnit.Hours:
                return start.AddHours(Amount);
            case DeadlineUnit.CalendarDays:
                return start.AddDays(Amount + extraDays);
            case DeadlineUnit.WorkingDays:
                var local = start.ToOffset(utcOffset);
                var due = Deadlines.WorkingDays.Add(calendar, DateOnly.FromDateTime(local.DateTime), Amount + extraDays);
                return new DateTimeOffset(due.ToDateTime(TimeOnly.FromDateTime(local.DateTime)), utcOffset).ToOffset(start.Offset);
            default:
                throw new InvalidOperationException($"The default {nameof(DeadlineLimit)} has no unit.");
        }
    }

    /// <summary>Returns the text form, e.g. <c>3 working days</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var (one, many) = Unit switch
        {
            DeadlineUnit.Minutes => ("minute", "minutes"),
            DeadlineUnit.Hours => ("hour", "hours"),
            DeadlineUnit.CalendarDays => ("day", "days"),
            DeadlineUnit.WorkingDays => ("working day", "working days"),
            _ => ("(none)", "(none)"),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{Amount} {(Amount == 1 ? one : many)}");
    }
}
