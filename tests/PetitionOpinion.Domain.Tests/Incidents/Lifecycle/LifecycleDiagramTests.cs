using PetitionOpinion.Incidents;

namespace PetitionOpinion.Tests.Incidents.Lifecycle;

public sealed class LifecycleDiagramTests
{
    [Fact]
    public void ToMermaid_DefaultTable_MatchesDiagramCommittedInDocs()
    {
        var committed = RepositoryFiles.FencedBlock(RepositoryFiles.Read("docs", "lifecycle.md"), "mermaid");

        Assert.Equal(LifecycleTable.Default.ToMermaid(), committed);
    }

    [Fact]
    public void ToMermaid_DefaultTable_HasAnEdgeForEveryStateChangingTransition()
    {
        var diagram = LifecycleTable.Default.ToMermaid();

        foreach (var transition in LifecycleTable.Default.Transitions.Where(t => t.From != t.To))
        {
            var edge = diagram.Split('\n').SingleOrDefault(l => l.TrimStart().StartsWith($"{transition.From} --> {transition.To} :", StringComparison.Ordinal));
            Assert.NotNull(edge);
            Assert.Contains(transition.Action.ToString(), edge, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToMermaid_DefaultTable_NotesEveryStateKeepingAction()
    {
        var lines = LifecycleTable.Default.ToMermaid().Split('\n');

        foreach (var transition in LifecycleTable.Default.Transitions.Where(t => t.From == t.To))
        {
            var note = Assert.Single(lines, l => l.TrimStart().StartsWith($"note right of {transition.From} :", StringComparison.Ordinal));
            Assert.Contains(transition.Action.ToString(), note, StringComparison.Ordinal);
        }
    }
}
