using System.Text.RegularExpressions;

namespace PetitionOpinion.Tests.Docs;

/// <summary>
/// Links that resolve where the text is read (issue 21). The repository's Markdown (README.md, CHANGELOG.md, docs/*.md,
/// the samples' and benchmarks' READMEs) links only to files inside the repository — nothing beside it, such as the
/// project's plan or specification. A package's README is read on the package page, where no repository file exists: it
/// links only to absolute http(s) addresses or to its own headings. The packed readmes are checked again by
/// tests/PetitionOpinion.Packaging.Tests.
/// </summary>
public sealed partial class MarkdownLinkTests
{
    public static TheoryData<string> RepositoryMarkdown()
    {
        var data = new TheoryData<string> { "README.md", "CHANGELOG.md" };
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add("docs/" + Path.GetFileName(file));
        }

        foreach (var file in ReadmesUnder("samples").Concat(ReadmesUnder("benchmarks")))
        {
            data.Add(file);
        }

        return data;
    }

    public static TheoryData<string> PackageReadmes()
    {
        var data = new TheoryData<string>();
        foreach (var file in ReadmesUnder("src"))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RepositoryMarkdown))]
    public void RelativeLinks_RepositoryMarkdown_ResolveToFilesInsideTheRepository(string file)
    {
        var folder = Path.GetDirectoryName(Path.Combine([RepositoryFiles.Root, .. file.Split('/')]))!;
        var root = Path.GetFullPath(RepositoryFiles.Root) + Path.DirectorySeparatorChar;

        var offences = Links(RepositoryFiles.Read(file.Split('/')))
            .Where(link => !IsAbsoluteOrAnchor(link))
            .Select(link => (link, target: Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(link.Split('#')[0])))))
            .Where(l => !l.target.StartsWith(root, StringComparison.Ordinal) || !(File.Exists(l.target) || Directory.Exists(l.target)))
            .Select(l => l.link)
            .ToList();

        Assert.True(offences.Count == 0, $"{file}: links to nothing inside the repository: {string.Join(", ", offences)}");
    }

    [Theory]
    [MemberData(nameof(PackageReadmes))]
    public void Links_PackageReadme_AreAbsoluteOrToItsOwnHeadings(string file)
    {
        var offences = Links(RepositoryFiles.Read(file.Split('/'))).Where(link => !IsAbsoluteOrAnchor(link)).ToList();

        Assert.True(offences.Count == 0, $"{file}: links that do not resolve on the package page: {string.Join(", ", offences)}");
    }

    [Theory]
    [MemberData(nameof(PackageReadmes))]
    public void Links_PackageReadme_NameNoUnpublishedPackagePage(string file)
    {
        // No version of the packages has been published: their pages on nuget.org do not exist. Packages are named in code font.
        var offences = Links(RepositoryFiles.Read(file.Split('/')))
            .Where(link => link.Contains("nuget.org/packages/PetitionOpinion", StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.True(offences.Count == 0, $"{file}: links to unpublished package pages: {string.Join(", ", offences)}");
    }

    private static IEnumerable<string> ReadmesUnder(string folder) =>
        Directory.GetFiles(Path.Combine(RepositoryFiles.Root, folder), "README.md", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(RepositoryFiles.Root, f).Replace(Path.DirectorySeparatorChar, '/'));

    // The targets of the links and images of a Markdown text — inline, reference definitions, angle-bracket autolinks and
    // HTML href/src — outside code blocks and code spans.
    private static IEnumerable<string> Links(string markdown)
    {
        var text = InlineCode().Replace(FencedCode().Replace(markdown, string.Empty), string.Empty);
        return InlineLink().Matches(text).Select(m => m.Groups["target"].Value)
            .Concat(ReferenceDefinition().Matches(text).Select(m => m.Groups["target"].Value))
            .Concat(AutoLink().Matches(text).Select(m => m.Groups["target"].Value))
            .Concat(HtmlLink().Matches(text).Select(m => m.Groups["target"].Value));
    }

    private static bool IsAbsoluteOrAnchor(string link) =>
        link.StartsWith('#')
        || (Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeMailto));

    [GeneratedRegex(@"^\s*(```|~~~).*?^\s*\1[^\n]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\]\(\s*<?(?<target>[^)\s>]+)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]\n]+\]:\s*<?(?<target>[^\s>]+)", RegexOptions.Multiline)]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"<(?<target>[A-Za-z][A-Za-z0-9+.-]*:[^\s>]+)>")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"\b(?:href|src)\s*=\s*[""'](?<target>[^""']+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();
}
