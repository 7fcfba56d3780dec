using System.Globalization;
using System.Text;
using PetitionOpinion.Reporting;

namespace PetitionOpinion.Readiness;

/// <summary>
/// The answer to "is the plan staffed and equipped?" (<c>docs/readiness.md</c>) on a given day: every gap, errors first. Made by
/// <see cref="ReadinessChecker"/>; renders to Markdown in English and Chinese.
/// </summary>
public sealed class ReadinessReport
{
    internal ReadinessReport(DateTimeOffset asOf, IReadOnlyList<ReadinessGap> gaps, int peopleToTrain, int resourceCount)
    {
        AsOf = asOf;
        Gaps = gaps;
        ErrorCount = gaps.Count(g => g.Severity == GapSeverity.Error);
        WarningCount = gaps.Count - ErrorCount;
        PeopleToTrain = peopleToTrain;
        ResourceCount = resourceCount;
    }

    /// <summary>Gets the instant the report describes, in the organisation's UTC offset; training is judged on its date.</summary>
    public DateTimeOffset AsOf { get; }

    /// <summary>Gets the day training is judged on: <see cref="AsOf"/>'s date.</summary>
    public DateOnly AsOfDate => DateOnly.FromDateTime(AsOf.DateTime);

    /// <summary>Gets every gap, ordered by severity (errors first), then code, then subject.</summary>
    public IReadOnlyList<ReadinessGap> Gaps { get; }

    /// <summary>Gets a value indicating whether the plan is ready: no gap is an error (warnings may remain).</summary>
    public bool IsReady => ErrorCount == 0;

    /// <summary>Gets how many gaps are errors.</summary>
    public int ErrorCount { get; }

    /// <summary>Gets how many gaps are warnings.</summary>
    public int WarningCount { get; }

    /// <summary>Gets how many people must be trained: everyone who holds a position.</summary>
    public int PeopleToTrain { get; }

    /// <summary>Gets how many resources the catalogue has.</summary>
    public int ResourceCount { get; }

    /// <summary>Renders the report as Markdown: a heading, the verdict with the counts, and a table of the gaps.</summary>
    /// <param name="language">The language.</param>
    /// <returns>The Markdown text, lines ending in <c>\n</c>.</returns>
    public string ToMarkdown(ReportLanguage language)
    {
        var zh = language == ReportLanguage.Chinese;
        var text = new StringBuilder();
        var offset = AsOf.Offset;
        var utc = string.Create(CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}");
        var when = AsOf.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        text.Append(zh ? "# 应急准备情况报告\n\n" : "# Readiness report\n\n");
        text.Append(zh
            ? string.Create(CultureInfo.InvariantCulture, $"截至 {when}（{utc}）。资源 {ResourceCount} 项，应参加培训人员 {PeopleToTrain} 人。\n\n")
            : string.Create(CultureInfo.InvariantCulture, $"As of {when} ({utc}). {ResourceCount} resource(s); {PeopleToTrain} people to train.\n\n"));
        text.Append(zh
            ? string.Create(CultureInfo.InvariantCulture, $"**{(IsReady ? "已就绪" : "未就绪")}**：错误 {ErrorCount} 项，警告 {WarningCount} 项。\n")
            : string.Create(CultureInfo.InvariantCulture, $"**{(IsReady ? "Ready" : "Not ready")}**: {ErrorCount} error(s), {WarningCount} warning(s).\n"));
        if (Gaps.Count == 0)
        {
            return text.Append(zh ? "\n未发现问题。\n" : "\nNo gaps found.\n").ToString();
        }

        text.Append(zh ? "\n| 序号 | 级别 | 代码 | 对象 | 问题 |\n|---|---|---|---|---|\n" : "\n| # | severity | code | about | gap |\n|---|---|---|---|---|\n");
        for (var i = 0; i < Gaps.Count; i++)
        {
            var gap = Gaps[i];
            var severity = (gap.Severity, zh) switch
            {
                (GapSeverity.Error, true) => "错误",
                (GapSeverity.Error, false) => "error",
                (_, true) => "警告",
                _ => "warning",
            };
            text.Append(CultureInfo.InvariantCulture, $"| {i + 1} | {severity} | `{gap.Code}` | {SubjectName(gap.Subject.Kind, zh)} {SubjectId(gap.Subject.Id)} | {MarkdownEscaping.Inline(gap.Text(language))} |\n");
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Readiness as of {AsOf:O}: {(IsReady ? "ready" : "not ready")}, {ErrorCount} error(s), {WarningCount} warning(s).");

    private static string SubjectName(GapSubjectKind kind, bool zh) => (kind, zh) switch
    {
        (GapSubjectKind.Position, true) => "职位",
        (GapSubjectKind.Action, true) => "操作",
        (GapSubjectKind.ResourceKind, true) => "资源类型",
        (GapSubjectKind.Resource, true) => "资源",
        (GapSubjectKind.DirectiveKind, true) => "指令类型",
        (GapSubjectKind.Person, true) => "人员",
        (GapSubjectKind.RiskCategory, true) => "风险类别",
        (GapSubjectKind.Position, false) => "position",
        (GapSubjectKind.Action, false) => "action",
        (GapSubjectKind.ResourceKind, false) => "resource kind",
        (GapSubjectKind.Resource, false) => "resource",
        (GapSubjectKind.DirectiveKind, false) => "directive kind",
        (GapSubjectKind.Person, false) => "person",
        (GapSubjectKind.RiskCategory, false) => "risk category",
        _ => kind.ToString(),
    };

    // A subject's id as code: the checker's ids are identifiers and enum names, which hold nothing a code span or a table
    // row would read as Markdown (and a code span keeps a backslash escape as written); any other text is escaped as text.
    private static string SubjectId(string id) => IdentifierRules.Explain(id) is null ? $"`{id}`" : MarkdownEscaping.Inline(id);
}
