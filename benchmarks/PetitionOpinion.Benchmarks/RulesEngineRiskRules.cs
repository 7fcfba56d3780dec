using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;
using RulesEngine.Models;

namespace PetitionOpinion.Benchmarks;

/// <summary>
/// The baseline: the 17 default rules (docs/assessment-rules.md) as a workflow of Microsoft's RulesEngine, each a lambda expression
/// over the <see cref="RiskFacts"/> themselves (input <c>input1</c>), in the order of <see cref="DefaultRiskRules.All"/>.
/// The level comes from the rules that succeeded exactly as <see cref="RiskRuleSet"/> computes it: the most severe minimum
/// level (IV when none), one step up per escalator, never above I.
/// </summary>
internal sealed class RulesEngineRiskRules
{
    public const string WorkflowName = "petition-opinion-default";

    // Name (the default rule's id), expression, minimum level (0 for none), escalator: what a workflow JSON file would hold.
    private static readonly (string Name, string Expression, int MinimumLevel, bool Raises)[] Definitions =
    [
        ("personal-data-100m", "input1.PersonalDataRecordsAffected >= 100000000", 1, false),
        ("personal-data-10m", "input1.PersonalDataRecordsAffected >= 10000000", 2, false),
        ("personal-data-1m", "input1.PersonalDataRecordsAffected >= 1000000", 3, false),
        ("group-petition", "input1.Complainants >= 5", 3, false),
        ("complainants-50", "input1.Complainants >= 50", 2, false),
        ("reach-100m", "input1.Reach >= 100000000", 1, false),
        ("national-trending", "input1.NationalTrending", 1, false),
        ("reach-10m", "input1.Reach >= 10000000", 2, false),
        ("mainstream-media", "input1.MainstreamMediaCoverage", 2, false),
        ("reach-1m", "input1.Reach >= 1000000", 3, false),
        ("regulator", "input1.RegulatorInvolved", 2, false),
        ("litigation", "input1.Litigation", 2, false),
        ("death", "input1.Deaths >= 1", 1, false),
        ("injury", "input1.Injuries >= 1", 2, false),
        ("escalate-negative-reach", "input1.NegativeShare >= 0.6 && input1.Reach >= 1000000", 0, true),
        ("escalate-minors-vulnerable", "input1.MinorsOrVulnerable", 0, true),
        ("escalate-third-petition", "input1.PriorPetitionsWithin90Days >= 2", 0, true),
    ];

    private readonly RulesEngine.RulesEngine _engine;

    public RulesEngineRiskRules()
    {
        var workflow = new Workflow
        {
            WorkflowName = WorkflowName,
            Rules = [.. Definitions.Select(d => new Rule { RuleName = d.Name, Expression = d.Expression, RuleExpressionType = RuleExpressionType.LambdaExpression })],
        };

        // Settings that change no result and spare the engine work this comparison does not need: no error-message
        // formatting (which runs a regular expression over every rule that failed) and no scoped parameters.
        _engine = new RulesEngine.RulesEngine([workflow], new ReSettings { EnableFormattedErrorMessage = false, EnableScopedParams = false });
    }

    /// <summary>Gets the rules' names, in order.</summary>
    public static IReadOnlyList<string> RuleNames { get; } = [.. Definitions.Select(d => d.Name)];

    /// <summary>The engine's input for <paramref name="facts"/> (built once per facts record, outside the measurement).</summary>
    /// <param name="facts">The facts.</param>
    /// <returns>The rule parameters.</returns>
    public static RuleParameter[] InputFor(RiskFacts facts) => [new RuleParameter("input1", facts)];

    /// <summary>Runs the workflow and computes the level and the fired rules from its results.</summary>
    /// <param name="input">The input, from <see cref="InputFor"/>.</param>
    /// <returns>The evaluation.</returns>
    public HandWrittenEvaluation Evaluate(RuleParameter[] input)
    {
        // Every rule is a compiled expression: the ValueTask has completed when the call returns.
        var results = _engine.ExecuteAllRulesAsync(WorkflowName, input).GetAwaiter().GetResult();
        uint fired = 0;
        var level = 4;
        var raises = 0;
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].IsSuccess)
            {
                fired |= 1u << i;
                var definition = Definitions[i];
                if (definition.MinimumLevel != 0 && definition.MinimumLevel < level)
                {
                    level = definition.MinimumLevel;
                }

                raises += definition.Raises ? 1 : 0;
            }
        }

        return new((SeverityLevel)Math.Max(1, level - raises), fired, true);
    }

    /// <summary>Runs the workflow and returns the names of the rules that succeeded and any exception message, for the set-up check.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The results, in order.</returns>
    public IReadOnlyList<(string Name, bool IsSuccess, string? Exception)> Results(RuleParameter[] input)
        => [.. _engine.ExecuteAllRulesAsync(WorkflowName, input).GetAwaiter().GetResult().Select(r => (r.Rule.RuleName, r.IsSuccess, (string?)r.ExceptionMessage))];
}
