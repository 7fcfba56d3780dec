using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Tests.Docs;

/// <summary>docs/organization.md's matrix is <see cref="AuthorityMatrix.Default"/>: the XML docs send readers there for it.</summary>
public sealed class OrganizationDocTests
{
    [Fact]
    public void AuthorityTable_OrganizationDoc_IsTheDefaultMatrixInActionOrder()
    {
        var markdown = RepositoryFiles.Read("docs", "organization.md");
        var start = markdown.IndexOf("| action | default grants |", StringComparison.Ordinal);
        Assert.True(start >= 0, "the matrix table is missing");
        var rows = markdown[start..].Split('\n').Skip(2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Select(r => $"{r[0].Trim('`')}: {string.Join(" ", r[1].Split(", ").Select(g => g.Trim('`')))}")
            .ToList();

        var expected = Enum.GetValues<IncidentAction>()
            .Select(a => $"{a}: {string.Join(" ", AuthorityMatrix.Default.For(a))}")
            .ToList();

        Assert.Equal(string.Join("\n", expected), string.Join("\n", rows));
    }
}
