using PetitionOpinion.Incidents;

namespace PetitionOpinion.Assessment;

/// <summary>
/// The default rule set, each rule with its source. <c>docs/assessment-rules.md</c> lists them in
/// Chinese and English. Every threshold can be changed by defining the rules in configuration instead.
/// </summary>
public static class DefaultRiskRules
{
    /// <summary>The default rule set's id.</summary>
    public const string RuleSetId = "petition-opinion-default-2026";

    private const string DataLeakSource = "The grading of personal-information leaks in China's 2025 cybersecurity-incident reporting measures (《国家网络安全事件报告管理办法》, 2025).";
    private const string GroupSource = "The plan's scope of impact (影响范围): five or more people complaining together is a group petition (群体性信访).";
    private const string ReachSource = "Public opinion (舆情), a risk the plan names, graded by reach: 1M, 10M or 100M views, or a national trending list.";
    private const string HarmSource = "The library's default: regulator involvement, litigation or injury is at least II, a death is I.";
    private const string EscalatorSource = "The library's default: escalators raise one level, never above I.";

    /// <summary>Personal data of ≥ 100,000,000 people leaked → I (特别重大).</summary>
    public static RiskRule PersonalDataI { get; } = new(
        "personal-data-100m", "Personal data of at least 100,000,000 people leaked: level I. 个人信息泄露 ≥ 1 亿人：特别重大。", DataLeakSource,
        [RiskCondition.Numeric(RiskFact.PersonalDataRecordsAffected, 100_000_000)],
        RiskRuleEffect.AtLeast(SeverityLevel.I, ImpactScope.PublicOrNational, ImpactDimensions.CustomerTrust));

    /// <summary>Personal data of ≥ 10,000,000 people leaked → at least II (重大).</summary>
    public static RiskRule PersonalDataII { get; } = new(
        "personal-data-10m", "Personal data of at least 10,000,000 people leaked: at least level II. 个人信息泄露 ≥ 1000 万人：至少重大。", DataLeakSource,
        [RiskCondition.Numeric(RiskFact.PersonalDataRecordsAffected, 10_000_000)],
        RiskRuleEffect.AtLeast(SeverityLevel.II, ImpactScope.RegionalOrIndustry, ImpactDimensions.CustomerTrust));

    /// <summary>Personal data of ≥ 1,000,000 people leaked → at least III (较大).</summary>
    public static RiskRule PersonalDataIII { get; } = new(
        "personal-data-1m", "Personal data of at least 1,000,000 people leaked: at least level III. 个人信息泄露 ≥ 100 万人：至少较大。", DataLeakSource,
        [RiskCondition.Numeric(RiskFact.PersonalDataRecordsAffected, 1_000_000)],
        RiskRuleEffect.AtLeast(SeverityLevel.III, ImpactScope.Group, ImpactDimensions.CustomerTrust));

    /// <summary>≥ 5 complainants: a group petition, scope Group, at least III.</summary>
    public static RiskRule GroupPetition { get; } = new(
        "group-petition", "Five or more people complain together: a group petition, scope Group, at least level III. 5 人及以上联名或集体投诉：群体性信访，至少较大。", GroupSource,
        [RiskCondition.Numeric(RiskFact.Complainants, 5)],
        RiskRuleEffect.AtLeast(SeverityLevel.III, ImpactScope.Group, ImpactDimensions.CustomerTrust));

    /// <summary>≥ 50 complainants → at least II.</summary>
    public static RiskRule Complainants50 { get; } = new(
        "complainants-50", "Fifty or more people complain together: at least level II. 50 人及以上：至少重大。", GroupSource,
        [RiskCondition.Numeric(RiskFact.Complainants, 50)],
        RiskRuleEffect.AtLeast(SeverityLevel.II, ImpactScope.Group, ImpactDimensions.CustomerTrust));

    /// <summary>Reach ≥ 100,000,000 → I.</summary>
    public static RiskRule Reach100M { get; } = new(
        "reach-100m", "The topic reached at least 100,000,000 views: level I. 传播量 ≥ 1 亿：特别重大。", ReachSource,
        [RiskCondition.Numeric(RiskFact.Reach, 100_000_000)],
        RiskRuleEffect.AtLeast(SeverityLevel.I, ImpactScope.PublicOrNational, ImpactDimensions.Reputation));

    /// <summary>On a national trending list → I.</summary>
    public static RiskRule NationalTrending { get; } = new(
        "national-trending", "The topic is on a national trending list: level I. 登上全国热搜：特别重大。", ReachSource,
        [RiskCondition.Flag(RiskFlag.NationalTrending)],
        RiskRuleEffect.AtLeast(SeverityLevel.I, ImpactScope.PublicOrNational, ImpactDimensions.Reputation));

    /// <summary>Reach ≥ 10,000,000 → at least II.</summary>
    public static RiskRule Reach10M { get; } = new(
        "reach-10m", "The topic reached at least 10,000,000 views: at least level II. 传播量 ≥ 1000 万：至少重大。", ReachSource,
        [RiskCondition.Numeric(RiskFact.Reach, 10_000_000)],
        RiskRuleEffect.AtLeast(SeverityLevel.II, ImpactScope.RegionalOrIndustry, ImpactDimensions.Reputation));

    /// <summary>Mainstream media coverage → at least II.</summary>
    public static RiskRule MainstreamMedia { get; } = new(
        "mainstream-media", "Mainstream media cover it: at least level II. 主流媒体报道：至少重大。", ReachSource,
        [RiskCondition.Flag(RiskFlag.MainstreamMediaCoverage)],
        RiskRuleEffect.AtLeast(SeverityLevel.II, ImpactScope.RegionalOrIndustry, ImpactDimensions.Reputation));

    /// <summary>Reach ≥ 1,000,000 → at least III.</summary>
    public static RiskRule Reach1M { get; } = new(
        "reach-1m", "The topic reached at least 1,000,000 views: at least level III. 传播量 ≥ 100 万：至少较大。", ReachSource,
        [RiskCondition.Numeric(RiskFact.Reach, 1_000_000)],
        RiskRuleEffect.AtLeast(SeverityLevel.III, ImpactScope.Group, ImpactDimensions.Reputation));

    /// <summary>A regulator is involved → at least II.</summary>
    public static RiskRule Regulator { get; } = new(
        "regulator", "A regulator is involved: at least level II. 监管部门介入：至少重大。", HarmSource,
        [RiskCondition.Flag(RiskFlag.RegulatorInvolved)],
        RiskRuleEffect.AtLeast(SeverityLevel.II, null, ImpactDimensions.Reputation | ImpactDimensions.MarketShare));

    /// <summary>Litigation → at least II.</summary>
    public static RiskRule Litigation { get; } = new(
        "litigation", "There is litigation: at least level II. 涉及诉讼：至少重大。", HarmSource,
        [RiskCondition.Flag(RiskFlag.Litigation)],
        RiskRuleEffect.AtLeast(SeverityLevel.II, null, ImpactDimensions.Reputation));

    /// <summary>A death → I.</summary>
    public static RiskRule Death { get; } = new(
        "death", "Someone died: level I. 造成人员死亡：特别重大。", HarmSource,
        [RiskCondition.Numeric(RiskFact.Deaths, 1)],
        RiskRuleEffect.AtLeast(SeverityLevel.I, null, ImpactDimensions.Reputation | ImpactDimensions.CustomerTrust));

    /// <summary>An injury → at least II.</summary>
    public static RiskRule Injury { get; } = new(
        "injury", "Someone was injured: at least level II. 造成人员受伤：至少重大。", HarmSource,
        [RiskCondition.Numeric(RiskFact.Injuries, 1)],
        RiskRuleEffect.AtLeast(SeverityLevel.II, null, ImpactDimensions.CustomerTrust));

    /// <summary>Negative share ≥ 60 % with reach ≥ 1,000,000 → one level up.</summary>
    public static RiskRule NegativeAndWide { get; } = new(
        "escalate-negative-reach", "At least 60% of mentions are negative and the topic reached at least 1,000,000 views: one level up. 负面占比 ≥ 60% 且传播量 ≥ 100 万：升一级。", EscalatorSource,
        [RiskCondition.Numeric(RiskFact.NegativeShare, 0.6), RiskCondition.Numeric(RiskFact.Reach, 1_000_000)],
        RiskRuleEffect.RaiseOneLevel(ImpactDimensions.Reputation));

    /// <summary>Minors or vulnerable people involved → one level up.</summary>
    public static RiskRule MinorsOrVulnerable { get; } = new(
        "escalate-minors-vulnerable", "Minors or vulnerable people are involved: one level up. 涉及未成年人或弱势群体：升一级。", EscalatorSource,
        [RiskCondition.Flag(RiskFlag.MinorsOrVulnerable)],
        RiskRuleEffect.RaiseOneLevel(ImpactDimensions.Reputation));

    /// <summary>The same petitioner's third petition within 90 days → one level up.</summary>
    public static RiskRule RepeatPetition { get; } = new(
        "escalate-third-petition", "The same person's third petition within 90 days: one level up. 同一人 90 天内第三次信访：升一级。", EscalatorSource,
        [RiskCondition.Numeric(RiskFact.PriorPetitionsWithin90Days, 2)],
        RiskRuleEffect.RaiseOneLevel(ImpactDimensions.CustomerTrust));

    /// <summary>Gets every default rule, in the order <c>docs/assessment-rules.md</c> lists them.</summary>
    public static IReadOnlyList<RiskRule> All { get; } =
    [
        PersonalDataI, PersonalDataII, PersonalDataIII, GroupPetition, Complainants50, Reach100M, NationalTrending, Reach10M,
        MainstreamMedia, Reach1M, Regulator, Litigation, Death, Injury, NegativeAndWide, MinorsOrVulnerable, RepeatPetition,
    ];

    /// <summary>Gets the risk categories the default rule set knows: the seed's four.</summary>
    public static IReadOnlyList<RiskCategory> Categories { get; } =
        [RiskCategory.ProductQuality, RiskCategory.ServiceAttitude, RiskCategory.DataPrivacy, RiskCategory.SocialResponsibility];
}
