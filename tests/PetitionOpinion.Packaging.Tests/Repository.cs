using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PetitionOpinion.Packaging.Tests;

/// <summary>The repository these tests were built from: its root, its version and its packable projects.</summary>
public static partial class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The version of Directory.Build.props: the version packed.</summary>
    public static string Version { get; } =
        XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("Version").Single().Value.Trim();

    /// <summary>
    /// The package ids of the projects under src/ that say <c>&lt;IsPackable&gt;true&lt;/IsPackable&gt;</c> (a project's
    /// <c>PackageId</c>, or its file name): what the solution's pack must produce, however many there are.
    /// </summary>
    public static IReadOnlyList<string> PackableIds { get; } =
        Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(path => (path, project: XDocument.Load(path)))
            .Where(p => p.project.Descendants("IsPackable").Any(e => string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase)))
            .Select(p => p.project.Descendants("PackageId").FirstOrDefault()?.Value.Trim() ?? Path.GetFileNameWithoutExtension(p.path))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> PackableIdData()
    {
        var data = new TheoryData<string>();
        foreach (var id in PackableIds)
        {
            data.Add(id);
        }

        return data;
    }

    /// <summary>The text of the CHANGELOG.md section of a version (<c>## [0.2.0] - 2026-…</c> up to the next <c>## </c>).</summary>
    public static string? ChangelogSection(string version)
    {
        var changelog = File.ReadAllText(Path.Combine(Root, "CHANGELOG.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var match = Regex.Match(changelog, @"^## \[" + Regex.Escape(version) + @"\][^\n]*\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups["body"].Value.Trim() : null;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PetitionOpinion.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"PetitionOpinion.sln not found above {AppContext.BaseDirectory}");
    }
}
