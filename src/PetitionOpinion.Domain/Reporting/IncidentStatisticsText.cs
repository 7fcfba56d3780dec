using System.Globalization;
using System.Text;

namespace PetitionOpinion.Reporting;

/// <summary>Renders <see cref="IncidentStatistics"/> as Markdown (English or Chinese) and as CSV.</summary>
internal static class IncidentStatisticsText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Markdown(IncidentStatistics s, ReportLanguage language)
    {
        var zh = language == ReportLanguage.Chinese;
        string T(string en, string chinese) => zh ? chinese : en;
        var text = new StringBuilder();
        var asOf = s.AsOf.ToOffset(s.UtcOffset).ToString("yyyy-MM-dd HH:mm", Invariant);
        var offset = Offset(s.UtcOffset);
        text.Append(T("# Incident statistics", "# 信访舆情事件统计")).Append("\n\n");
        text.Append(zh
            ? $"统计时点 {asOf}（UTC{offset}），月份按 UTC{offset} 计。共 {Number(s.Total)} 件事件。"
            : $"As of {asOf} (UTC{offset}); months counted in UTC{offset}. {Count(s.Total, "incident")}.").Append("\n\n");

        text.Append(T("## Handling times", "## 处置时效")).Append("\n\n");
        Row(text, T("measure", "指标"), T("incidents", "件数"), T("median", "中位数"), T("90th percentile", "第 90 百分位"));
        Rule(text, 4);
        Durations(text, T("time to acknowledge (first action)", "响应用时（首次处理）"), s.TimeToAcknowledge, language);
        Durations(text, T("time to resolve (first resolution)", "处置用时（首次办结）"), s.TimeToResolve, language);
        text.Append('\n');
        if (s.ByLevel.Count > 0)
        {
            text.Append(T("### By level", "### 按等级")).Append("\n\n");
            Row(text, T("level", "等级"), T("acknowledged", "已响应"), T("acknowledge: median", "响应用时中位数"), T("acknowledge: 90th percentile", "响应用时第 90 百分位"),
                T("resolved", "已办结"), T("resolve: median", "处置用时中位数"), T("resolve: 90th percentile", "处置用时第 90 百分位"));
            Rule(text, 7);
            foreach (var level in s.ByLevel.Keys)
            {
                var a = s.TimeToAcknowledgeByLevel[level];
                var r = s.TimeToResolveByLevel[level];
                Row(text, DisplayNames.Of(level, language), Number(a.Count), Duration(a.Median, language), Duration(a.Percentile90, language),
                    Number(r.Count), Duration(r.Median, language), Duration(r.Percentile90, language));
            }

            text.Append('\n');
        }

        text.Append(T("## Targets, reopenings and repeat petitioners", "## 目标达成、重新办理与重复信访")).Append("\n\n");
        Row(text, T("measure", "指标"), T("yes", "是"), T("no", "否"), T("share", "比例"));
        Rule(text, 4);
        Share(text, T("acknowledged within target", "按时响应"), s.AcknowledgedWithinTarget);
        Share(text, T("resolved within target", "按时办结"), s.ResolvedWithinTarget);
        Share(text, T("reopened after resolution (reopen rate)", "办结后重新办理（重开率）"), s.Reopened);
        text.Append('\n');
        text.Append(zh
            ? $"重复信访人：{Number(s.Petitioners)} 名信访人中 {Number(s.RepeatPetitioners)} 名有两件及以上事件，共 {Number(s.IncidentsFromRepeatPetitioners)} 件。"
            : $"Repeat petitioners: {Number(s.RepeatPetitioners)} of {Count(s.Petitioners, "petitioner")} had more than one incident, {Count(s.IncidentsFromRepeatPetitioners, "incident")} in all.").Append("\n\n");
        text.Append(zh
            ? "未到期且尚未完成的事件不计入目标达成；已到期未完成的计为超时；不予受理的事件不计。"
            : "Incidents not yet due and not yet done are not judged against their targets; those past due count as missed; dismissed incidents are not judged.").Append("\n\n");

        Counts(text, T("## Incidents by category", "## 按风险类别"), T("category", "风险类别"), s.ByCategory.Select(p => (DisplayNames.Of(p.Key, language), p.Value)), s.Total, language);
        var levels = s.ByLevel.Select(p => (DisplayNames.Of(p.Key, language), p.Value)).ToList();
        if (s.Unassessed > 0)
        {
            levels.Add((T("not assessed", "未评估"), s.Unassessed));
        }

        Counts(text, T("## Incidents by level", "## 按等级"), T("level", "等级"), levels, s.Total, language);
        Counts(text, T("## Incidents by channel", "## 按渠道"), T("channel", "渠道"), s.ByChannel.Select(p => (DisplayNames.Of(p.Key, language), p.Value)), s.Total, language);
        Counts(text, T("## Incidents by kind", "## 按类型"), T("kind", "类型"), s.ByKind.Select(p => (DisplayNames.Of(p.Key, language), p.Value)), s.Total, language);
        Counts(text, T("## Incidents by state", "## 按状态"), T("state", "状态"), s.ByState.Select(p => (DisplayNames.Of(p.Key, language), p.Value)), s.Total, language);
        Counts(text, T("## Incidents by month reported", "## 按报告月份"), T("month", "月份"), s.ByMonth.Select(p => (p.Key.ToString("yyyy-MM", Invariant), p.Value)), s.Total, language);
        return text.ToString();
    }

    public static string Csv(IncidentStatistics s)
    {
        var csv = new StringBuilder();
        void Line(string measure, string dimension, string key, string statistic, string value)
            => csv.Append(Field(measure)).Append(',').Append(Field(dimension)).Append(',').Append(Field(key)).Append(',').Append(Field(statistic)).Append(',').Append(Field(value)).Append("\r\n");
        void Distribution(string measure, string dimension, string key, DurationStatistics d)
        {
            Line(measure, dimension, key, "count", d.Count.ToString(Invariant));
            Line(measure, dimension, key, "median_seconds", Seconds(d.Median));
            Line(measure, dimension, key, "p90_seconds", Seconds(d.Percentile90));
        }

        void Proportion(string measure, Proportion p)
        {
            Line(measure, "all", string.Empty, "yes", p.Yes.ToString(Invariant));
            Line(measure, "all", string.Empty, "no", p.No.ToString(Invariant));
            Line(measure, "all", string.Empty, "share", p.Share is { } share ? share.ToString("0.####", Invariant) : string.Empty);
        }

        Line("measure", "dimension", "key", "statistic", "value");
        Line("incidents", "all", string.Empty, "count", s.Total.ToString(Invariant));
        foreach (var (category, count) in s.ByCategory)
        {
            Line("incidents", "category", category.Value, "count", count.ToString(Invariant));
        }

        foreach (var (level, count) in s.ByLevel)
        {
            Line("incidents", "level", level.ToString(), "count", count.ToString(Invariant));
        }

        Line("incidents", "level", "unassessed", "count", s.Unassessed.ToString(Invariant));
        foreach (var (channel, count) in s.ByChannel)
        {
            Line("incidents", "channel", channel.ToString(), "count", count.ToString(Invariant));
        }

        foreach (var (kind, count) in s.ByKind)
        {
            Line("incidents", "kind", kind.ToString(), "count", count.ToString(Invariant));
        }

        foreach (var (state, count) in s.ByState)
        {
            Line("incidents", "state", state.ToString(), "count", count.ToString(Invariant));
        }

        foreach (var (month, count) in s.ByMonth)
        {
            Line("incidents", "month", month.ToString("yyyy-MM", Invariant), "count", count.ToString(Invariant));
        }

        Distribution("time_to_acknowledge", "all", string.Empty, s.TimeToAcknowledge);
        foreach (var (level, d) in s.TimeToAcknowledgeByLevel)
        {
            Distribution("time_to_acknowledge", "level", level.ToString(), d);
        }

        Distribution("time_to_resolve", "all", string.Empty, s.TimeToResolve);
        foreach (var (level, d) in s.TimeToResolveByLevel)
        {
            Distribution("time_to_resolve", "level", level.ToString(), d);
        }

        Proportion("acknowledged_within_target", s.AcknowledgedWithinTarget);
        Proportion("resolved_within_target", s.ResolvedWithinTarget);
        Proportion("reopened", s.Reopened);
        Line("petitioners", "all", string.Empty, "count", s.Petitioners.ToString(Invariant));
        Line("petitioners", "all", string.Empty, "repeat", s.RepeatPetitioners.ToString(Invariant));
        Line("petitioners", "all", string.Empty, "incidents_from_repeat", s.IncidentsFromRepeatPetitioners.ToString(Invariant));
        return csv.ToString();
    }

    /// <summary>A duration in whole seconds, rounded to the nearest (halves away from zero); empty for none.</summary>
    internal static string Seconds(TimeSpan? value)
        => value is { } v ? Math.Round(v.Ticks / (decimal)TimeSpan.TicksPerSecond, MidpointRounding.AwayFromZero).ToString(Invariant) : string.Empty;

    /// <summary>A duration for people: days and hours, hours and minutes, minutes, or seconds, rounded to the last unit shown.</summary>
    /// <remarks>Rounded first, then the unit chosen: 23 h 59 min 50 s reads "1 d", 59.7 s "1 min".</remarks>
    internal static string Duration(TimeSpan? value, ReportLanguage language)
    {
        if (value is not { } v)
        {
            return "—";
        }

        var zh = language == ReportLanguage.Chinese;
        var hours = (long)Math.Round(v.TotalHours, MidpointRounding.AwayFromZero);
        if (hours >= 24)
        {
            return zh ? $"{hours / 24}天{(hours % 24 == 0 ? string.Empty : $"{hours % 24}小时")}" : $"{hours / 24} d{(hours % 24 == 0 ? string.Empty : $" {hours % 24} h")}";
        }

        var minutes = (long)Math.Round(v.TotalMinutes, MidpointRounding.AwayFromZero);
        if (minutes >= 60)
        {
            return zh ? $"{minutes / 60}小时{(minutes % 60 == 0 ? string.Empty : $"{minutes % 60}分钟")}" : $"{minutes / 60} h{(minutes % 60 == 0 ? string.Empty : $" {minutes % 60} min")}";
        }

        var seconds = (long)Math.Round(v.TotalSeconds, MidpointRounding.AwayFromZero);
        if (seconds >= 60)
        {
            return zh ? $"{minutes}分钟" : $"{minutes} min";
        }

        return zh ? $"{seconds}秒" : $"{seconds} s";
    }

    private static void Durations(StringBuilder text, string label, DurationStatistics d, ReportLanguage language)
        => Row(text, label, Number(d.Count), Duration(d.Median, language), Duration(d.Percentile90, language));

    private static void Share(StringBuilder text, string label, Proportion p)
        => Row(text, label, Number(p.Yes), Number(p.No), Percent(p.Share));

    private static void Counts(StringBuilder text, string heading, string column, IEnumerable<(string Key, int Count)> counts, int total, ReportLanguage language)
    {
        text.Append(heading).Append("\n\n");
        Row(text, column, language == ReportLanguage.Chinese ? "件数" : "incidents", language == ReportLanguage.Chinese ? "占比" : "share");
        Rule(text, 3);
        foreach (var (key, count) in counts)
        {
            Row(text, key, Number(count), Percent(total == 0 ? null : (double)count / total));
        }

        text.Append('\n');
    }

    private static void Row(StringBuilder text, params ReadOnlySpan<string> cells)
    {
        text.Append('|');
        foreach (var cell in cells)
        {
            text.Append(' ').Append(cell.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ")).Append(" |");
        }

        text.Append('\n');
    }

    private static void Rule(StringBuilder text, int columns)
    {
        text.Append('|');
        for (var i = 0; i < columns; i++)
        {
            text.Append(i == 0 ? "---|" : "--:|");
        }

        text.Append('\n');
    }

    private static string Number(int value) => value.ToString("N0", Invariant);

    private static string Count(int value, string noun) => $"{Number(value)} {noun}{(value == 1 ? string.Empty : "s")}";

    private static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", Invariant) + "%" : "—";

    private static string Offset(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", Invariant);

    private static string Field(string value)
        => value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
