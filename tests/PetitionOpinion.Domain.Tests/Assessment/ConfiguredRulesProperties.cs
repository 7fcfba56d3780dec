using System.Text;
using FsCheck.Xunit;
using Microsoft.Extensions.Configuration;
using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Assessment;

/// <summary>
/// The default rules of docs/assessment-rules.md written twice by hand, independently of <see cref="DefaultRiskRules"/>: as JSON
/// configuration bound through <c>Microsoft.Extensions.Configuration</c>, and as rules written in code. Both, and the
/// shipped default set, decide alike on random facts.
/// </summary>
public sealed class ConfiguredRulesProperties
{
    /// <summary>The default rules of docs/assessment-rules.md as an appsettings section (thresholds as strings, and as JSON numbers to show both bind).</summary>
    public const string DefaultRulesJson = """
        {
          "PetitionOpinion": {
            "Assessment": {
              "RuleSetId": "configured-default",
              "UseDefaultRules": false,
              "Rules": [
                { "Id": "personal-data-100m", "Description": "Personal data of 100M people leaked", "Source": "docs/assessment-rules.md",
                  "When": [ { "Fact": "PersonalDataRecordsAffected", "AtLeast": "100000000" } ], "Level": "I", "Scope": "PublicOrNational", "Dimensions": [ "CustomerTrust" ] },
                { "Id": "personal-data-10m", "When": [ { "Fact": "PersonalDataRecordsAffected", "AtLeast": "10000000" } ], "Level": "II", "Scope": "RegionalOrIndustry", "Dimensions": [ "CustomerTrust" ] },
                { "Id": "personal-data-1m", "When": [ { "Fact": "PersonalDataRecordsAffected", "AtLeast": 1000000 } ], "Level": "III", "Scope": "Group", "Dimensions": [ "CustomerTrust" ] },
                { "Id": "group-petition", "When": [ { "Fact": "Complainants", "AtLeast": "5" } ], "Level": "III", "Scope": "Group", "Dimensions": [ "CustomerTrust" ] },
                { "Id": "complainants-50", "When": [ { "Fact": "Complainants", "AtLeast": "50" } ], "Level": "II", "Scope": "Group", "Dimensions": [ "CustomerTrust" ] },
                { "Id": "reach-100m", "When": [ { "Fact": "Reach", "AtLeast": "1e8" } ], "Level": "I", "Scope": "PublicOrNational", "Dimensions": [ "Reputation" ] },
                { "Id": "national-trending", "When": [ { "Flag": "NationalTrending" } ], "Level": "I", "Scope": "PublicOrNational", "Dimensions": [ "Reputation" ] },
                { "Id": "reach-10m", "When": [ { "Fact": "Reach", "AtLeast": "10000000" } ], "Level": "II", "Scope": "RegionalOrIndustry", "Dimensions": [ "Reputation" ] },
                { "Id": "mainstream-media", "When": [ { "Flag": "MainstreamMediaCoverage" } ], "Level": "II", "Scope": "RegionalOrIndustry", "Dimensions": [ "Reputation" ] },
                { "Id": "reach-1m", "When": [ { "Fact": "Reach", "AtLeast": "1000000" } ], "Level": "iii", "Scope": "Group", "Dimensions": [ "Reputation" ] },
                { "Id": "regulator", "When": [ { "Flag": "RegulatorInvolved" } ], "Level": "II", "Dimensions": [ "Reputation", "MarketShare" ] },
                { "Id": "litigation", "When": [ { "Flag": "Litigation" } ], "Level": "II", "Dimensions": [ "Reputation" ] },
                { "Id": "death", "When": [ { "Fact": "Deaths", "AtLeast": "1" } ], "Level": "I", "Dimensions": [ "Reputation", "CustomerTrust" ] },
                { "Id": "injury", "When": [ { "Fact": "Injuries", "AtLeast": "1" } ], "Level": "II", "Dimensions": [ "CustomerTrust" ] },
                { "Id": "escalate-negative-reach", "When": [ { "Fact": "NegativeShare", "AtLeast": 0.6 }, { "Fact": "Reach", "AtLeast": "1000000" } ], "Raise": true, "Dimensions": [ "Reputation" ] },
                { "Id": "escalate-minors-vulnerable", "When": [ { "Flag": "MinorsOrVulnerable" } ], "Raise": true, "Dimensions": [ "Reputation" ] },
                { "Id": "escalate-third-petition", "When": [ { "Fact": "PriorPetitionsWithin90Days", "AtLeast": "2" } ], "Raise": true, "Dimensions": [ "CustomerTrust" ] }
              ]
            }
          }
        }
        """;

    private static readonly Lazy<RiskRuleSet> ConfiguredSet = new(() => FromJson(DefaultRulesJson).BuildRuleSet([], "Assessment").Match(s => s, e => throw new InvalidOperationException(e.Message)));

    private static readonly Lazy<RiskRuleSet> CodeSet = new(() => RiskRuleSet.Create("code-default", CodeDefaultRules.All, DefaultRiskRules.Categories).Match(s => s, e => throw new InvalidOperationException(e.Message)));

    [Property(MaxTest = 1_000, Arbitrary = new[] { typeof(AssessmentArbitraries) })]
    public void Evaluate_DefaultRulesInConfigurationAndInCode_AgreeOnLevelAndFiredRules(DefaultRulesCase c)
    {
        var configured = ConfiguredSet.Value;
        var code = CodeSet.Value;
        foreach (var facts in new[] { c.Facts, c.Higher })
        {
            var fromConfiguration = configured.Evaluate(facts);
            var fromCode = code.Evaluate(facts);
            var shipped = RiskRuleSet.Default.Evaluate(facts);

            Assert.Equal(fromCode.Level, fromConfiguration.Level);
            Assert.Equal(RiskRuleSetProperties.Ids(code, fromCode.Fired), RiskRuleSetProperties.Ids(configured, fromConfiguration.Fired));
            Assert.Equal(fromCode.Level, shipped.Level);
            Assert.Equal(RiskRuleSetProperties.Ids(code, fromCode.Fired), RiskRuleSetProperties.Ids(RiskRuleSet.Default, shipped.Fired));

            var assessedFromConfiguration = configured.Assess(facts).AsT0;
            var assessedFromCode = code.Assess(facts).AsT0;
            Assert.Equal(assessedFromCode.Scope, assessedFromConfiguration.Scope);
            Assert.Equal(assessedFromCode.Dimensions, assessedFromConfiguration.Dimensions);
            Assert.Equal(assessedFromCode.GroupsToActivate, assessedFromConfiguration.GroupsToActivate);
            Assert.Equal(RiskRuleSet.Default.Assess(facts).AsT0.Scope, assessedFromCode.Scope);
        }
    }

    [Fact]
    public void BuildRuleSet_DefaultRulesInConfiguration_HaveTheDefaultRulesLogicUnderTheirOwnId()
    {
        var configured = ConfiguredSet.Value;

        Assert.Equal("configured-default", configured.Id);
        Assert.Equal(DefaultRiskRules.All.Select(r => r.Id), configured.Rules.Select(r => r.Id));
        Assert.Equal(DefaultRiskRules.All.Select(r => r.Effect), configured.Rules.Select(r => r.Effect));
        Assert.Equal(DefaultRiskRules.All.Select(r => string.Join(" and ", r.When)), configured.Rules.Cast<RiskRule>().Select(r => string.Join(" and ", r.When)));
        Assert.Equal(DefaultRiskRules.Categories, configured.Categories);
        Assert.Equal("Personal data of 100M people leaked", configured.Rules[0].Description);
        Assert.Equal("personal-data-10m", configured.Rules[1].Description);
        Assert.Equal("configuration", configured.Rules[1].Source);
        Assert.NotEqual(RiskRuleSet.Default.ContentHash, configured.ContentHash);
    }

    [Fact]
    public void BuildRuleSet_SameRulesUnderTheDefaultId_HasTheDefaultContentHash()
    {
        var options = FromJson(DefaultRulesJson);
        options.RuleSetId = DefaultRiskRules.RuleSetId;

        var set = options.BuildRuleSet([], "Assessment").AsT0;

        Assert.Equal(RiskRuleSet.Default.ContentHash, set.ContentHash);
    }

    /// <summary>Binds a JSON document's <c>PetitionOpinion:Assessment</c> section.</summary>
    /// <param name="json">The document.</param>
    /// <returns>The options.</returns>
    public static RiskAssessmentOptions FromJson(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var options = new RiskAssessmentOptions();
        configuration.GetSection("PetitionOpinion:Assessment").Bind(options);
        return options;
    }
}

/// <summary>The default rules of docs/assessment-rules.md as rules written in code: one hand-written class per rule, each an <see cref="IRiskRule"/> and not a <see cref="RiskRule"/>.</summary>
public static class CodeDefaultRules
{
    public static IReadOnlyList<IRiskRule> All { get; } =
    [
        new PersonalData100M(), new PersonalData10M(), new PersonalData1M(), new GroupPetition(), new Complainants50(),
        new Reach100M(), new NationalTrending(), new Reach10M(), new MainstreamMedia(), new Reach1M(), new Regulator(),
        new Litigation(), new Death(), new Injury(), new NegativeAndWide(), new MinorsOrVulnerable(), new ThirdPetition(),
    ];

    public abstract class CodeRule(string id, RiskRuleEffect effect) : IRiskRule
    {
        public string Id { get; } = id;

        public string Description => $"{Id}, written in code";

        public string Source => "docs/assessment-rules.md";

        public RiskRuleEffect Effect { get; } = effect;

        public string Fingerprint => $"{Id} (code, {GetType().Name}) then {Effect}";

        public abstract bool Fires(RiskFacts facts);

        public IReadOnlyList<TriggeringFact> Explain(RiskFacts facts) => [new TriggeringFact(GetType().Name, "true", "code")];
    }

    public sealed class PersonalData100M() : CodeRule("personal-data-100m", RiskRuleEffect.AtLeast(SeverityLevel.I, ImpactScope.PublicOrNational, ImpactDimensions.CustomerTrust))
    {
        public override bool Fires(RiskFacts facts) => facts.PersonalDataRecordsAffected >= 100_000_000;
    }

    public sealed class PersonalData10M() : CodeRule("personal-data-10m", RiskRuleEffect.AtLeast(SeverityLevel.II, ImpactScope.RegionalOrIndustry, ImpactDimensions.CustomerTrust))
    {
        public override bool Fires(RiskFacts facts) => facts.PersonalDataRecordsAffected >= 10_000_000;
    }

    public sealed class PersonalData1M() : CodeRule("personal-data-1m", RiskRuleEffect.AtLeast(SeverityLevel.III, ImpactScope.Group, ImpactDimensions.CustomerTrust))
    {
        public override bool Fires(RiskFacts facts) => facts.PersonalDataRecordsAffected >= 1_000_000;
    }

    public sealed class GroupPetition() : CodeRule("group-petition", RiskRuleEffect.AtLeast(SeverityLevel.III, ImpactScope.Group, ImpactDimensions.CustomerTrust))
    {
        public override bool Fires(RiskFacts facts) => facts.Complainants >= 5;
    }

    public sealed class Complainants50() : CodeRule("complainants-50", RiskRuleEffect.AtLeast(SeverityLevel.II, ImpactScope.Group, ImpactDimensions.CustomerTrust))
    {
        public override bool Fires(RiskFacts facts) => facts.Complainants >= 50;
    }

    public sealed class Reach100M() : CodeRule("reach-100m", RiskRuleEffect.AtLeast(SeverityLevel.I, ImpactScope.PublicOrNational, ImpactDimensions.Reputation))
    {
        public override bool Fires(RiskFacts facts) => facts.Reach >= 100_000_000;
    }

    public sealed class NationalTrending() : CodeRule("national-trending", RiskRuleEffect.AtLeast(SeverityLevel.I, ImpactScope.PublicOrNational, ImpactDimensions.Reputation))
    {
        public override bool Fires(RiskFacts facts) => facts.NationalTrending;
    }

    public sealed class Reach10M() : CodeRule("reach-10m", RiskRuleEffect.AtLeast(SeverityLevel.II, ImpactScope.RegionalOrIndustry, ImpactDimensions.Reputation))
    {
        public override bool Fires(RiskFacts facts) => facts.Reach >= 10_000_000;
    }

    public sealed class MainstreamMedia() : CodeRule("mainstream-media", RiskRuleEffect.AtLeast(SeverityLevel.II, ImpactScope.RegionalOrIndustry, ImpactDimensions.Reputation))
    {
        public override bool Fires(RiskFacts facts) => facts.MainstreamMediaCoverage;
    }

    public sealed class Reach1M() : CodeRule("reach-1m", RiskRuleEffect.AtLeast(SeverityLevel.III, ImpactScope.Group, ImpactDimensions.Reputation))
    {
        public override bool Fires(RiskFacts facts) => facts.Reach >= 1_000_000;
    }

    public sealed class Regulator() : CodeRule("regulator", RiskRuleEffect.AtLeast(SeverityLevel.II, null, ImpactDimensions.Reputation | ImpactDimensions.MarketShare))
    {
        public override bool Fires(RiskFacts facts) => facts.RegulatorInvolved;
    }

    public sealed class Litigation() : CodeRule("litigation", RiskRuleEffect.AtLeast(SeverityLevel.II, null, ImpactDimensions.Reputation))
    {
        public override bool Fires(RiskFacts facts) => facts.Litigation;
    }

    public sealed class Death() : CodeRule("death", RiskRuleEffect.AtLeast(SeverityLevel.I, null, ImpactDimensions.Reputation | ImpactDimensions.CustomerTrust))
    {
        public override bool Fires(RiskFacts facts) => facts.Deaths >= 1;
    }

    public sealed class Injury() : CodeRule("injury", RiskRuleEffect.AtLeast(SeverityLevel.II, null, ImpactDimensions.CustomerTrust))
    {
        public override bool Fires(RiskFacts facts) => facts.Injuries >= 1;
    }

    public sealed class NegativeAndWide() : CodeRule("escalate-negative-reach", RiskRuleEffect.RaiseOneLevel(ImpactDimensions.Reputation))
    {
        public override bool Fires(RiskFacts facts) => facts.NegativeShare >= 0.6 && facts.Reach >= 1_000_000;
    }

    public sealed class MinorsOrVulnerable() : CodeRule("escalate-minors-vulnerable", RiskRuleEffect.RaiseOneLevel(ImpactDimensions.Reputation))
    {
        public override bool Fires(RiskFacts facts) => facts.MinorsOrVulnerable;
    }

    public sealed class ThirdPetition() : CodeRule("escalate-third-petition", RiskRuleEffect.RaiseOneLevel(ImpactDimensions.CustomerTrust))
    {
        public override bool Fires(RiskFacts facts) => facts.PriorPetitionsWithin90Days >= 2;
    }
}
