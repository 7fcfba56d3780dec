using System.Text.RegularExpressions;

namespace PetitionOpinion.Tests.Docs;

/// <summary>
/// Every C# block of README.md, docs/*.md and the packages' and samples' READMEs compiles: it is preceded by a <c>&lt;!-- snippet: path#region --&gt;</c>
/// marker naming a region of a file that the solution builds (docs/snippets, a sample or a test), and equals that region
/// (several regions, comma-separated, are joined by an empty line). And what ships cites only what a user can open: the
/// repository's own docs, never the specification or the plan files that sit outside it.
/// </summary>
public sealed partial class DocsSnippetTests
{
    public static TheoryData<string> MarkdownFiles()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add("docs/" + Path.GetFileName(file));
        }

        // The packages' and samples' READMEs are documentation too.
        foreach (var folder in new[] { "src", "samples" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, folder), "README.md", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(RepositoryFiles.Root, file).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void CSharpBlocks_Markdown_AreRegionsOfCodeTheSolutionBuilds(string file)
    {
        var lines = RepositoryFiles.Read(file.Split('/')).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            // A block in a list item is indented: its lines are compared without the fence's indentation.
            var indent = lines[i].Length - lines[i].TrimStart().Length;
            var marker = Enumerable.Range(0, i).Reverse().Select(j => lines[j]).FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? string.Empty;
            var match = Marker().Match(marker);
            Assert.True(match.Success, $"{file}:{i + 1}: the C# block is not preceded by a '<!-- snippet: path#region -->' marker.");
            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            var block = string.Concat(lines[(i + 1)..end].Select(l => (l.Length >= indent && l[..indent].Trim().Length == 0 ? l[indent..] : l.TrimStart()) + "\n"));
            var source = RepositoryFiles.Read(match.Groups["path"].Value.Split('/'));
            var expected = string.Join("\n", match.Groups["regions"].Value.Split(',').Select(r => RepositoryFiles.Region(source, r.Trim())));
            Assert.True(expected == block, $"{file}:{i + 1}: the block differs from {match.Groups["path"].Value}#{match.Groups["regions"].Value}.\n--- expected ---\n{expected}--- block ---\n{block}");
        }
    }

    [GeneratedRegex(@"^<!-- snippet: (?<path>[^#\s]+)#(?<regions>[^\s]+) -->$")]
    private static partial Regex Marker();

    // The specification (DOMAIN.md) and the plan (seed/plan.*) are not in the repository: a package that cites them sends
    // its reader, in IntelliSense or in a message, to a file nobody can open.
    [GeneratedRegex(@"DOMAIN\.md|DOMAIN\s*§|seed\s*§|shared/seed|shared/DOMAIN")]
    private static partial Regex OutsideCitation();

    [GeneratedRegex(@"docs/[A-Za-z0-9_.-]+\.md")]
    private static partial Regex DocsCitation();

    private static IEnumerable<string> ShippedSourceFiles() =>
        Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "src"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetExtension(f) is ".cs" or ".md" or ".txt" or ".json" or ".sql" or ".csproj" or ".props" or ".targets")
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> Offences(string path, Regex pattern) =>
        File.ReadAllLines(path)
            .Select((line, index) => (line, index))
            .Where(l => pattern.IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryFiles.Root, path)}:{l.index + 1}: {l.line.Trim()}");

    [Fact]
    public void Citations_ShippedSource_NameNoFileOutsideTheRepository()
    {
        var offences = ShippedSourceFiles().SelectMany(f => Offences(f, OutsideCitation())).ToList();

        Assert.True(offences.Count == 0, $"{offences.Count} citations of files outside the repository:\n{string.Join("\n", offences)}");
    }

    [Fact]
    public void Citations_GeneratedXmlDocs_NameNoFileOutsideTheRepository()
    {
        // The XML documentation files the packages ship, as the build wrote them next to this test.
        var xml = Directory.GetFiles(AppContext.BaseDirectory, "PetitionOpinion.*.xml")
            .Where(f => !Path.GetFileName(f).Contains(".Tests", StringComparison.Ordinal) && !Path.GetFileName(f).Contains(".Samples", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(xml, f => Path.GetFileName(f) == "PetitionOpinion.Domain.xml");
        Assert.Contains(xml, f => Path.GetFileName(f) == "PetitionOpinion.Abstractions.xml");

        var offences = xml.SelectMany(f => Offences(f, OutsideCitation())).ToList();

        Assert.True(offences.Count == 0, $"{offences.Count} citations of files outside the repository:\n{string.Join("\n", offences)}");
    }

    [Fact]
    public void Citations_ShippedSource_NameDocsThatExist()
    {
        var missing = ShippedSourceFiles()
            .SelectMany(f => File.ReadAllLines(f).SelectMany(line => DocsCitation().Matches(line)).Select(m => (file: f, doc: m.Value)))
            .Where(c => !File.Exists(Path.Combine([RepositoryFiles.Root, .. c.doc.Split('/')])))
            .Select(c => $"{Path.GetRelativePath(RepositoryFiles.Root, c.file)}: {c.doc}")
            .ToList();

        Assert.True(missing.Count == 0, $"docs cited but not in the repository:\n{string.Join("\n", missing)}");
    }
}
