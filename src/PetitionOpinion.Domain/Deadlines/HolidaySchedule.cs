using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Ardalis.GuardClauses;
using OneOf;

namespace PetitionOpinion.Deadlines;

/// <summary>
/// One year's published holiday schedule: the public holidays (放假) and make-up working days (调休上班) of one calendar
/// year, and where they were published. A calendar that has a year's schedule counts that year's working days; a year
/// without one is counted by weekends alone, which <see cref="CalendarCoverage"/> and the deadlines report.
/// The file format (<see cref="Parse"/>) is documented in <c>docs/deadlines.md</c>. Immutable.
/// </summary>
public sealed class HolidaySchedule
{
    private const string ResourcePrefix = "PetitionOpinion.Deadlines.Calendars.china-";
    private static readonly Lazy<IReadOnlyList<HolidaySchedule>> Shipped = new(LoadShipped);

    private HolidaySchedule(int year, string source, IReadOnlyList<DateOnly> holidays, IReadOnlyList<DateOnly> makeUpWorkingDays)
    {
        Year = year;
        Source = source;
        Holidays = holidays;
        MakeUpWorkingDays = makeUpWorkingDays;
    }

    /// <summary>Gets the schedules the library ships: the State Council's (《国务院办公厅关于20XX年部分节假日安排的通知》) for 2020 to 2026, in year order. 2020's includes the Spring Festival's extension to 2 February.</summary>
    public static IReadOnlyList<HolidaySchedule> China => Shipped.Value;

    /// <summary>Gets the calendar year the schedule is for.</summary>
    public int Year { get; }

    /// <summary>Gets where the schedule was published: the notice's title and date (the shipped schedules also give its address on gov.cn).</summary>
    public string Source { get; }

    /// <summary>Gets the public holidays, every day of each holiday period (weekend days included), in date order.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; }

    /// <summary>Gets the make-up working days, in date order.</summary>
    public IReadOnlyList<DateOnly> MakeUpWorkingDays { get; }

    /// <summary>Creates a schedule.</summary>
    /// <param name="year">The year, from 1 to 9999.</param>
    /// <param name="source">Where it was published; not empty.</param>
    /// <param name="holidays">The public holidays, each in <paramref name="year"/>.</param>
    /// <param name="makeUpWorkingDays">The make-up working days, each in <paramref name="year"/> and none a holiday.</param>
    /// <returns>The schedule, or an error (code <c>calendar.invalid</c>) whose details list every problem.</returns>
    public static OneOf<HolidaySchedule, DomainError> Create(int year, string source, IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkingDays)
    {
        Guard.Against.Null(holidays);
        Guard.Against.Null(makeUpWorkingDays);
        var problems = new List<string>();
        var schedule = Check(year, source, holidays.Select(d => (d, "holidays")), makeUpWorkingDays.Select(d => (d, "makeUpWorkingDays")), "schedule", problems);
        return schedule is null ? Invalid("The holiday schedule is not valid", problems) : schedule;
    }

    /// <summary>
    /// Reads a schedule written in the calendar file format: a JSON object with <c>year</c>, <c>source</c>,
    /// <c>holidays</c> (objects with <c>name</c>, <c>from</c> and <c>to</c>, dates written yyyy-MM-dd) and
    /// <c>makeUpWorkingDays</c> (dates), and an optional <c>note</c>. Any other property is a problem, so that a
    /// misspelt one is not silently ignored.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="path">What the problems are named under, e.g. the file's path.</param>
    /// <returns>The schedule, or an error (code <c>calendar.invalid</c>) whose details list every problem, each starting with <paramref name="path"/> and the JSON path.</returns>
    public static OneOf<HolidaySchedule, DomainError> Parse(string json, string path = "calendar")
    {
        Guard.Against.Null(json);
        Guard.Against.Null(path);
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return Invalid("The calendar file is not valid", [$"{path}: not JSON ({e.Message})."]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid("The calendar file is not valid", [$"{path}: $: must be a JSON object."]);
            }

            foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("year" or "source" or "note" or "holidays" or "makeUpWorkingDays")))
            {
                problems.Add($"{path}: $.{property.Name}: is not a property of a calendar file (year, source, note, holidays, makeUpWorkingDays).");
            }

            var year = 0;
            if (!root.TryGetProperty("year", out var yearElement) || yearElement.ValueKind != JsonValueKind.Number || !yearElement.TryGetInt32(out year))
            {
                problems.Add($"{path}: $.year: must be a whole number.");
            }

            var source = root.TryGetProperty("source", out var sourceElement) && sourceElement.ValueKind == JsonValueKind.String ? sourceElement.GetString() : null;
            var holidays = new List<(DateOnly, string)>();
            if (Array(root, "holidays", path, problems) is { } holidayItems)
            {
                var i = 0;
                foreach (var item in holidayItems)
                {
                    var at = $"$.holidays[{i++}]";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        problems.Add($"{path}: {at}: must be an object with name, from and to.");
                        continue;
                    }

                    foreach (var property in item.EnumerateObject().Where(p => p.Name is not ("name" or "from" or "to")))
                    {
                        problems.Add($"{path}: {at}.{property.Name}: is not a property of a holiday (name, from, to).");
                    }

                    if (!item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
                    {
                        problems.Add($"{path}: {at}.name: must be given.");
                    }

                    var from = Date(item, "from", $"{at}.from", path, problems);
                    var to = Date(item, "to", $"{at}.to", path, problems);
                    if (from is { } f && to is { } t)
                    {
                        if (t < f)
                        {
                            problems.Add($"{path}: {at}.to: {t:yyyy-MM-dd} is before from ({f:yyyy-MM-dd}).");
                        }
                        else if (t.DayNumber - f.DayNumber > 31)
                        {
                            problems.Add($"{path}: {at}: a holiday of {t.DayNumber - f.DayNumber + 1} days is not plausible (at most 32).");
                        }
                        else
                        {
                            for (var d = f; d <= t; d = d.AddDays(1))
                            {
                                holidays.Add((d, at));
                            }
                        }
                    }
                }
            }

            var makeUps = new List<(DateOnly, string)>();
            if (Array(root, "makeUpWorkingDays", path, problems) is { } makeUpItems)
            {
                var i = 0;
                foreach (var item in makeUpItems)
                {
                    var at = $"$.makeUpWorkingDays[{i++}]";
                    if (DateOf(item) is { } d)
                    {
                        makeUps.Add((d, at));
                    }
                    else
                    {
                        problems.Add($"{path}: {at}: must be a date written yyyy-MM-dd.");
                    }
                }
            }

            var schedule = Check(year, source, holidays, makeUps, path, problems);
            return schedule is null || problems.Count > 0 ? Invalid("The calendar file is not valid", problems) : schedule;
        }
    }

    /// <summary>Reads a calendar file (see <see cref="Parse"/>).</summary>
    /// <param name="filePath">The file's path.</param>
    /// <returns>The schedule, or an error (code <c>calendar.invalid</c>) listing every problem, each starting with the file's path; a file that cannot be read is one problem.</returns>
    public static OneOf<HolidaySchedule, DomainError> Load(string filePath)
    {
        Guard.Against.NullOrWhiteSpace(filePath);
        string json;
        try
        {
            json = File.ReadAllText(filePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Invalid("The calendar file cannot be read", [$"{filePath}: cannot be read ({e.GetType().Name}: {e.Message})."]);
        }

        return Parse(json, filePath);
    }

    // The problems shared by Create and Parse: a year out of range, no source, a date outside the year, a make-up day
    // that is also a holiday, a date given twice. `at` names where each date came from.
    private static HolidaySchedule? Check(int year, string? source, IEnumerable<(DateOnly Date, string At)> holidays, IEnumerable<(DateOnly Date, string At)> makeUps, string path, List<string> problems)
    {
        var yearValid = year is >= 1 and <= 9999;
        if (!yearValid)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: $.year: must be from 1 to 9999 (was {year})."));
        }

        if (string.IsNullOrWhiteSpace(source))
        {
            problems.Add($"{path}: $.source: must name where the schedule was published (the notice's title and date).");
        }

        var holidayList = holidays.ToList();
        var makeUpList = makeUps.ToList();
        if (yearValid)
        {
            foreach (var (date, at) in holidayList.Concat(makeUpList).Where(d => d.Date.Year != year).DistinctBy(d => (d.Date, d.At)))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {at}: {date:yyyy-MM-dd} is not in {year}."));
            }
        }

        var holidaySet = holidayList.Select(d => d.Date).ToFrozenSet();
        foreach (var (date, at) in makeUpList.Where(d => holidaySet.Contains(d.Date)))
        {
            problems.Add($"{path}: {at}: {date:yyyy-MM-dd} is both a holiday and a make-up working day.");
        }

        foreach (var repeated in holidayList.GroupBy(d => d.Date).Where(g => g.Count() > 1).Concat(makeUpList.GroupBy(d => d.Date).Where(g => g.Count() > 1)))
        {
            problems.Add($"{path}: {string.Join(", ", repeated.Select(r => r.At).Distinct())}: {repeated.Key:yyyy-MM-dd} is given twice.");
        }

        return problems.Count > 0
            ? null
            : new HolidaySchedule(year, source!.Trim(), [.. holidaySet.Order()], [.. makeUpList.Select(d => d.Date).Order()]);
    }

    private static JsonElement.ArrayEnumerator? Array(JsonElement root, string name, string path, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var element))
        {
            problems.Add($"{path}: $.{name}: must be given (an empty array when there are none).");
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}: $.{name}: must be an array.");
            return null;
        }

        return element.EnumerateArray();
    }

    private static DateOnly? Date(JsonElement item, string name, string at, string path, List<string> problems)
    {
        if (item.TryGetProperty(name, out var element) && DateOf(element) is { } date)
        {
            return date;
        }

        problems.Add($"{path}: {at}: must be a date written yyyy-MM-dd.");
        return null;
    }

    private static DateOnly? DateOf(JsonElement element)
        => element.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(element.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static DomainError Invalid(string what, IReadOnlyList<string> problems)
        => new(CalendarErrors.Invalid, $"{what}: {string.Join(" ", problems)}", [.. problems.Select(p => new DomainError(CalendarErrors.Invalid, p))]);

    // The shipped files are embedded resources named by year; a broken one is a defect of the library, not of the host.
    private static IReadOnlyList<HolidaySchedule> LoadShipped()
    {
        var assembly = typeof(HolidaySchedule).Assembly;
        var schedules = new List<HolidaySchedule>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            schedules.Add(Parse(reader.ReadToEnd(), name).Match(s => s, e => throw new InvalidOperationException(e.Message)));
        }

        return schedules.AsReadOnly();
    }
}
