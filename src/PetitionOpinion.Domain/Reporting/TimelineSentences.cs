using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Organization;
using static PetitionOpinion.Reporting.ReportWords;

namespace PetitionOpinion.Reporting;

/// <summary>
/// Tells each <see cref="IncidentEvent"/> as a sentence in English and in Chinese for a closure report's timeline. Every
/// free text an event carries goes through <see cref="Confidentiality.Redact"/>; the petitioner's details and the person
/// complained about are never told (<see cref="IncidentReported"/> names the channel, kind and category only).
/// </summary>
internal sealed class TimelineSentences(ResponseOrganization organization, PetitionerDetails? petitioner, TimeSpan offset)
{
    private const ReportLanguage En = ReportLanguage.English;
    private const ReportLanguage Zh = ReportLanguage.Chinese;

    /// <summary>
    /// Tells an event in both languages; <see langword="null"/> for an event type this class does not know, so that a new
    /// event type without sentences fails a test instead of slipping into a generic text.
    /// </summary>
    public (string English, string Chinese)? Describe(IncidentEvent e) => e switch
    {
        IncidentReported r => (
            $"Reported via {Of(r.Channel, En)}: {Of(r.Kind, En)}, {Of(r.Category, En)}.",
            $"经{Of(r.Channel, Zh)}报告：{Of(r.Kind, Zh)}，{Of(r.Category, Zh)}。"),
        IncidentAssessed { PreviousLevel: { } previous } a => (
            $"Re-assessed: level {Of(previous, En)} → {Of(a.Level, En)}, scope {Of(a.Scope, En)}, potential risk {Of(a.PotentialRisk, En)}.",
            $"重新评估：等级 {Of(previous, Zh)} → {Of(a.Level, Zh)}，影响范围为{Of(a.Scope, Zh)}，潜在风险为{Of(a.PotentialRisk, Zh)}。"),
        IncidentAssessed a => (
            $"Assessed: level {Of(a.Level, En)}, scope {Of(a.Scope, En)}, potential risk {Of(a.PotentialRisk, En)}.",
            $"评估：等级 {Of(a.Level, Zh)}，影响范围为{Of(a.Scope, Zh)}，潜在风险为{Of(a.PotentialRisk, Zh)}。"),
        IncidentEscalated x => (
            $"Escalated to level {Of(x.ToLevel, En)}: the leading group is told.",
            $"升级至 {Of(x.ToLevel, Zh)}：上报领导小组。"),
        DirectiveIssued d => (
            $"Directive {d.Directive} ({Of(d.Kind, En)}) issued to the {Group(organization, d.Assignee, En)}, due {Time(d.DueAt, offset)}: {Redact(d.Instructions)}",
            $"向{Group(organization, d.Assignee, Zh)}下达指令 {d.Directive}（{Of(d.Kind, Zh)}），期限 {Time(d.DueAt, offset)}：{Redact(d.Instructions)}"),
        DirectiveAcknowledged d => (
            $"Directive {d.Directive} acknowledged.",
            $"指令 {d.Directive} 已接收。"),
        DirectiveCompleted d => (
            $"Directive {d.Directive} completed: {Redact(d.Outcome)}",
            $"指令 {d.Directive} 已完成：{Redact(d.Outcome)}"),
        DirectiveCancelled d => (
            $"Directive {d.Directive} cancelled: {Redact(d.Reason)}",
            $"指令 {d.Directive} 已取消：{Redact(d.Reason)}"),
        ResponseStarted => (
            "Emergency response started.",
            "启动应急响应。"),
        CustomerCommunicationRecorded c => (
            $"Customer contacted by {Of(c.Channel, En)}: {Redact(c.Summary)} Outcome: {Redact(c.Outcome)}",
            $"通过{Of(c.Channel, Zh)}与客户沟通：{Redact(c.Summary)} 结果：{Redact(c.Outcome)}"),
        StatementDrafted s => (
            $"Statement {s.Statement} drafted: “{Redact(s.Title)}”.",
            $"起草声明 {s.Statement}：“{Redact(s.Title)}”。"),
        StatementLegallyReviewed s when string.IsNullOrEmpty(s.Reason) => (
            $"Statement {s.Statement} legally reviewed.",
            $"声明 {s.Statement} 通过法律审核。"),
        StatementLegallyReviewed s => (
            $"Statement {s.Statement} legally reviewed: {Redact(s.Reason)}",
            $"声明 {s.Statement} 通过法律审核：{Redact(s.Reason)}"),
        StatementApproved s => (
            $"Statement {s.Statement} approved.",
            $"声明 {s.Statement} 已批准。"),
        StatementPublished s => (
            $"Statement {s.Statement} published on {Redact(s.Channel)}.",
            $"声明 {s.Statement} 已发布于{Redact(s.Channel)}。"),
        SupportRequested r => (
            $"Support {r.Request} requested ({Of(r.Kind, En)}): {Redact(r.Details)}",
            $"申请后勤保障 {r.Request}（{Of(r.Kind, Zh)}）：{Redact(r.Details)}"),
        SupportFulfilled r => (
            $"Support {r.Request} fulfilled: {Redact(r.Resolution)}",
            $"后勤保障 {r.Request} 已提供：{Redact(r.Resolution)}"),
        IncidentResolved r => (
            $"Resolved: {Redact(r.Summary)}",
            $"处置完毕：{Redact(r.Summary)}"),
        ClosureReportSubmitted r => (
            $"Closure report submitted to the leading group: {r.Report.Causes.Count} cause(s), {r.Report.Improvements.Count} improvement(s), {r.Report.Lessons.Count} lesson(s).",
            $"向领导小组提交总结报告：原因 {r.Report.Causes.Count} 项，改进措施 {r.Report.Improvements.Count} 项，经验教训 {r.Report.Lessons.Count} 项。"),
        ClosureReportAccepted => (
            "Closure report accepted by the leading group; the incident is closed.",
            "领导小组接受总结报告，事件结案。"),
        IncidentReopened o => (
            $"Reopened: {Redact(o.Reason)}",
            $"重新开启：{Redact(o.Reason)}"),
        ReviewRequested r => (
            $"The petitioner asked for a review: {Redact(r.Grounds)}",
            $"信访人申请复查：{Redact(r.Grounds)}"),
        ReviewDecided { Upheld: true } r => (
            $"Review decided: the outcome stands. {Redact(r.Decision)}",
            $"复查决定：维持原处理意见。{Redact(r.Decision)}"),
        ReviewDecided r => (
            $"Review decided in the petitioner's favour. {Redact(r.Decision)}",
            $"复查决定：支持信访人的请求。{Redact(r.Decision)}"),
        IncidentDismissed d => (
            $"Dismissed: {Redact(d.Reason)}",
            $"不予受理：{Redact(d.Reason)}"),
        IncidentMergedAsDuplicate m => (
            $"Merged as a duplicate of incident {m.Original}: {Redact(m.Reason)}",
            $"作为事件 {m.Original} 的重复件合并：{Redact(m.Reason)}"),
        DuplicateLinked l => (
            $"Incident {l.Duplicate} merged into this one as a duplicate.",
            $"事件 {l.Duplicate} 作为重复件并入本事件。"),
        DeadlinesPaused p => (
            $"Deadlines paused: {Redact(p.Reason)}",
            $"期限暂停计时：{Redact(p.Reason)}"),
        DeadlinesResumed => (
            "Deadlines resumed.",
            "期限恢复计时。"),
        HandlingTimeExtended x => (
            $"Handling time extended by {x.Days} day(s): {Redact(x.Reason)}",
            $"办理期限延长 {x.Days} 天：{Redact(x.Reason)}"),
        DeadlineAlertRaised { Alert: DeadlineAlertKind.Warning } a => (
            $"Deadline warning: {Deadline(a.Deadline, En)} at {a.Percent}% of its time (due {Time(a.DueAt, offset)}).{LateNote(a, En)}",
            $"期限预警：{Deadline(a.Deadline, Zh)}，已用时 {a.Percent}%（期限 {Time(a.DueAt, offset)}）。{LateNote(a, Zh)}"),
        DeadlineAlertRaised { Alert: DeadlineAlertKind.Breach } a => (
            $"Deadline breached: {Deadline(a.Deadline, En)} (due {Time(a.DueAt, offset)}); the owner group's leader is told.{LateNote(a, En)}",
            $"期限超时：{Deadline(a.Deadline, Zh)}（期限 {Time(a.DueAt, offset)}），通报责任小组组长。{LateNote(a, Zh)}"),
        DeadlineAlertRaised a => (
            $"Deadline escalated: {Deadline(a.Deadline, En)} still not met at {a.Percent}% of its time (due {Time(a.DueAt, offset)}); the leading group is told.{LateNote(a, En)}",
            $"期限超时升级：{Deadline(a.Deadline, Zh)}，用时 {a.Percent}% 仍未完成（期限 {Time(a.DueAt, offset)}），上报领导小组。{LateNote(a, Zh)}"),
        OpinionAlertRecorded o => (
            $"Opinion alert on “{Redact(o.Topic)}”: {Of(o.Kind, En)}, observed {Number(o.Observed)} against a baseline of {Number(o.Baseline)} (×{Number(o.Factor)}); {Number(o.Mentions)} mention(s), {Number(o.NegativeMentions)} negative, reach {Number(o.Reach)}.",
            $"舆情预警“{Redact(o.Topic)}”：{Of(o.Kind, Zh)}，观测值 {Number(o.Observed)}，基线 {Number(o.Baseline)}（×{Number(o.Factor)}）；提及 {Number(o.Mentions)} 条，其中负面 {Number(o.NegativeMentions)} 条，传播量 {Number(o.Reach)}。"),
        IncidentNatureAdded { Nature: IncidentKind.PublicOpinion } n => (
            $"The petition went public: it is now also a public-opinion event, and the opinion monitoring group joins the response. {Redact(n.Reason)}",
            $"信访事件转为舆情：同时按舆情事件处置，舆情监测小组参与应对。{Redact(n.Reason)}"),
        IncidentNatureAdded n => (
            $"A petitioner came forward: the public-opinion event is now also a petition. {Redact(n.Reason)}",
            $"信访人出面：舆情事件同时按信访事件处理。{Redact(n.Reason)}"),
        _ => null,
    };

    // A late alert (a scan that came late) says when its point was reached.
    private string LateNote(DeadlineAlertRaised a, ReportLanguage language) => (a.Late, a.ReachedAt, language) switch
    {
        (false, _, _) => string.Empty,
        (true, { } reached, ReportLanguage.Chinese) => $"（延迟记录：该节点已于 {Time(reached, offset)} 到达。）",
        (true, { } reached, _) => $" Recorded late: the point was reached {Time(reached, offset)}.",
        (true, null, ReportLanguage.Chinese) => "（延迟记录。）",
        _ => " Recorded late.",
    };

    private static string Of(IntakeChannel channel, ReportLanguage language) => DisplayNames.Of(channel, language);

    private static string Of(IncidentKind kind, ReportLanguage language) => DisplayNames.Of(kind, language);

    private static string Of(RiskCategory category, ReportLanguage language) => DisplayNames.Of(category, language);

    private static string Of(SeverityLevel level, ReportLanguage language) => DisplayNames.Of(level, language);

    private static string Of(ImpactScope scope, ReportLanguage language) => DisplayNames.Of(scope, language);

    private static string Of(PotentialRisk risk, ReportLanguage language) => DisplayNames.Of(risk, language);

    private static string Of(DirectiveKind kind, ReportLanguage language) => DisplayNames.Of(kind, language);

    private static string Of(SupportKind kind, ReportLanguage language) => ReportWords.Of(kind, language);

    private static string Of(Monitoring.OpinionAlertKind kind, ReportLanguage language) => ReportWords.Of(kind, language);

    // Reason-carrying events declare it on the base record as nullable; the lifecycle always records one.
    private string Redact(string? text) => Confidentiality.Redact(text ?? string.Empty, petitioner);
}
