using System.Globalization;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Reporting;

/// <summary>
/// The words of a closure report that <see cref="DisplayNames"/> does not carry (statuses, support kinds, deadline names),
/// and how times and durations are written: always in the invariant culture, so that a report reads the same on every
/// machine.
/// </summary>
internal static class ReportWords
{
    public static bool IsChinese(this ReportLanguage language) => language == ReportLanguage.Chinese;

    public static string Time(DateTimeOffset at, TimeSpan offset) => at.ToOffset(offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // ASCII signs, as the readiness and statistics reports write an offset: "UTC+08:00", "UTC-05:00".
    public static string Offset(TimeSpan offset)
        => string.Create(CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}");

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A duration in days, hours and minutes, rounded up to the minute (late by a few seconds is late by a minute, never by 0).</summary>
    public static string Duration(TimeSpan span, ReportLanguage language)
    {
        var minutes = (long)Math.Ceiling(span.Duration().TotalMinutes);
        var (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
        var parts = new List<string>(3);
        if (days > 0)
        {
            parts.Add(language.IsChinese() ? $"{days} 天" : $"{days} d");
        }

        if (hours > 0)
        {
            parts.Add(language.IsChinese() ? $"{hours} 小时" : $"{hours} h");
        }

        if (rest > 0 || parts.Count == 0)
        {
            parts.Add(language.IsChinese() ? $"{rest} 分钟" : $"{rest} min");
        }

        return string.Join(" ", parts);
    }

    public static string Group(ResponseOrganization organization, GroupId group, ReportLanguage language)
        => organization.FindGroup(group) is { } found ? DisplayNames.Of(found, language) : group.Value;

    /// <summary>Names a department: the plan's departments (<see cref="Departments"/>) by their names, any other as written.</summary>
    public static string Department(string department, ReportLanguage language) => (department, language) switch
    {
        (Departments.GeneralManagement, ReportLanguage.Chinese) => "总经理办公室",
        (Departments.Marketing, ReportLanguage.Chinese) => "市场部",
        (Departments.CustomerService, ReportLanguage.Chinese) => "客服部",
        (Departments.Legal, ReportLanguage.Chinese) => "法务部",
        (Departments.PublicRelations, ReportLanguage.Chinese) => "公关部",
        (Departments.TechnicalSupport, ReportLanguage.Chinese) => "技术支持部",
        (Departments.GeneralManagement, _) => "General Management",
        (Departments.CustomerService, _) => "Customer Service",
        (Departments.PublicRelations, _) => "Public Relations",
        (Departments.TechnicalSupport, _) => "Technical Support",
        _ => department,
    };

    public static string Of(SupportKind kind, ReportLanguage language) => (kind, language) switch
    {
        (SupportKind.ItSupport, ReportLanguage.Chinese) => "IT 支持",
        (SupportKind.LegalConsultation, ReportLanguage.Chinese) => "法律咨询",
        (SupportKind.ItSupport, _) => "IT support",
        (SupportKind.LegalConsultation, _) => "legal consultation",
        _ => kind.ToString(),
    };

    public static string Of(StatementStatus status, ReportLanguage language) => (status, language) switch
    {
        (StatementStatus.Draft, ReportLanguage.Chinese) => "草稿",
        (StatementStatus.LegallyReviewed, ReportLanguage.Chinese) => "已法律审核",
        (StatementStatus.Approved, ReportLanguage.Chinese) => "已批准",
        (StatementStatus.Published, ReportLanguage.Chinese) => "已发布",
        (StatementStatus.Draft, _) => "draft",
        (StatementStatus.LegallyReviewed, _) => "legally reviewed",
        (StatementStatus.Approved, _) => "approved",
        (StatementStatus.Published, _) => "published",
        _ => status.ToString(),
    };

    public static string Of(DeadlineState state, bool metOnTime, ReportLanguage language) => (state, language) switch
    {
        (DeadlineState.Met, ReportLanguage.Chinese) => metOnTime ? "按时完成" : "逾期完成",
        (DeadlineState.Pending, ReportLanguage.Chinese) => "计时中",
        (DeadlineState.Warned, ReportLanguage.Chinese) => "已预警",
        (DeadlineState.Breached, ReportLanguage.Chinese) => "已超时",
        (DeadlineState.Paused, ReportLanguage.Chinese) => "暂停计时",
        (DeadlineState.Met, _) => metOnTime ? "met on time" : "met late",
        (DeadlineState.Pending, _) => "running",
        (DeadlineState.Warned, _) => "warned",
        (DeadlineState.Breached, _) => "breached",
        (DeadlineState.Paused, _) => "paused",
        _ => state.ToString(),
    };

    public static string Of(Monitoring.OpinionAlertKind kind, ReportLanguage language) => (kind, language) switch
    {
        (Monitoring.OpinionAlertKind.VolumeSurge, ReportLanguage.Chinese) => "声量激增",
        (Monitoring.OpinionAlertKind.NegativeSentimentSurge, ReportLanguage.Chinese) => "负面情绪激增",
        (Monitoring.OpinionAlertKind.HighReachPost, ReportLanguage.Chinese) => "高传播量帖子",
        (Monitoring.OpinionAlertKind.VolumeSurge, _) => "volume surge",
        (Monitoring.OpinionAlertKind.NegativeSentimentSurge, _) => "negative-sentiment surge",
        (Monitoring.OpinionAlertKind.HighReachPost, _) => "high-reach post",
        _ => kind.ToString(),
    };

    /// <summary>Names a deadline by its key (see docs/deadlines.md): <c>resolution-2</c> is the second resolution, <c>directive-3</c> directive D3.</summary>
    public static string Deadline(DeadlineKey key, ReportLanguage language)
    {
        var zh = language.IsChinese();
        var number = key.Number;
        return key.Kind switch
        {
            DeadlineKind.Acknowledge => zh ? "首次响应" : "acknowledgement",
            DeadlineKind.AssessmentDone => zh ? "完成评估" : "assessment",
            DeadlineKind.FirstPublicStatement => zh ? "首次公开声明" : "first public statement",
            DeadlineKind.Resolution when number == 1 => zh ? "处置完毕" : "resolution",
            DeadlineKind.Resolution => zh ? $"处置完毕（第 {number} 次）" : $"resolution #{number}",
            DeadlineKind.StatusUpdate => zh ? "进展通报" : "status update",
            DeadlineKind.AcceptanceNotice => zh ? "告知是否受理" : "acceptance notice",
            DeadlineKind.HandlingOpinion => zh ? "办理意见" : "handling opinion",
            DeadlineKind.ReviewDecision => zh ? $"复查意见 {number}" : $"review decision {number}",
            DeadlineKind.Directive => zh ? $"指令 D{number}" : $"directive D{number}",
            _ => key.ToString(),
        };
    }
}
