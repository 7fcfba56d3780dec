namespace PetitionOpinion.Incidents;

/// <summary>How likely an incident is to grow (潜在风险).</summary>
public enum PotentialRisk
{
    /// <summary>Low.</summary>
    Low = 1,

    /// <summary>Medium.</summary>
    Medium = 2,

    /// <summary>High.</summary>
    High = 3,

    /// <summary>Extreme.</summary>
    Extreme = 4,
}
