using System.Text.RegularExpressions;

namespace PetitionOpinion.Architecture.Tests;

/// <summary>
/// The layering of <c>docs/architecture.md</c> held against the compiled assemblies: every use of a type of one package or
/// folder by another must follow the picture's arrows (downwards), and the pictures have no cycles. An arrow the picture
/// forbids may only stay while the document lists it under "Arrows still to remove" (none today); the test fails when
/// one is added and when one listed is gone (so that the list only shrinks).
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>The shipped packages, whose assemblies the pictures speak of.</summary>
    public static readonly string[] Packages =
    [
        "PetitionOpinion.Abstractions", "PetitionOpinion.Domain", "PetitionOpinion.Storage.Sqlite", "PetitionOpinion.Storage.PostgreSql",
        "PetitionOpinion.Storage.Conformance", "PetitionOpinion.Notifications.Webhooks", "PetitionOpinion.DependencyInjection",
        "PetitionOpinion.Hosting", "PetitionOpinion.Storage.Conformance.XunitV3", "PetitionOpinion.Monitoring.Jieba",
    ];

    private static readonly Lazy<string> Document = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "architecture.md")));
    private static readonly Lazy<IReadOnlyList<Dependency>> Graph = new(() => DependencyGraph.Read(Packages.Select(p => (Path.Combine(AppContext.BaseDirectory, p + ".dll"), SourceDirectory(p)))));

    [Fact]
    public void Packages_UseOnlyThePackagesBelowThemInThePicture()
    {
        var picture = Picture("packages");
        var uses = Graph.Value.Where(d => d.From.Assembly != d.To.Assembly).Select(d => (d.From.Assembly, d.To.Assembly, d.Example))
            .Concat(AssemblyReferences());

        Assert.Empty(picture.Violations(uses));
        Assert.Equal(Packages.Order(StringComparer.Ordinal), picture.Nodes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DomainFolders_UseOnlyTheFoldersBelowThemInThePictureOrTheListedArrowsStillToRemove()
    {
        const string domain = "PetitionOpinion.Domain";
        var picture = Picture(domain);
        var uses = Graph.Value.Where(d => d.From.Assembly == domain && d.To.Assembly == domain).Select(d => (d.From.Folder, d.To.Folder, d.Example)).ToList();
        var found = picture.Violations(uses).Select(v => v[..v.IndexOf(" (", StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        var listed = ArrowsStillToRemove();

        Assert.True(found.SetEquals(listed), $"""
            Arrows the picture forbids, not listed in docs/architecture.md (follow the picture instead):
            {string.Join(Environment.NewLine, picture.Violations(uses).Where(v => !listed.Contains(v[..v.IndexOf(" (", StringComparison.Ordinal)])))}
            Listed arrows that are gone (remove them from the list):
            {string.Join(Environment.NewLine, listed.Where(l => !found.Contains(l)))}
            """);
        Assert.All(uses.SelectMany(u => new[] { u.Item1, u.Item2 }).Distinct(), folder => Assert.Contains(folder, picture.Nodes));
    }

    [Fact]
    public void Domain_TakesNoRegistrationOrConfigurationPackageIntoAHostThatWantsOnlyTheRules()
    {
        // Registration (DependencyInjection) and configuration binding (Options, Configuration) belong to
        // PetitionOpinion.DependencyInjection; the domain logs through Logging.Abstractions alone.
        using var module = Mono.Cecil.ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, "PetitionOpinion.Domain.dll"));
        var forbidden = module.AssemblyReferences.Select(r => r.Name)
            .Where(name => name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && name != "Microsoft.Extensions.Logging.Abstractions")
            .ToList();

        Assert.Empty(forbidden);
    }

    [Fact]
    public void Pictures_HaveNoCycles()
    {
        var pictures = Layering.ReadAll(Document.Value);

        Assert.Equal(["PetitionOpinion.Domain", "packages"], pictures.Keys.Order(StringComparer.Ordinal));
        Assert.All(pictures.Values, p => Assert.Empty(p.Cycles()));
    }

    private static Layering Picture(string scope) => Layering.ReadAll(Document.Value)[scope];

    private static IEnumerable<(string, string, string)> AssemblyReferences()
    {
        foreach (var package in Packages)
        {
            using var module = Mono.Cecil.ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, package + ".dll"));
            foreach (var reference in module.AssemblyReferences.Where(r => Packages.Contains(r.Name)))
            {
                yield return (package, reference.Name, "assembly reference");
            }
        }
    }

    private static HashSet<string> ArrowsStillToRemove()
    {
        var section = Document.Value[Document.Value.IndexOf("## Arrows still to remove", StringComparison.Ordinal)..];
        return ListedArrow().Matches(section).Select(m => $"{m.Groups[1].Value} → {m.Groups[2].Value}").ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The folder of a package's sources: the xunit v3 conformance kit is compiled from the v2 kit's (one body, two packages).</summary>
    /// <param name="package">The package.</param>
    /// <returns>The folder.</returns>
    internal static string SourceDirectory(string package)
        => Path.Combine(RepositoryRoot(), "src", package == "PetitionOpinion.Storage.Conformance.XunitV3" ? "PetitionOpinion.Storage.Conformance" : package);

    /// <summary>Finds the repository's root folder above the test's.</summary>
    /// <returns>The folder.</returns>
    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PetitionOpinion.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository's root (with PetitionOpinion.sln) is not above the test's folder.");
    }

    [GeneratedRegex(@"^- `([^`]+) → ([^`]+)`", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ListedArrow();
}
