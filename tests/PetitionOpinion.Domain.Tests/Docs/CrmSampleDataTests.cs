using PetitionOpinion.Assessment;
using PetitionOpinion.Incidents;
using PetitionOpinion.Samples.CrmEmbedding;

namespace PetitionOpinion.Tests.Docs;

/// <summary>The complaints the CRM embedding sample ships must show every level and every default rule at work.</summary>
public sealed class CrmSampleDataTests
{
    [Fact]
    public void ComplaintsCsv_SampleData_CoversEveryCategoryLevelAndDefaultRule()
    {
        var rows = ComplaintCsv.Read(new StringReader(RepositoryFiles.Read("samples", "PetitionOpinion.Samples.CrmEmbedding", "complaints.csv"))).ToList();
        var graded = rows
            .Where(r => r.Complaint is not null)
            .Select(r => RiskRuleSet.Default.Assess(r.Complaint!.Facts))
            .Where(a => a.IsT0)
            .Select(a => a.AsT0)
            .ToList();

        Assert.True(graded.Count >= 50, $"only {graded.Count} valid complaint(s)");
        Assert.InRange(rows.Count - graded.Count, 2, 3); // the rows with bad data, which the sample reports as rejected
        Assert.All(rows.Where(r => r.Complaint is null), r => Assert.False(string.IsNullOrWhiteSpace(r.Error)));
        Assert.Equal(DefaultRiskRules.Categories.ToHashSet(), graded.Select(a => a.Facts.Category).ToHashSet());
        Assert.Equal(Enum.GetValues<SeverityLevel>().ToHashSet(), graded.Select(a => a.Level).ToHashSet());
        var neverFired = DefaultRiskRules.All.Select(r => r.Id).Except(graded.SelectMany(a => a.FiredRules).Select(f => f.Id));
        Assert.Empty(neverFired);
    }

    [Fact]
    public void CsvRead_QuotedFields_KeepCommasQuotesAndLineBreaks()
    {
        var records = Csv.Read(new StringReader("a,\"b,c\",\"d\"\"e\"\r\n\r\n\"f\r\ng\",,h\n")).ToList();

        Assert.Collection(
            records,
            r => Assert.Equal("1: a|b,c|d\"e", $"{r.Line}: {string.Join('|', r.Fields)}"),
            r => Assert.Equal("3: f\r\ng||h", $"{r.Line}: {string.Join('|', r.Fields)}"));
    }

    [Theory]
    [InlineData("a,\"b\"c\n", "line 1")]
    [InlineData("a\nb\"c\n", "line 2")]
    [InlineData("a\n\"b\nc", "line 2")]
    public void CsvRead_MalformedQuotes_ThrowsNamingTheLine(string text, string line)
    {
        var error = Assert.Throws<FormatException>(() => Csv.Read(new StringReader(text)).ToList());

        Assert.StartsWith(line + ":", error.Message, StringComparison.Ordinal);
    }
}
