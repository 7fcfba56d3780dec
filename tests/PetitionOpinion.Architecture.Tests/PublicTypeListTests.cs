using System.Text.RegularExpressions;
using Mono.Cecil;

namespace PetitionOpinion.Architecture.Tests;

/// <summary>
/// docs/architecture.md lists every public type of every package with one line each (written by
/// <c>eng/list-public-types.py</c>): the list and the compiled assemblies' exported types must be the same, so that a new
/// public type is a decision someone writes down, and the list a newcomer reads is the surface they meet.
/// </summary>
public sealed partial class PublicTypeListTests
{
    [Fact]
    public void PublicTypeList_EachPackage_NamesExactlyItsExportedTypes()
    {
        var listed = Listed(File.ReadAllText(Path.Combine(LayeringTests.RepositoryRoot(), "docs", "architecture.md")));

        Assert.Equal(LayeringTests.Packages.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        Assert.All(LayeringTests.Packages, package =>
        {
            var exported = Exported(Path.Combine(AppContext.BaseDirectory, package + ".dll"));
            var names = listed[package];
            Assert.True(exported.SetEquals(names), $"""
                {package}: docs/architecture.md and the assembly differ (run eng/list-public-types.py).
                Exported, not listed: {string.Join(", ", exported.Except(names).Order(StringComparer.Ordinal))}
                Listed, not exported: {string.Join(", ", names.Except(exported).Order(StringComparer.Ordinal))}
                """);
        });
    }

    [Fact]
    public void Listed_AFixtureSection_ReadsTheNamesOfEachPackage()
    {
        const string fixture = """
            ## Public types, per package

            ### PetitionOpinion.A (2)

            - `Foo` — A foo.
            - `Bar.Baz<T>` — A baz.

            ### PetitionOpinion.B (1)

            - `Microsoft.Extensions.DependencyInjection.Qux` — A qux.

            ## Next
            - `NotAType` — outside the section.
            """;

        var listed = Listed(fixture);

        Assert.Equal(["Foo", "Bar.Baz<T>"], listed["PetitionOpinion.A"]);
        Assert.Equal(["Microsoft.Extensions.DependencyInjection.Qux"], listed["PetitionOpinion.B"]);
    }

    [Fact]
    public void Exported_TheSqliteAdapter_IsItsPublicTypesWithoutTheRootNamespace()
    {
        var exported = Exported(Path.Combine(AppContext.BaseDirectory, "PetitionOpinion.Storage.Sqlite.dll"));

        Assert.Contains("Storage.SqliteIncidentStore", exported);
        Assert.DoesNotContain(exported, name => name.StartsWith("PetitionOpinion.", StringComparison.Ordinal) || name.Contains('`', StringComparison.Ordinal));
    }

    private static Dictionary<string, List<string>> Listed(string document)
    {
        var start = document.IndexOf("## Public types, per package", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/architecture.md has no '## Public types, per package' section.");
        var end = document.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var section = end < 0 ? document[start..] : document[start..end];
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in section.Split('\n'))
        {
            if (PackageHeading().Match(line) is { Success: true } heading)
            {
                result[heading.Groups[1].Value] = current = [];
            }
            else if (TypeLine().Match(line) is { Success: true } type && current is not null)
            {
                current.Add(type.Groups[1].Value);
            }
        }

        return result;
    }

    private static HashSet<string> Exported(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        return module.Types.Where(t => t.IsPublic).SelectMany(WithNested).Select(Name).ToHashSet(StringComparer.Ordinal);

        static IEnumerable<TypeDefinition> WithNested(TypeDefinition type)
            => type.NestedTypes.Where(n => n.IsNestedPublic).SelectMany(WithNested).Prepend(type);

        static string Name(TypeDefinition type)
        {
            var own = type.HasGenericParameters
                ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GenericParameters.Skip(type.DeclaringType?.GenericParameters.Count ?? 0).Select(p => p.Name))}>"
                : type.Name;
            var full = type.DeclaringType is { } outer ? $"{Name(outer)}.{own}" : $"{type.Namespace}.{own}";
            return full.StartsWith("PetitionOpinion.", StringComparison.Ordinal) ? full["PetitionOpinion.".Length..] : full;
        }
    }

    [GeneratedRegex(@"^### (PetitionOpinion\.[A-Za-z0-9.]+) \(\d+\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PackageHeading();

    [GeneratedRegex(@"^- `([^`]+)` — ", RegexOptions.CultureInvariant)]
    private static partial Regex TypeLine();
}
