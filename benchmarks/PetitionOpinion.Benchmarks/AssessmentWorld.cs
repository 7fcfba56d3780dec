using System.Text.Json;
using System.Text.Json.Serialization;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// What the assessment benchmarks share: <see cref="FactsCount"/> varied complaint records (the same array for every
/// side), and a 50-rule configuration, as options and as the JSON an appsettings file would hold.
/// </summary>
internal static class AssessmentWorld
{
    /// <summary>The number of facts records; one benchmark invocation assesses each once.</summary>
    public const int FactsCount = 64;

    /// <summary>The configuration section the 50-rule configuration sits in.</summary>
    public const string Section = "PetitionOpinion:Assessment";

    private const int Seed = 20260402;

    private static readonly RiskCategory[] CategoryChoices = [.. DefaultRiskRules.Categories];

    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// Builds the facts: a deterministic mix of profiles — routine complaints (most of a CRM's traffic, level IV),
    /// group petitions, opinion crises, data leaks and harm, 4:2:2:1:1 — with values at, just below and above the default rules'
    /// thresholds. <see cref="CheckCoverage"/> proves that every default rule fires and every level occurs.
    /// </summary>
    /// <returns>The facts.</returns>
    public static RiskFacts[] Facts()
    {
        var random = new Random(Seed);
        var facts = new RiskFacts[FactsCount];
        for (var i = 0; i < facts.Length; i++)
        {
            // The first five records are one of each profile, so that each profile occurs whatever the draws.
            var profile = i < 5 ? i : random.Next(10) switch { < 4 => 0, < 6 => 1, < 8 => 2, < 9 => 3, _ => 4 };
            facts[i] = profile switch
            {
                0 => Routine(random),
                1 => GroupPetition(random),
                2 => OpinionCrisis(random),
                3 => DataLeak(random),
                _ => Harm(random),
            };
        }

        return facts;
    }

    /// <summary>Throws unless every default rule fires for some facts and every level I–IV occurs.</summary>
    /// <param name="facts">The facts.</param>
    public static void CheckCoverage(RiskFacts[] facts)
    {
        var rules = RiskRuleSet.Default.Rules.Count;
        var firedSomewhere = new bool[rules];
        var levels = new HashSet<SeverityLevel>();
        foreach (var item in facts)
        {
            var evaluation = RiskRuleSet.Default.Evaluate(item);
            levels.Add(evaluation.Level);
            foreach (var index in evaluation.Fired)
            {
                firedSomewhere[index] = true;
            }
        }

        var silent = Enumerable.Range(0, rules).Where(i => !firedSomewhere[i]).Select(i => RiskRuleSet.Default.Rules[i].Id).ToList();
        if (silent.Count > 0 || levels.Count != 4)
        {
            throw new InvalidOperationException($"The benchmark facts do not cover the default rules: never fired: [{string.Join(", ", silent)}]; levels: [{string.Join(", ", levels.Order())}].");
        }
    }

    /// <summary>
    /// Builds a 50-rule configuration that replaces the default rules: bands on every built-in numeric fact but
    /// sentiment and on a user-defined one (consistent: a higher threshold never gives a less severe level), built-in
    /// and user-defined flags, escalators, and rules with two conditions.
    /// </summary>
    /// <returns>The options, as <c>IConfiguration</c> would bind them.</returns>
    public static RiskAssessmentOptions FiftyRuleOptions()
    {
        List<RiskRuleOptions> rules =
        [
            // Bands on one numeric fact (30).
            Rule("complainants-3", "IV", null, Fact("Complainants", "3")),
            Rule("complainants-5", "III", "Group", Fact("Complainants", "5")),
            Rule("complainants-20", "III", "Group", Fact("Complainants", "20")),
            Rule("complainants-50", "II", "Group", Fact("Complainants", "50")),
            Rule("complainants-200", "II", "RegionalOrIndustry", Fact("Complainants", "200")),
            Rule("complainants-1000", "I", "PublicOrNational", Fact("Complainants", "1000")),
            Rule("reach-10k", "IV", null, Fact("Reach", "10000")),
            Rule("reach-100k", "IV", null, Fact("Reach", "100000")),
            Rule("reach-1m", "III", "Group", Fact("Reach", "1000000")),
            Rule("reach-5m", "III", "RegionalOrIndustry", Fact("Reach", "5000000")),
            Rule("reach-10m", "II", "RegionalOrIndustry", Fact("Reach", "10000000")),
            Rule("reach-50m", "II", "PublicOrNational", Fact("Reach", "50000000")),
            Rule("reach-100m", "I", "PublicOrNational", Fact("Reach", "100000000")),
            Rule("personal-data-1k", "IV", null, Fact("PersonalDataRecordsAffected", "1000")),
            Rule("personal-data-100k", "III", "Group", Fact("PersonalDataRecordsAffected", "100000")),
            Rule("personal-data-1m", "III", "Group", Fact("PersonalDataRecordsAffected", "1000000")),
            Rule("personal-data-10m", "II", "RegionalOrIndustry", Fact("PersonalDataRecordsAffected", "10000000")),
            Rule("personal-data-100m", "I", "PublicOrNational", Fact("PersonalDataRecordsAffected", "100000000")),
            Rule("injury", "II", null, Fact("Injuries", "1")),
            Rule("injuries-3", "II", "Group", Fact("Injuries", "3")),
            Rule("injuries-10", "I", "RegionalOrIndustry", Fact("Injuries", "10")),
            Rule("death", "I", null, Fact("Deaths", "1")),
            Rule("fifth-petition", "III", null, Fact("PriorPetitionsWithin90Days", "4")),
            Rule("very-negative", "III", null, Fact("NegativeShare", "0.8")),
            Rule("refund-1k", "IV", null, Fact("custom:refund-amount", "1000")),
            Rule("refund-10k", "III", null, Fact("custom:refund-amount", "10000")),
            Rule("refund-100k", "II", null, Fact("custom:refund-amount", "100000")),
            Rule("refund-1m", "I", null, Fact("custom:refund-amount", "1000000")),
            Rule("hospitalised", "II", "Group", Fact("custom:hospitalised", "1")),
            Rule("stores-affected-10", "III", "RegionalOrIndustry", Fact("custom:stores-affected", "10")),

            // Flags (10).
            Rule("national-trending", "I", "PublicOrNational", Flag("NationalTrending")),
            Rule("mainstream-media", "II", "RegionalOrIndustry", Flag("MainstreamMediaCoverage")),
            Rule("regulator", "II", null, Flag("RegulatorInvolved")),
            Rule("litigation", "II", null, Flag("Litigation")),
            Escalator("escalate-minors-vulnerable", Flag("MinorsOrVulnerable")),
            Escalator("escalate-vip-customer", Flag("custom:vip-customer")),
            Rule("journalist-called", "III", null, Flag("custom:journalist-called")),
            Rule("government-hotline", "II", null, Flag("custom:government-hotline")),
            Rule("class-action", "I", "PublicOrNational", Flag("custom:class-action")),
            Rule("safety-recall", "II", "RegionalOrIndustry", Flag("custom:safety-recall")),

            // Two conditions (10).
            Escalator("escalate-negative-reach", Fact("NegativeShare", "0.6"), Fact("Reach", "1000000")),
            Escalator("escalate-third-petition", Fact("PriorPetitionsWithin90Days", "2"), Fact("Complainants", "1")),
            Rule("negative-group", "II", "Group", Fact("NegativeShare", "0.5"), Fact("Complainants", "20")),
            Rule("media-and-regulator", "I", "PublicOrNational", Flag("MainstreamMediaCoverage"), Flag("RegulatorInvolved")),
            Rule("leak-and-litigation", "II", null, Fact("PersonalDataRecordsAffected", "100000"), Flag("Litigation")),
            Rule("minors-injured", "I", null, Flag("MinorsOrVulnerable"), Fact("Injuries", "1")),
            Rule("vip-wide", "III", null, Flag("custom:vip-customer"), Fact("Reach", "100000")),
            Rule("refund-in-media", "II", null, Fact("custom:refund-amount", "10000"), Flag("MainstreamMediaCoverage")),
            Rule("group-online", "III", "Group", Fact("Complainants", "10"), Fact("Reach", "500000")),
            Escalator("escalate-repeat-group", Fact("PriorPetitionsWithin90Days", "2"), Fact("Complainants", "5")),
        ];
        return new RiskAssessmentOptions
        {
            RuleSetId = "benchmark-50-rules",
            UseDefaultRules = false,
            Rules = rules,
        };
    }

    /// <summary>The 50-rule configuration as UTF-8 JSON, under <see cref="Section"/>, the way appsettings.json holds it.</summary>
    /// <returns>The JSON.</returns>
    public static byte[] FiftyRuleJson()
        => JsonSerializer.SerializeToUtf8Bytes(new { PetitionOpinion = new { Assessment = FiftyRuleOptions() } }, JsonOptions);

    private static RiskRuleOptions Rule(string id, string level, string? scope, params RiskConditionOptions[] when) => new()
    {
        Id = id,
        Description = $"Benchmark rule {id}: at least level {level}.",
        Source = "The benchmark's 50-rule configuration.",
        When = [.. when],
        Level = level,
        Scope = scope,
        Dimensions = id.Contains("data", StringComparison.Ordinal) || id.Contains("refund", StringComparison.Ordinal) ? ["CustomerTrust"] : ["Reputation", "CustomerTrust"],
    };

    private static RiskRuleOptions Escalator(string id, params RiskConditionOptions[] when) => new()
    {
        Id = id,
        Description = $"Benchmark rule {id}: one level up.",
        Source = "The benchmark's 50-rule configuration.",
        When = [.. when],
        Raise = true,
        Dimensions = ["Reputation"],
    };

    private static RiskConditionOptions Fact(string fact, string atLeast) => new() { Fact = fact, AtLeast = atLeast };

    private static RiskConditionOptions Flag(string flag) => new() { Flag = flag };

    private static RiskFacts Routine(Random random) => new()
    {
        Category = Pick(random, CategoryChoices),
        Channel = Pick(random, [IntakeChannel.Hotline, IntakeChannel.OnlineService, IntakeChannel.Letter, IntakeChannel.FeedbackSystem]),
        Complainants = Pick(random, [1L, 1, 1, 2, 3, 4]),
        Reach = Pick(random, [0L, 0, 0, 120, 4_500, 87_000]),
        NegativeShare = Pick(random, [0, 0.3, 0.55, 0.61]),
        Sentiment = Math.Round((random.NextDouble() * 2) - 1, 2),
        PriorPetitionsWithin90Days = Pick(random, [0L, 0, 0, 1, 2, 3]),
        MinorsOrVulnerable = random.Next(10) == 0,
    };

    private static RiskFacts GroupPetition(Random random) => Routine(random) with
    {
        Complainants = Pick(random, [4L, 5, 6, 12, 49, 50, 51, 120, 300]),
        Litigation = random.Next(4) == 0,
        RegulatorInvolved = random.Next(5) == 0,
    };

    private static RiskFacts OpinionCrisis(Random random) => Routine(random) with
    {
        Kind = Pick(random, [IncidentKind.PublicOpinion, IncidentKind.PetitionAndPublicOpinion]),
        Channel = Pick(random, [IntakeChannel.SocialMedia, IntakeChannel.OpinionMonitoring, IntakeChannel.Media]),
        Reach = Pick(random, [999_999L, 1_000_000, 3_500_000, 9_999_999, 10_000_000, 42_000_000, 99_999_999, 100_000_000, 250_000_000]),
        NegativeShare = Pick(random, [0.2, 0.59, 0.6, 0.75, 0.92]),
        MainstreamMediaCoverage = random.Next(3) == 0,
        NationalTrending = random.Next(6) == 0,
    };

    private static RiskFacts DataLeak(Random random) => Routine(random) with
    {
        Category = RiskCategory.DataPrivacy,
        PersonalDataRecordsAffected = Pick(random, [5_000L, 999_999, 1_000_000, 2_000_000, 9_999_999, 10_000_000, 60_000_000, 99_999_999, 100_000_000]),
        RegulatorInvolved = random.Next(3) == 0,
        Litigation = random.Next(4) == 0,
    };

    private static RiskFacts Harm(Random random) => Routine(random) with
    {
        Category = Pick(random, [RiskCategory.ProductQuality, RiskCategory.SocialResponsibility]),
        Injuries = Pick(random, [0L, 1, 1, 2, 7]),
        Deaths = Pick(random, [0L, 0, 0, 1]),
        MinorsOrVulnerable = random.Next(3) == 0,
    };

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];
}
