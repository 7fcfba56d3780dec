using PetitionOpinion.Incidents;
using PetitionOpinion.Reporting;

namespace PetitionOpinion.Readiness;

// The words of readiness gaps that DisplayNames does not carry: resource kinds, and incident actions as
// the phrase that follows "may" (English) or "有权" (Chinese).
internal static class ReadinessText
{
    public static string Of(ResourceKind kind, ReportLanguage language) => (kind, language) switch
    {
        (ResourceKind.MonitoringSoftware, ReportLanguage.Chinese) => "舆情监测软件",
        (ResourceKind.FeedbackSystem, ReportLanguage.Chinese) => "客户反馈系统",
        (ResourceKind.Hotline, ReportLanguage.Chinese) => "客服热线",
        (ResourceKind.OnlineServicePlatform, ReportLanguage.Chinese) => "在线客服平台",
        (ResourceKind.SocialMediaAccount, ReportLanguage.Chinese) => "社交媒体账号",
        (ResourceKind.LegalSupport, ReportLanguage.Chinese) => "法律支持",
        (ResourceKind.TrainingCourse, ReportLanguage.Chinese) => "培训课程",
        (ResourceKind.ItSupport, ReportLanguage.Chinese) => "IT 技术支持",
        (ResourceKind.Other, ReportLanguage.Chinese) => "其他资源",
        (ResourceKind.MonitoringSoftware, _) => "public-opinion monitoring software",
        (ResourceKind.FeedbackSystem, _) => "customer feedback system",
        (ResourceKind.Hotline, _) => "customer service hotline",
        (ResourceKind.OnlineServicePlatform, _) => "online customer service platform",
        (ResourceKind.SocialMediaAccount, _) => "social-media account",
        (ResourceKind.LegalSupport, _) => "legal support",
        (ResourceKind.TrainingCourse, _) => "training course",
        (ResourceKind.ItSupport, _) => "IT support",
        (ResourceKind.Other, _) => "other resource",
        _ => kind.ToString(),
    };

    public static string Of(IncidentAction action, ReportLanguage language) => language == ReportLanguage.Chinese
        ? action switch
        {
            IncidentAction.Report => "报告事件",
            IncidentAction.Assess => "评估事件",
            IncidentAction.Reassess => "重新评估事件",
            IncidentAction.IssueDirective => "下达处理指令",
            IncidentAction.AcknowledgeDirective => "确认接收指令",
            IncidentAction.CompleteDirective => "完成指令",
            IncidentAction.CancelDirective => "撤销指令",
            IncidentAction.StartResponse => "启动应急响应",
            IncidentAction.RecordCommunication => "记录客户沟通",
            IncidentAction.DraftStatement => "起草公司声明",
            IncidentAction.ReviewStatement => "对公司声明进行法律审核",
            IncidentAction.ApproveStatement => "审批公司声明",
            IncidentAction.PublishStatement => "发布公司声明",
            IncidentAction.RequestSupport => "申请后勤保障",
            IncidentAction.FulfilSupport => "提供后勤保障",
            IncidentAction.Resolve => "确认事件处置完毕",
            IncidentAction.SubmitClosureReport => "提交总结报告",
            IncidentAction.AcceptClosureReport => "审定总结报告",
            IncidentAction.Reopen => "重新启动事件处置",
            IncidentAction.RequestReview => "登记复查申请",
            IncidentAction.Dismiss => "作出不予受理决定",
            IncidentAction.MergeAsDuplicate => "合并重复事件",
            IncidentAction.PauseDeadlines => "暂停办理时限",
            IncidentAction.ResumeDeadlines => "恢复办理时限",
            IncidentAction.ExtendHandlingTime => "延长办理期限",
            IncidentAction.DecideReview => "作出复查决定",
            _ => action.ToString(),
        }
        : action switch
        {
            IncidentAction.Report => "report an incident",
            IncidentAction.Assess => "assess an incident",
            IncidentAction.Reassess => "re-assess an incident",
            IncidentAction.IssueDirective => "issue directives",
            IncidentAction.AcknowledgeDirective => "acknowledge directives",
            IncidentAction.CompleteDirective => "complete directives",
            IncidentAction.CancelDirective => "cancel directives",
            IncidentAction.StartResponse => "start the emergency response",
            IncidentAction.RecordCommunication => "record customer communications",
            IncidentAction.DraftStatement => "draft public statements",
            IncidentAction.ReviewStatement => "legally review public statements",
            IncidentAction.ApproveStatement => "approve public statements",
            IncidentAction.PublishStatement => "publish public statements",
            IncidentAction.RequestSupport => "request logistics support",
            IncidentAction.FulfilSupport => "fulfil support requests",
            IncidentAction.Resolve => "resolve incidents",
            IncidentAction.SubmitClosureReport => "submit closure reports",
            IncidentAction.AcceptClosureReport => "accept closure reports",
            IncidentAction.Reopen => "reopen incidents",
            IncidentAction.RequestReview => "record review requests",
            IncidentAction.Dismiss => "dismiss incidents",
            IncidentAction.MergeAsDuplicate => "merge duplicate incidents",
            IncidentAction.PauseDeadlines => "pause deadlines",
            IncidentAction.ResumeDeadlines => "resume deadlines",
            IncidentAction.ExtendHandlingTime => "extend the handling time",
            IncidentAction.DecideReview => "decide review requests",
            _ => action.ToString(),
        };

    // As an adjective before "incidents": "level I and II" / "I、II 级".
    public static string Levels(IReadOnlyList<SeverityLevel> levels, ReportLanguage language)
    {
        var names = levels.Select(l => l.ToString()).ToArray();
        return language == ReportLanguage.Chinese
            ? $"{string.Join("、", names)} 级"
            : names.Length == 1 ? $"level {names[0]}" : $"level {string.Join(", ", names[..^1])} and {names[^1]}";
    }

    // A display name followed by its code in brackets, unless they are the same (a user-defined category or kind); in
    // Chinese the name is quoted: data privacy (DataPrivacy) / “数据隐私”（DataPrivacy）, Logistics / “Logistics”.
    public static string WithCode(string display, string code, ReportLanguage language) => language == ReportLanguage.Chinese
        ? display == code ? $"“{display}”" : $"“{display}”（{code}）"
        : display == code ? display : $"{display} ({code})";

    // The names of resources, in the language: the Chinese name when there is one.
    public static string Names(IEnumerable<Resource> resources, ReportLanguage language)
        => string.Join(language == ReportLanguage.Chinese ? "、" : ", ", resources.Select(r => Name(r, language)));

    public static string Name(Resource resource, ReportLanguage language)
        => language == ReportLanguage.Chinese
            ? $"{resource.NameZh ?? resource.Name}（{resource.Id}）"
            : $"{resource.Name} ({resource.Id})";
}
