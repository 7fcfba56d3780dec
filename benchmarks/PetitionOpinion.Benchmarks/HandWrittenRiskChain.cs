using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Benchmarks;

/// <summary>The answer of <see cref="HandWrittenRiskChain"/>: the level, and the fired rules as bits by their index in <see cref="DefaultRiskRules.All"/>.</summary>
/// <param name="Level">The level.</param>
/// <param name="Fired">Bit <c>i</c> set when rule <c>i</c> of <see cref="DefaultRiskRules.All"/> fired.</param>
/// <param name="IsCategoryKnown">Whether the category is one of the four default ones (when it is not, nothing is evaluated).</param>
internal readonly record struct HandWrittenEvaluation(SeverityLevel Level, uint Fired, bool IsCategoryKnown);

/// <summary>
/// The practical limit: the 17 default rules (docs/assessment-rules.md) as the if/else chain a developer would write by hand for
/// exactly these thresholds, with the bands on one fact nested (a record at or above the highest band fires every band
/// below it too). Same semantics as <see cref="RiskRuleSet.Evaluate"/>, including the category check.
/// </summary>
internal static class HandWrittenRiskChain
{
    // Indexes in DefaultRiskRules.All.
    private const uint PersonalData100M = 1u << 0;
    private const uint PersonalData10M = 1u << 1;
    private const uint PersonalData1M = 1u << 2;
    private const uint GroupPetition = 1u << 3;
    private const uint Complainants50 = 1u << 4;
    private const uint Reach100M = 1u << 5;
    private const uint NationalTrending = 1u << 6;
    private const uint Reach10M = 1u << 7;
    private const uint MainstreamMedia = 1u << 8;
    private const uint Reach1M = 1u << 9;
    private const uint Regulator = 1u << 10;
    private const uint Litigation = 1u << 11;
    private const uint Death = 1u << 12;
    private const uint Injury = 1u << 13;
    private const uint NegativeAndWide = 1u << 14;
    private const uint MinorsOrVulnerable = 1u << 15;
    private const uint RepeatPetition = 1u << 16;

    public static HandWrittenEvaluation Evaluate(RiskFacts facts)
    {
        var category = facts.Category;
        if (category != RiskCategory.ProductQuality && category != RiskCategory.ServiceAttitude && category != RiskCategory.DataPrivacy && category != RiskCategory.SocialResponsibility)
        {
            return new(SeverityLevel.IV, 0, false);
        }

        uint fired = 0;
        var level = 4;
        var raises = 0;

        var records = facts.PersonalDataRecordsAffected;
        if (records >= 100_000_000)
        {
            fired |= PersonalData100M | PersonalData10M | PersonalData1M;
            level = 1;
        }
        else if (records >= 10_000_000)
        {
            fired |= PersonalData10M | PersonalData1M;
            level = 2;
        }
        else if (records >= 1_000_000)
        {
            fired |= PersonalData1M;
            level = 3;
        }

        var complainants = facts.Complainants;
        if (complainants >= 50)
        {
            fired |= GroupPetition | Complainants50;
            level = Math.Min(level, 2);
        }
        else if (complainants >= 5)
        {
            fired |= GroupPetition;
            level = Math.Min(level, 3);
        }

        var reach = facts.Reach;
        if (reach >= 100_000_000)
        {
            fired |= Reach100M | Reach10M | Reach1M;
            level = 1;
        }
        else if (reach >= 10_000_000)
        {
            fired |= Reach10M | Reach1M;
            level = Math.Min(level, 2);
        }
        else if (reach >= 1_000_000)
        {
            fired |= Reach1M;
            level = Math.Min(level, 3);
        }

        if (facts.NationalTrending)
        {
            fired |= NationalTrending;
            level = 1;
        }

        if (facts.MainstreamMediaCoverage)
        {
            fired |= MainstreamMedia;
            level = Math.Min(level, 2);
        }

        if (facts.RegulatorInvolved)
        {
            fired |= Regulator;
            level = Math.Min(level, 2);
        }

        if (facts.Litigation)
        {
            fired |= Litigation;
            level = Math.Min(level, 2);
        }

        if (facts.Deaths >= 1)
        {
            fired |= Death;
            level = 1;
        }

        if (facts.Injuries >= 1)
        {
            fired |= Injury;
            level = Math.Min(level, 2);
        }

        if (facts.NegativeShare >= 0.6 && reach >= 1_000_000)
        {
            fired |= NegativeAndWide;
            raises++;
        }

        if (facts.MinorsOrVulnerable)
        {
            fired |= MinorsOrVulnerable;
            raises++;
        }

        if (facts.PriorPetitionsWithin90Days >= 2)
        {
            fired |= RepeatPetition;
            raises++;
        }

        return new((SeverityLevel)Math.Max(1, level - raises), fired, true);
    }
}
