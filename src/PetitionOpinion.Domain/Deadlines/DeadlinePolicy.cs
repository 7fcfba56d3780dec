using System.Collections.Frozen;
using System.Globalization;
using Ardalis.GuardClauses;
using OneOf;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Deadlines;

/// <summary>The targets of one severity level (<c>docs/deadlines.md</c>). A target that is <see langword="null"/> does not apply at that level.</summary>
/// <param name="Acknowledge">From the report to the first action on the incident.</param>
/// <param name="AssessmentDone">From the report to the first assessment.</param>
/// <param name="FirstPublicStatement">From the report to the first published statement, for incidents that are (also) public opinion.</param>
/// <param name="Resolution">From the report (or a reopening) to the resolution.</param>
/// <param name="StatusUpdateEvery">The longest silence allowed between two recorded actions while the incident is being handled.</param>
public sealed record LevelDeadlines(
    DeadlineLimit Acknowledge,
    DeadlineLimit AssessmentDone,
    DeadlineLimit? FirstPublicStatement,
    DeadlineLimit Resolution,
    DeadlineLimit? StatusUpdateEvery);

/// <summary>
/// The petition profile (2022 Petition Work Regulations, 信访工作条例, used as a benchmark; <c>docs/deadlines.md</c>): the
/// acceptance notice, the handling opinion, its one extension, and the review request and decision.
/// </summary>
/// <param name="AcceptanceNotice">From the report to the notice whether the petition is accepted (the first assessment, or the dismissal).</param>
/// <param name="HandlingOpinion">From acceptance (the first assessment) to the handling opinion (the resolution); counts days.</param>
/// <param name="MaxExtensionDays">The longest single extension of the handling opinion, in its day unit.</param>
/// <param name="ReviewRequestWindow">How long after the opinion the petitioner may ask for a review.</param>
/// <param name="ReviewDecision">From a review request to its decision.</param>
public sealed record PetitionDeadlines(
    DeadlineLimit AcceptanceNotice,
    DeadlineLimit HandlingOpinion,
    int MaxExtensionDays,
    DeadlineLimit ReviewRequestWindow,
    DeadlineLimit ReviewDecision);

/// <summary>
/// The deadline policy: the targets per level and the petition profile, the warning points, the escalation point, the
/// working-day calendar and its time zone, and the account the scanner records its alerts under. Immutable; build one
/// with <see cref="DeadlineOptions.Build"/> (or take <see cref="Default"/>).
/// </summary>
public sealed class DeadlinePolicy
{
    private readonly FrozenDictionary<SeverityLevel, LevelDeadlines> _levels;
    private readonly ResponseTargets[] _targets;

    internal DeadlinePolicy(
        IReadOnlyDictionary<SeverityLevel, LevelDeadlines> levels,
        PetitionDeadlines petition,
        IReadOnlyList<int> warningPercents,
        int escalationPercent,
        SeverityLevel unassessedLevel,
        IWorkingDayCalendar calendar,
        TimeSpan utcOffset,
        PersonId scannerActor,
        TimeSpan lateAlertAfter)
    {
        _levels = levels.ToFrozenDictionary();
        Petition = petition;
        WarningPercents = warningPercents;
        EscalationPercent = escalationPercent;
        UnassessedLevel = unassessedLevel;
        Calendar = calendar;
        UtcOffset = utcOffset;
        ScannerActor = scannerActor;
        LateAlertAfter = lateAlertAfter;
        _targets = ResponseTargets.AllOf(For, petition, calendar, utcOffset);
    }

    /// <summary>
    /// Gets the defaults (tabled in <c>docs/deadlines.md</c>): the level table (times under a day elapse around the clock; levels III and IV
    /// count their days as working days, levels I and II as calendar days — a crisis does not wait for Monday), the
    /// petition profile in calendar days (15 / 60 + one extension of up to 30 / 30 / 30), warnings at 50% and 75%,
    /// escalation to the leading group at 125%, unassessed incidents treated as level III, the Chinese 2026 calendar
    /// at UTC+8.
    /// </summary>
    public static DeadlinePolicy Default { get; } = new DeadlineOptions().Build().AsT0;

    /// <summary>Gets the petition profile.</summary>
    public PetitionDeadlines Petition { get; }

    /// <summary>Gets the warning points, in percent of a deadline's time, ascending (default 50 and 75).</summary>
    public IReadOnlyList<int> WarningPercents { get; }

    /// <summary>Gets the point, in percent of a deadline's time, at which a breached deadline still not met is escalated to the leading group (default 125).</summary>
    public int EscalationPercent { get; }

    /// <summary>Gets the level whose targets apply before the first assessment (default III); once assessed, the assessed level's apply from the report on.</summary>
    public SeverityLevel UnassessedLevel { get; }

    /// <summary>Gets the working-day calendar.</summary>
    public IWorkingDayCalendar Calendar { get; }

    /// <summary>Gets the offset from UTC the calendar's days are in (China: +08:00).</summary>
    public TimeSpan UtcOffset { get; }

    /// <summary>Gets the account the deadline scanner records its alerts under (default <c>system:deadline-scanner</c>).</summary>
    public PersonId ScannerActor { get; }

    /// <summary>
    /// Gets how long after its point an alert may be recorded and still count as on time (default 10 minutes): one recorded
    /// later — by the first scan after an outage, say — is marked late (<see cref="Incidents.Events.DeadlineAlertRaised.Late"/>)
    /// and its notification says when it became due. An alert passed by a later point of the same deadline is late however
    /// short the delay.
    /// </summary>
    public TimeSpan LateAlertAfter { get; }

    /// <summary>Gets the targets of a level.</summary>
    /// <param name="level">The level.</param>
    /// <returns>The targets.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not a <see cref="SeverityLevel"/>.</exception>
    public LevelDeadlines For(SeverityLevel level)
        => _levels.TryGetValue(level, out var targets) ? targets : throw new ArgumentOutOfRangeException(nameof(level), level, "Not a severity level.");

    /// <summary>
    /// Gets the response targets of a level and kind of incident: this policy's targets of the level, the first public
    /// statement only for (also) public-opinion incidents, the petition profile only for (also) petitions. The deadline
    /// engine counts an incident's deadlines from the same view, so its answer to "by when?" is the engine's.
    /// </summary>
    /// <param name="level">The level.</param>
    /// <param name="kind">The kind of incident.</param>
    /// <returns>The targets.</returns>
    /// <exception cref="System.ComponentModel.InvalidEnumArgumentException"><paramref name="level"/> or <paramref name="kind"/> is not a defined value.</exception>
    public ResponseTargets TargetsFor(SeverityLevel level, IncidentKind kind) => _targets[ResponseTargets.IndexOf(level, kind)];

    /// <summary>Returns a copy that uses another calendar.</summary>
    /// <param name="calendar">The calendar.</param>
    /// <returns>The policy.</returns>
    public DeadlinePolicy WithCalendar(IWorkingDayCalendar calendar)
        => new(_levels, Petition, WarningPercents, EscalationPercent, UnassessedLevel, Guard.Against.Null(calendar), UtcOffset, ScannerActor, LateAlertAfter);
}

/// <summary>
/// The deadline part of the configuration (section <c>PetitionOpinion:Deadlines</c>); every limit is text such as
/// <c>15 minutes</c>, <c>4 hours</c>, <c>15 days</c> or <c>3 working days</c>, and an optional target may be
/// <c>none</c>. <see cref="Build"/> checks everything and lists every problem with its path.
/// </summary>
public sealed class DeadlineOptions
{
    /// <summary>Gets the targets per level, keyed <c>I</c>, <c>II</c>, <c>III</c>, <c>IV</c>; the defaults are the table of <c>docs/deadlines.md</c>.</summary>
    public Dictionary<string, LevelDeadlineOptions> Levels { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["I"] = new() { Acknowledge = "15 minutes", AssessmentDone = "1 hour", FirstPublicStatement = "4 hours", Resolution = "3 days", StatusUpdateEvery = "2 hours" },
        ["II"] = new() { Acknowledge = "30 minutes", AssessmentDone = "4 hours", FirstPublicStatement = "12 hours", Resolution = "7 days", StatusUpdateEvery = "6 hours" },
        ["III"] = new() { Acknowledge = "4 hours", AssessmentDone = "1 working day", FirstPublicStatement = "24 hours", Resolution = "15 working days", StatusUpdateEvery = "24 hours" },
        ["IV"] = new() { Acknowledge = "1 working day", AssessmentDone = "3 working days", FirstPublicStatement = "none", Resolution = "30 working days", StatusUpdateEvery = "none" },
    };

    /// <summary>Gets or sets the petition profile.</summary>
    public PetitionDeadlineOptions Petition { get; set; } = new();

    /// <summary>
    /// Gets or sets the warning points in percent of a deadline's time, each from 1 to 99; <see langword="null"/> (the
    /// default) for 50 and 75. (Null rather than a filled array because configuration binding appends to an array.)
    /// </summary>
    public int[]? WarningPercents { get; set; }

    /// <summary>Gets or sets the escalation point in percent of a deadline's time, above 100. Default: 125.</summary>
    public int EscalationPercent { get; set; } = 125;

    /// <summary>Gets or sets the level whose targets apply before the first assessment. Default: III.</summary>
    public SeverityLevel UnassessedLevel { get; set; } = SeverityLevel.III;

    /// <summary>Gets or sets the offset from UTC the calendar's days are in, from −14 to +14 hours. Default: +08:00 (China).</summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Gets or sets the calendar files to load: each a year's holiday schedule in the format of <see cref="HolidaySchedule.Parse"/>
    /// (documented in <c>docs/deadlines.md</c>), e.g. next year's as soon as it is published. A year given by a file
    /// replaces the calendar's own schedule of that year; two files of the same year are a problem. Relative paths are
    /// taken from the process's current directory. Default: none.
    /// </summary>
    public string[] CalendarFiles { get; set; } = [];

    /// <summary>Gets or sets extra public holidays (yyyy-MM-dd) added to the calendar after the calendar files: a local holiday or a correction. They do not make their year count as scheduled: give a whole year in a calendar file.</summary>
    public string[] Holidays { get; set; } = [];

    /// <summary>Gets or sets extra make-up working days (yyyy-MM-dd) added to the calendar.</summary>
    public string[] MakeUpWorkingDays { get; set; } = [];

    /// <summary>Gets or sets the account the scanner records its alerts under. Default: <c>system:deadline-scanner</c>.</summary>
    public string ScannerActor { get; set; } = "system:deadline-scanner";

    /// <summary>
    /// Gets or sets how long after its point an alert may be recorded and still count as on time; one recorded later is
    /// marked late and its notification says when it became due. Keep it above the scan interval. Default: 10 minutes;
    /// from 1 second to 1 day.
    /// </summary>
    public TimeSpan LateAlertAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Builds the policy these options describe.</summary>
    /// <param name="calendar">The calendar to start from; <see langword="null"/> for <see cref="WorkingDayCalendar.China"/>. <see cref="CalendarFiles"/>, <see cref="Holidays"/> and <see cref="MakeUpWorkingDays"/> are added to a <see cref="WorkingDayCalendar"/>; with any other calendar they must be empty.</param>
    /// <param name="path">The configuration path the problems are named under.</param>
    /// <returns>The policy, or an error whose details list every problem, each starting with its path.</returns>
    public OneOf<DeadlinePolicy, DomainError> Build(IWorkingDayCalendar? calendar = null, string path = "Deadlines")
    {
        var problems = new List<DomainError>();
        var levels = new Dictionary<SeverityLevel, LevelDeadlines>();
        foreach (var key in Levels.Keys.Where(k => !Enum.TryParse<SeverityLevel>(k, ignoreCase: true, out var l) || !Enum.IsDefined(l) || int.TryParse(k, out _)).Order(StringComparer.Ordinal))
        {
            Add(problems, $"{path}:Levels:{key}", "is not a severity level (use I, II, III or IV).");
        }

        foreach (var level in Enum.GetValues<SeverityLevel>())
        {
            var at = $"{path}:Levels:{level}";
            var options = Levels.FirstOrDefault(p => string.Equals(p.Key, level.ToString(), StringComparison.OrdinalIgnoreCase)).Value;
            if (options is null)
            {
                Add(problems, at, $"the targets of level {level} are missing.");
                continue;
            }

            var acknowledge = Required(options.Acknowledge, $"{at}:Acknowledge", problems);
            var assessment = Required(options.AssessmentDone, $"{at}:AssessmentDone", problems);
            var statement = Optional(options.FirstPublicStatement, $"{at}:FirstPublicStatement", problems);
            var resolution = Required(options.Resolution, $"{at}:Resolution", problems);
            var update = Optional(options.StatusUpdateEvery, $"{at}:StatusUpdateEvery", problems);
            if (acknowledge is { } a && assessment is { } s && resolution is { } r)
            {
                levels[level] = new LevelDeadlines(a, s, statement, r, update);
            }
        }

        var petitionOptions = Petition ?? new PetitionDeadlineOptions();
        var p = $"{path}:Petition";
        var acceptance = Required(petitionOptions.AcceptanceNotice, $"{p}:AcceptanceNotice", problems);
        var handling = Required(petitionOptions.HandlingOpinion, $"{p}:HandlingOpinion", problems);
        if (handling is { CountsDays: false })
        {
            Add(problems, $"{p}:HandlingOpinion", $"must count days (calendar or working), so that its extension in days can be added (was '{petitionOptions.HandlingOpinion}').");
        }

        if (petitionOptions.MaxExtensionDays is < 0 or > 365)
        {
            Add(problems, $"{p}:MaxExtensionDays", $"must be from 0 to 365 (was {petitionOptions.MaxExtensionDays}).");
        }

        var window = Required(petitionOptions.ReviewRequestWindow, $"{p}:ReviewRequestWindow", problems);
        var decision = Required(petitionOptions.ReviewDecision, $"{p}:ReviewDecision", problems);

        var warnings = WarningPercents ?? [50, 75];
        if (warnings.Any(w => w is < 1 or > 99))
        {
            Add(problems, $"{path}:WarningPercents", $"each must be from 1 to 99 (was {string.Join(", ", warnings)}).");
        }

        if (warnings.Distinct().Count() != warnings.Length)
        {
            Add(problems, $"{path}:WarningPercents", $"must not repeat a value (was {string.Join(", ", warnings)}).");
        }

        if (EscalationPercent is <= 100 or > 1_000)
        {
            Add(problems, $"{path}:EscalationPercent", $"must be above 100 and at most 1000 (was {EscalationPercent}).");
        }

        if (!Enum.IsDefined(UnassessedLevel))
        {
            Add(problems, $"{path}:UnassessedLevel", $"{(int)UnassessedLevel} is not a severity level.");
        }

        if (UtcOffset < TimeSpan.FromHours(-14) || UtcOffset > TimeSpan.FromHours(14) || UtcOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            Add(problems, $"{path}:UtcOffset", $"must be whole minutes from -14:00 to +14:00 (was {UtcOffset}).");
        }

        var scanner = IdentifierRules.Explain(ScannerActor);
        if (scanner is not null)
        {
            Add(problems, $"{path}:ScannerActor", $"{scanner}.");
        }

        if (LateAlertAfter < TimeSpan.FromSeconds(1) || LateAlertAfter > TimeSpan.FromDays(1))
        {
            Add(problems, $"{path}:LateAlertAfter", $"must be from 1 second to 1 day (was {LateAlertAfter}).");
        }

        var holidays = Dates(Holidays, $"{path}:Holidays", problems);
        var makeUps = Dates(MakeUpWorkingDays, $"{path}:MakeUpWorkingDays", problems);
        var baseCalendar = calendar ?? WorkingDayCalendar.China;
        IWorkingDayCalendar finalCalendar = baseCalendar;
        var schedules = Schedules(CalendarFiles, $"{path}:CalendarFiles", problems);
        if (schedules.Count > 0)
        {
            if (baseCalendar is WorkingDayCalendar scheduled)
            {
                if (scheduled.WithSchedules(schedules).TryPickT1(out var invalid, out var ok))
                {
                    problems.AddRange(invalid.Details.Select(d => Problem($"{path}:CalendarFiles", d.Message)));
                }
                else
                {
                    baseCalendar = finalCalendar = ok;
                }
            }
            else
            {
                Add(problems, $"{path}:CalendarFiles", $"calendar files can be added only to a {nameof(WorkingDayCalendar)}; the calendar given is a {baseCalendar.GetType().Name}.");
            }
        }

        if (holidays.Count + makeUps.Count > 0)
        {
            if (baseCalendar is WorkingDayCalendar known)
            {
                var extended = known.With(holidays, makeUps);
                if (extended.TryPickT1(out var invalid, out var ok))
                {
                    Add(problems, $"{path}:Holidays", invalid.Message);
                }
                else
                {
                    finalCalendar = ok;
                }
            }
            else
            {
                Add(problems, $"{path}:Holidays", $"extra holidays and make-up working days can be added only to a {nameof(WorkingDayCalendar)}; the calendar given is a {baseCalendar.GetType().Name}.");
            }
        }

        if (problems.Count > 0)
        {
            return new DomainError(DeadlineErrors.InvalidPolicy, $"The deadline policy is not valid: {string.Join(" ", problems.Select(p => p.Located()))}", problems);
        }

        var petition = new PetitionDeadlines(acceptance!.Value, handling!.Value, petitionOptions.MaxExtensionDays, window!.Value, decision!.Value);
        return new DeadlinePolicy(levels, petition, [.. warnings.Order()], EscalationPercent, UnassessedLevel, finalCalendar, UtcOffset, new PersonId(ScannerActor), LateAlertAfter);
    }

    private static DomainError Problem(string at, string message) => new(DeadlineErrors.InvalidPolicy, message) { Path = at };

    private static void Add(List<DomainError> problems, string at, string message) => problems.Add(Problem(at, message));

    private static DeadlineLimit? Required(string? text, string at, List<DomainError> problems)
    {
        if (DeadlineLimit.TryParse(text, out var limit, out var problem))
        {
            return limit;
        }

        Add(problems, at, $"{problem}.");
        return null;
    }

    private static DeadlineLimit? Optional(string? text, string at, List<DomainError> problems)
        => string.IsNullOrWhiteSpace(text) || string.Equals(text.Trim(), "none", StringComparison.OrdinalIgnoreCase) ? null : Required(text, at, problems);

    private static List<HolidaySchedule> Schedules(string[]? files, string at, List<DomainError> problems)
    {
        var schedules = new List<HolidaySchedule>();
        for (var i = 0; i < (files ?? []).Length; i++)
        {
            var file = files![i];
            if (string.IsNullOrWhiteSpace(file))
            {
                Add(problems, $"{at}:{i}", "is empty.");
                continue;
            }

            if (HolidaySchedule.Load(file).TryPickT1(out var invalid, out var schedule))
            {
                problems.AddRange(invalid.Details.Select(d => Problem($"{at}:{i}", d.Message)));
            }
            else
            {
                schedules.Add(schedule);
            }
        }

        return schedules;
    }

    private static List<DateOnly> Dates(string[]? texts, string at, List<DomainError> problems)
    {
        var dates = new List<DateOnly>();
        foreach (var text in texts ?? [])
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                dates.Add(date);
            }
            else
            {
                Add(problems, at, $"'{text}' is not a date written yyyy-MM-dd.");
            }
        }

        return dates;
    }
}

/// <summary>The targets of one level, as text (see <see cref="DeadlineOptions"/>).</summary>
public sealed class LevelDeadlineOptions
{
    /// <summary>Gets or sets the time from the report to the first action.</summary>
    public string? Acknowledge { get; set; }

    /// <summary>Gets or sets the time from the report to the first assessment.</summary>
    public string? AssessmentDone { get; set; }

    /// <summary>Gets or sets the time from the report to the first published statement (public opinion), or <c>none</c>.</summary>
    public string? FirstPublicStatement { get; set; }

    /// <summary>Gets or sets the time from the report (or a reopening) to the resolution.</summary>
    public string? Resolution { get; set; }

    /// <summary>Gets or sets the longest silence between recorded actions while handling, or <c>none</c>.</summary>
    public string? StatusUpdateEvery { get; set; }
}

/// <summary>The petition profile, as text (see <see cref="DeadlineOptions"/>).</summary>
public sealed class PetitionDeadlineOptions
{
    /// <summary>Gets or sets the time from the report to the acceptance notice. Default: 15 days.</summary>
    public string? AcceptanceNotice { get; set; } = "15 days";

    /// <summary>Gets or sets the time from acceptance to the handling opinion; must count days. Default: 60 days.</summary>
    public string? HandlingOpinion { get; set; } = "60 days";

    /// <summary>Gets or sets the longest single extension of the handling opinion, in its day unit. Default: 30.</summary>
    public int MaxExtensionDays { get; set; } = 30;

    /// <summary>Gets or sets how long after the opinion a review may be requested. Default: 30 days.</summary>
    public string? ReviewRequestWindow { get; set; } = "30 days";

    /// <summary>Gets or sets the time from a review request to its decision. Default: 30 days.</summary>
    public string? ReviewDecision { get; set; } = "30 days";
}

/// <summary>The codes of the errors about deadlines.</summary>
public static class DeadlineErrors
{
    /// <summary>The deadline policy (or its configuration) is not valid.</summary>
    public const string InvalidPolicy = "deadlines.invalid_policy";
}
