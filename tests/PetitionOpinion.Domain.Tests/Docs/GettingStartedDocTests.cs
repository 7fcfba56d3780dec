using System.Text.RegularExpressions;
using PetitionOpinion.Incidents;
using WalkThroughSample;

namespace PetitionOpinion.Tests.Docs;

/// <summary>
/// docs/getting-started.md's walk-through (issue 18's new user): it runs to a closed incident, shows every step in order,
/// needs few usings, and no page of the documentation takes a result apart with <c>.AsT0</c> (which throws on an error
/// and loses it). That each block equals the sample's region is <see cref="DocsSnippetTests"/>' job.
/// </summary>
public sealed partial class GettingStartedDocTests
{
    private static readonly string[] Steps =
        ["walkthrough-usings", "walkthrough-setup", "walkthrough-report", "walkthrough-assess-and-direct", "walkthrough-why-not", "walkthrough-resolve-and-close"];

    [Fact]
    public async Task WalkThrough_Run_EndsWithTheIncidentClosed()
    {
        Assert.Equal(IncidentState.Closed, await WalkThrough.RunAsync());
    }

    [Fact]
    public void WalkThrough_Page_ShowsEveryStepOfTheSampleInOrder()
    {
        var page = RepositoryFiles.Read("docs", "getting-started.md");

        var positions = Steps.Select(step => page.IndexOf($"<!-- snippet: samples/PetitionOpinion.Samples.Console/WalkThrough.cs#{step} -->", StringComparison.Ordinal)).ToList();

        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void WalkThrough_Usings_AreAtMostFour()
    {
        var usings = RepositoryFiles.Region(RepositoryFiles.Read("samples", "PetitionOpinion.Samples.Console", "WalkThrough.cs"), "walkthrough-usings");

        Assert.InRange(usings.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 1, 4);
    }

    [Theory]
    [MemberData(nameof(DocsSnippetTests.MarkdownFiles), MemberType = typeof(DocsSnippetTests))]
    public void Markdown_CSharp_NeverTakesAResultApartWithAsT0(string file)
    {
        // Code that uses it (".AsT0;", ".AsT0.Id", ".AsT0)"), not the prose or comments that warn of it.
        var uses = AsT0Use().Matches(RepositoryFiles.Read(file.Split('/')));

        Assert.Empty(uses);
    }

    [GeneratedRegex(@"\.AsT0[;.)\],]")]
    private static partial Regex AsT0Use();
}
