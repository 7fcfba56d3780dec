using Ardalis.GuardClauses;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Assessment;

/// <summary>
/// The response targets of a level (<c>docs/deadlines.md</c>), as durations from the report: values only (deadlines, warnings and
/// escalation on breach are the deadline engine's).
/// </summary>
/// <param name="Level">The level.</param>
/// <param name="Acknowledge">Acknowledge the report within.</param>
/// <param name="AssessmentDone">Finish the assessment within.</param>
/// <param name="FirstPublicStatement">Publish a first public statement within (public-opinion incidents); <see langword="null"/> when none is due.</param>
/// <param name="Resolution">Resolve within.</param>
/// <param name="StatusUpdateEvery">Give a status update at least this often; <see langword="null"/> when none is due.</param>
public sealed record ResponseTargets(SeverityLevel Level, TimeSpan Acknowledge, TimeSpan AssessmentDone, TimeSpan? FirstPublicStatement, TimeSpan Resolution, TimeSpan? StatusUpdateEvery)
{
    private static readonly ResponseTargets I = new(SeverityLevel.I, TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromDays(3), TimeSpan.FromHours(2));
    private static readonly ResponseTargets II = new(SeverityLevel.II, TimeSpan.FromMinutes(30), TimeSpan.FromHours(4), TimeSpan.FromHours(12), TimeSpan.FromDays(7), TimeSpan.FromHours(6));
    private static readonly ResponseTargets III = new(SeverityLevel.III, TimeSpan.FromHours(4), TimeSpan.FromDays(1), TimeSpan.FromHours(24), TimeSpan.FromDays(15), TimeSpan.FromHours(24));
    private static readonly ResponseTargets IV = new(SeverityLevel.IV, TimeSpan.FromDays(1), TimeSpan.FromDays(3), null, TimeSpan.FromDays(30), null);

    /// <summary>Gets the default targets of a level (<c>docs/deadlines.md</c>); a petition (not public opinion) has no public-statement target.</summary>
    /// <param name="level">The level.</param>
    /// <param name="kind">The incident's kind.</param>
    /// <returns>The targets.</returns>
    public static ResponseTargets For(SeverityLevel level, IncidentKind kind)
    {
        Guard.Against.EnumOutOfRange(level);
        Guard.Against.EnumOutOfRange(kind);
        var targets = level switch
        {
            SeverityLevel.I => I,
            SeverityLevel.II => II,
            SeverityLevel.III => III,
            _ => IV,
        };
        return kind == IncidentKind.Petition && targets.FirstPublicStatement is not null ? targets with { FirstPublicStatement = null } : targets;
    }
}
