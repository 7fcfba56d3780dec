namespace PetitionOpinion.Architecture.Tests;

/// <summary>The layering check itself, on fixtures: it reads a forbidden use out of a compiled assembly and lists it.</summary>
public sealed class LayeringFixtureTests
{
    private const string Picture = """
        # Fixture

        ```mermaid
        flowchart TD
          %% layering: fixture
          High[FixtureHigh] --> Middle[FixtureMiddle]
          Middle --> Low[FixtureLow]
        ```
        """;

    [Fact]
    public void Violations_CompiledUseOfAHigherFolder_IsListedWithTheTypesInvolved()
    {
        // This project's folders FixtureHigh, FixtureMiddle and FixtureLow (one namespace for the three: folders, not
        // namespaces, are the parts): the high one uses the middle one, the middle one the low one (allowed), and the low
        // one uses the high one in a method body (forbidden).
        var layering = Layering.ReadAll(Picture)["fixture"];
        var graph = DependencyGraph.Read([(typeof(LayeringFixtureTests).Assembly.Location, Path.Combine(LayeringTests.RepositoryRoot(), "tests", "PetitionOpinion.Architecture.Tests"))]);
        var uses = graph.Where(d => d.From.Folder.StartsWith("Fixture", StringComparison.Ordinal) && d.To.Folder.StartsWith("Fixture", StringComparison.Ordinal))
            .Select(d => (d.From.Folder, d.To.Folder, d.Example)).ToList();

        Assert.Equal(3, uses.Count);
        Assert.Equal(["FixtureLow → FixtureHigh (PetitionOpinion.Architecture.Tests.Fixtures.Clock → PetitionOpinion.Architecture.Tests.Fixtures.Alarm)"], layering.Violations(uses));
    }

    [Fact]
    public void Cycles_PictureWithAnArrowBackUp_ListsIt()
    {
        var layering = Layering.ReadAll(Picture.Replace("Middle --> Low[FixtureLow]", "Middle --> Low[FixtureLow]\n  Low --> High", StringComparison.Ordinal))["fixture"];

        Assert.Contains("FixtureLow → FixtureHigh", layering.Cycles());
        Assert.True(layering.Allows("FixtureHigh", "FixtureLow"));
    }

    [Fact]
    public void Allows_ArrowsPointDown_TransitivelyButNeverUp()
    {
        var layering = Layering.ReadAll(Picture)["fixture"];

        Assert.True(layering.Allows("FixtureHigh", "FixtureLow"));
        Assert.False(layering.Allows("FixtureLow", "FixtureMiddle"));
        Assert.False(layering.Allows("FixtureUnknown", "FixtureLow"));
    }
}
