using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Assessment;

/// <summary><see cref="RiskRuleSet"/>: building and checking a rule set whole, the allocation-free evaluation, unknown categories, the content hash.</summary>
public sealed class RiskRuleSetTests
{
    private static readonly RiskCategory Logistics = new("Logistics");

    [Fact]
    public void Create_ManyProblems_ListsEveryOne()
    {
        var rules = new IRiskRule[]
        {
            Band("reach-a", RiskFact.Reach, 1_000_000, SeverityLevel.III),
            Band("reach-a", RiskFact.Reach, 2_000_000, SeverityLevel.II),
            Band("reach-b", RiskFact.Reach, 5_000_000, SeverityLevel.IV),
            new FixedRule("bad id", RiskRuleEffect.RaiseOneLevel(), fires: false),
            new FixedRule("no-effect", default, fires: false),
            null!,
        };

        var error = RiskRuleSet.Create("bad set id", rules, []).AsT1;

        Assert.Equal(RiskAssessmentErrors.InvalidRuleSet, error.Code);
        AssertDetail(error, RiskAssessmentErrors.InvalidRuleSet, "'bad set id'");
        AssertDetail(error, RiskAssessmentErrors.DuplicateRuleId, "Rule 1:Id: the id 'reach-a' is used twice (first by Rule 0)");
        AssertDetail(error, RiskAssessmentErrors.ContradictingBands, "Rule 2: the bands on Reach");
        AssertDetail(error, RiskAssessmentErrors.InvalidRule, "Rule 3:Id: 'bad id'");
        AssertDetail(error, RiskAssessmentErrors.InvalidRule, "Rule 4: the rule no-effect has no effect");
        AssertDetail(error, RiskAssessmentErrors.InvalidRule, "Rule 5: the rule is null");
        AssertDetail(error, RiskAssessmentErrors.InvalidRuleSet, "at least one risk category");
        Assert.Equal(7, error.Details.Count);
        Assert.All(error.Details, d => Assert.Contains(d.Message, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_NoRules_IsRefused()
    {
        var error = RiskRuleSet.Create("empty", [], DefaultRiskRules.Categories).AsT1;

        AssertDetail(error, RiskAssessmentErrors.InvalidRuleSet, "1 to 256 rules; this one has 0");
        Assert.Single(error.Details);
    }

    [Fact]
    public void Create_MoreThan256Rules_IsRefusedAnd256Are()
    {
        var rules = Enumerable.Range(0, 257).Select(i => (IRiskRule)Band($"r{i}", RiskFact.Complainants, 1_000 + i, SeverityLevel.III)).ToList();

        var error = RiskRuleSet.Create("too-many", rules, DefaultRiskRules.Categories).AsT1;
        var full = RiskRuleSet.Create("full", rules.Take(FiredRules.Capacity), DefaultRiskRules.Categories).AsT0;

        AssertDetail(error, RiskAssessmentErrors.InvalidRuleSet, "1 to 256 rules; this one has 257");
        Assert.Single(error.Details);
        var evaluation = full.Evaluate(new RiskFacts { Category = RiskCategory.ProductQuality, Complainants = 1_255 });
        Assert.Equal(256, evaluation.Fired.Count);
        Assert.True(evaluation.Fired.Contains(255));
        Assert.False(evaluation.Fired.Contains(256));
        Assert.Equal(Enumerable.Range(0, 256), RiskRuleSetProperties.Indexes(evaluation.Fired));
        Assert.Equal(255, full.Evaluate(new RiskFacts { Category = RiskCategory.ProductQuality, Complainants = 1_254 }).Fired.Count);
    }

    [Theory]
    [InlineData(20_000_000, SeverityLevel.III, true)] // a higher threshold than reach-10m with a less severe level
    [InlineData(3_000_000, SeverityLevel.III, false)] // between reach-1m (III) and reach-10m (II)
    [InlineData(5_000_000, SeverityLevel.II, false)]
    [InlineData(1_000_000, SeverityLevel.II, true)] // the same threshold with another level
    [InlineData(1_000_000, SeverityLevel.III, false)]
    [InlineData(500_000, SeverityLevel.II, true)] // a lower threshold with a more severe level
    [InlineData(500_000, SeverityLevel.IV, false)]
    public void Create_BandsOnOneFact_ContradictionsAreRefused(double threshold, SeverityLevel level, bool contradicts)
    {
        var rules = new IRiskRule[] { Band("reach-1m", RiskFact.Reach, 1_000_000, SeverityLevel.III), Band("reach-10m", RiskFact.Reach, 10_000_000, SeverityLevel.II), Band("other", RiskFact.Reach, threshold, level) };

        var result = RiskRuleSet.Create("bands", rules, DefaultRiskRules.Categories);

        Assert.Equal(contradicts, result.IsT1);
        if (contradicts)
        {
            Assert.All(result.AsT1.Details, d => Assert.Equal(RiskAssessmentErrors.ContradictingBands, d.Code));
        }
    }

    [Fact]
    public void Create_DuplicateOrEmptyCategory_IsRefused()
    {
        var error = RiskRuleSet.Create("cats", DefaultRiskRules.All, [Logistics, Logistics, default]).AsT1;

        AssertDetail(error, RiskAssessmentErrors.InvalidRuleSet, "'Logistics' is listed twice");
        AssertDetail(error, RiskAssessmentErrors.InvalidRuleSet, "A risk category is empty");
    }

    [Fact]
    public void Evaluate_AfterWarmUp_AllocatesNothing()
    {
        var custom = RiskRuleSet.Create(
            "custom-facts",
            [
                .. DefaultRiskRules.All,
                new RiskRule("vip", "A VIP customer", "test", [RiskCondition.Flag("vip-customer")], RiskRuleEffect.RaiseOneLevel()),
                new RiskRule("refund", "A large refund", "test", [RiskCondition.Numeric("refund-amount", 10_000), RiskCondition.Flag(RiskFlag.Litigation)], RiskRuleEffect.AtLeast(SeverityLevel.II)),
                new ConditionsInCode("code-outlets", [RiskCondition.Numeric("outlets", 3)], RiskRuleEffect.AtLeast(SeverityLevel.III)),
                new FixedRule("never", RiskRuleEffect.AtLeast(SeverityLevel.I), fires: false),
            ],
            [.. DefaultRiskRules.Categories, Logistics]).AsT0;
        RiskFacts[] facts =
        [
            new() { Category = RiskCategory.DataPrivacy },
            new() { Category = RiskCategory.DataPrivacy, PersonalDataRecordsAffected = 150_000_000, MinorsOrVulnerable = true },
            new() { Category = RiskCategory.ProductQuality, Complainants = 60, Reach = 20_000_000, NegativeShare = 0.7, Litigation = true, PriorPetitionsWithin90Days = 4 },
            new() { Category = Logistics, Numbers = new Dictionary<string, double> { ["refund-amount"] = 50_000, ["outlets"] = 5 }, Flags = new HashSet<string> { "vip-customer" }, Litigation = true },
            new() { Category = RiskCategory.ServiceAttitude, Numbers = new Dictionary<string, double> { ["other"] = 1 }, Flags = new HashSet<string> { "other" } },
            new() { Category = new RiskCategory("Unknown") },
        ];
        var sink = Evaluate(RiskRuleSet.Default, facts, 20_000) + Evaluate(custom, facts, 20_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        sink += Evaluate(RiskRuleSet.Default, facts, 1_000);
        sink += Evaluate(custom, facts, 1_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sink);
        // Litigation and refund give II, the outlets code rule III, the VIP escalator one level up: I.
        Assert.Equal(SeverityLevel.I, custom.Evaluate(facts[3]).Level);
        Assert.Equal(["litigation", "vip", "refund", "code-outlets"], RiskRuleSetProperties.Ids(custom, custom.Evaluate(facts[3]).Fired));
    }

    [Fact]
    public void Evaluate_UnknownCategory_EvaluatesNothingAndAssessRefuses()
    {
        var facts = new RiskFacts { Category = Logistics, Deaths = 3, NationalTrending = true };

        var evaluation = RiskRuleSet.Default.Evaluate(facts);
        var error = RiskRuleSet.Default.Assess(facts).AsT1;

        Assert.False(evaluation.IsCategoryKnown);
        Assert.Equal(SeverityLevel.IV, evaluation.Level);
        Assert.Equal(0, evaluation.Fired.Count);
        Assert.False(RiskRuleSet.Default.KnowsCategory(Logistics));
        Assert.Equal(RiskAssessmentErrors.UnknownCategory, error.Code);
        Assert.Equal("assessment.unknown_category", error.Code);
        Assert.Contains("'Logistics'", error.Message, StringComparison.Ordinal);
        Assert.Contains(DefaultRiskRules.RuleSetId, error.Message, StringComparison.Ordinal);
        Assert.Contains("DataPrivacy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_NoCategory_Refuses()
    {
        var facts = new RiskFacts { Category = default };

        var error = RiskRuleSet.Default.Assess(facts).AsT1;

        Assert.False(RiskRuleSet.Default.Evaluate(facts).IsCategoryKnown);
        Assert.Equal(RiskAssessmentErrors.UnknownCategory, error.Code);
        Assert.Contains("no risk category", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UserCategoryOfTheRuleSet_IsKnown()
    {
        var set = RiskRuleSet.Create("with-logistics", DefaultRiskRules.All, [.. DefaultRiskRules.Categories, Logistics]).AsT0;

        var evaluation = set.Evaluate(new RiskFacts { Category = Logistics, Complainants = 5 });

        Assert.True(evaluation.IsCategoryKnown);
        Assert.Equal(SeverityLevel.III, evaluation.Level);
        Assert.True(set.Assess(new RiskFacts { Category = Logistics }).IsT0);
    }

    [Fact]
    public void ContentHash_SameRulesTwice_IsStableAndChangesWithAnyThresholdIdOrCategory()
    {
        var again = RiskRuleSet.Create(DefaultRiskRules.RuleSetId, DefaultRiskRules.All, DefaultRiskRules.Categories).AsT0;
        var rules = DefaultRiskRules.All.ToList();
        rules[9] = Band("reach-1m", RiskFact.Reach, 2_000_000, SeverityLevel.III);
        var changedThreshold = RiskRuleSet.Create(DefaultRiskRules.RuleSetId, rules, DefaultRiskRules.Categories).AsT0;
        var changedId = RiskRuleSet.Create("another-id", DefaultRiskRules.All, DefaultRiskRules.Categories).AsT0;
        var changedCategories = RiskRuleSet.Create(DefaultRiskRules.RuleSetId, DefaultRiskRules.All, [.. DefaultRiskRules.Categories, Logistics]).AsT0;
        var reordered = RiskRuleSet.Create(DefaultRiskRules.RuleSetId, DefaultRiskRules.All.Reverse(), DefaultRiskRules.Categories).AsT0;

        Assert.NotSame(RiskRuleSet.Default, again);
        Assert.Equal(RiskRuleSet.Default.ContentHash, again.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", again.ContentHash);
        Assert.NotEqual(again.ContentHash, changedThreshold.ContentHash);
        Assert.NotEqual(again.ContentHash, changedId.ContentHash);
        Assert.NotEqual(again.ContentHash, changedCategories.ContentHash);
        Assert.NotEqual(again.ContentHash, reordered.ContentHash);
        var facts = new RiskFacts { Category = RiskCategory.ProductQuality, Reach = 1_500_000 };
        Assert.Equal(again.ContentHash, again.Assess(facts).AsT0.RuleSetHash);
        Assert.Equal(changedThreshold.ContentHash, changedThreshold.Assess(facts).AsT0.RuleSetHash);
        Assert.Equal(SeverityLevel.III, again.Evaluate(facts).Level);
        Assert.Equal(SeverityLevel.IV, changedThreshold.Evaluate(facts).Level);
    }

    [Fact]
    public void LevelOf_Effects_FollowsDomainSection2()
    {
        Assert.Equal(SeverityLevel.IV, RiskRuleSet.LevelOf([]));
        Assert.Equal(SeverityLevel.III, RiskRuleSet.LevelOf([RiskRuleEffect.RaiseOneLevel()]));
        Assert.Equal(SeverityLevel.I, RiskRuleSet.LevelOf([RiskRuleEffect.RaiseOneLevel(), RiskRuleEffect.RaiseOneLevel(), RiskRuleEffect.RaiseOneLevel(), RiskRuleEffect.RaiseOneLevel()]));
        Assert.Equal(SeverityLevel.II, RiskRuleSet.LevelOf([RiskRuleEffect.AtLeast(SeverityLevel.III), RiskRuleEffect.AtLeast(SeverityLevel.II), RiskRuleEffect.AtLeast(SeverityLevel.IV)]));
        Assert.Equal(SeverityLevel.I, RiskRuleSet.LevelOf([RiskRuleEffect.AtLeast(SeverityLevel.II), RiskRuleEffect.RaiseOneLevel(), RiskRuleEffect.RaiseOneLevel()]));
        Assert.Equal(SeverityLevel.IV, RiskRuleSet.LevelOf([new RiskRuleEffect(null, false, ImpactScope.Group, ImpactDimensions.Reputation)]));
        Assert.Throws<ArgumentNullException>(() => RiskRuleSet.LevelOf(null!));
    }

    private static int Evaluate(RiskRuleSet set, RiskFacts[] facts, int count)
    {
        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            var evaluation = set.Evaluate(facts[i % facts.Length]);
            sum += (int)evaluation.Level + evaluation.Fired.Count + (evaluation.IsCategoryKnown ? 1 : 0);
        }

        return sum;
    }

    private static RiskRule Band(string id, RiskFact fact, double threshold, SeverityLevel level)
        => new(id, $"{fact} ≥ {threshold}", "test", [RiskCondition.Numeric(fact, threshold)], RiskRuleEffect.AtLeast(level));

    internal static void AssertDetail(DomainError error, string code, string fragment)
        => Assert.True(
            error.Details.Any(d => d.Code == code && d.Located().Contains(fragment, StringComparison.Ordinal)),
            $"No [{code}] problem containing \"{fragment}\" among:\n{string.Join("\n", error.Details.Select(d => d.ToValidationFailure()))}");

    /// <summary>A rule written in code with a fixed answer (and any id or effect, valid or not).</summary>
    internal sealed class FixedRule(string id, RiskRuleEffect effect, bool fires) : IRiskRule
    {
        public string Id { get; } = id;

        public string Description => "fixed";

        public string Source => "test";

        public RiskRuleEffect Effect { get; } = effect;

        public string Fingerprint => $"{Id} fixed {fires}";

        public bool Fires(RiskFacts facts) => fires;

        public IReadOnlyList<TriggeringFact> Explain(RiskFacts facts) => [new("always", fires ? "true" : "false", "fixed")];
    }
}
