using Mono.Cecil;

namespace PetitionOpinion.Architecture.Tests;

/// <summary>
/// The conformance kit ships twice, for xunit v2 and for xunit v3, from one body of sources: each package is a library of
/// tests (no runtime configuration: the xunit meta-packages would make it a test project, and its package would carry a
/// stray runtimeconfig.json), each takes its own xunit, and both offer the same types.
/// </summary>
public sealed class ConformanceKitTests
{
    private const string V2 = "PetitionOpinion.Storage.Conformance";
    private const string V3 = "PetitionOpinion.Storage.Conformance.XunitV3";

    [Theory]
    [InlineData(V2)]
    [InlineData(V3)]
    public void Kit_Build_IsALibraryWithoutRuntimeConfiguration(string kit)
    {
        // The kit's own output folder (what dotnet pack packs), in the configuration these tests were built in.
        var output = Path.Combine(LayeringTests.RepositoryRoot(), "src", kit,
            Path.GetRelativePath(Path.Combine(LayeringTests.RepositoryRoot(), "tests", "PetitionOpinion.Architecture.Tests"), AppContext.BaseDirectory));

        Assert.True(File.Exists(Path.Combine(output, kit + ".dll")), $"{kit}.dll is not in {output}.");
        Assert.False(File.Exists(Path.Combine(output, kit + ".runtimeconfig.json")), $"{kit} builds a runtimeconfig.json: it references a test project's package (xunit or xunit.v3) instead of xunit's extensibility and assertion packages.");
    }

    [Theory]
    [InlineData(V2, "xunit.core", "xunit.v3.core")]
    [InlineData(V3, "xunit.v3.core", "xunit.core")]
    public void Kit_References_ItsOwnXunitOnly(string kit, string own, string other)
    {
        using var module = ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, kit + ".dll"));
        var references = module.AssemblyReferences.Select(r => r.Name).ToList();

        Assert.Contains(own, references);
        Assert.DoesNotContain(other, references);
    }

    [Fact]
    public void Kits_TheTwoPackages_OfferTheSameTypes()
    {
        Assert.Equal(PublicTypes(V2), PublicTypes(V3));
        Assert.Contains("PetitionOpinion.Storage.Conformance.IncidentStoreConformanceTests", PublicTypes(V3));
    }

    private static List<string> PublicTypes(string kit)
    {
        using var module = ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, kit + ".dll"));
        return [.. module.GetTypes().Where(t => t.IsPublic || t.IsNestedPublic).Select(t => t.FullName).Order(StringComparer.Ordinal)];
    }
}
