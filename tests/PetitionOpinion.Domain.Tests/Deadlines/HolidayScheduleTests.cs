using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PetitionOpinion.Deadlines;

namespace PetitionOpinion.Tests.Deadlines;

public sealed class HolidayScheduleTests
{
    private static readonly WorkingDayCalendar China = WorkingDayCalendar.China;

    // Each shipped year against the notice as transcribed in the test (ChinaHolidayNotices), day by day: a day typed
    // wrong in a calendar file, or in the transcription, fails here and is named.
    [Theory]
    [MemberData(nameof(ChinaHolidayNotices.Years), MemberType = typeof(ChinaHolidayNotices))]
    public void China_EveryShippedYear_IsItsNoticeDayByDay(int year)
    {
        var notice = ChinaHolidayNotices.Of(year);
        var schedule = Assert.Single(HolidaySchedule.China, s => s.Year == year);
        var first = new DateOnly(year, 1, 1);
        var differences = Enumerable.Range(0, new DateOnly(year, 12, 31).DayNumber - first.DayNumber + 1)
            .Select(first.AddDays)
            .Where(d => China.IsWorkingDay(d) != ChinaHolidayNotices.IsWorkingDay(d))
            .Select(d => $"{d:yyyy-MM-dd} ({d.DayOfWeek}): the notice says {(ChinaHolidayNotices.IsWorkingDay(d) ? "working" : "off")}")
            .ToArray();

        Assert.Empty(differences);
        Assert.Equal(notice.OffDaysInYear, schedule.Holidays);
        Assert.Equal(notice.MakeUpWorkingDays.Order(), schedule.MakeUpWorkingDays);
        Assert.StartsWith(notice.Title, schedule.Source, StringComparison.Ordinal);
        Assert.True(China.HasSchedule(year));
    }

    // The official count of working days (the year's weekdays less its statutory holidays, worked out in
    // ChinaHolidayNotices) equals the count from the transcribed days and the count from the shipped calendar.
    [Theory]
    [MemberData(nameof(ChinaHolidayNotices.Years), MemberType = typeof(ChinaHolidayNotices))]
    public void China_EveryShippedYear_HasTheOfficialNumberOfWorkingDays(int year)
    {
        var notice = ChinaHolidayNotices.Of(year);

        Assert.Equal(notice.WorkingDays, notice.CountWorkingDays());
        Assert.Equal(notice.WorkingDays, WorkingDays.Between(China, new DateOnly(year - 1, 12, 31), new DateOnly(year, 12, 31)));
    }

    [Fact]
    public void China_Shipped_IsEveryTranscribedYearAndNoOther()
    {
        var years = ChinaHolidayNotices.All.Select(n => n.Year).ToArray();

        Assert.Equal(Enumerable.Range(2020, 7), years);
        Assert.Equal(years, HolidaySchedule.China.Select(s => s.Year));
        Assert.Equal(years, China.YearsWithSchedule.Order());
        Assert.All(HolidaySchedule.China, s => Assert.Contains("gov.cn/", s.Source, StringComparison.Ordinal)); // each names the notice's address
        Assert.False(China.HasSchedule(2019));
        Assert.False(China.HasSchedule(2027)); // not published by 7 December 2026: the year without a schedule
    }

    // Every make-up working day, shipped or transcribed, is a Saturday or Sunday of its year (a weekday needs no make-up).
    [Property(MaxTest = 200)]
    public Property China_AnyMakeUpWorkingDay_IsAWeekendDayOfItsYearAndAWorkingDay()
        => Prop.ForAll(
            Gen.Elements(HolidaySchedule.China.SelectMany(s => s.MakeUpWorkingDays.Select(d => (s.Year, Day: d)))
                .Concat(ChinaHolidayNotices.All.SelectMany(n => n.MakeUpWorkingDays.Select(d => (n.Year, Day: d))))
                .ToArray()).ToArbitrary(),
            x => x.Day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday
                && x.Day.Year == x.Year
                && China.IsWorkingDay(x.Day)
                && !China.IsHoliday(x.Day));

    // Every holiday of a shipped schedule lies inside its year and is a day off.
    [Property(MaxTest = 300)]
    public Property China_AnyShippedHoliday_IsInItsYearAndADayOff()
        => Prop.ForAll(
            Gen.Elements(HolidaySchedule.China.SelectMany(s => s.Holidays.Select(d => (s.Year, Day: d))).ToArray()).ToArbitrary(),
            x => x.Day.Year == x.Year && !China.IsWorkingDay(x.Day) && China.IsHoliday(x.Day));

    // The transcription itself: every off period ends in its notice's year and lasts at most 10 days (the longest notice
    // period is 9 days, 2026's Spring Festival), so a mistyped month or year in the test data shows here.
    [Fact]
    public void ChinaHolidayNotices_EveryPeriod_IsPlausible()
        => Assert.All(
            ChinaHolidayNotices.All.SelectMany(n => n.OffPeriods.Select(p => (n.Year, p.From, p.To))),
            p => Assert.True(p.From <= p.To && p.To.DayNumber - p.From.DayNumber < 10 && p.To.Year == p.Year, $"{p.From:yyyy-MM-dd}..{p.To:yyyy-MM-dd} of {p.Year}"));

    [Theory]
    [InlineData("2020-01-31", false)] // Friday: a holiday by the Spring Festival's extension
    [InlineData("2020-02-01", false)] // Saturday: a make-up working day of the first notice, a day off once extended
    [InlineData("2020-02-03", true)]  // work resumed on Monday 3 February
    [InlineData("2020-01-19", true)]  // Sunday: make-up working day
    [InlineData("2021-02-20", true)]  // Saturday: make-up working day after the Spring Festival
    [InlineData("2022-01-29", true)]  // Saturday and Sunday before the Spring Festival, both make-up working days
    [InlineData("2022-01-30", true)]
    [InlineData("2023-01-02", false)] // Monday: New Year's Day taken with the weekend before
    [InlineData("2023-09-29", false)] // Friday: Mid-Autumn Festival, then National Day to 6 October
    [InlineData("2023-10-07", true)]
    [InlineData("2024-02-09", true)]  // Spring Festival's eve: the notice only encourages a day off
    [InlineData("2024-06-10", false)] // Monday: Dragon Boat Festival
    [InlineData("2025-01-28", false)] // Spring Festival's eve: a statutory holiday from 2025
    [InlineData("2025-05-02", false)] // 2 May: a statutory holiday from 2025
    [InlineData("2025-04-27", true)]  // Sunday: make-up working day before Labour Day
    [InlineData("2026-02-23", false)] // Monday: the ninth day of the 2026 Spring Festival
    public void China_DayOfAShippedYear_IsAsTheNoticeSays(string date, bool working)
        => Assert.Equal(working, China.IsWorkingDay(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture)));

    [Fact]
    public void Parse_ValidFile_ReadsEveryDayOfEachHoliday()
    {
        const string json = """
            {
              "year": 2027,
              "source": "A test notice",
              "note": "comments are allowed",
              "holidays": [ { "name": "New Year's Day", "from": "2027-01-01", "to": "2027-01-03" } ],
              "makeUpWorkingDays": [ "2027-01-09" ]
            }
            """;

        var schedule = HolidaySchedule.Parse(json).AsT0;

        Assert.Equal(2027, schedule.Year);
        Assert.Equal("A test notice", schedule.Source);
        Assert.Equal([new(2027, 1, 1), new(2027, 1, 2), new(2027, 1, 3)], schedule.Holidays);
        Assert.Equal([new DateOnly(2027, 1, 9)], schedule.MakeUpWorkingDays);
    }

    [Fact]
    public void Parse_FileWithEveryKindOfProblem_ListsEachWithItsPath()
    {
        const string json = """
            {
              "year": 2027,
              "holidays": [
                { "name": "New Year's Day", "from": "2027-01-01", "to": "2027-01-03" },
                { "name": "Backwards", "from": "2027-05-05", "to": "2027-05-01" },
                { "from": "2026-12-31", "to": "2026-12-31", "day": 1 },
                "2027-10-01"
              ],
              "makeUpWorkingDays": [ "2027-01-02", "2027-02-30", "2028-01-08" ],
              "makeupWorkingDays": []
            }
            """;

        var error = HolidaySchedule.Parse(json, "cn-2027.json").AsT1;
        var problems = error.Details.Select(d => d.Message).ToArray();

        Assert.Equal(CalendarErrors.Invalid, error.Code);
        Assert.Contains("cn-2027.json: $.makeupWorkingDays: is not a property of a calendar file (year, source, note, holidays, makeUpWorkingDays).", problems);
        Assert.Contains("cn-2027.json: $.source: must name where the schedule was published (the notice's title and date).", problems);
        Assert.Contains("cn-2027.json: $.holidays[1].to: 2027-05-01 is before from (2027-05-05).", problems);
        Assert.Contains("cn-2027.json: $.holidays[2].name: must be given.", problems);
        Assert.Contains("cn-2027.json: $.holidays[2].day: is not a property of a holiday (name, from, to).", problems);
        Assert.Contains("cn-2027.json: $.holidays[2]: 2026-12-31 is not in 2027.", problems);
        Assert.Contains("cn-2027.json: $.holidays[3]: must be an object with name, from and to.", problems);
        Assert.Contains("cn-2027.json: $.makeUpWorkingDays[0]: 2027-01-02 is both a holiday and a make-up working day.", problems);
        Assert.Contains("cn-2027.json: $.makeUpWorkingDays[1]: must be a date written yyyy-MM-dd.", problems);
        Assert.Contains("cn-2027.json: $.makeUpWorkingDays[2]: 2028-01-08 is not in 2027.", problems);
        Assert.Equal(10, problems.Length);
    }

    [Theory]
    [InlineData("not json", "cn.json: not JSON")]
    [InlineData("[]", "cn.json: $: must be a JSON object.")]
    [InlineData("""{ "year": "2027", "source": "s", "holidays": [], "makeUpWorkingDays": [] }""", "cn.json: $.year: must be a whole number.")]
    [InlineData("""{ "year": 0, "source": "s", "holidays": [], "makeUpWorkingDays": [] }""", "cn.json: $.year: must be from 1 to 9999 (was 0).")]
    [InlineData("""{ "year": 2027, "source": "s", "makeUpWorkingDays": [] }""", "cn.json: $.holidays: must be given (an empty array when there are none).")]
    [InlineData("""{ "year": 2027, "source": "s", "holidays": [], "makeUpWorkingDays": {} }""", "cn.json: $.makeUpWorkingDays: must be an array.")]
    [InlineData("""{ "year": 2027, "source": "s", "holidays": [], "makeUpWorkingDays": ["2027-01-09", "2027-01-09"] }""", "cn.json: $.makeUpWorkingDays[0], $.makeUpWorkingDays[1]: 2027-01-09 is given twice.")]
    [InlineData("""{ "year": 2027, "source": "s", "holidays": [ { "name": "long", "from": "2027-01-01", "to": "2027-03-01" } ], "makeUpWorkingDays": [] }""", "cn.json: $.holidays[0]: a holiday of 60 days is not plausible (at most 32).")]
    public void Parse_BrokenFile_SaysWhatAndWhere(string json, string problem)
    {
        var error = HolidaySchedule.Parse(json, "cn.json").AsT1;

        Assert.Contains(error.Details, d => d.Message.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingFile_IsOneProblemNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-calendar-{Guid.NewGuid():N}.json");

        var error = HolidaySchedule.Load(path).AsT1;

        Assert.StartsWith($"{path}: cannot be read", Assert.Single(error.Details).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithSchedules_NewYear_CountsItAndAYearGivenTwiceIsRefused()
    {
        var y2027 = HolidaySchedule.Create(2027, "test", [new(2027, 1, 1)], [new(2027, 1, 9)]).AsT0;
        var again = HolidaySchedule.Create(2027, "other", [], []).AsT0;

        var extended = China.WithSchedules([y2027]).AsT0;
        var error = China.WithSchedules([y2027, again]).AsT1;

        Assert.True(extended.HasSchedule(2027));
        Assert.False(extended.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.True(extended.IsWorkingDay(new DateOnly(2027, 1, 9)));
        Assert.Equal("The year 2027 is given twice (test; other).", Assert.Single(error.Details).Message);
    }

    [Fact]
    public void WithSchedules_AYearAlreadyScheduled_IsReplacedWhole()
    {
        // A corrected 2026 schedule with only New Year's Day: the rest of the shipped 2026 schedule is gone.
        var corrected = HolidaySchedule.Create(2026, "correction", [new(2026, 1, 1)], []).AsT0;

        var calendar = China.WithSchedules([corrected]).AsT0;

        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 1, 1)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 1, 2)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 1, 4))); // a Sunday, no longer a make-up working day
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 1, 28))); // other years untouched
    }

    [Fact]
    public void With_LocalHoliday_DoesNotMakeItsYearScheduled()
    {
        var calendar = China.With([new DateOnly(2027, 3, 15)], []).AsT0;

        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 3, 15)));
        Assert.False(calendar.HasSchedule(2027));
    }

    [Fact]
    public void WeekendsOnly_AnyYear_NeedsNoSchedule()
    {
        Assert.True(WorkingDayCalendar.WeekendsOnly.HasSchedule(1999));
        Assert.True(WorkingDayCalendar.WeekendsOnly.HasSchedule(2027));
    }

    // Any schedule written in the file format reads back as the same days, and a calendar extended with it treats every
    // holiday as a day off and every make-up day as a working day.
    [Property(MaxTest = 300)]
    public Property Parse_AnyValidSchedule_RoundTripsIntoTheCalendar()
        => Prop.ForAll(
            (from year in Gen.Choose(2027, 2100)
             from days in Gen.SubListOf(Enumerable.Range(0, 365).ToArray())
             from split in Gen.Choose(0, days.Count)
             select (Year: year, Holidays: days.Take(split).Select(d => new DateOnly(year, 1, 1).AddDays(d)).Where(d => d.Year == year).ToArray(), MakeUps: days.Skip(split).Select(d => new DateOnly(year, 1, 1).AddDays(d)).Where(d => d.Year == year).ToArray())).ToArbitrary(),
            input =>
            {
                var json = $$"""
                    { "year": {{input.Year}}, "source": "generated",
                      "holidays": [{{string.Join(", ", input.Holidays.Select(d => $$"""{ "name": "h", "from": "{{d:yyyy-MM-dd}}", "to": "{{d:yyyy-MM-dd}}" }"""))}}],
                      "makeUpWorkingDays": [{{string.Join(", ", input.MakeUps.Select(d => $"\"{d:yyyy-MM-dd}\""))}}] }
                    """;
                var schedule = HolidaySchedule.Parse(json).AsT0;
                var calendar = WorkingDayCalendar.WeekendsOnly.WithSchedules([schedule]).AsT0;
                return schedule.Holidays.SequenceEqual(input.Holidays.Order())
                    && schedule.MakeUpWorkingDays.SequenceEqual(input.MakeUps.Order())
                    && input.Holidays.All(d => !calendar.IsWorkingDay(d))
                    && input.MakeUps.All(calendar.IsWorkingDay);
            });
}
