using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Assessment;

/// <summary>Facts for the default rule set, and a second set of facts whose values the properties raise the first ones to.</summary>
/// <param name="Facts">The facts.</param>
/// <param name="Higher">Values to raise each fact of <paramref name="Facts"/> to (when higher), one at a time.</param>
public sealed record DefaultRulesCase(RiskFacts Facts, RiskFacts Higher)
{
    /// <inheritdoc/>
    public override string ToString() => $"facts {AssessmentArbitraries.Describe(Facts)}; higher {AssessmentArbitraries.Describe(Higher)}";
}

/// <summary>A random valid rule set (random thresholds, levels, scopes, escalators, code rules; consistent bands), facts drawn around its thresholds, and values to raise them to.</summary>
/// <param name="RuleSet">The rule set.</param>
/// <param name="Facts">The facts.</param>
/// <param name="Higher">Values to raise each fact of <paramref name="Facts"/> to (when higher), one at a time.</param>
public sealed record RandomRulesCase(RiskRuleSet RuleSet, RiskFacts Facts, RiskFacts Higher)
{
    /// <inheritdoc/>
    public override string ToString()
        => $"{RuleSet.Rules.Count} rules:\n  {string.Join("\n  ", RuleSet.Rules.Select(r => r.Fingerprint))}\nfacts {AssessmentArbitraries.Describe(Facts)}\nhigher {AssessmentArbitraries.Describe(Higher)}";
}

/// <summary>
/// Generates <see cref="RiskFacts"/> over wide ranges: every threshold of the rules in play and one either side, small
/// counts, counts of any magnitude up to <see cref="long.MaxValue"/>, shares and sentiments at their bounds, around 0.6
/// and anywhere between, every flag, user-defined numbers (negative ones too) and flags, any of the seed's four categories,
/// any channel and kind; three facts in four are calm but for 0 to 4 values, so that low levels and single thresholds are
/// common. Random rule sets are valid by construction (their bands are made consistent) and have 1 to
/// <see cref="FiredRules.Capacity"/> rules, a quarter of them written in code.
/// </summary>
public static class AssessmentArbitraries
{
    /// <summary>The user-defined numeric facts the generated facts and rules use.</summary>
    public static readonly IReadOnlyList<string> CustomNumberKeys = ["vip-score", "refund-amount", "outlets"];

    /// <summary>The user-defined flags the generated facts and rules use.</summary>
    public static readonly IReadOnlyList<string> CustomFlagKeys = ["vip-customer", "repeat-media", "gov-hotline"];

    /// <summary>Every count threshold of the default rules, one either side, and the extremes.</summary>
    public static readonly IReadOnlyList<long> DefaultCountBoundaries =
    [
        0, 1, 2, 3, 4, 5, 6, 49, 50, 51, 999_999, 1_000_000, 1_000_001, 9_999_999, 10_000_000, 10_000_001,
        99_999_999, 100_000_000, 100_000_001, long.MaxValue,
    ];

    /// <summary>The default negative-share threshold, values just either side, and the bounds.</summary>
    public static readonly IReadOnlyList<double> DefaultShareBoundaries = [0, 0.59, 0.5999999999, 0.6, 0.6000000001, 0.61, 1];

    private static readonly RiskFact[] Facts = Enum.GetValues<RiskFact>();
    private static readonly RiskFlag[] FlagValues = Enum.GetValues<RiskFlag>();

    private static readonly Gen<long> AnyMagnitude =
        from exponent in Gen.Choose(0, 18)
        from mantissa in Gen.Choose(0, 1_000_000)
        select (long)Math.Min(9.2e18, mantissa / 1e6 * Math.Pow(10, exponent));

    private static readonly Gen<double> UnitInterval = Gen.Choose(0, 1_000_000).Select(i => i / 1e6);

    private static readonly Gen<bool> Flag = Gen.Frequency((1, Gen.Constant(false)), (1, Gen.Constant(true)));

    private const int HotFields = 15;

    public static Arbitrary<DefaultRulesCase> DefaultCases()
        => Arb.From(
            from facts in FactsAround(DefaultCountBoundaries, DefaultShareBoundaries, [-1, 0, 1])
            from higher in FactsAround(DefaultCountBoundaries, DefaultShareBoundaries, [-1, 0, 1])
            select new DefaultRulesCase(facts, higher));

    public static Arbitrary<RandomRulesCase> RandomCases()
        => Arb.From(
            from rules in RandomRules()
            let set = RiskRuleSet.Create("random-rules", rules, DefaultRiskRules.Categories).Match(s => s, e => throw new InvalidOperationException($"A generated rule set is not valid: {e.Message}"))
            let counts = CountBoundaries(rules)
            let shares = ShareBoundaries(rules, RiskFact.NegativeShare, DefaultShareBoundaries)
            let sentiments = ShareBoundaries(rules, RiskFact.Sentiment, [-1, 0, 1])
            from facts in FactsAround(counts, shares, sentiments)
            from higher in FactsAround(counts, shares, sentiments)
            select new RandomRulesCase(set, facts, higher));

    /// <summary>Generates facts whose values are mostly near <paramref name="counts"/>, <paramref name="shares"/> and <paramref name="sentiments"/>.</summary>
    /// <param name="counts">Count values of interest (thresholds and neighbours).</param>
    /// <param name="shares">Negative-share values of interest (0 to 1).</param>
    /// <param name="sentiments">Sentiment values of interest (−1 to 1).</param>
    /// <returns>The generator.</returns>
    public static Gen<RiskFacts> FactsAround(IReadOnlyList<long> counts, IReadOnlyList<double> shares, IReadOnlyList<double> sentiments)
    {
        var count = Gen.Frequency(
            (5, Gen.Elements(counts.ToArray())),
            (3, Gen.Choose(0, 60).Select(i => (long)i)),
            (2, AnyMagnitude),
            (1, Gen.Constant(long.MaxValue)));
        var share = Gen.Frequency((3, Gen.Elements(shares.ToArray())), (2, UnitInterval));
        var sentiment = Gen.Frequency((3, Gen.Elements(sentiments.ToArray())), (2, UnitInterval.Select(u => (u * 2) - 1)));
        var custom = Gen.Frequency(
            (3, Gen.Elements(-1.0, 0.0, 0.5, 1.0, 9.0, 10.0, 11.0, 99.5, 100.0, 1_000.0, 1e9)),
            (2, Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 100.0)));
        var numbers = from keys in Gen.SubListOf(CustomNumberKeys.ToArray())
                      from values in Gen.ArrayOf(custom, keys.Count)
                      select (IReadOnlyDictionary<string, double>)keys.Select((k, i) => (k, values[i])).ToDictionary(p => p.k, p => p.Item2, StringComparer.Ordinal);
        var flags = Gen.SubListOf(CustomFlagKeys.ToArray()).Select(keys => (IReadOnlySet<string>)keys.ToHashSet(StringComparer.Ordinal));
        var bools = Gen.ArrayOf(Flag, FlagValues.Length);
        // Three times in four only 0 to 4 of the 15 facts (six counts, the share, the sentiment, five flags, the
        // user-defined numbers and flags) keep their generated value and the others are calm (a count at most 1, a share
        // at most 0.5, no flag, no user-defined fact), so that low levels, single thresholds and their neighbours are
        // common; otherwise every fact keeps its value.
        return from category in Gen.Elements(DefaultRiskRules.Categories.ToArray())
               from channel in Gen.Elements(Enum.GetValues<IntakeChannel>())
               from kind in Gen.Elements(Enum.GetValues<IncidentKind>())
               from values in Gen.ArrayOf(count, 6)
               from negativeShare in share
               from sentimentValue in sentiment
               from set in bools
               from customNumbers in numbers
               from customFlags in flags
               from hotCount in Gen.Frequency((1, Gen.Constant(HotFields)), (3, Gen.Choose(0, 4)))
               from order in Gen.Shuffle(Enumerable.Range(0, HotFields).ToArray())
               let hot = order.Take(hotCount).ToHashSet()
               select new RiskFacts
               {
                   Category = category,
                   Channel = channel,
                   Kind = kind,
                   Complainants = hot.Contains(0) ? values[0] : Math.Min(values[0], 1),
                   Reach = hot.Contains(1) ? values[1] : Math.Min(values[1], 1),
                   PersonalDataRecordsAffected = hot.Contains(2) ? values[2] : Math.Min(values[2], 1),
                   Injuries = hot.Contains(3) ? values[3] : 0,
                   Deaths = hot.Contains(4) ? values[4] : 0,
                   PriorPetitionsWithin90Days = hot.Contains(5) ? values[5] : Math.Min(values[5], 1),
                   NegativeShare = hot.Contains(6) ? negativeShare : Math.Min(negativeShare, 0.5),
                   Sentiment = hot.Contains(7) ? sentimentValue : 0,
                   MainstreamMediaCoverage = hot.Contains(8) && set[0],
                   NationalTrending = hot.Contains(9) && set[1],
                   RegulatorInvolved = hot.Contains(10) && set[2],
                   Litigation = hot.Contains(11) && set[3],
                   MinorsOrVulnerable = hot.Contains(12) && set[4],
                   Numbers = hot.Contains(13) ? customNumbers : new Dictionary<string, double>(),
                   Flags = hot.Contains(14) ? customFlags : new HashSet<string>(),
               };
    }

    /// <summary>Generates the rules of a valid rule set: 1 to 40 rules mostly, sometimes up to <see cref="FiredRules.Capacity"/>; bands made consistent.</summary>
    /// <returns>The generator.</returns>
    public static Gen<IReadOnlyList<IRiskRule>> RandomRules()
        => from count in Gen.Frequency((6, Gen.Choose(1, 40)), (1, Gen.Choose(60, FiredRules.Capacity)))
           from drafts in Gen.ArrayOf(RuleDraft(), count)
           select MakeConsistent(drafts);

    /// <summary>Describes facts in one line, user-defined numbers and flags included.</summary>
    /// <param name="facts">The facts.</param>
    /// <returns>The description.</returns>
    public static string Describe(RiskFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var parts = new List<string> { $"Category={facts.Category}", $"Channel={facts.Channel}", $"Kind={facts.Kind}" };
        parts.AddRange(Facts.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f}={facts.Get(f):R}")));
        parts.AddRange(FlagValues.Where(facts.Get).Select(f => f.ToString()));
        parts.AddRange(facts.Numbers.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"custom:{p.Key}={p.Value:R}")));
        parts.AddRange(facts.Flags.Order(StringComparer.Ordinal).Select(f => $"custom:{f}"));
        return string.Join(" ", parts);
    }

    private static Gen<RiskCondition> Condition()
        => Gen.Frequency(
            (6, from fact in Gen.Elements(Facts) from threshold in ThresholdFor(fact) select RiskCondition.Numeric(fact, threshold)),
            (3, Gen.Elements(FlagValues).Select(RiskCondition.Flag)),
            (1, from key in Gen.Elements(CustomNumberKeys.ToArray()) from threshold in Gen.Elements(-1.0, 0.0, 0.5, 10.0, 99.5, 100.0, 1_000.0) select RiskCondition.Numeric(key, threshold)),
            (1, Gen.Elements(CustomFlagKeys.ToArray()).Select(RiskCondition.Flag)));

    private static Gen<double> ThresholdFor(RiskFact fact)
        => fact switch
        {
            RiskFact.NegativeShare => Gen.Frequency((2, Gen.Elements(0.0, 0.3, 0.6, 1.0)), (1, UnitInterval)),
            RiskFact.Sentiment => Gen.Frequency((2, Gen.Elements(-1.0, -0.5, 0.0, 0.5, 1.0)), (1, UnitInterval.Select(u => (u * 2) - 1))),
            _ => Gen.Frequency(
                (3, Gen.Elements(1.0, 2.0, 3.0, 5.0, 50.0, 1e6, 1e7, 1e8)),
                (2, Gen.Choose(0, 100).Select(i => (double)i)),
                (1, Gen.Choose(0, 100).Select(i => i + 0.5)),
                (1, AnyMagnitude.Select(v => (double)v))),
        };

    private static Gen<(RiskCondition[] When, RiskRuleEffect Effect, bool InCode)> RuleDraft()
        => from conditionCount in Gen.Frequency((5, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
           from when in Gen.ArrayOf(Condition(), conditionCount)
           from level in Gen.Frequency((3, Gen.Elements(Enum.GetValues<SeverityLevel>()).Select(l => (SeverityLevel?)l)), (2, Gen.Constant<SeverityLevel?>(null)))
           from raise in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
           from scope in Gen.Frequency((2, Gen.Elements(Enum.GetValues<ImpactScope>()).Select(s => (ImpactScope?)s)), (1, Gen.Constant<ImpactScope?>(null)))
           from dimensions in Gen.Choose(0, 7)
           from inCode in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
           let effect = new RiskRuleEffect(level, raise, scope, (ImpactDimensions)dimensions)
           select (when, effect.IsEmpty ? effect with { RaisesOneLevel = true } : effect, inCode);

    // Bands (one numeric condition and a minimum level) on the same fact get their levels re-dealt so that a higher
    // threshold never gives a less severe level, and equal thresholds give one level: what RiskRuleSet.Create requires.
    private static IReadOnlyList<IRiskRule> MakeConsistent((RiskCondition[] When, RiskRuleEffect Effect, bool InCode)[] drafts)
    {
        var effects = drafts.Select(d => d.Effect).ToArray();
        var bands = drafts
            .Select((d, i) => (d.When, d.Effect, Index: i))
            .Where(d => d.When.Length == 1 && !d.When[0].IsFlag && d.Effect.MinimumLevel is not null)
            .GroupBy(d => d.When[0].Fact, StringComparer.Ordinal);
        foreach (var band in bands)
        {
            var byThreshold = band.OrderBy(d => d.When[0].AtLeast).ThenBy(d => d.Index).ToArray();
            var levels = band.Select(d => d.Effect.MinimumLevel!.Value).OrderByDescending(l => (int)l).ToArray();
            for (var i = 0; i < byThreshold.Length; i++)
            {
                effects[byThreshold[i].Index] = effects[byThreshold[i].Index] with { MinimumLevel = levels[i] };
            }

            foreach (var tie in byThreshold.GroupBy(d => d.When[0].AtLeast))
            {
                var mostSevere = tie.Min(d => (int)effects[d.Index].MinimumLevel!.Value);
                foreach (var d in tie)
                {
                    effects[d.Index] = effects[d.Index] with { MinimumLevel = (SeverityLevel)mostSevere };
                }
            }
        }

        return [.. drafts.Select((d, i) => d.InCode
            ? (IRiskRule)new ConditionsInCode($"code-{i}", d.When, effects[i])
            : new RiskRule($"rule-{i}", $"Generated rule {i}", "generated", d.When, effects[i]))];
    }

    private static List<long> CountBoundaries(IReadOnlyList<IRiskRule> rules)
    {
        var values = new List<long>(DefaultCountBoundaries);
        foreach (var threshold in Thresholds(rules).Where(c => c.Fact is not RiskFact.NegativeShare and not RiskFact.Sentiment).Select(c => c.Threshold))
        {
            foreach (var v in new[] { Math.Floor(threshold) - 1, Math.Floor(threshold), Math.Ceiling(threshold), Math.Ceiling(threshold) + 1 })
            {
                if (v >= 0 && v < 9.2e18)
                {
                    values.Add((long)v);
                }
            }
        }

        return values;
    }

    private static List<double> ShareBoundaries(IReadOnlyList<IRiskRule> rules, RiskFact fact, IReadOnlyList<double> defaults)
    {
        var (min, max) = fact == RiskFact.Sentiment ? (-1.0, 1.0) : (0.0, 1.0);
        var values = new List<double>(defaults);
        foreach (var threshold in Thresholds(rules).Where(c => c.Fact == fact).Select(c => c.Threshold))
        {
            values.AddRange(new[] { threshold - 0.01, threshold - 1e-9, threshold, threshold + 1e-9, threshold + 0.01 }.Where(v => v >= min && v <= max));
        }

        return values;
    }

    private static IEnumerable<(RiskFact Fact, double Threshold)> Thresholds(IReadOnlyList<IRiskRule> rules)
        => rules
            .SelectMany(r => r switch
            {
                RiskRule d => d.When,
                ConditionsInCode c => c.When,
                _ => [],
            })
            .Where(c => c.BuiltInFact is not null)
            .Select(c => (c.BuiltInFact!.Value, c.AtLeast!.Value));
}

/// <summary>A rule written in code (not a <see cref="RiskRule"/>) that holds when all its conditions do: the code path of <see cref="RiskRuleSet.Evaluate"/>.</summary>
/// <param name="id">The id.</param>
/// <param name="when">The conditions.</param>
/// <param name="effect">The effect.</param>
public sealed class ConditionsInCode(string id, IReadOnlyList<RiskCondition> when, RiskRuleEffect effect) : IRiskRule
{
    public string Id { get; } = id;

    public string Description => $"Code rule {Id}";

    public string Source => "test code";

    public RiskRuleEffect Effect { get; } = effect;

    public IReadOnlyList<RiskCondition> When { get; } = when;

    public string Fingerprint => $"{Id} (code): when {string.Join(" and ", When)} then {Effect}";

    public bool Fires(RiskFacts facts)
    {
        for (var i = 0; i < When.Count; i++)
        {
            if (!When[i].IsMetBy(facts))
            {
                return false;
            }
        }

        return true;
    }

    public IReadOnlyList<TriggeringFact> Explain(RiskFacts facts) => [.. When.Select(c => c.Describe(facts))];
}
