using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Reporting;

/// <summary>
/// The display names of the domain's words in the report languages (the Chinese names are the plan's own words): what reports,
/// tables and user interfaces print instead of the code names.
/// </summary>
public static class DisplayNames
{
    /// <summary>Gets the name of a severity level, e.g. <c>I 特别重大 (红)</c> or <c>I especially major (red)</c>.</summary>
    /// <param name="level">The level.</param>
    /// <param name="language">The language.</param>
    /// <returns>The name; the code name for a value outside the enumeration.</returns>
    public static string Of(SeverityLevel level, ReportLanguage language) => (level, language) switch
    {
        (SeverityLevel.I, ReportLanguage.Chinese) => "I 特别重大 (红)",
        (SeverityLevel.II, ReportLanguage.Chinese) => "II 重大 (橙)",
        (SeverityLevel.III, ReportLanguage.Chinese) => "III 较大 (黄)",
        (SeverityLevel.IV, ReportLanguage.Chinese) => "IV 一般 (蓝)",
        (SeverityLevel.I, _) => "I especially major (red)",
        (SeverityLevel.II, _) => "II major (orange)",
        (SeverityLevel.III, _) => "III large (yellow)",
        (SeverityLevel.IV, _) => "IV general (blue)",
        _ => level.ToString(),
    };

    /// <summary>Gets the name of an incident kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="language">The language.</param>
    /// <returns>The name; the code name for a value outside the enumeration.</returns>
    public static string Of(IncidentKind kind, ReportLanguage language) => (kind, language) switch
    {
        (IncidentKind.Petition, ReportLanguage.Chinese) => "信访",
        (IncidentKind.PublicOpinion, ReportLanguage.Chinese) => "舆情",
        (IncidentKind.PetitionAndPublicOpinion, ReportLanguage.Chinese) => "信访及舆情",
        (IncidentKind.Petition, _) => "petition",
        (IncidentKind.PublicOpinion, _) => "public opinion",
        (IncidentKind.PetitionAndPublicOpinion, _) => "petition and public opinion",
        _ => kind.ToString(),
    };

    /// <summary>Gets the name of an intake channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="language">The language.</param>
    /// <returns>The name; the code name for a value outside the enumeration.</returns>
    public static string Of(IntakeChannel channel, ReportLanguage language) => language == ReportLanguage.Chinese
        ? channel switch
        {
            IntakeChannel.Hotline => "客服热线",
            IntakeChannel.OnlineService => "在线客服平台",
            IntakeChannel.SocialMedia => "社交媒体",
            IntakeChannel.FeedbackSystem => "客户反馈系统",
            IntakeChannel.OpinionMonitoring => "舆情监测",
            IntakeChannel.Letter => "来信",
            IntakeChannel.Visit => "来访",
            IntakeChannel.Email => "电子邮件",
            IntakeChannel.Media => "媒体",
            IntakeChannel.Regulator => "监管转办",
            IntakeChannel.Internal => "内部",
            _ => channel.ToString(),
        }
        : channel switch
        {
            IntakeChannel.Hotline => "hotline",
            IntakeChannel.OnlineService => "online service platform",
            IntakeChannel.SocialMedia => "social media",
            IntakeChannel.FeedbackSystem => "customer feedback system",
            IntakeChannel.OpinionMonitoring => "opinion monitoring",
            IntakeChannel.Letter => "letter",
            IntakeChannel.Visit => "visit",
            IntakeChannel.Email => "e-mail",
            IntakeChannel.Media => "media",
            IntakeChannel.Regulator => "regulator referral",
            IntakeChannel.Internal => "internal",
            _ => channel.ToString(),
        };

    /// <summary>Gets the name of a risk category; a user-defined category is shown by its value.</summary>
    /// <param name="category">The category.</param>
    /// <param name="language">The language.</param>
    /// <returns>The name.</returns>
    public static string Of(RiskCategory category, ReportLanguage language) => (category.Value, language) switch
    {
        ("ProductQuality", ReportLanguage.Chinese) => "产品质量",
        ("ServiceAttitude", ReportLanguage.Chinese) => "服务态度",
        ("DataPrivacy", ReportLanguage.Chinese) => "数据隐私",
        ("SocialResponsibility", ReportLanguage.Chinese) => "社会责任",
        ("ProductQuality", _) => "product quality",
        ("ServiceAttitude", _) => "service attitude",
        ("DataPrivacy", _) => "data privacy",
        ("SocialResponsibility", _) => "social responsibility",
        _ => category.Value,
    };

    /// <summary>Gets the name of an incident state.</summary>
    /// <param name="state">The state.</param>
    /// <param name="language">The language.</param>
    /// <returns>The name; the code name for a value outside the enumeration.</returns>
    public static string Of(IncidentState state, ReportLanguage language) => (state, language) switch
    {
        (IncidentState.Reported, ReportLanguage.Chinese) => "已报告",
        (IncidentState.Assessed, ReportLanguage.Chinese) => "已评估",
        (IncidentState.Directed, ReportLanguage.Chinese) => "已下达指令",
        (IncidentState.Responding, ReportLanguage.Chinese) => "应急处置中",
        (IncidentState.Resolved, ReportLanguage.Chinese) => "已处置",
        (IncidentState.Closed, ReportLanguage.Chinese) => "已结案",
        (IncidentState.Dismissed, ReportLanguage.Chinese) => "不予受理",
        (IncidentState.Reported, _) => "reported",
        (IncidentState.Assessed, _) => "assessed",
        (IncidentState.Directed, _) => "directed",
        (IncidentState.Responding, _) => "responding",
        (IncidentState.Resolved, _) => "resolved",
        (IncidentState.Closed, _) => "closed",
        (IncidentState.Dismissed, _) => "dismissed",
        _ => state.ToString(),
    };

    /// <summary>Gets the name of a scope of impact.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="language">The language.</param>
    /// <returns>The name; the code name for a value outside the enumeration.</returns>
    public static string Of(ImpactScope scope, ReportLanguage language) => (scope, language) switch
    {
        (ImpactScope.Individual, ReportLanguage.Chinese) => "个人",
        (ImpactScope.Group, ReportLanguage.Chinese) => "群体",
        (ImpactScope.RegionalOrIndustry, ReportLanguage.Chinese) => "区域/行业",
        (ImpactScope.PublicOrNational, ReportLanguage.Chinese) => "全网/全国",
        (ImpactScope.Individual, _) => "individual",
        (ImpactScope.Group, _) => "group",
        (ImpactScope.RegionalOrIndustry, _) => "regional or industry",
        (ImpactScope.PublicOrNational, _) => "public or national",
        _ => scope.ToString(),
    };

    /// <summary>Gets the name of a potential risk.</summary>
    /// <param name="risk">The potential risk.</param>
    /// <param name="language">The language.</param>
    /// <returns>The name; the code name for a value outside the enumeration.</returns>
    public static string Of(PotentialRisk risk, ReportLanguage language) => (risk, language) switch
    {
        (PotentialRisk.Low, ReportLanguage.Chinese) => "低",
        (PotentialRisk.Medium, ReportLanguage.Chinese) => "中",
        (PotentialRisk.High, ReportLanguage.Chinese) => "高",
        (PotentialRisk.Extreme, ReportLanguage.Chinese) => "极高",
        (PotentialRisk.Low, _) => "low",
        (PotentialRisk.Medium, _) => "medium",
        (PotentialRisk.High, _) => "high",
        (PotentialRisk.Extreme, _) => "extreme",
        _ => risk.ToString(),
    };

    /// <summary>Gets the name of a directive kind; a user-defined kind is shown by its value.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="language">The language.</param>
    /// <returns>The name.</returns>
    public static string Of(DirectiveKind kind, ReportLanguage language) => (kind.Value, language) switch
    {
        ("InformationCollection", ReportLanguage.Chinese) => "信息收集",
        ("CustomerCommunication", ReportLanguage.Chinese) => "客户沟通",
        ("OpinionMonitoring", ReportLanguage.Chinese) => "舆情监测",
        ("PublicStatement", ReportLanguage.Chinese) => "发布声明",
        ("TechnicalSupport", ReportLanguage.Chinese) => "技术支持",
        ("LegalConsultation", ReportLanguage.Chinese) => "法律咨询",
        ("InformationCollection", _) => "information collection",
        ("CustomerCommunication", _) => "customer communication",
        ("OpinionMonitoring", _) => "opinion monitoring",
        ("PublicStatement", _) => "public statement",
        ("TechnicalSupport", _) => "technical support",
        ("LegalConsultation", _) => "legal consultation",
        _ => kind.Value,
    };

    /// <summary>Gets the name of a group role.</summary>
    /// <param name="role">The role.</param>
    /// <param name="language">The language.</param>
    /// <returns>The name; the code name for a value outside the enumeration.</returns>
    public static string Of(GroupRole role, ReportLanguage language) => (role, language) switch
    {
        (GroupRole.Leader, ReportLanguage.Chinese) => "组长",
        (GroupRole.DeputyLeader, ReportLanguage.Chinese) => "副组长",
        (GroupRole.Member, ReportLanguage.Chinese) => "成员",
        (GroupRole.Leader, _) => "leader",
        (GroupRole.DeputyLeader, _) => "deputy leader",
        (GroupRole.Member, _) => "member",
        _ => role.ToString(),
    };

    /// <summary>Gets the name of a response group in a language: its <see cref="ResponseGroup.NameZh"/> or <see cref="ResponseGroup.Name"/>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="language">The language.</param>
    /// <returns>The name.</returns>
    public static string Of(ResponseGroup group, ReportLanguage language)
    {
        Guard.Against.Null(group);
        return language == ReportLanguage.Chinese ? group.NameZh : group.Name;
    }
}
