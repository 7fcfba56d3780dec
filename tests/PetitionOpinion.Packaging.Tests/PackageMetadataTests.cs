using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PetitionOpinion.Packaging.Tests;

/// <summary>
/// What a user sees of each package on a package page and in a debugger: a readme that stands alone (present, named
/// in the nuspec, no link that only resolves inside the repository), an icon, the MIT licence expression, a description,
/// release notes from CHANGELOG.md, nothing stray in the package, and a symbol package whose PDBs embed every source
/// file, so that stepping into the library needs no source server.
/// </summary>
public sealed partial class PackageMetadataTests(PackedPackages packed) : IClassFixture<PackedPackages>
{
    // The Portable PDB's custom debug information kind of an embedded source (System.Reflection.Metadata's PortablePdb spec).
    private static readonly Guid EmbeddedSource = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    [Fact]
    public void Packages_Solution_PacksEveryPackableProjectUnderSrcAndNothingElse()
    {
        var ids = packed.Packages
            .Select(p => Path.GetFileName(p)[..^$".{Repository.Version}.nupkg".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(Repository.PackableIds);
        Assert.Equal(Repository.PackableIds, ids);
        Assert.All(ids, id => Assert.True(File.Exists(Path.Combine(packed.Folder, $"{id}.{Repository.Version}.snupkg")), $"no symbol package for {id}"));
    }

    [Theory]
    [MemberData(nameof(Repository.PackableIdData), MemberType = typeof(Repository))]
    public void Readme_Package_IsPackedAndNamedInTheNuspec(string id)
    {
        using var package = ZipFile.OpenRead(packed.Package(id));
        var readme = Metadata(package, "readme");

        Assert.False(string.IsNullOrWhiteSpace(readme), $"{id}: the nuspec names no readme");
        var text = Entry(package, readme!);
        Assert.StartsWith($"# {id}", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Repository.PackableIdData), MemberType = typeof(Repository))]
    public void Readme_Package_LinksOnlyToAbsoluteAddressesOrItsOwnHeadings(string id)
    {
        using var package = ZipFile.OpenRead(packed.Package(id));
        var text = Entry(package, Metadata(package, "readme") ?? "README.md");

        var offences = Links(text).Where(link => !IsAbsoluteOrAnchor(link)).ToList();

        Assert.True(offences.Count == 0, $"{id}: links that do not resolve from the package page: {string.Join(", ", offences)}");
    }

    [Theory]
    [MemberData(nameof(Repository.PackableIdData), MemberType = typeof(Repository))]
    public void Readme_Package_LinksToNoPackagePageThatWasNeverPublished(string id)
    {
        using var package = ZipFile.OpenRead(packed.Package(id));
        var text = Entry(package, Metadata(package, "readme") ?? "README.md");

        // No version of these packages is on nuget.org: a link to one of their pages is a 404. They are named in code font.
        var offences = Links(text).Where(link => link.Contains("nuget.org/packages/PetitionOpinion", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.True(offences.Count == 0, $"{id}: links to unpublished package pages: {string.Join(", ", offences)}");
    }

    [Theory]
    [MemberData(nameof(Repository.PackableIdData), MemberType = typeof(Repository))]
    public void Readme_Package_SaysHowToInstallIt(string id)
    {
        using var package = ZipFile.OpenRead(packed.Package(id));
        var text = Entry(package, Metadata(package, "readme") ?? "README.md");

        Assert.Contains($"dotnet add package {id}", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Repository.PackableIdData), MemberType = typeof(Repository))]
    public void Icon_Package_IsA128PixelPngNamedInTheNuspec(string id)
    {
        using var package = ZipFile.OpenRead(packed.Package(id));
        var icon = Metadata(package, "icon");

        Assert.False(string.IsNullOrWhiteSpace(icon), $"{id}: the nuspec names no icon");
        var entry = package.GetEntry(icon!);
        Assert.NotNull(entry);
        using var stream = entry.Open();
        var header = new byte[24];
        stream.ReadExactly(header);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header[..8]);
        Assert.Equal(128, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)));
        Assert.Equal(128, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }

    [Theory]
    [MemberData(nameof(Repository.PackableIdData), MemberType = typeof(Repository))]
    public void Licence_Package_IsTheMitExpression(string id)
    {
        using var package = ZipFile.OpenRead(packed.Package(id));
        var license = Element(PackedPackages.Nuspec(package), "license");

        Assert.NotNull(license);
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value.Trim());
    }

    [Theory]
    [MemberData(nameof(Repository.PackableIdData), MemberType = typeof(Repository))]
    public void Addresses_Package_NoneInvented(string id)
    {
        // The project has no public repository or site: no project URL and no repository URL until a real one exists.
        // (The repository element may carry the commit the package was built from: that is a fact, not an address.)
        using var package = ZipFile.OpenRead(packed.Package(id));
        var nuspec = PackedPackages.Nuspec(package);

        Assert.Null(Element(nuspec, "projectUrl"));
        Assert.Null(Element(nuspec, "repository")?.Attribute("url"));
    }

    [Theory]
    [MemberData(nameof(Repository.PackableIdData), MemberType = typeof(Repository))]
    public void Description_Package_IsSetAndNotTheDefault(string id)
    {
        using var package = ZipFile.OpenRead(packed.Package(id));
        var description = Metadata(package, "description");

        Assert.False(string.IsNullOrWhiteSpace(description), $"{id}: no description");
        Assert.NotEqual("Package Description", description);
        Assert.True(description!.Length >= 80, $"{id}: the description says too little: {description}");
    }

    [Theory]
    [MemberData(nameof(Repository.PackableIdData), MemberType = typeof(Repository))]
    public void ReleaseNotes_Package_AreTheChangelogSectionOfItsVersion(string id)
    {
        using var package = ZipFile.OpenRead(packed.Package(id));
        var notes = Metadata(package, "releaseNotes");

        Assert.False(string.IsNullOrWhiteSpace(notes), $"{id}: no release notes");
        var section = Repository.ChangelogSection(Repository.Version);
        Assert.NotNull(section);
        Assert.Equal(Normalize(section), Normalize(notes!));
    }

    [Theory]
    [MemberData(nameof(Repository.PackableIdData), MemberType = typeof(Repository))]
    public void Files_Package_HoldNothingStray(string id)
    {
        using var package = ZipFile.OpenRead(packed.Package(id));
        var files = package.Entries.Select(e => e.FullName).ToList();

        var stray = files.Where(IsStray).ToList();
        // The only assemblies are the package's own, one per target framework.
        var foreign = files.Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !string.Equals(Path.GetFileNameWithoutExtension(f), id, StringComparison.Ordinal)).ToList();

        Assert.True(stray.Count == 0, $"{id}: stray files: {string.Join(", ", stray)}");
        Assert.True(foreign.Count == 0, $"{id}: assemblies other than its own: {string.Join(", ", foreign)}");
        Assert.Contains(files, f => f.StartsWith("lib/", StringComparison.Ordinal) && f.EndsWith($"/{id}.dll", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("lib/", StringComparison.Ordinal) && f.EndsWith($"/{id}.xml", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Repository.PackableIdData), MemberType = typeof(Repository))]
    public void Symbols_Package_HoldThePdbOfEveryAssemblyWithEverySourceEmbedded(string id)
    {
        using var package = ZipFile.OpenRead(packed.Package(id));
        using var symbols = ZipFile.OpenRead(Path.ChangeExtension(packed.Package(id), ".snupkg"));
        var assemblies = package.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(assemblies);

        foreach (var assembly in assemblies)
        {
            var pdbName = Path.ChangeExtension(assembly.FullName, ".pdb");
            var pdb = symbols.GetEntry(pdbName);
            Assert.True(pdb is not null, $"{id}: {pdbName} is not in the symbol package");

            using var pdbProvider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(Bytes(pdb)));
            var reader = pdbProvider.GetMetadataReader();

            // The PDB is the assembly's: its id is the one the assembly's debug directory names.
            using var pe = new PEReader(new MemoryStream(Bytes(assembly)));
            var codeView = pe.ReadDebugDirectory().Single(d => d.Type == DebugDirectoryEntryType.CodeView);
            var expected = pe.ReadCodeViewDebugDirectoryData(codeView).Guid;
            Assert.Equal(expected, new BlobContentId(reader.DebugMetadataHeader!.Id).Guid);
            Assert.Contains(pe.ReadDebugDirectory(), d => d.Type == DebugDirectoryEntryType.Reproducible);

            var documents = reader.Documents.Select(h => (handle: h, name: reader.GetString(reader.GetDocument(h).Name))).ToList();
            Assert.NotEmpty(documents);
            var embedded = reader.CustomDebugInformation
                .Select(reader.GetCustomDebugInformation)
                .Where(c => c.Parent.Kind == HandleKind.Document && reader.GetGuid(c.Kind) == EmbeddedSource)
                .Select(c => (DocumentHandle)c.Parent)
                .ToHashSet();
            var missing = documents.Where(d => !embedded.Contains(d.handle)).Select(d => d.name).ToList();
            Assert.True(missing.Count == 0, $"{id}: {missing.Count} of {documents.Count} source files not embedded in {pdbName}: {string.Join(", ", missing.Take(10))}");
        }
    }

    // What a library package must not carry: runtime files of an app, test platform or runner files, symbols (they are
    // in the .snupkg), and projects' build leftovers.
    private static bool IsStray(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(".runtimeconfig.json", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("testhost", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.TestPlatform", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.VisualStudio.", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("xunit.runner", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".Tests.dll", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("obj/", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("bin/", StringComparison.OrdinalIgnoreCase);
    }

    // The targets of a Markdown text's links and images — inline, reference definitions, angle-bracket autolinks and HTML
    // href/src — outside code blocks and code spans.
    private static IEnumerable<string> Links(string markdown)
    {
        var text = InlineCode().Replace(FencedCode().Replace(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), string.Empty), string.Empty);
        return InlineLink().Matches(text).Select(m => m.Groups["target"].Value)
            .Concat(ReferenceDefinition().Matches(text).Select(m => m.Groups["target"].Value))
            .Concat(AutoLink().Matches(text).Select(m => m.Groups["target"].Value))
            .Concat(HtmlLink().Matches(text).Select(m => m.Groups["target"].Value));
    }

    private static bool IsAbsoluteOrAnchor(string link) =>
        link.StartsWith('#')
        || (Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeMailto));

    private static string? Metadata(ZipArchive package, string name) => Element(PackedPackages.Nuspec(package), name)?.Value;

    private static XElement? Element(XDocument nuspec, string name) =>
        nuspec.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata")?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string Entry(ZipArchive package, string path)
    {
        var entry = package.GetEntry(path.Replace('\\', '/'));
        Assert.True(entry is not null, $"{path} is not in the package");
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Normalize(string text) => string.Join("\n", text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Split('\n').Select(l => l.TrimEnd()));

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
