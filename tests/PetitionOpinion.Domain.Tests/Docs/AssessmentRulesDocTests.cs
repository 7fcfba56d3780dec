using PetitionOpinion.Assessment;

namespace PetitionOpinion.Tests.Docs;

/// <summary>docs/assessment-rules.md lists the default rules as the code defines them.</summary>
public sealed class AssessmentRulesDocTests
{
    private static readonly string[] Lines = RepositoryFiles.Read("docs", "assessment-rules.md").Split('\n');

    [Fact]
    public void EnglishRuleTable_AssessmentRulesDoc_MatchesDefaultRules()
    {
        var english = Section("### English");
        var rows = english.Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        Assert.Equal(DefaultRiskRules.All.Count, rows.Count);
        foreach (var (rule, row) in DefaultRiskRules.All.Zip(rows))
        {
            var effect = rule.Effect;
            var level = effect.RaisesOneLevel ? "one level up" : $"at least {effect.MinimumLevel}";
            var scope = effect.MinimumScope?.ToString() ?? "—";
            Assert.StartsWith($"| `{rule.Id}` | `{string.Join(" and ", rule.When)}` | {level} | {scope} | {effect.Dimensions} | ", row, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ChineseRuleTable_AssessmentRulesDoc_ListsEveryDefaultRuleInOrder()
    {
        var ids = Section("### 中文").Where(l => l.StartsWith("| `", StringComparison.Ordinal)).Select(l => l.Split('`')[1]);

        Assert.Equal(DefaultRiskRules.All.Select(r => r.Id), ids);
    }

    [Fact]
    public void RuleSetId_AssessmentRulesDoc_IsTheDefault()
        => Assert.Contains($"Rule set id `{DefaultRiskRules.RuleSetId}`", string.Join("\n", Lines), StringComparison.Ordinal);

    // The lines from a heading to the next heading.
    private static IEnumerable<string> Section(string heading)
        => Lines.SkipWhile(l => l != heading).Skip(1).TakeWhile(l => !l.StartsWith('#'));
}
