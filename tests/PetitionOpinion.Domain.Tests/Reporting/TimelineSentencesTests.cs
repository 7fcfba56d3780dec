using System.Text.RegularExpressions;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Notifications;
using PetitionOpinion.Reporting;
using PetitionOpinion.Tests.Storage;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Reporting;

/// <summary>
/// Every <see cref="IncidentEvent"/> type has its own sentence in both languages: a new event type without one fails
/// here (the sentences return nothing for a type they do not know, rather than a generic text).
/// </summary>
public sealed partial class TimelineSentencesTests
{
    private static readonly PetitionerDetails Petitioner = new("Wang Fang", "+86 138 0000 0000");
    private readonly TimelineSentences _sentences = new(Scenario.SeedOrganization(), Petitioner, TimeSpan.FromHours(8));

    /// <summary>Gets every concrete event type the library defines (found by reflection).</summary>
    public static TheoryData<string> EventTypes => new(EventSamplesTests.EventClasses.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Describe_EveryEventType_HasAnEnglishAndAChineseSentence(string eventType)
    {
        Assert.True(EventSampleCatalog.Expected.TryGetValue(eventType, out var e), $"No example event of {eventType}: add one to {nameof(EventSampleCatalog)}.");

        var told = _sentences.Describe(e);

        Assert.True(told is not null, $"{eventType} has no timeline sentence: add one to {nameof(TimelineSentences)}.");
        var (english, chinese) = told.Value;
        Assert.False(string.IsNullOrWhiteSpace(english));
        Assert.False(string.IsNullOrWhiteSpace(chinese));
        Assert.NotEqual(english, chinese);
        Assert.DoesNotContain(eventType, english, StringComparison.Ordinal);
        Assert.Matches(Cjk(), chinese);
    }

    [Fact]
    public void Describe_UnknownEventType_ReturnsNull()
    {
        var scenario = new Scenario();
        var incident = scenario.Drive(IncidentState.Reported);
        var unknown = new UnknownEvent(incident.Id, People.CustomerServiceRep, scenario.Now);

        Assert.Null(_sentences.Describe(unknown));
    }

    [Fact]
    public void Describe_TextsQuotingThePetitioner_AreRedacted()
    {
        var e = new DirectiveCompleted(EventSampleCatalog.SampleIncident, People.CustomerServiceRep, Scenario.Start, new DirectiveId(1), "Called WANG FANG on 138-0000-0000; she agreed.");

        var (english, chinese) = _sentences.Describe(e)!.Value;

        Assert.Equal($"Directive D1 completed: Called {Confidentiality.Redacted} on {Confidentiality.Redacted}; she agreed.", english);
        Assert.Equal($"指令 D1 已完成：Called {Confidentiality.Redacted} on {Confidentiality.Redacted}; she agreed.", chinese);
    }

    [Fact]
    public void Describe_ReassessmentAndDeadlineAlerts_NameTheLevelsAndTheDeadline()
    {
        var id = EventSampleCatalog.SampleIncident;
        var at = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

        Assert.Equal(
            ("Re-assessed: level III large (yellow) → II major (orange), scope group, potential risk high.", "重新评估：等级 III 较大 (黄) → II 重大 (橙)，影响范围为群体，潜在风险为高。"),
            _sentences.Describe(new IncidentAssessed(id, People.CustomerServiceRep, at, SeverityLevel.II, ImpactScope.Group, PotentialRisk.High, "Why.", SeverityLevel.III)));
        Assert.Equal(
            ("Deadline breached: directive D5 (due 2026-03-02 13:00); the owner group's leader is told.", "期限超时：指令 D5（期限 2026-03-02 13:00），通报责任小组组长。"),
            _sentences.Describe(new DeadlineAlertRaised(id, People.CustomerServiceRep, at, DeadlineKey.Parse("directive-5"), DeadlineAlertKind.Breach, 100, at.AddHours(4))));
        Assert.Equal(
            ("Deadline warning: resolution #2 at 75% of its time (due 2026-03-02 09:00).", "期限预警：处置完毕（第 2 次），已用时 75%（期限 2026-03-02 09:00）。"),
            _sentences.Describe(new DeadlineAlertRaised(id, People.CustomerServiceRep, at, DeadlineKey.Parse("resolution-2"), DeadlineAlertKind.Warning, 75, at)));
    }

    [Fact]
    public void Describe_LateDeadlineAlert_SaysInBothLanguagesWhenItsPointWasReached()
    {
        var id = EventSampleCatalog.SampleIncident;
        var at = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
        var breach = new DeadlineAlertRaised(id, People.CustomerServiceRep, at.AddHours(9), DeadlineKey.Parse("directive-5"), DeadlineAlertKind.Breach, 100, at.AddHours(4)) { ReachedAt = at.AddHours(4), Late = true };

        Assert.Equal(
            ("Deadline breached: directive D5 (due 2026-03-02 13:00); the owner group's leader is told. Recorded late: the point was reached 2026-03-02 13:00.", "期限超时：指令 D5（期限 2026-03-02 13:00），通报责任小组组长。（延迟记录：该节点已于 2026-03-02 13:00 到达。）"),
            _sentences.Describe(breach));
        Assert.Equal(
            ("Deadline breached: directive D5 (due 2026-03-02 13:00); the owner group's leader is told.", "期限超时：指令 D5（期限 2026-03-02 13:00），通报责任小组组长。"),
            _sentences.Describe(breach with { Late = false }));
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();

    private sealed record UnknownEvent(IncidentId IncidentId, PersonId Actor, DateTimeOffset OccurredAt) : IncidentEvent(IncidentId, Actor, OccurredAt, null);
}
