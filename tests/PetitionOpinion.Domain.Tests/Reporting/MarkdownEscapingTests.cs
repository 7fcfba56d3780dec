using System.Text.RegularExpressions;
using PetitionOpinion.Incidents;
using PetitionOpinion.Organization;
using PetitionOpinion.Reporting;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Reporting;

/// <summary>User text in a closure report reads as text: it cannot open headings, lists or quotes, emphasise, link, embed HTML or break a table.</summary>
public sealed partial class MarkdownEscapingTests
{
    [Theory]
    [InlineData("a | b", "a \\| b")]
    [InlineData("*bold* and _it_", "\\*bold\\* and \\_it\\_")]
    [InlineData("`code`", "\\`code\\`")]
    [InlineData("[link](http://x)", "\\[link\\](http://x)")]
    [InlineData("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>")]
    [InlineData("~~gone~~", "\\~\\~gone\\~\\~")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("&amp; &#38; &#x26; R&D & co; &;", "\\&amp; \\&#38; \\&#x26; R&D & co; &;")]
    [InlineData("C# and 1. and - are fine inside", "C# and 1. and - are fine inside")]
    public void Inline_SpecialCharacters_AreBackslashEscaped(string text, string expected)
        => Assert.Equal(expected, MarkdownEscaping.Inline(text));

    [Theory]
    [InlineData("# not a heading", "\\# not a heading")]
    [InlineData("### nor this", "\\### nor this")]
    [InlineData("- not a list", "\\- not a list")]
    [InlineData("+ nor this", "\\+ nor this")]
    [InlineData("* nor this", "\\* nor this")]
    [InlineData("> not a quote", "\\> not a quote")]
    [InlineData("12. not numbered", "12\\. not numbered")]
    [InlineData("3) nor this", "3\\) nor this")]
    [InlineData("===", "\\===")]
    [InlineData("---", "\\---")]
    [InlineData("    indented code", "indented code")]
    [InlineData("2026 was a year", "2026 was a year")]
    public void Inline_BlockMarkersAtTheStart_AreEscaped(string text, string expected)
        => Assert.Equal(expected, MarkdownEscaping.Inline(text));

    [Fact]
    public void Inline_LineBreaksAndTabs_BecomeSpaces()
        => Assert.Equal("one two\u0020\u0020three four", MarkdownEscaping.Inline("one\ntwo\r\n\tthree\u2028four"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void InlineAndBlock_NullOrBlank_AreEmpty(string? text)
    {
        Assert.Equal(string.Empty, MarkdownEscaping.Inline(text));
        Assert.Equal(string.Empty, MarkdownEscaping.Block(text));
    }

    [Fact]
    public void Block_Lines_AreEscapedEachWithOneBlankLineBetweenParagraphs()
        => Assert.Equal(
            "First line\n\\# second\n\nThird \\| paragraph\n\\- last",
            MarkdownEscaping.Block("\n\nFirst line\r\n# second\n\n\n\n   Third | paragraph\n- last\n\n"));

    [Fact]
    public void ToMarkdown_UserTextWithMarkdown_KeepsEveryTableRowAndHeadingIntact()
    {
        var scenario = new Scenario();
        scenario.Time.Advance(Scenario.Step);
        var incident = scenario.Lifecycle.Report(Scenario.ReportCommand() with
        {
            Description = "# Fake heading\n- fake item\n| a | b |\n|---|---|\n> quoted <b>bold</b>",
            ComplainedAbout = new ComplainedParty(null, "Tech | Ops"),
        }).AsT0;
        scenario.Do(incident, new AssessIncident(People.CustomerServiceRep, SeverityLevel.III, ImpactScope.Individual, PotentialRisk.Low, "Level | III\n## because"));
        scenario.Do(incident, new IssueDirective(People.CustomerServiceRep, DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "Collect | everything\n# now", scenario.Now.AddDays(1)));
        scenario.Do(incident, new AcknowledgeDirective(People.CustomerServiceRep, new DirectiveId(1)));
        scenario.Do(incident, new CompleteDirective(People.CustomerServiceRep, new DirectiveId(1), "*done* | [x](y)"));
        scenario.Do(incident, new StartResponse(People.CustomerServiceManager));
        scenario.Do(incident, new ResolveIncident(People.CustomerServiceManager, "Resolved | fine"));
        scenario.Do(incident, new SubmitClosureReport(People.GeneralManager, new ClosureReport(
            "# Summary heading?\n1. not a list\n\nsecond | paragraph",
            ["- cause | one"],
            [new Improvement("# improve | it", People.GeneralManager, new DateOnly(2026, 6, 30))],
            ["> lesson"])));

        var document = ClosureReportDocument.Build(incident, scenario.Organization);

        foreach (var language in new[] { ReportLanguage.English, ReportLanguage.Chinese })
        {
            var lines = document.ToMarkdown(language).Split('\n');

            // Headings are the writer's: the title and the sections.
            Assert.All(lines.Where(l => l.StartsWith('#')), l => Assert.Matches(@"^(# (Closure report|总结报告) — |## \S)", l));
            Assert.Single(lines, l => l.StartsWith("# ", StringComparison.Ordinal));
            // No user text opens a list, quote or block of its own; the writer's lists are "- **label**" and "1. ".
            Assert.All(lines.Where(l => l.StartsWith('-')), l => Assert.StartsWith("- **", l, StringComparison.Ordinal));
            Assert.All(lines.Where(l => l.StartsWith('>')), l => Assert.StartsWith("> **", l, StringComparison.Ordinal));
            // Every table row has as many cells as its header.
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith('|') && (i == 0 || !lines[i - 1].StartsWith('|')))
                {
                    var columns = Cells(lines[i]);
                    for (var j = i; j < lines.Length && lines[j].StartsWith('|'); j++)
                    {
                        Assert.True(Cells(lines[j]) == columns, $"Row {j} has {Cells(lines[j])} cells, its header {columns}: {lines[j]}");
                    }
                }
            }

            Assert.Contains("\\# Fake heading", lines);
            Assert.Contains("\\- fake item", lines);
            Assert.Contains("\\| a \\| b \\|", lines);
            Assert.Contains("\\> quoted \\<b\\>bold\\</b\\>", lines);
            Assert.Contains("\\# Summary heading?", lines);
            Assert.Contains("1\\. not a list", lines);
            Assert.Contains("1. \\- cause \\| one", lines);
            Assert.Contains("1. \\> lesson", lines);
            Assert.Contains(lines, l => l.Contains("| \\# improve \\| it |", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("\\*done\\* \\| \\[x\\](y)", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("Collect \\| everything # now", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("Tech \\| Ops", StringComparison.Ordinal));
        }
    }

    // The cells of a table row: the pipes that are not escaped, less one.
    private static int Cells(string row) => UnescapedPipe().Count(row) - 1;

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();
}
