using System.Reflection;
using PetitionOpinion.Readiness;
using PetitionOpinion.Reporting;
using PetitionOpinion.Tests.Readiness;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Docs;

/// <summary>docs/readiness.md lists exactly the gap codes and configuration error codes the code can produce, and its sample report is the one the code renders.</summary>
public sealed class ReadinessDocTests
{
    private static readonly string Markdown = RepositoryFiles.Read("docs", "readiness.md");
    private static readonly string[] Lines = Markdown.Split('\n');

    [Fact]
    public void GapTable_ReadinessDoc_ListsEveryCodeWithItsSeverityInOrder()
    {
        var rows = Rows("## Gap codes");

        Assert.Equal(ReadinessGapCodes.All.Select(c => c.Key), rows.Select(r => r[0].Trim('`')));
        Assert.Equal(ReadinessGapCodes.All.Select(c => c.Value.ToString().ToLowerInvariant()), rows.Select(r => r[1]));
        Assert.All(rows, r => Assert.Equal(5, r.Length));
        Assert.All(rows, r => Assert.All(r, cell => Assert.False(string.IsNullOrWhiteSpace(cell))));
        Assert.All(rows, r => Assert.Contains(r[3], ch => ch is >= '\u4e00' and <= '\u9fff'));
    }

    [Fact]
    public void GapCodes_Constants_AreExactlyTheDocumentedSet()
    {
        var constants = typeof(ReadinessGapCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(ReadinessGapCodes.All.Select(c => c.Key).Order(StringComparer.Ordinal), constants.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ConfigurationErrorTable_ReadinessDoc_ListsEveryErrorCode()
    {
        var documented = Rows("## Configuration").Select(r => r[0].Trim('`')).Where(c => c.StartsWith("readiness.", StringComparison.Ordinal));
        var constants = typeof(ReadinessErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(constants.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(ReportLanguage.English, "# Readiness report")]
    [InlineData(ReportLanguage.Chinese, "# 应急准备情况报告")]
    public void SampleReport_ReadinessDoc_IsWhatTheCodeRenders(ReportLanguage language, string heading)
    {
        var report = ReadinessWorld.Check(new ReadinessSetup(
            ReadinessWorld.Without(ReadinessWorld.HotlineId),
            new TrainingLog(ReadinessWorld.FreshTraining.Records.Where(r => r.Person != People.ItSupport))));

        var sample = Markdown[Markdown.IndexOf("## The report", StringComparison.Ordinal)..];
        var block = RepositoryFiles.FencedBlock(sample[sample.IndexOf("```markdown\n" + heading, StringComparison.Ordinal)..], "markdown");

        Assert.Equal(report.ToMarkdown(language), block);
    }

    // The table rows ("| `...") of a section, split into trimmed cells.
    private static List<string[]> Rows(string heading)
        => [.. Lines
            .SkipWhile(l => l != heading).Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray())];
}
