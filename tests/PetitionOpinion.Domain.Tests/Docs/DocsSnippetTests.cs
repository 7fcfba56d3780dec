using System.Text.RegularExpressions;

namespace PetitionOpinion.Tests.Docs;

/// <summary>
/// Every C# block of README.md, docs/*.md and the packages' and samples' READMEs compiles: it is preceded by a <c>&lt;!-- snippet: path#region --&gt;</c>
/// marker naming a region of a file that the solution builds (docs/snippets, a sample or a test), and equals that region
/// (several regions, comma-separated, are joined by an empty line).
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
}
