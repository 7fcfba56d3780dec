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
