using PetitionOpinion.Deadlines;
using PetitionOpinion.Organization;
using PetitionOpinion.Reporting;
using PetitionOpinion.Storage;
using PetitionOpinion.Tests.Reporting;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Docs;

/// <summary>docs/reports.md: its closure-report example is code that runs here, and its excerpts come from the golden files.</summary>
public sealed class ReportsDocTests
{
    private static readonly string Doc = RepositoryFiles.Read("docs", "reports.md");

    [Fact]
    public async Task ClosureReportExample_Doc_IsTheCodeThatRunsHere()
    {
        var scenario = new Scenario();
        var repository = new IncidentRepository(new InMemoryIncidentStore(), scenario.Lifecycle, new IncidentEventSerializer(), new IncidentStorageOptions());
        scenario.Time.Advance(Scenario.Step);
        var id = (await repository.ReportAsync(ReportStories.ReportCommand(), null, CancellationToken.None)).AsT0.Id;
        foreach (var command in ReportStories.Commands(scenario))
        {
            await repository.ExecuteAsync(id, command, CancellationToken.None);
        }

        var (english, chinese, status) = await Example(repository, scenario.Organization, new DeadlineScanner(DeadlinePolicy.Default, scenario.Time), id, CancellationToken.None);

        Assert.Equal(ClosureReportStatus.Final, status);
        Assert.StartsWith("# Closure report — incident ", english, StringComparison.Ordinal);
        Assert.StartsWith("# 总结报告 — 事件 ", chinese, StringComparison.Ordinal);
        Assert.Equal(Region(RepositoryFiles.Read("tests", "PetitionOpinion.Domain.Tests", "Docs", "ReportsDocTests.cs"), "closure-report"), RepositoryFiles.FencedBlock(Doc, "csharp", "## Closure reports"));
    }

    [Theory]
    [InlineData("## Closure reports", "seed-story.closure-report.en.md")]
    [InlineData("The same report in Chinese", "seed-story.closure-report.zh-CN.md")]
    public void Excerpt_Doc_IsPartOfTheGoldenFile(string after, string golden)
    {
        var excerpt = RepositoryFiles.FencedBlock(Doc, "markdown", after);

        Assert.Contains(excerpt, RepositoryFiles.Read("tests", "PetitionOpinion.Domain.Tests", "Reporting", "Golden", golden), StringComparison.Ordinal);
    }

    [Fact]
    public void Doc_HasTheReportsTitleAndTheClosureReportSection()
    {
        Assert.StartsWith("# Reports\n", Doc, StringComparison.Ordinal);
        Assert.Contains("\n## Closure reports\n", Doc, StringComparison.Ordinal);
    }

    private static async Task<(string English, string Chinese, ClosureReportStatus Status)> Example(IncidentRepository repository, ResponseOrganization organization, DeadlineScanner scanner, IncidentId id, CancellationToken cancellationToken)
    {
        // <closure-report>
        // Load the incident, then build its report: a draft until a closure report is submitted, final once the
        // leading group accepts it. The deadline scanner is optional: it adds the deadline summary.
        var incident = await repository.FindAsync(id, cancellationToken)
            ?? throw new InvalidOperationException($"No incident {id}.");
        var report = ClosureReportDocument.Build(incident, organization, scanner);

        var chinese = report.ToMarkdown(ReportLanguage.Chinese); // zh-CN
        var english = report.ToMarkdown(ReportLanguage.English);
        // </closure-report>
        return (english, chinese, report.Status);
    }

    // The text between "// <name>" and "// </name>", with the common indentation removed.
    private static string Region(string source, string name)
    {
        var lines = source.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == $"// <{name}>");
        var end = Array.FindIndex(lines, l => l.Trim() == $"// </{name}>");
        var body = lines[(start + 1)..end];
        var indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Concat(body.Select(l => (l.Length >= indent ? l[indent..] : l.TrimStart()) + "\n"));
    }
}
