using System.Reflection;
using Microsoft.Extensions.Logging;

namespace PetitionOpinion.Hosting.Tests;

/// <summary>The package's options have their rows in docs/configuration.md, its log events theirs in docs/telemetry.md, its checks theirs in docs/operations.md.</summary>
public sealed class DocsTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void HostingOptions_ConfigurationDoc_HasARowForEachProperty()
    {
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "configuration.md"));
        var start = doc.IndexOf("### `PetitionOpinionHostingOptions`", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/configuration.md has no PetitionOpinionHostingOptions section.");
        var next = doc.IndexOf("\n#", start + 10, StringComparison.Ordinal);
        var section = next < 0 ? doc[start..] : doc[start..next];

        Assert.All(
            typeof(PetitionOpinionHostingOptions).GetProperties().Where(p => p.SetMethod?.IsPublic == true),
            p => Assert.Contains($"\n| `{p.Name}` |", section, StringComparison.Ordinal));
    }

    [Fact]
    public void LogEvents_TelemetryDoc_HasARowForEachCategoryAndId()
    {
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "telemetry.md"));
        var loops = typeof(HostedLoop).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(HostedLoop)));
        var events = typeof(HostedLoop).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Select(m => (m.Name, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .ToList();

        Assert.Equal(3, events.Count);
        foreach (var loop in loops)
        {
            Assert.All(events, e => Assert.Contains($"`{loop.FullName}`", doc, StringComparison.Ordinal));
            Assert.All(events, e => Assert.Contains($"| {e.Attribute!.EventId} | {e.Attribute.Level} | `{e.Name}` |", doc, StringComparison.Ordinal));
        }

        Assert.Contains("| `PetitionOpinion.Hosting.OpinionFeedService` | 4 | Information | `LogAlert` |", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void HealthChecks_OperationsDoc_NamesEachWithItsTag()
    {
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "operations.md"));

        Assert.All(
            typeof(PetitionOpinionHealthChecks).GetFields().Where(f => f.IsLiteral && f.Name != nameof(PetitionOpinionHealthChecks.ReadyTag) && f.Name != nameof(PetitionOpinionHealthChecks.LiveTag)),
            f => Assert.Matches($@"\| `{System.Text.RegularExpressions.Regex.Escape((string)f.GetRawConstantValue()!)}` \| `(ready|live)` \|", doc));
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

        throw new InvalidOperationException("The repository root was not found.");
    }
}
