using System.Globalization;

namespace PetitionOpinion.Tests.Deadlines;

/// <summary>
/// The State Council's holiday notices for every year the library ships, transcribed here by hand from the notices
/// themselves and independently of the shipped calendar files (src/PetitionOpinion.Domain/Deadlines/Calendars), so that
/// a day typed wrong in either shows as a difference. The dates were checked against the notices and against the public
/// transcription NateScarlet/holiday-cn; the working days of each year are counted by hand below and checked against
/// the periods by <see cref="ChinaNotice.CountWorkingDays"/>.
/// </summary>
/// <remarks>
/// The count of working days follows from the holiday regulations (《全国年节及纪念日放假办法》): the notices move days
/// around but never change how many working days a year has, which is its weekdays less its statutory holidays — 11
/// until 2024, 13 from 2025 (Spring Festival's eve and 2 May added). 2020's is 2 fewer, the Spring Festival's extension.
/// </remarks>
internal static class ChinaHolidayNotices
{
    /// <summary>Gets the notices, one per shipped year, in year order.</summary>
    public static IReadOnlyList<ChinaNotice> All { get; } =
    [
        // 《国务院办公厅关于2020年部分节假日安排的通知》(2019-11-21) http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm
        // and 《国务院办公厅关于延长2020年春节假期的通知》(2020-01-26, published 2020-01-27)
        // http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm: the Spring Festival extended to Sunday 2 February,
        // work from Monday 3 February, so Saturday 1 February, a make-up working day in the first notice, is not one.
        // 262 weekdays − 11 = 251 by the first notice; − 2 more (Friday 31 January off, Saturday 1 February no longer
        // worked) = 249.
        new(2020, "《国务院办公厅关于2020年部分节假日安排的通知》",
            [
                Off("2020-01-01", "2020-01-01"), // 元旦
                Off("2020-01-24", "2020-01-30"), // 春节, as first published
                Off("2020-01-31", "2020-02-02"), // 春节, as extended
                Off("2020-04-04", "2020-04-06"), // 清明节
                Off("2020-05-01", "2020-05-05"), // 劳动节
                Off("2020-06-25", "2020-06-27"), // 端午节
                Off("2020-10-01", "2020-10-08"), // 国庆节、中秋节
            ],
            Days("2020-01-19", /* 2020-02-01 cancelled by the extension */ "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10"),
            WorkingDays: 249),

        // 《国务院办公厅关于2021年部分节假日安排的通知》(2020-11-25) http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm
        // 261 weekdays − 11 = 250.
        new(2021, "《国务院办公厅关于2021年部分节假日安排的通知》",
            [
                Off("2021-01-01", "2021-01-03"), // 元旦
                Off("2021-02-11", "2021-02-17"), // 春节
                Off("2021-04-03", "2021-04-05"), // 清明节
                Off("2021-05-01", "2021-05-05"), // 劳动节
                Off("2021-06-12", "2021-06-14"), // 端午节
                Off("2021-09-19", "2021-09-21"), // 中秋节
                Off("2021-10-01", "2021-10-07"), // 国庆节
            ],
            Days("2021-02-07", "2021-02-20", "2021-04-25", "2021-05-08", "2021-09-18", "2021-09-26", "2021-10-09"),
            WorkingDays: 250),

        // 《国务院办公厅关于2022年部分节假日安排的通知》(2021-10-25) http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm
        // 260 weekdays − 11 = 249.
        new(2022, "《国务院办公厅关于2022年部分节假日安排的通知》",
            [
                Off("2022-01-01", "2022-01-03"), // 元旦
                Off("2022-01-31", "2022-02-06"), // 春节
                Off("2022-04-03", "2022-04-05"), // 清明节
                Off("2022-04-30", "2022-05-04"), // 劳动节
                Off("2022-06-03", "2022-06-05"), // 端午节
                Off("2022-09-10", "2022-09-12"), // 中秋节
                Off("2022-10-01", "2022-10-07"), // 国庆节
            ],
            Days("2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24", "2022-05-07", "2022-10-08", "2022-10-09"),
            WorkingDays: 249),

        // 《国务院办公厅关于2023年部分节假日安排的通知》(2022-12-08) http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm
        // New Year's Day runs from Saturday 31 December 2022; that day belongs to 2022, a weekend day anyway.
        // 260 weekdays − 11 = 249.
        new(2023, "《国务院办公厅关于2023年部分节假日安排的通知》",
            [
                Off("2022-12-31", "2023-01-02"), // 元旦
                Off("2023-01-21", "2023-01-27"), // 春节
                Off("2023-04-05", "2023-04-05"), // 清明节
                Off("2023-04-29", "2023-05-03"), // 劳动节
                Off("2023-06-22", "2023-06-24"), // 端午节
                Off("2023-09-29", "2023-10-06"), // 中秋节、国庆节
            ],
            Days("2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08"),
            WorkingDays: 249),

        // 《国务院办公厅关于2024年部分节假日安排的通知》(2023-10-25) https://www.gov.cn/zhengce/content/202310/content_6911527.htm
        // Spring Festival's eve (9 February) is only encouraged as a day off, so it is a working day.
        // 262 weekdays − 11 = 251.
        new(2024, "《国务院办公厅关于2024年部分节假日安排的通知》",
            [
                Off("2024-01-01", "2024-01-01"), // 元旦
                Off("2024-02-10", "2024-02-17"), // 春节
                Off("2024-04-04", "2024-04-06"), // 清明节
                Off("2024-05-01", "2024-05-05"), // 劳动节
                Off("2024-06-10", "2024-06-10"), // 端午节
                Off("2024-09-15", "2024-09-17"), // 中秋节
                Off("2024-10-01", "2024-10-07"), // 国庆节
            ],
            Days("2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"),
            WorkingDays: 251),

        // 《国务院办公厅关于2025年部分节假日安排的通知》(2024-11-12) https://www.gov.cn/zhengce/content/202411/content_6986382.htm
        // The first year with 13 statutory holidays. 261 weekdays − 13 = 248.
        new(2025, "《国务院办公厅关于2025年部分节假日安排的通知》",
            [
                Off("2025-01-01", "2025-01-01"), // 元旦
                Off("2025-01-28", "2025-02-04"), // 春节
                Off("2025-04-04", "2025-04-06"), // 清明节
                Off("2025-05-01", "2025-05-05"), // 劳动节
                Off("2025-05-31", "2025-06-02"), // 端午节
                Off("2025-10-01", "2025-10-08"), // 国庆节、中秋节
            ],
            Days("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"),
            WorkingDays: 248),

        // 《国务院办公厅关于2026年部分节假日安排的通知》(2025-11-04) https://www.gov.cn/zhengce/content/202511/content_7047090.htm
        // 261 weekdays − 13 = 248.
        new(2026, "《国务院办公厅关于2026年部分节假日安排的通知》",
            [
                Off("2026-01-01", "2026-01-03"), // 元旦
                Off("2026-02-15", "2026-02-23"), // 春节
                Off("2026-04-04", "2026-04-06"), // 清明节
                Off("2026-05-01", "2026-05-05"), // 劳动节
                Off("2026-06-19", "2026-06-21"), // 端午节
                Off("2026-09-25", "2026-09-27"), // 中秋节
                Off("2026-10-01", "2026-10-07"), // 国庆节
            ],
            Days("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"),
            WorkingDays: 248),
    ];

    /// <summary>Gets the years transcribed, in order.</summary>
    public static TheoryData<int> Years => [.. All.Select(n => n.Year)];

    /// <summary>Gets a year's notice.</summary>
    public static ChinaNotice Of(int year) => All.Single(n => n.Year == year);

    /// <summary>Gets whether <paramref name="date"/> is a working day by the notices (a weekday not off, or a make-up working day).</summary>
    public static bool IsWorkingDay(DateOnly date)
    {
        var notices = All.Where(n => n.Year == date.Year || n.Year == date.Year + 1); // a notice may start in December before
        return notices.Any(n => n.MakeUpWorkingDays.Contains(date))
            || (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !notices.Any(n => n.OffDays.Contains(date)));
    }

    private static (DateOnly From, DateOnly To) Off(string from, string to) => (Date(from), Date(to));

    private static DateOnly[] Days(params string[] dates) => [.. dates.Select(Date)];

    private static DateOnly Date(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>One year's notice as transcribed: its off periods (放假) and make-up working days (调休上班), and the working days it leaves.</summary>
/// <param name="Year">The year the notice is for.</param>
/// <param name="Title">The notice's title.</param>
/// <param name="OffPeriods">The periods off, first and last day included, as the notice writes them.</param>
/// <param name="MakeUpWorkingDays">The weekend days worked instead.</param>
/// <param name="WorkingDays">The year's working days, counted by hand (weekdays less statutory holidays).</param>
internal sealed record ChinaNotice(int Year, string Title, IReadOnlyList<(DateOnly From, DateOnly To)> OffPeriods, IReadOnlyList<DateOnly> MakeUpWorkingDays, int WorkingDays)
{
    /// <summary>Gets every day of every off period, in order (a period may start in the year before).</summary>
    public IReadOnlyList<DateOnly> OffDays { get; } = [.. OffPeriods.SelectMany(p => Enumerable.Range(0, p.To.DayNumber - p.From.DayNumber + 1).Select(p.From.AddDays)).Order()];

    /// <summary>Gets the off days that fall in <see cref="Year"/>: what a calendar file for the year holds.</summary>
    public IReadOnlyList<DateOnly> OffDaysInYear => [.. OffDays.Where(d => d.Year == Year)];

    /// <summary>Counts the year's working days from the periods alone: weekdays not off, plus the make-up working days.</summary>
    public int CountWorkingDays()
    {
        var first = new DateOnly(Year, 1, 1);
        return Enumerable.Range(0, new DateOnly(Year, 12, 31).DayNumber - first.DayNumber + 1)
            .Select(first.AddDays)
            .Count(d => MakeUpWorkingDays.Contains(d) || (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !OffDays.Contains(d)));
    }
}
