using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PetitionOpinion.Tests.Docs;

public sealed class ReadmeTests
{
    [Fact]
    public void QuickStartExample_Readme_IsTheCodeTheSampleCompiles()
    {
        var sample = RepositoryFiles.Read("samples", "PetitionOpinion.Samples.Console", "QuickStart.cs");
        var expected = Region(sample, "quick-start-usings") + "\n" + Region(sample, "quick-start");

        var readme = RepositoryFiles.FencedBlock(RepositoryFiles.Read("README.md"), "csharp", "## A first example");

        Assert.Equal(expected, readme);
    }

    [Fact]
    public void DeadlinesExample_Readme_IsTheCodeTheSampleCompiles()
    {
        var sample = RepositoryFiles.Read("samples", "PetitionOpinion.Samples.Console", "DeadlinesExample.cs");
        var expected = Region(sample, "deadlines-usings") + "\n" + Region(sample, "deadlines");

        var readme = RepositoryFiles.FencedBlock(RepositoryFiles.Read("README.md"), "csharp", "## Deadlines, escalation and notifications");

        Assert.Equal(expected, readme);
    }

    [Fact]
    public void QuickStart_Readme_NamesTheTwoCommands()
    {
        var commands = RepositoryFiles.FencedBlock(RepositoryFiles.Read("README.md"), "bash", "## Quick start");

        Assert.Equal(
            "dotnet run --project samples/PetitionOpinion.Samples.Console\ndotnet test PetitionOpinion.sln\n",
            commands);
    }

    [Fact]
    public void ConfigurationExample_Readme_BindsWithNoProblemButTheVacanciesItSaysItAbridges()
    {
        // The README's section, bound as a host would; its people are abridged, so the seed's other required positions are
        // vacant (and the example's own group's leader). Every other part must be valid as written.
        var json = RepositoryFiles.FencedBlock(RepositoryFiles.Read("README.md"), "json", "## Configuration");
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        using var services = new ServiceCollection().AddPetitionOpinion(configuration.GetSection("PetitionOpinion")).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value);

        Assert.NotEmpty(error.Failures);
        Assert.All(error.Failures, failure => Assert.True(
            failure.StartsWith("[organization.group_without_leader]", StringComparison.Ordinal) || failure.Contains("vacant", StringComparison.OrdinalIgnoreCase),
            failure));
        var options = new PetitionOpinionOptions();
        configuration.GetSection("PetitionOpinion").Bind(options);
        Assert.Equal(3, options.Readiness.Resources!.Count);
        Assert.Equal("(from your secret store)", options.Storage.PetitionerKeySecret);
    }

    // The text between "// <name>" and "// </name>", with the common indentation removed.
    private static string Region(string source, string name)
    {
        var lines = source.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == $"// <{name}>");
        var end = Array.FindIndex(lines, l => l.Trim() == $"// </{name}>");
        Assert.True(start >= 0 && end > start, $"region {name} not found");
        var body = lines[(start + 1)..end];
        var indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Concat(body.Select(l => (l.Length >= indent ? l[indent..] : l.TrimStart()) + "\n"));
    }
}
