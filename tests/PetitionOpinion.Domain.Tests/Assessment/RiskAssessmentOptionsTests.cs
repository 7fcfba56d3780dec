using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Assessment;

/// <summary>
/// Rules in configuration (<see cref="RiskAssessmentOptions"/>): every problem listed with its configuration path, at
/// <see cref="RiskAssessmentOptions.BuildRuleSet"/> and at start-up; code rules added with <c>AddRiskRule</c>.
/// </summary>
public sealed class RiskAssessmentOptionsTests
{
    // One problem per rule (and a few more), each in its own place, none hiding another.
    private const string BadRulesJson = """
        {
          "PetitionOpinion": {
            "Assessment": {
              "Categories": [ "Logistics", "bad category" ],
              "Rules": [
                { "Id": "r0", "When": [ { "Fact": "Reech", "AtLeast": "5" } ], "Level": "II" },
                { "Id": "r1", "When": [ { "Fact": "Reach", "AtLeast": "1,000,000" } ], "Level": "II" },
                { "Id": "reach-1m", "When": [ { "Fact": "Reach", "AtLeast": "2000000" } ], "Level": "III" },
                { "Id": "r3", "When": [ { "Flag": "VipCustomer" } ], "Level": "V" },
                { "Id": "r4", "When": [ { "Flag": "custom:vip-customer" } ], "Level": "5" },
                { "Id": "r5", "When": [ { "Fact": "Complainants", "AtLeast": "3", "Flag": "Litigation" } ], "Level": "III" },
                { "Id": "r6", "When": [ { "Fact": "Complainants", "AtLeast": "3" } ], "Scope": "Global" },
                { "Id": "r7", "When": [ { "Fact": "Complainants", "AtLeast": "3" } ], "Dimensions": [ "Reputation", "Price" ] },
                { "Id": "r8", "When": [ { "Fact": "Complainants", "AtLeast": "NaN" } ], "Raise": true },
                { "Id": "r9", "When": [ ], "Raise": true },
                { "Id": "r10", "When": [ { "Fact": "Reach", "AtLeast": "3" } ] },
                { "Id": "has space", "When": [ { "Fact": "custom:refund-amount", "AtLeast": "10000" } ], "Raise": true },
                { "Id": "r12", "When": [ { "Fact": "custom:Reach", "AtLeast": "1" } ], "Raise": true },
                { "Id": "r13", "When": [ { "Fact": "Complainants,Reach", "AtLeast": "1" } ], "Raise": true }
              ]
            }
          }
        }
        """;

    [Fact]
    public void BuildRuleSet_BadRules_ListsEveryProblemWithItsConfigurationPath()
    {
        var options = ConfiguredRulesProperties.FromJson(BadRulesJson);

        var error = options.BuildRuleSet([], "Assessment").AsT1;

        AssertProblems(error.Details.Select(d => d.ToValidationFailure()));
        Assert.All(error.Details, d => Assert.StartsWith("Assessment", d.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void BuildRuleSet_DuplicateIdsAndContradictingBands_AreListedWithTheirPaths()
    {
        var options = ConfiguredRulesProperties.FromJson("""
            {
              "PetitionOpinion": {
                "Assessment": {
                  "Rules": [
                    { "Id": "reach-1m", "When": [ { "Fact": "Reach", "AtLeast": "2000000" } ], "Level": "III" },
                    { "Id": "dup", "When": [ { "Flag": "Litigation" } ], "Raise": true },
                    { "Id": "dup", "When": [ { "Flag": "Litigation" } ], "Raise": true },
                    { "Id": "reach-50m", "When": [ { "Fact": "Reach", "AtLeast": "50000000" } ], "Level": "III" }
                  ]
                }
              }
            }
            """);

        var error = options.BuildRuleSet([new RiskRuleSetTests.FixedRule("death", RiskRuleEffect.AtLeast(SeverityLevel.I), fires: false)], "PetitionOpinion:Assessment").AsT1;

        RiskRuleSetTests.AssertDetail(error, RiskAssessmentErrors.DuplicateRuleId, "PetitionOpinion:Assessment:Rules:0:Id: the id 'reach-1m' is used twice (first by PetitionOpinion:Assessment (default rule reach-1m))");
        RiskRuleSetTests.AssertDetail(error, RiskAssessmentErrors.DuplicateRuleId, "PetitionOpinion:Assessment:Rules:2:Id: the id 'dup' is used twice (first by PetitionOpinion:Assessment:Rules:1)");
        RiskRuleSetTests.AssertDetail(error, RiskAssessmentErrors.DuplicateRuleId, "PetitionOpinion:Assessment (code rule death):Id: the id 'death' is used twice (first by PetitionOpinion:Assessment (default rule death))");
        RiskRuleSetTests.AssertDetail(error, RiskAssessmentErrors.ContradictingBands, "PetitionOpinion:Assessment:Rules:3: the bands on Reach");
        Assert.Equal(4, error.Details.Count);
    }

    [Theory]
    [InlineData("\"Level\": \"V\"", "Rules:0:Level")]
    [InlineData("\"Level\": \"5\"", "Rules:0:Level")]
    [InlineData("\"Level\": \"0\"", "Rules:0:Level")]
    [InlineData("\"Level\": \"I, II\"", "Rules:0:Level")]
    [InlineData("\"Level\": \"\"", "Rules:0:Level")]
    [InlineData("\"Scope\": \"Global\"", "Rules:0:Scope")]
    [InlineData("\"Scope\": \"3\"", "Rules:0:Scope")]
    [InlineData("\"Dimensions\": [ \"Price\" ]", "Rules:0:Dimensions:0")]
    [InlineData("\"Dimensions\": [ \"Reputation\", \"7\" ]", "Rules:0:Dimensions:1")]
    public void BuildRuleSet_OutOfRangeEffect_IsReportedAtItsPath(string effect, string path)
    {
        var options = ConfiguredRulesProperties.FromJson($$"""
            { "PetitionOpinion": { "Assessment": { "Rules": [ { "Id": "r", "When": [ { "Flag": "Litigation" } ], {{effect}} } ] } } }
            """);

        var error = options.BuildRuleSet([], "Assessment").AsT1;

        RiskRuleSetTests.AssertDetail(error, RiskAssessmentErrors.OutOfRange, $"Assessment:{path}: ");
        Assert.Single(error.Details);
    }

    [Theory]
    [InlineData("iv", SeverityLevel.IV)]
    [InlineData(" II ", SeverityLevel.II)]
    [InlineData("I", SeverityLevel.I)]
    public void BuildRuleSet_LevelNames_AreAcceptedWhateverTheCase(string level, SeverityLevel expected)
    {
        var options = new RiskAssessmentOptions { UseDefaultRules = false, Rules = [new RiskRuleOptions { Id = "r", When = [new RiskConditionOptions { Flag = "Litigation" }], Level = level }] };

        var set = options.BuildRuleSet([], "Assessment").AsT0;

        Assert.Equal(expected, set.Rules[0].Effect.MinimumLevel);
    }

    [Fact]
    public void BuildRuleSet_CustomFactsAndCategories_AreUsable()
    {
        var options = ConfiguredRulesProperties.FromJson("""
            {
              "PetitionOpinion": {
                "Assessment": {
                  "RuleSetId": "acme-2026-11",
                  "UseDefaultCategories": false,
                  "Categories": [ "Logistics" ],
                  "Rules": [
                    { "Id": "vip", "When": [ { "Flag": "custom:vip-customer" } ], "Raise": true },
                    { "Id": "refund", "When": [ { "Fact": "custom:refund-amount", "AtLeast": "10000.5" } ], "Level": "II", "Scope": "Group", "Dimensions": [ "MarketShare" ] }
                  ]
                }
              }
            }
            """);

        var set = options.BuildRuleSet([], "Assessment").AsT0;
        var facts = new RiskFacts { Category = new RiskCategory("Logistics"), Numbers = new Dictionary<string, double> { ["refund-amount"] = 10_000.5 }, Flags = new HashSet<string> { "vip-customer" } };

        Assert.Equal("acme-2026-11", set.Id);
        Assert.Equal(19, set.Rules.Count);
        Assert.Equal([new RiskCategory("Logistics")], set.Categories);
        Assert.False(set.KnowsCategory(RiskCategory.DataPrivacy));
        Assert.Equal(SeverityLevel.I, set.Evaluate(facts).Level);
        Assert.Equal(SeverityLevel.III, set.Evaluate(facts with { Numbers = new Dictionary<string, double> { ["refund-amount"] = 10_000.49 } }).Level);
        Assert.Equal(["vip", "refund"], set.Assess(facts).AsT0.FiredRules.Select(r => r.Id));
    }

    [Fact]
    public void BuildRuleSet_InvalidRuleSetIdOrNoRules_AreReported()
    {
        var badId = new RiskAssessmentOptions { RuleSetId = "not valid" }.BuildRuleSet([], "Assessment").AsT1;
        var noId = new RiskAssessmentOptions { RuleSetId = null }.BuildRuleSet([], "Assessment").AsT1;
        var noRules = new RiskAssessmentOptions { UseDefaultRules = false }.BuildRuleSet([], "Assessment").AsT1;
        var noCategories = new RiskAssessmentOptions { UseDefaultCategories = false }.BuildRuleSet([], "Assessment").AsT1;

        RiskRuleSetTests.AssertDetail(badId, RiskAssessmentErrors.InvalidRuleSet, "Assessment:RuleSetId: 'not valid'");
        Assert.Single(badId.Details);
        RiskRuleSetTests.AssertDetail(noId, RiskAssessmentErrors.InvalidRuleSet, "Assessment:RuleSetId");
        RiskRuleSetTests.AssertDetail(noRules, RiskAssessmentErrors.InvalidRuleSet, "this one has 0");
        RiskRuleSetTests.AssertDetail(noCategories, RiskAssessmentErrors.InvalidRuleSet, "at least one risk category");
    }

    [Fact]
    public void Validate_BadAssessmentSection_FailsAtStartUpListingEveryProblemWithItsPath()
    {
        using var provider = Provider(BadRulesJson);

        var atStartUp = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var onResolve = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value);

        AssertProblems(atStartUp.Failures);
        Assert.Equal(atStartUp.Failures, onResolve.Failures);
        Assert.All(atStartUp.Failures, f => Assert.StartsWith("[assessment.", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DuplicateRuleIdInConfiguration_FailsAtStartUp()
    {
        using var provider = Provider("""
            { "PetitionOpinion": { "Assessment": { "Rules": [ { "Id": "regulator", "When": [ { "Flag": "RegulatorInvolved" } ], "Level": "I" } ] } } }
            """);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("[assessment.duplicate_rule_id] Assessment:Rules:0:Id: the id 'regulator' is used twice", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRiskRule_CodeRule_IsInTheResolvedRuleSetAfterTheDefaultAndConfiguredRules()
    {
        var vip = new VipRule();
        var services = new ServiceCollection();
        var configuration = Configuration("""
            { "PetitionOpinion": { "Assessment": { "RuleSetId": "acme", "Rules": [ { "Id": "outlets", "When": [ { "Fact": "custom:outlets", "AtLeast": "3" } ], "Level": "III" } ] } } }
            """);

        var builder = services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion")).AddRiskRule(vip);
        services.Configure<PetitionOpinionOptions>(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        var set = provider.GetRequiredService<RiskRuleSet>();

        Assert.Same(services, builder.Services);
        Assert.Same(set, provider.GetRequiredService<RiskRuleSet>());
        Assert.Equal("acme", set.Id);
        Assert.Equal([.. DefaultRiskRules.All.Select(r => r.Id), "outlets", "vip"], set.Rules.Select(r => r.Id));
        Assert.Same(vip, set.Rules[^1]);
        var facts = new RiskFacts { Category = RiskCategory.ProductQuality, Flags = new HashSet<string> { "vip-customer" } };
        Assert.Equal(SeverityLevel.III, set.Evaluate(facts).Level);
        Assert.Equal(["vip"], set.Assess(facts).AsT0.FiredRules.Select(r => r.Id));
        Assert.Equal(SeverityLevel.II, set.Evaluate(facts with { Numbers = new Dictionary<string, double> { ["outlets"] = 3 } }).Level);
    }

    [Fact]
    public void AddPetitionOpinion_NoAssessmentSection_ResolvesTheDefaultRules()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        using var provider = services.BuildServiceProvider();

        var set = provider.GetRequiredService<RiskRuleSet>();

        Assert.Equal(RiskRuleSet.Default.ContentHash, set.ContentHash);
        Assert.Equal(DefaultRiskRules.RuleSetId, set.Id);
    }

    [Fact]
    public void AddRiskRule_CodeRuleWithADefaultRulesId_FailsAtStartUpNamingIt()
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(o => o.ConfigureOrganization(b => Scenario.AddPeople(b))).AddRiskRule(new RiskRuleSetTests.FixedRule("injury", RiskRuleEffect.AtLeast(SeverityLevel.II), fires: true));
        using var provider = services.BuildServiceProvider();

        var atStartUp = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var onResolve = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<RiskRuleSet>());

        var failure = Assert.Single(atStartUp.Failures);
        Assert.StartsWith("[assessment.duplicate_rule_id] Assessment (code rule injury):Id: the id 'injury' is used twice (first by Assessment (default rule injury))", failure, StringComparison.Ordinal);
        Assert.Equal(atStartUp.Failures, onResolve.Failures);
        Assert.Throws<ArgumentNullException>(() => services.AddPetitionOpinion(_ => { }).AddRiskRule(null!));
    }

    private static void AssertProblems(IEnumerable<string> failures)
    {
        var list = failures.ToList();
        var expected = new (string Code, string Fragment)[]
        {
            (RiskAssessmentErrors.InvalidRuleSet, "Assessment:Categories:1: 'bad category'"),
            (RiskAssessmentErrors.UnknownFact, "Assessment:Rules:0:When:0:Fact: 'Reech' is not a known fact"),
            (RiskAssessmentErrors.InvalidThreshold, "Assessment:Rules:1:When:0:AtLeast: '1,000,000' is not a number"),
            (RiskAssessmentErrors.DuplicateRuleId, "Assessment:Rules:2:Id: the id 'reach-1m' is used twice"),
            (RiskAssessmentErrors.UnknownFact, "Assessment:Rules:3:When:0:Flag: 'VipCustomer' is not a known flag"),
            (RiskAssessmentErrors.OutOfRange, "Assessment:Rules:3:Level: 'V'"),
            (RiskAssessmentErrors.OutOfRange, "Assessment:Rules:4:Level: '5'"),
            (RiskAssessmentErrors.InvalidRule, "Assessment:Rules:5:When:0: a condition is either Fact with AtLeast or Flag"),
            (RiskAssessmentErrors.OutOfRange, "Assessment:Rules:6:Scope: 'Global'"),
            (RiskAssessmentErrors.OutOfRange, "Assessment:Rules:7:Dimensions:1: 'Price'"),
            (RiskAssessmentErrors.InvalidThreshold, "Assessment:Rules:8:When:0:AtLeast: 'NaN'"),
            (RiskAssessmentErrors.InvalidRule, "Assessment:Rules:9:When: a rule needs at least one condition"),
            (RiskAssessmentErrors.InvalidRule, "Assessment:Rules:10: the rule has no effect"),
            (RiskAssessmentErrors.InvalidRule, "Assessment:Rules:11:Id: 'has space'"),
            (RiskAssessmentErrors.UnknownFact, "Assessment:Rules:12:When:0:Fact: 'custom:Reach'"),
            (RiskAssessmentErrors.UnknownFact, "Assessment:Rules:13:When:0:Fact: 'Complainants,Reach'"),
        };
        foreach (var (code, fragment) in expected)
        {
            Assert.True(
                list.Any(f => f.Contains($"[{code}]", StringComparison.Ordinal) && f.Contains(fragment, StringComparison.Ordinal)),
                $"No [{code}] problem containing \"{fragment}\" among:\n{string.Join("\n", list)}");
        }

        Assert.Equal(expected.Length, list.Count);
    }

    private static IConfiguration Configuration(string json)
        => new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static ServiceProvider Provider(string json)
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(Configuration(json).GetSection("PetitionOpinion"));
        services.Configure<PetitionOpinionOptions>(o => o.ConfigureOrganization(b => Scenario.AddPeople(b)));
        return services.BuildServiceProvider();
    }

    private sealed class VipRule : IRiskRule
    {
        public string Id => "vip";

        public string Description => "A VIP customer complains: one level up.";

        public string Source => "Acme customer-service policy";

        public RiskRuleEffect Effect => RiskRuleEffect.RaiseOneLevel(ImpactDimensions.CustomerTrust);

        public string Fingerprint => "vip: custom flag vip-customer set, one level up (v1)";

        public bool Fires(RiskFacts facts) => facts.HasFlag("vip-customer");

        public IReadOnlyList<TriggeringFact> Explain(RiskFacts facts) => [new("vip-customer", "set", "set")];
    }
}
