using System.Reflection;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Tests.Docs;

/// <summary>docs/configuration.md lists every option: each settable (or bindable collection) property of every options class.</summary>
public sealed class ConfigurationDocTests
{
    private static readonly string Doc = RepositoryFiles.Read("docs", "configuration.md");

    public static TheoryData<Type> OptionsTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in new[] { typeof(Incident).Assembly, typeof(PetitionOpinionOptions).Assembly, typeof(SqliteStoreOptions).Assembly, typeof(PostgreSqlStoreOptions).Assembly, typeof(PetitionOpinion.Notifications.Webhooks.WeComRobotOptions).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OptionsTypes))]
    public void EveryOption_ConfigurationDoc_HasARowInItsClassTable(Type options)
    {
        var heading = $"### `{options.Name}`";
        var start = Doc.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/configuration.md has no '{heading}' section.");
        var next = Doc.IndexOf("\n#", start + heading.Length, StringComparison.Ordinal);
        var section = next < 0 ? Doc[start..] : Doc[start..next];

        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsOption))
        {
            Assert.True(section.Contains($"\n| `{property.Name}` |", StringComparison.Ordinal), $"{options.Name}.{property.Name} is not in docs/configuration.md's '{heading}' table.");
        }
    }

    // What configuration binds: a public setter, or a get-only dictionary or list it fills.
    private static bool IsOption(PropertyInfo property)
        => property.GetIndexParameters().Length == 0
        && (property.SetMethod?.IsPublic == true
            || property.PropertyType.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollection<>)));
}
