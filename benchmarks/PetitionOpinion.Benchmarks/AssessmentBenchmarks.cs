using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Configuration;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;
using RulesEngine.Models;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// Risk assessment (issue 4): the default rule set's <see cref="RiskRuleSet.Evaluate"/> (level and fired rules) against
/// the same 17 rules in Microsoft's RulesEngine (the baseline) and as a hand-written if/else chain (the practical
/// limit), on the same <see cref="AssessmentWorld.FactsCount"/> facts records; and compiling a 50-rule configuration.
/// See <c>benchmarks/README.md</c>.
/// </summary>
/// <remarks>
/// One invocation of an Evaluate benchmark assesses each of the <see cref="AssessmentWorld.FactsCount"/> records once,
/// in order (<c>OperationsPerInvoke</c> = that count), so one operation is one assessment, averaged over the mix. Each
/// side adds the level and the number of fired rules into a checksum, so that neither can be optimised away.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AssessmentBenchmarks
{
    private const int Operations = AssessmentWorld.FactsCount;

    private RiskFacts[] _facts = null!;
    private RuleParameter[][] _rulesEngineInputs = null!;
    private RiskRuleSet _ruleSet = null!;
    private RulesEngineRiskRules _rulesEngine = null!;
    private RiskAssessmentOptions _fiftyRules = null!;
    private byte[] _fiftyRuleJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        _facts = AssessmentWorld.Facts();
        _rulesEngineInputs = [.. _facts.Select(RulesEngineRiskRules.InputFor)];
        _ruleSet = RiskRuleSet.Default;
        _rulesEngine = new RulesEngineRiskRules();
        _fiftyRules = AssessmentWorld.FiftyRuleOptions();
        _fiftyRuleJson = AssessmentWorld.FiftyRuleJson();
        AssessmentWorld.CheckCoverage(_facts);
        CheckAllSidesAgree();
        CheckFiftyRuleConfiguration();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    [BenchmarkCategory("Evaluate")]
    public int RulesEngine_Execute()
    {
        var checksum = 0;
        var inputs = _rulesEngineInputs;
        for (var i = 0; i < inputs.Length; i++)
        {
            var evaluation = _rulesEngine.Evaluate(inputs[i]);
            checksum += (int)evaluation.Level + BitOperations.PopCount(evaluation.Fired);
        }

        return checksum;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    [BenchmarkCategory("Evaluate")]
    public int Default_Evaluate()
    {
        var checksum = 0;
        var facts = _facts;
        var ruleSet = _ruleSet;
        for (var i = 0; i < facts.Length; i++)
        {
            var evaluation = ruleSet.Evaluate(facts[i]);
            checksum += (int)evaluation.Level + evaluation.Fired.Count;
        }

        return checksum;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    [BenchmarkCategory("Evaluate")]
    public int Hand_Written_Chain()
    {
        var checksum = 0;
        var facts = _facts;
        for (var i = 0; i < facts.Length; i++)
        {
            var evaluation = HandWrittenRiskChain.Evaluate(facts[i]);
            checksum += (int)evaluation.Level + BitOperations.PopCount(evaluation.Fired);
        }

        return checksum;
    }

    // The options as IConfiguration binds them; builds the 50 rules (parsing thresholds, levels, scopes and dimensions),
    // checks the whole set (ids, bands), compiles it and computes its content hash (SHA-256).
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Compile")]
    public RiskRuleSet Compile_50RuleConfiguration()
        => _fiftyRules.BuildRuleSet([], AssessmentWorld.Section).AsT0;

    // The same from the JSON an appsettings file holds: the JSON configuration provider reads it, the binder builds the
    // options, then the same compilation.
    [Benchmark]
    [BenchmarkCategory("Compile")]
    public RiskRuleSet Bind_And_Compile_50RuleConfiguration()
        => Bind(_fiftyRuleJson).BuildRuleSet([], AssessmentWorld.Section).AsT0;

    private static RiskAssessmentOptions Bind(byte[] json)
    {
        using var stream = new MemoryStream(json, writable: false);
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();
        return configuration.GetSection(AssessmentWorld.Section).Get<RiskAssessmentOptions>()
            ?? throw new InvalidOperationException($"The benchmark JSON has no {AssessmentWorld.Section} section.");
    }

    private static uint Bits(FiredRules fired)
    {
        uint bits = 0;
        foreach (var index in fired)
        {
            bits |= 1u << index;
        }

        return bits;
    }

    // A comparison of three implementations is only fair if they decide alike: check every facts record the benchmarks use.
    private void CheckAllSidesAgree()
    {
        if (!RulesEngineRiskRules.RuleNames.SequenceEqual(_ruleSet.Rules.Select(r => r.Id)))
        {
            throw new InvalidOperationException("The RulesEngine workflow does not list the default rules in their order.");
        }

        for (var i = 0; i < _facts.Length; i++)
        {
            var facts = _facts[i];
            var ours = _ruleSet.Evaluate(facts);
            var hand = HandWrittenRiskChain.Evaluate(facts);
            var engine = _rulesEngine.Evaluate(_rulesEngineInputs[i]);
            if (_rulesEngine.Results(_rulesEngineInputs[i]).FirstOrDefault(r => !string.IsNullOrEmpty(r.Exception)) is { Name: not null } failed)
            {
                throw new InvalidOperationException($"RulesEngine's rule {failed.Name} threw on facts {i}: {failed.Exception}");
            }

            if (!ours.IsCategoryKnown || !hand.IsCategoryKnown
                || ours.Level != hand.Level || ours.Level != engine.Level
                || Bits(ours.Fired) != hand.Fired || Bits(ours.Fired) != engine.Fired
                || ours.Fired.Count != BitOperations.PopCount(hand.Fired))
            {
                throw new InvalidOperationException(
                    $"The implementations disagree on facts {i} ({facts}): RiskRuleSet {ours.Level} fired 0x{Bits(ours.Fired):x5}, "
                    + $"hand-written {hand.Level} fired 0x{hand.Fired:x5}, RulesEngine {engine.Level} fired 0x{engine.Fired:x5}.");
            }

            // And the explained assessment gives the same level as the fast path.
            if (_ruleSet.Assess(facts).AsT0.Level != ours.Level)
            {
                throw new InvalidOperationException($"RiskRuleSet.Assess and Evaluate disagree on facts {i}.");
            }
        }
    }

    private void CheckFiftyRuleConfiguration()
    {
        var built = _fiftyRules.BuildRuleSet([], AssessmentWorld.Section);
        if (built.TryPickT1(out var error, out var ruleSet))
        {
            throw new InvalidOperationException($"The 50-rule configuration is not valid: {error}");
        }

        if (ruleSet.Rules.Count != 50 || ruleSet.Rules.Any(r => r is not RiskRule))
        {
            throw new InvalidOperationException($"The 50-rule configuration has {ruleSet.Rules.Count} rules.");
        }

        var bound = Bind(_fiftyRuleJson).BuildRuleSet([], AssessmentWorld.Section);
        if (bound.TryPickT1(out var boundError, out var boundSet) || boundSet.ContentHash != ruleSet.ContentHash)
        {
            throw new InvalidOperationException($"The 50-rule configuration bound from JSON differs from the options: {(bound.IsT1 ? boundError.ToString() : "another content hash")}.");
        }

        // Every rule of the configuration fires for some record of a mix that sets every fact and flag it names.
        var all = new RiskFacts
        {
            Category = RiskCategory.ProductQuality,
            Complainants = 1000,
            Reach = 100_000_000,
            NegativeShare = 0.9,
            PersonalDataRecordsAffected = 100_000_000,
            Injuries = 10,
            Deaths = 1,
            PriorPetitionsWithin90Days = 5,
            MainstreamMediaCoverage = true,
            NationalTrending = true,
            RegulatorInvolved = true,
            Litigation = true,
            MinorsOrVulnerable = true,
            Numbers = new Dictionary<string, double> { ["refund-amount"] = 1_000_000, ["hospitalised"] = 1, ["stores-affected"] = 10 },
            Flags = new HashSet<string> { "vip-customer", "journalist-called", "government-hotline", "class-action", "safety-recall" },
        };
        var evaluation = ruleSet.Evaluate(all);
        if (evaluation.Fired.Count != 50 || evaluation.Level != SeverityLevel.I)
        {
            throw new InvalidOperationException($"The 50-rule configuration fires {evaluation.Fired.Count} of its rules for facts that meet every condition.");
        }
    }
}
