namespace PetitionOpinion.Incidents;

/// <summary>
/// An assessment of an incident (事件评估): the three things the plan has it judge — severity (严重程度), scope of impact
/// (影响范围) and potential risk (潜在风险) — and the reasoning.
/// </summary>
/// <param name="Level">The severity level.</param>
/// <param name="Scope">The scope of impact.</param>
/// <param name="PotentialRisk">How likely the incident is to grow.</param>
/// <param name="Rationale">Why the assessor chose these values.</param>
/// <param name="AssessedBy">Who assessed.</param>
/// <param name="AssessedAt">When.</param>
public sealed record Assessment(
    SeverityLevel Level,
    ImpactScope Scope,
    PotentialRisk PotentialRisk,
    string Rationale,
    PersonId AssessedBy,
    DateTimeOffset AssessedAt)
{
    /// <summary>Gets the facts the assessment was made from, when the assessor gave them.</summary>
    public PetitionOpinion.Assessment.RiskFacts? Facts { get; init; }
}
