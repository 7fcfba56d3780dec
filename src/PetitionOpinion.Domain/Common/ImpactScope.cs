namespace PetitionOpinion.Incidents;

/// <summary>How far an incident's impact reaches (影响范围).</summary>
public enum ImpactScope
{
    /// <summary>One person (个人).</summary>
    Individual = 1,

    /// <summary>A group of five or more people (群体).</summary>
    Group = 2,

    /// <summary>A region or an industry (区域/行业).</summary>
    RegionalOrIndustry = 3,

    /// <summary>The whole internet or the whole country (全网/全国).</summary>
    PublicOrNational = 4,
}
