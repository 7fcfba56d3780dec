using FsCheck.Xunit;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Assessment;

/// <summary>
/// What holds for every facts and every valid rule set (docs/assessment-rules.md, issue 4): more harm never lowers the level; the same
/// facts give the same result; the fired rules alone reproduce the level; the compiled form decides as the rules do.
/// </summary>
public sealed class RiskRuleSetProperties
{
    private const int DefaultCases = 1_000;
    private const int RandomCases = 300;

    [Property(MaxTest = DefaultCases, Arbitrary = new[] { typeof(AssessmentArbitraries) })]
    public void Evaluate_DefaultRules_RaisingAnyFactOrSettingAnyFlagNeverLowersTheLevel(DefaultRulesCase c)
        => AssertMonotonic(RiskRuleSet.Default, c.Facts, c.Higher);

    [Property(MaxTest = RandomCases, Arbitrary = new[] { typeof(AssessmentArbitraries) })]
    public void Evaluate_RandomValidRules_RaisingAnyFactOrSettingAnyFlagNeverLowersTheLevel(RandomRulesCase c)
        => AssertMonotonic(c.RuleSet, c.Facts, c.Higher);

    [Property(MaxTest = DefaultCases, Arbitrary = new[] { typeof(AssessmentArbitraries) })]
    public void EvaluateAndAssess_DefaultRules_AreDeterministicAndAgree(DefaultRulesCase c)
        => AssertDeterministic(RiskRuleSet.Default, c.Facts);

    [Property(MaxTest = RandomCases, Arbitrary = new[] { typeof(AssessmentArbitraries) })]
    public void EvaluateAndAssess_RandomValidRules_AreDeterministicAndAgree(RandomRulesCase c)
        => AssertDeterministic(c.RuleSet, c.Facts);

    [Property(MaxTest = DefaultCases, Arbitrary = new[] { typeof(AssessmentArbitraries) })]
    public void LevelOf_DefaultRules_TheFiredRulesAloneReproduceTheLevel(DefaultRulesCase c)
        => AssertFiredRulesReproduceTheLevel(RiskRuleSet.Default, c.Facts);

    [Property(MaxTest = RandomCases, Arbitrary = new[] { typeof(AssessmentArbitraries) })]
    public void LevelOf_RandomValidRules_TheFiredRulesAloneReproduceTheLevel(RandomRulesCase c)
        => AssertFiredRulesReproduceTheLevel(c.RuleSet, c.Facts);

    // Raises each numeric fact in turn (to the other facts' value when higher, else one step), sets each flag in turn,
    // raises each user-defined number and sets each user-defined flag, then all at once: the level number never grows,
    // and every rule that fired still fires (every condition is "at least" or "set").
    private static void AssertMonotonic(RiskRuleSet set, RiskFacts facts, RiskFacts higher)
    {
        var before = set.Evaluate(facts);
        var all = facts;
        foreach (var fact in Enum.GetValues<RiskFact>())
        {
            var raised = Raise(facts, fact, higher);
            AssertNotLower(set, before, raised, $"raising {fact} from {facts.Get(fact)} to {raised.Get(fact)}");
            all = Raise(all, fact, higher);
        }

        foreach (var flag in Enum.GetValues<RiskFlag>())
        {
            AssertNotLower(set, before, Set(facts, flag), $"setting {flag}");
            all = Set(all, flag);
        }

        foreach (var key in AssessmentArbitraries.CustomNumberKeys)
        {
            var old = facts.GetNumber(key);
            var value = higher.GetNumber(key) > old ? higher.GetNumber(key) : old + 1;
            AssertNotLower(set, before, WithNumber(facts, key, value), $"raising custom:{key} from {old} to {value}");
            all = WithNumber(all, key, value);
        }

        foreach (var key in AssessmentArbitraries.CustomFlagKeys)
        {
            AssertNotLower(set, before, facts with { Flags = new HashSet<string>(facts.Flags, StringComparer.Ordinal) { key } }, $"setting custom:{key}");
            all = all with { Flags = new HashSet<string>(all.Flags, StringComparer.Ordinal) { key } };
        }

        AssertNotLower(set, before, all, $"raising everything: {AssessmentArbitraries.Describe(all)}");
    }

    private static void AssertNotLower(RiskRuleSet set, RiskEvaluation before, RiskFacts raised, string what)
    {
        var after = set.Evaluate(raised);
        Assert.True((int)after.Level <= (int)before.Level, $"{what} lowered the level from {before.Level} to {after.Level}.");
        foreach (var index in before.Fired)
        {
            Assert.True(after.Fired.Contains(index), $"{what} turned rule {set.Rules[index].Id} off.");
        }
    }

    private static void AssertDeterministic(RiskRuleSet set, RiskFacts facts)
    {
        var first = set.Evaluate(facts);
        var second = set.Evaluate(facts);
        var copy = set.Evaluate(facts with { });
        Assert.Equal(first, second);
        Assert.Equal(first, copy);
        Assert.True(first.IsCategoryKnown);

        var assessed = set.Assess(facts).AsT0;
        var again = set.Assess(facts).AsT0;
        Assert.Equal(Explain(assessed), Explain(again));
        Assert.Equal(first.Level, assessed.Level);
        Assert.Equal(Ids(set, first.Fired), assessed.FiredRules.Select(r => r.Id));
        Assert.Equal(set.Id, assessed.RuleSetId);
        Assert.Equal(set.ContentHash, assessed.RuleSetHash);
    }

    private static void AssertFiredRulesReproduceTheLevel(RiskRuleSet set, RiskFacts facts)
    {
        var evaluation = set.Evaluate(facts);
        var fired = Indexes(evaluation.Fired);

        // The compiled form fires exactly the rules that hold by their own logic.
        var byTheRules = Enumerable.Range(0, set.Rules.Count).Where(i => set.Rules[i].Fires(facts)).ToList();
        Assert.Equal(byTheRules, fired);
        Assert.Equal(fired.Count, evaluation.Fired.Count);

        var effects = fired.Select(i => set.Rules[i].Effect).ToList();
        Assert.Equal(evaluation.Level, RiskRuleSet.LevelOf(effects));
        Assert.Equal(evaluation.Level, ExpectedLevel(effects));
    }

    // docs/assessment-rules.md, written independently: the most severe minimum level (IV when none), one step up per escalator, never above I.
    private static SeverityLevel ExpectedLevel(IReadOnlyList<RiskRuleEffect> effects)
    {
        var levels = effects.Where(e => e.MinimumLevel is not null).Select(e => (int)e.MinimumLevel!.Value).DefaultIfEmpty(4);
        return (SeverityLevel)Math.Max(1, levels.Min() - effects.Count(e => e.RaisesOneLevel));
    }

    internal static List<int> Indexes(FiredRules fired)
    {
        var indexes = new List<int>();
        foreach (var index in fired)
        {
            indexes.Add(index);
        }

        return indexes;
    }

    internal static List<string> Ids(RiskRuleSet set, FiredRules fired) => [.. Indexes(fired).Select(i => set.Rules[i].Id)];

    internal static string Explain(RiskAssessment a)
        => string.Join(
            "\n",
            a.Level, a.Scope, a.PotentialRisk, a.Dimensions, a.Targets, a.RuleSetId, a.RuleSetHash, a.Rationale,
            string.Join(",", a.GroupsToActivate),
            string.Join(";", a.FiredRules.Select(r => $"{r.Id}|{r.Description}|{r.Source}|{r.Effect}|{string.Join(",", r.Triggers)}")));

    // Raises a fact to its value in `higher` when that is higher, else one step (a count by 1, a share by 0.01, within range).
    internal static RiskFacts Raise(RiskFacts facts, RiskFact fact, RiskFacts higher)
    {
        if (fact is RiskFact.NegativeShare or RiskFact.Sentiment)
        {
            var (old, target) = (facts.Get(fact), higher.Get(fact));
            var value = target > old ? target : Math.Min(1, old + 0.01);
            return fact == RiskFact.NegativeShare ? facts with { NegativeShare = value } : facts with { Sentiment = value };
        }

        var (count, targetCount) = (Count(facts, fact), Count(higher, fact));
        return With(facts, fact, targetCount > count ? targetCount : count == long.MaxValue ? count : count + 1);
    }

    internal static long Count(RiskFacts facts, RiskFact fact)
        => fact switch
        {
            RiskFact.Complainants => facts.Complainants,
            RiskFact.Reach => facts.Reach,
            RiskFact.PersonalDataRecordsAffected => facts.PersonalDataRecordsAffected,
            RiskFact.Injuries => facts.Injuries,
            RiskFact.Deaths => facts.Deaths,
            RiskFact.PriorPetitionsWithin90Days => facts.PriorPetitionsWithin90Days,
            _ => throw new ArgumentOutOfRangeException(nameof(fact), fact, "Not a count."),
        };

    internal static RiskFacts With(RiskFacts facts, RiskFact fact, long value)
        => fact switch
        {
            RiskFact.Complainants => facts with { Complainants = value },
            RiskFact.Reach => facts with { Reach = value },
            RiskFact.PersonalDataRecordsAffected => facts with { PersonalDataRecordsAffected = value },
            RiskFact.Injuries => facts with { Injuries = value },
            RiskFact.Deaths => facts with { Deaths = value },
            RiskFact.PriorPetitionsWithin90Days => facts with { PriorPetitionsWithin90Days = value },
            _ => throw new ArgumentOutOfRangeException(nameof(fact), fact, "Not a count."),
        };

    internal static RiskFacts Set(RiskFacts facts, RiskFlag flag)
        => flag switch
        {
            RiskFlag.MainstreamMediaCoverage => facts with { MainstreamMediaCoverage = true },
            RiskFlag.NationalTrending => facts with { NationalTrending = true },
            RiskFlag.RegulatorInvolved => facts with { RegulatorInvolved = true },
            RiskFlag.Litigation => facts with { Litigation = true },
            RiskFlag.MinorsOrVulnerable => facts with { MinorsOrVulnerable = true },
            _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, "Not a flag."),
        };

    private static RiskFacts WithNumber(RiskFacts facts, string key, double value)
        => facts with { Numbers = new Dictionary<string, double>(facts.Numbers, StringComparer.Ordinal) { [key] = value } };
}
