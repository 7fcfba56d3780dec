using System.Text;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using static PetitionOpinion.Reporting.MarkdownEscaping;

namespace PetitionOpinion.Reporting;

/// <summary>
/// Writes a <see cref="ClosureReportDocument"/> as Markdown in one language. The report's own content (summary, causes,
/// improvements, lessons) comes first, for the leading group; the facts it rests on follow, the timeline last. Every
/// user text and name is escaped (<see cref="MarkdownEscaping"/>); the words and layout are the writer's own.
/// </summary>
internal sealed class ClosureReportMarkdown
{
    private const string Dash = "—";
    private readonly ClosureReportDocument _document;
    private readonly ResponseOrganization _organization;
    private readonly ReportLanguage _language;
    private readonly bool _zh;
    private readonly StringBuilder _md = new();

    private ClosureReportMarkdown(ClosureReportDocument document, ResponseOrganization organization, ReportLanguage language)
    {
        _document = document;
        _organization = organization;
        _language = language;
        _zh = language.IsChinese();
    }

    public static string Render(ClosureReportDocument document, ResponseOrganization organization, ReportLanguage language)
        => new ClosureReportMarkdown(document, organization, language).Write();

    private string Write()
    {
        var d = _document;
        Line($"# {T("Closure report — incident", "总结报告 — 事件")} {d.IncidentId}");
        Line();
        Line(d.Status switch
        {
            ClosureReportStatus.Final => T(
                $"> **Final.** Accepted by the leading group on {When(d.Accepted)} ({Name(d.Accepted)}).",
                $"> **定稿。** 领导小组已于 {When(d.Accepted)} 接受（{Name(d.Accepted)}）。"),
            ClosureReportStatus.Submitted => T(
                $"> **Submitted — awaiting acceptance.** Submitted to the leading group on {When(d.Submitted)} by {Name(d.Submitted)}; not yet accepted.",
                $"> **已提交——待接受。** {Name(d.Submitted)}已于 {When(d.Submitted)} 提交领导小组，尚待接受。"),
            _ => T(
                "> **Draft — not yet submitted.** The closure report has not been submitted to the leading group; this document shows the incident's progress so far.",
                "> **草稿——尚未提交。** 总结报告尚未提交领导小组；本文档反映事件目前的处置进展。"),
        });
        Line();
        Overview();
        ReportContent();
        Section(T("Description", "事件描述"));
        Paragraph(Block(d.Description));
        OpinionChart();
        LevelHistory();
        Directives();
        Statements();
        Communications();
        Support();
        Deadlines();
        Timeline();
        return _md.ToString().TrimEnd('\n') + "\n";
    }

    private void Overview()
    {
        var d = _document;
        Section(T("Overview", "基本情况"));
        Field(T("Incident", "事件编号"), d.IncidentId.ToString());
        Field(T("Kind", "类型"), DisplayNames.Of(d.Kind, _language));
        if (d.NatureAdded is { } added)
        {
            // Both natures, and since when the second one runs: the deadlines of each are in the deadline section.
            Field(
                d.ReportedKind == IncidentKind.Petition ? T("Went public", "转为舆情") : T("Petitioner came forward", "信访人出面"),
                T($"{Stamp(added)} (reported as {DisplayNames.Of(d.ReportedKind, _language)})", $"{Stamp(added)}（报告时为{DisplayNames.Of(d.ReportedKind, _language)}）"));
        }
        Field(T("Risk category", "风险类别"), Inline(DisplayNames.Of(d.Category, _language)));
        Field(T("Intake channel", "渠道"), DisplayNames.Of(d.Channel, _language));
        if (d.ComplainedDepartment is { } department)
        {
            Field(T("Complaint about", "被投诉方"), T($"the {Inline(ReportWords.Department(department, _language))} department", Inline(ReportWords.Department(department, _language))));
        }
        else if (d.ComplaintAboutPerson)
        {
            Field(T("Complaint about", "被投诉方"), T("a person in the organisation (not named in this report)", "组织内人员（本报告不具名）"));
        }

        Field(T("Reported", "报告"), Stamp(d.Reported));
        Field(
            d.State == IncidentState.Closed ? T("Final level", "最终等级") : T("Current level", "当前等级"),
            d.FinalLevel is { } level ? DisplayNames.Of(level, _language) : T("not assessed", "未评估"));
        Field(T("State", "状态"), DisplayNames.Of(d.State, _language));
        if (d.DismissalReason is { } reason)
        {
            // A merge as a duplicate also ends the incident with a reason, but it is no dismissal: the timeline's sentence
            // of the merge (the last event that set the reason) names the original incident and the reason, redacted.
            var ending = d.Timeline.LastOrDefault(t => t.Event is nameof(IncidentDismissed) or nameof(IncidentMergedAsDuplicate));
            if (ending?.Event == nameof(IncidentMergedAsDuplicate))
            {
                Line($"- {Inline(ending.Text(_language))}");
            }
            else
            {
                Field(T("Dismissed", "不予受理理由"), Inline(reason));
            }
        }

        Field(T("Resolved", "处置完毕"), d.Resolved is { } resolved ? Stamp(resolved) : T("not yet", "尚未"));
        Field(T("Closed", "结案"), d.ClosedAt is { } closed ? Time(closed) : T("not yet", "尚未"));
        if (d.ReopenCount > 0)
        {
            Field(T("Reopened", "重新开启"), T($"{d.ReopenCount} time(s)", $"{d.ReopenCount} 次"));
        }

        if (d.EarlierPetitions.Count > 0)
        {
            // Ids only: the earlier incidents are the same petitioner's, whose identity the report never shows.
            var ids = string.Join(", ", d.EarlierPetitions.Select(id => id.ToString()));
            Field(T("Earlier petitions (90 days)", "90 天内此前信访"), T($"{d.EarlierPetitions.Count}: {ids}", $"{d.EarlierPetitions.Count} 件：{ids}"));
        }

        Field(T("Report submitted", "报告提交"), d.Submitted is { } submitted ? Stamp(submitted) : T("not yet submitted", "尚未提交"));
        Field(T("Report accepted", "报告接受"), d.Accepted is { } accepted ? Stamp(accepted) : T("not yet accepted", "尚未接受"));
        Field(T("Times", "时间"), T($"{ReportWords.Offset(d.UtcOffset)}", $"均为 {ReportWords.Offset(d.UtcOffset)}"));
        Line();
    }

    private void ReportContent()
    {
        var d = _document;
        var notYet = T("_Not yet submitted._", "_尚未提交。_");
        Section(T("Summary", "总结"));
        Paragraph(d.Summary is { } summary ? Block(summary) : notYet);

        Section(T("Causes", "原因分析"));
        NumberedList(d.Causes, notYet);

        Section(T("Improvements", "改进措施"));
        if (d.Improvements.Count == 0)
        {
            Paragraph(d.Summary is null ? notYet : T("None.", "无。"));
        }
        else
        {
            Table(
                [T("No.", "序号"), T("Improvement", "改进措施"), T("Owner", "责任人"), T("Due", "完成期限")],
                d.Improvements.Select((i, n) => new[] { $"{n + 1}", Inline(i.Description), Inline(i.Owner.Name), ReportWords.Date(i.DueOn) }));
        }

        Section(T("Lessons", "经验教训"));
        NumberedList(d.Lessons, d.Summary is null ? notYet : T("None.", "无。"));
    }

    // The chart recorded with the opinion alert, as an image with a data: URI (an SVG in base64): one self-contained
    // Markdown text that browsers' Markdown viewers show. GitHub drops data: images (and inline SVG) and shows the
    // alternative text: ClosureReportDocument.OpinionChartSvg gives the SVG to save beside the report.
    private void OpinionChart()
    {
        var svg = _document.OpinionChartSvg(_language);
        if (svg is null || _document.OpinionVolume is not { } volume)
        {
            return;
        }

        var hours = volume.Mentions.Count;
        var from = Time(volume.Start);
        Section(T("Opinion volume", "舆情声量"));
        Paragraph(T(
            $"Mentions per hour of topic {Inline(_document.OpinionTopic ?? string.Empty)} over the {hours} hour(s) from {from}, with the detector's baseline (the median of the same hour on the days before) and the alerts, as recorded with the alert.",
            $"话题 {Inline(_document.OpinionTopic ?? string.Empty)} 自 {from} 起 {hours} 小时的每小时提及数，以及监测器的基线（此前各日同一小时的中位数）和预警，均为预警时的记录。"));
        var alt = T("Mentions per hour with baseline and alerts", "每小时提及数、基线与预警");
        Paragraph($"![{alt}](data:image/svg+xml;base64,{Convert.ToBase64String(Encoding.UTF8.GetBytes(svg))})");
    }

    private void LevelHistory()
    {
        Section(T("Level history", "等级变化"));
        if (_document.LevelHistory.Count == 0)
        {
            Paragraph(T("Not assessed.", "未评估。"));
            return;
        }

        Table(
            [T("When", "时间"), T("By", "评估人"), T("Level", "等级"), T("Scope", "影响范围"), T("Potential risk", "潜在风险"), T("Change", "变化"), T("Reason", "理由")],
            _document.LevelHistory.Select(a => new[]
            {
                Time(a.Assessed.At),
                Inline(a.Assessed.By.Name),
                DisplayNames.Of(a.Level, _language),
                DisplayNames.Of(a.Scope, _language),
                DisplayNames.Of(a.PotentialRisk, _language),
                Change(a),
                Inline(a.Reason),
            }));
    }

    private string Change(LevelHistoryEntry a)
    {
        var change = a.PreviousLevel switch
        {
            null => T("first assessment", "首次评估"),
            { } previous when a.Level < previous => T($"raised from {previous}", $"由 {previous} 上调"),
            { } previous when a.Level > previous => T($"lowered from {previous}", $"由 {previous} 下调"),
            _ => T("unchanged", "等级不变"),
        };
        return a.Escalated ? change + T("; **escalated** to the leading group", "；**升级**上报领导小组") : change;
    }

    private void Directives()
    {
        Section(T("Directives", "处理指令"));
        if (_document.Directives.Count == 0)
        {
            Paragraph(T("None.", "无。"));
            return;
        }

        Table(
            [T("No.", "编号"), T("Kind", "类型"), T("Assigned to", "承办小组"), T("Instructions", "要求"), T("Issued", "下达"), T("Due", "期限"), T("Acknowledged", "接收"), T("Completed / cancelled", "完成/取消"), T("Result", "结果")],
            _document.Directives.Select(x => new[]
            {
                x.Id.ToString(),
                Inline(DisplayNames.Of(x.Kind, _language)),
                Inline(ReportWords.Group(_organization, x.Assignee, _language)),
                Inline(x.Instructions),
                Stamp(x.Issued),
                Time(x.DueAt),
                Stamp(x.Acknowledged),
                Stamp(x.Closed),
                Result(x),
            }));
    }

    private string Result(DirectiveEntry x)
    {
        var outcome = Inline(x.Outcome);
        return x.Status switch
        {
            DirectiveStatus.Completed when x.CompletedOnTime == true => T($"completed on time: {outcome}", $"按时完成：{outcome}"),
            DirectiveStatus.Completed when x.Closed is { } closed => T(
                $"completed **late** by {ReportWords.Duration(closed.At - x.DueAt, _language)}: {outcome}",
                $"**逾期** {ReportWords.Duration(closed.At - x.DueAt, _language)}完成：{outcome}"),
            DirectiveStatus.Completed => T($"completed: {outcome}", $"已完成：{outcome}"),
            DirectiveStatus.Cancelled => T($"cancelled: {outcome}", $"已取消：{outcome}"),
            DirectiveStatus.Acknowledged => T("open (acknowledged)", "未完成（已接收）"),
            _ => T("open (not acknowledged)", "未完成（未接收）"),
        };
    }

    private void Statements()
    {
        Section(T("Public statements", "公司声明"));
        if (_document.Statements.Count == 0)
        {
            Paragraph(T("None.", "无。"));
            return;
        }

        Table(
            [T("No.", "编号"), T("Title", "标题"), T("Status", "状态"), T("Drafted", "起草"), T("Legal review", "法律审核"), T("Approved", "批准"), T("Published", "发布"), T("Where", "发布渠道")],
            _document.Statements.Select(s => new[]
            {
                s.Id.ToString(),
                Inline(s.Title),
                ReportWords.Of(s.Status, _language),
                Stamp(s.Drafted),
                s.Reviewed is { } reviewed && Inline(s.ReviewNote) is { Length: > 0 } note ? T($"{Stamp(reviewed)}: {note}", $"{Stamp(reviewed)}：{note}") : Stamp(s.Reviewed),
                Stamp(s.Approved),
                Stamp(s.Published),
                Cell(Inline(s.Channel)),
            }));
    }

    private void Communications()
    {
        Section(T("Customer communications", "客户沟通"));
        if (_document.Communications.Count == 0)
        {
            Paragraph(T("None.", "无。"));
            return;
        }

        Table(
            [T("When", "时间"), T("By", "沟通人"), T("Channel", "渠道"), T("Summary", "沟通内容"), T("Outcome", "结果")],
            _document.Communications.Select(c => new[]
            {
                Time(c.Recorded.At), Inline(c.Recorded.By.Name), DisplayNames.Of(c.Channel, _language), Inline(c.Summary), Inline(c.Outcome),
            }));
    }

    private void Support()
    {
        Section(T("Logistics support", "后勤保障"));
        if (_document.SupportRequests.Count == 0)
        {
            Paragraph(T("None.", "无。"));
            return;
        }

        Table(
            [T("No.", "编号"), T("Kind", "类型"), T("Request", "需求"), T("Requested", "申请"), T("Fulfilled", "提供"), T("Resolution", "结果")],
            _document.SupportRequests.Select(r => new[]
            {
                r.Id.ToString(), ReportWords.Of(r.Kind, _language), Inline(r.Details), Stamp(r.Requested), Stamp(r.Fulfilled), Cell(Inline(r.Resolution)),
            }));
    }

    private void Deadlines()
    {
        if (_document.Deadlines is not { } deadlines)
        {
            return;
        }

        Section(T("Deadlines", "时限"));
        Paragraph(T(
            $"As they stand at {Time(deadlines.At)}, under the targets of level {deadlines.Level}.",
            $"截至 {Time(deadlines.At)}，按 {deadlines.Level} 级时限计算。"));
        if (deadlines.Deadlines.Count == 0)
        {
            Paragraph(T("None.", "无。"));
            return;
        }

        Table(
            [T("Deadline", "时限"), T("Owner", "责任小组"), T("Due", "期限"), T("Met", "完成时间"), T("State", "状态")],
            deadlines.Deadlines.Select(x => new[]
            {
                Inline(ReportWords.Deadline(x.Key, _language)),
                Inline(ReportWords.Group(_organization, x.Owner, _language)),
                Time(x.DueAt),
                x.MetAt is { } met ? Time(met) : Dash,
                x.State == DeadlineState.Met && !x.MetOnTime && x.MetAt is { } late
                    ? T($"met **late** by {ReportWords.Duration(late - x.DueAt, _language)}", $"**逾期** {ReportWords.Duration(late - x.DueAt, _language)}完成")
                    : x.State == DeadlineState.Breached ? $"**{ReportWords.Of(x.State, x.MetOnTime, _language)}**" : ReportWords.Of(x.State, x.MetOnTime, _language),
            }));
    }

    private void Timeline()
    {
        Section(T("Timeline", "事件经过"));
        Table(
            [T("When", "时间"), T("Who", "人员"), T("What", "事项")],
            _document.Timeline.Select(e => new[] { Time(e.At), Inline(e.Actor.Name), Inline(e.Text(_language)) }));
    }

    private string T(string english, string chinese) => _zh ? chinese : english;

    private string Time(DateTimeOffset at) => ReportWords.Time(at, _document.UtcOffset);

    private string When(ActionStamp? stamp) => stamp is null ? Dash : Time(stamp.At);

    private static string Name(ActionStamp? stamp) => stamp is null ? Dash : Inline(stamp.By.Name);

    private string Stamp(ActionStamp? stamp) => stamp is null ? Dash : T($"{Time(stamp.At)} by {Inline(stamp.By.Name)}", $"{Time(stamp.At)}，{Inline(stamp.By.Name)}");

    private static string Cell(string text) => text.Length == 0 ? Dash : text;

    private void Section(string title)
    {
        Line($"## {title}");
        Line();
    }

    private void Field(string label, string value) => Line(_zh ? $"- **{label}：** {value}" : $"- **{label}:** {value}");

    private void Paragraph(string text)
    {
        Line(text.Length == 0 ? Dash : text);
        Line();
    }

    private void NumberedList(IReadOnlyList<string> items, string whenEmpty)
    {
        if (items.Count == 0)
        {
            Paragraph(whenEmpty);
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            Line($"{i + 1}. {Cell(Inline(items[i]))}");
        }

        Line();
    }

    // Cells are escaped by the caller (the writer's own emphasis stays), an empty one shows a dash.
    private void Table(string[] headers, IEnumerable<string[]> rows)
    {
        Line($"| {string.Join(" | ", headers)} |");
        Line($"|{string.Concat(Enumerable.Repeat("---|", headers.Length))}");
        foreach (var row in rows)
        {
            Line($"| {string.Join(" | ", row.Select(Cell))} |");
        }

        Line();
    }

    private void Line(string text = "") => _md.Append(text).Append('\n');
}
