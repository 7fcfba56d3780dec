namespace PetitionOpinion.Assessment;

/// <summary>A numeric fact of <see cref="RiskFacts"/> that rules compare with a threshold (<c>docs/assessment-rules.md</c>).</summary>
public enum RiskFact
{
    /// <summary>The number of people complaining together (投诉人数); ≥ 5 is a group petition.</summary>
    Complainants = 1,

    /// <summary>Views or impressions of the topic (传播量).</summary>
    Reach = 2,

    /// <summary>The share of negative sentiment among mentions, from 0 to 1 (负面占比).</summary>
    NegativeShare = 3,

    /// <summary>The average sentiment of mentions, from −1 (all negative) to 1 (all positive). No default rule uses it.</summary>
    Sentiment = 4,

    /// <summary>Personal-data records affected, counted as people (个人信息泄露数量).</summary>
    PersonalDataRecordsAffected = 5,

    /// <summary>People injured (受伤人数).</summary>
    Injuries = 6,

    /// <summary>People who died (死亡人数).</summary>
    Deaths = 7,

    /// <summary>Earlier petitions by the same person within the last 90 days (90 天内重复信访次数); 2 means this is the third.</summary>
    PriorPetitionsWithin90Days = 8,
}

/// <summary>A yes/no fact of <see cref="RiskFacts"/> that rules test (<c>docs/assessment-rules.md</c>).</summary>
public enum RiskFlag
{
    /// <summary>Mainstream media cover it (主流媒体报道).</summary>
    MainstreamMediaCoverage = 1,

    /// <summary>It is on a national trending list (全国热搜).</summary>
    NationalTrending = 2,

    /// <summary>A regulator is involved (监管部门介入).</summary>
    RegulatorInvolved = 3,

    /// <summary>There is litigation (诉讼).</summary>
    Litigation = 4,

    /// <summary>Minors or vulnerable people are involved (涉及未成年人或弱势群体).</summary>
    MinorsOrVulnerable = 5,
}

/// <summary>The impact dimensions an incident touches (影响).</summary>
[Flags]
public enum ImpactDimensions
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>Reputation (声誉).</summary>
    Reputation = 1,

    /// <summary>Customer trust (客户信任度).</summary>
    CustomerTrust = 2,

    /// <summary>Market share (市场份额).</summary>
    MarketShare = 4,
}
