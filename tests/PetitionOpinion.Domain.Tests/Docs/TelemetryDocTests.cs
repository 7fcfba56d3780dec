using System.Reflection;
using Microsoft.Extensions.Logging;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Diagnostics;
using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Notifications.Webhooks;
using PetitionOpinion.Tests.Diagnostics;

namespace PetitionOpinion.Tests.Docs;

/// <summary>docs/telemetry.md lists every instrument (type and unit), every tag and attribute, every tag value of an enumeration, and every log event the code has.</summary>
public sealed class TelemetryDocTests
{
    private static readonly string Doc = RepositoryFiles.Read("docs", "telemetry.md");

    [Fact]
    public void Instruments_EachPublished_HasARowWithItsTypeAndUnit()
    {
        using var telemetry = new PetitionOpinionTelemetry();
        using var capture = new TelemetryCapture(telemetry);

        Assert.NotEmpty(capture.Instruments);
        foreach (var instrument in capture.Instruments.Values)
        {
            var type = instrument.GetType().GetGenericTypeDefinition().Name.Split('`')[0];
            Assert.Contains($"| `{instrument.Name}` | {type} | `{instrument.Unit}` |", Doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TagsAndActivities_EachName_IsDocumented()
    {
        var names = typeof(TelemetryTags).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Concat(typeof(TelemetryNames).GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(v => v.StartsWith("petition_opinion.", StringComparison.Ordinal) || v == "error.type")
            .ToList();

        Assert.True(names.Count > 30, $"only {names.Count} names found");
        Assert.All(names, name => Assert.Contains($"`{name}`", Doc, StringComparison.Ordinal));
    }

    [Fact]
    public void TagValues_EachEnumeratedValue_IsDocumented()
    {
        var values = Enum.GetValues<IncidentKind>().Select(TelemetryTags.Of)
            .Concat(Enum.GetValues<IntakeChannel>().Select(TelemetryTags.Of))
            .Concat(Enum.GetValues<SeverityLevel>().Select(TelemetryTags.Of))
            .Concat(Enum.GetValues<DeadlineKind>().Select(TelemetryTags.Of))
            .Concat(Enum.GetValues<DeadlineAlertKind>().Select(TelemetryTags.Of))
            .Concat(Enum.GetValues<PetitionOpinion.Notifications.NotificationTopic>().Select(TelemetryTags.Of))
            .Concat(Enum.GetValues<OpinionAlertKind>().Select(TelemetryTags.Of))
            .Concat(TelemetryTags.SignalOutcomes)
            .Concat(
            [
                TelemetryTags.OutcomeStored, TelemetryTags.OutcomeUnchanged, TelemetryTags.OutcomeReplayed, TelemetryTags.OutcomeRefused,
                TelemetryTags.OutcomeNotFound, TelemetryTags.OutcomeConflict, TelemetryTags.OutcomeDelivered, TelemetryTags.OutcomeFailed,
                TelemetryTags.OutcomeTimedOut, TelemetryTags.OutcomeCancelled, TelemetryTags.AlertOpened, TelemetryTags.AlertAttached,
                TelemetryTags.AlertNoIncident, TelemetryTags.AlertFailed, TelemetryTags.OtherCategory, TelemetryTags.ActionReport,
                TelemetryTags.ActionMerge, TelemetryTags.ActionDeadlineAlerts, TelemetryTags.ActionOpinionAlert,
            ]);

        Assert.All(values, value => Assert.Contains($"`{value}`", Doc, StringComparison.Ordinal));
    }

    [Fact]
    public void LogEvents_EachSourceGeneratedMethod_HasARowWithItsIdLevelAndName()
    {
        var methods = new[] { typeof(PetitionOpinionTelemetry).Assembly, typeof(PetitionOpinionOptions).Assembly, typeof(DingTalkRobotChannel).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.True(methods.Count >= 17, $"only {methods.Count} log methods found");
        var rows = Doc.Split('\n').Where(l => l.StartsWith('|')).ToList();
        foreach (var (method, attribute) in methods)
        {
            var cells = $"| {attribute!.EventId} | {attribute.Level} | `{method.Name}` |";
            Assert.True(
                rows.Any(r => r.Contains(cells, StringComparison.Ordinal) && r.Contains(method.DeclaringType!.Name, StringComparison.Ordinal)),
                $"docs/telemetry.md has no log row '{cells}' for {method.DeclaringType!.FullName}.");
        }
    }
}
