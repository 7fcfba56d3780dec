using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Assessment;

/// <summary>
/// <see cref="RiskRuleSet.ContentHash"/>: its exact value for a known rule set, and that no two rule sets whose fields
/// only split differently (categories, rule fingerprints, the categories line and the first rule) hash alike.
/// </summary>
public sealed class RiskRuleSetContentHashTests
{
    private static readonly IRiskRule[] PinnedRules =
    [
        new RiskRule("reach-1m", "Reach of a million", "test", [RiskCondition.Numeric(RiskFact.Reach, 1_000_000)], RiskRuleEffect.AtLeast(SeverityLevel.III)),
        new RiskRule("minors", "Minors involved", "test", [RiskCondition.Flag(RiskFlag.MinorsOrVulnerable)], RiskRuleEffect.RaiseOneLevel()),
    ];

    /// <summary>
    /// Pins the hash format. Every assessment records the hash of its rule set, so stored assessments are compared with it
    /// later: a change of the format (a prefix, a separator, the order of the fields) changes every hash and must be a
    /// deliberate decision, made by updating this value, never a side effect. The value is the SHA-256 of
    /// "rule-set pinned-set\ncategories ProductQuality,DataPrivacy\nreach-1m: when Reach ≥ 1000000 then at least level III\nminors: when MinorsOrVulnerable set then raises the level one step\n"
    /// (UTF-8), computed once outside the library.
    /// </summary>
    [Fact]
    public void ContentHash_KnownRuleSet_IsPinnedToItsFormat()
    {
        var set = RiskRuleSet.Create("pinned-set", PinnedRules, [RiskCategory.ProductQuality, RiskCategory.DataPrivacy]).AsT0;

        Assert.Equal("3aabf4c9603640c73da5dda565c5b7dfb226b15853d343523e697eb04e12fac2", set.ContentHash);
    }

    /// <summary>The categories are separated: <c>["a","bc"]</c> and <c>["ab","c"]</c> are different rule sets and hash differently.</summary>
    [Fact]
    public void ContentHash_CategoriesSplitDifferently_Differs()
    {
        var first = RiskRuleSet.Create("split", PinnedRules, [new RiskCategory("a"), new RiskCategory("bc")]).AsT0;
        var second = RiskRuleSet.Create("split", PinnedRules, [new RiskCategory("ab"), new RiskCategory("c")]).AsT0;

        Assert.NotEqual(first.ContentHash, second.ContentHash);
    }

    /// <summary>The rules' fingerprints are separated: fingerprints "ab" then "c" and "a" then "bc" hash differently.</summary>
    [Fact]
    public void ContentHash_RuleFingerprintsSplitDifferently_Differs()
    {
        var first = RiskRuleSet.Create("split", [new FingerprintRule("r1", "ab"), new FingerprintRule("r2", "c")], [RiskCategory.ProductQuality]).AsT0;
        var second = RiskRuleSet.Create("split", [new FingerprintRule("r1", "a"), new FingerprintRule("r2", "bc")], [RiskCategory.ProductQuality]).AsT0;

        Assert.NotEqual(first.ContentHash, second.ContentHash);
    }

    /// <summary>
    /// The categories line ends before the first rule: categories ["c"] with the fingerprint "rAX", and categories ["crA"]
    /// with the fingerprint "X", hash differently; without the line's end both would hash the text "categories crAX"
    /// followed by a line break.
    /// </summary>
    [Fact]
    public void ContentHash_CategoryRunningIntoFirstRule_Differs()
    {
        var first = RiskRuleSet.Create("split", [new FingerprintRule("r1", "rAX")], [new RiskCategory("c")]).AsT0;
        var second = RiskRuleSet.Create("split", [new FingerprintRule("r1", "X")], [new RiskCategory("crA")]).AsT0;

        Assert.NotEqual(first.ContentHash, second.ContentHash);
    }

    /// <summary>
    /// The hash puts one fingerprint a line, so a rule written in code whose fingerprint spans lines (or is empty) is
    /// refused: fingerprints ["a\nb", "c"] and ["a", "b\nc"] would otherwise give two different rule sets one hash.
    /// </summary>
    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\r\nb")]
    [InlineData("ends with a line break\n")]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_RuleWithAFingerprintNotOfOneLine_IsRefusedNamingIt(string fingerprint)
    {
        var error = RiskRuleSet.Create("split", [new FingerprintRule("r1", fingerprint), new FingerprintRule("r2", "c")], [RiskCategory.ProductQuality]).AsT1;

        var problem = Assert.Single(error.Details);
        Assert.Equal(RiskAssessmentErrors.InvalidRule, problem.Code);
        Assert.Equal("Rule 0:Fingerprint", problem.Path);
        Assert.Contains("r1", problem.Message, StringComparison.Ordinal);
    }

    /// <summary>A rule written in code whose fingerprint the test chooses, to probe the hash's separators.</summary>
    private sealed class FingerprintRule(string id, string fingerprint) : IRiskRule
    {
        public string Id { get; } = id;

        public string Description => "fingerprint probe";

        public string Source => "test";

        public RiskRuleEffect Effect => RiskRuleEffect.RaiseOneLevel();

        public string Fingerprint { get; } = fingerprint;

        public bool Fires(RiskFacts facts) => false;

        public IReadOnlyList<TriggeringFact> Explain(RiskFacts facts) => [];
    }
}
