using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// One event of each type with fixed field values, and the committed payloads (<c>EventSamples/&lt;Type&gt;.v&lt;N&gt;.json</c>)
/// each was serialized to in every schema version. A sample is the shape a schema version has at rest: once committed it
/// never changes; a new shape is a new schema version with an upcaster, and the old samples must still load.
/// </summary>
internal static class EventSampleCatalog
{
    /// <summary>The folder of the committed samples, relative to the repository root.</summary>
    public static readonly string[] Folder = ["tests", "PetitionOpinion.Domain.Tests", "Storage", "EventSamples"];

    /// <summary>Set to <c>1</c> to write the samples that are missing (never overwrites one).</summary>
    public const string WriteMissingVariable = "PETITIONOPINION_WRITE_EVENT_SAMPLES";

    public static readonly IncidentId SampleIncident = new(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"));

    public static readonly IncidentId OtherSampleIncident = new(Guid.Parse("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"));

    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private static readonly PersonId Rep = new("cs-rep");
    private static readonly PersonId Manager = new("cs-manager");
    private static readonly PersonId Legal = new("legal-specialist");
    private static readonly PersonId GeneralManager = new("gm");
    private static readonly PersonId Chinese = new("王.芳");

    /// <summary>Gets the expected event of each type, by type name.</summary>
    public static IReadOnlyDictionary<string, IncidentEvent> Expected { get; } = Build();

    /// <summary>
    /// Gets further shapes of an event type within a schema version, by sample name (<c>&lt;Type&gt;.&lt;variant&gt;</c>,
    /// committed as <c>&lt;Type&gt;.&lt;variant&gt;.v&lt;N&gt;.json</c>): an event with the optional members added to its
    /// type after the version (written only when set), so that both the shape without them and the shape with them are held.
    /// </summary>
    public static IReadOnlyDictionary<string, IncidentEvent> Variants { get; } = new Dictionary<string, IncidentEvent>(StringComparer.Ordinal)
    {
        // A late alert (issue 20): the instant its point was reached and the late mark.
        [$"{nameof(DeadlineAlertRaised)}.late"] = (DeadlineAlertRaised)Expected[nameof(DeadlineAlertRaised)] with
        {
            ReachedAt = new DateTimeOffset(2026, 3, 3, 17, 30, 0, TimeSpan.FromHours(8)),
            Late = true,
        },

        // An opinion alert with the topic's recent volume (issue 22): the closure report's chart.
        [$"{nameof(OpinionAlertRecorded)}.volume"] = (OpinionAlertRecorded)Expected[nameof(OpinionAlertRecorded)] with
        {
            Volume = new Monitoring.OpinionVolume(new DateTimeOffset(2026, 3, 2, 4, 0, 0, TimeSpan.Zero), [410, 452, 498, 560, 2164], [420.5, 431, 470, 515]),
        },
    };

    /// <summary>Gets the names of every variant sample, for theories.</summary>
    public static TheoryData<string> VariantNames => new(Variants.Keys.Order(StringComparer.Ordinal));

    /// <summary>Gets the names of every event type that has an expected event, for theories.</summary>
    public static TheoryData<string> TypeNames => new(Expected.Keys.Order(StringComparer.Ordinal));

    public static string PathOf(string eventType, int schemaVersion)
        => Path.Combine([RepositoryFiles.Root, .. Folder, $"{eventType}.v{schemaVersion}.json"]);

    /// <summary>Reads a committed sample's bytes, or returns <see langword="null"/> when it is missing.</summary>
    public static byte[]? Read(string eventType, int schemaVersion)
    {
        var path = PathOf(eventType, schemaVersion);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Wraps a sample payload as the store would return it: the expected event's metadata, the given type and schema.</summary>
    public static StoredEvent Wrap(string eventType, int schemaVersion, byte[] payload, int version = 1)
    {
        var expected = Expected[eventType];
        return new StoredEvent(expected.IncidentId, version, eventType, schemaVersion, expected.OccurredAt.ToUniversalTime(), expected.Actor, payload, new byte[EventHashChain.HashLength]);
    }

    /// <summary>Renders a payload as a sample file: indented, non-ASCII text readable, LF line endings, final newline.</summary>
    public static string Render(ReadOnlySpan<byte> payload)
        => JsonNode.Parse(payload)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";

    /// <summary>
    /// The form two payloads are compared in: compact, with the relaxed encoder, property order kept. A payload that
    /// differs from a sample only in whitespace or in how characters are escaped has the same shape; any other difference
    /// (a renamed, added, removed or reordered field, a value written differently) does not.
    /// </summary>
    public static string Canonical(ReadOnlySpan<byte> payload)
        => JsonNode.Parse(payload)!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Gets the event types added in schema version 2 (the deadline events): they have no version 1 sample.</summary>
    public static IReadOnlySet<string> SinceVersion2 { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(DeadlinesPaused), nameof(DeadlinesResumed), nameof(HandlingTimeExtended), nameof(ReviewDecided), nameof(DeadlineAlertRaised), nameof(OpinionAlertRecorded),
        nameof(IncidentNatureAdded),
    };

    /// <summary>Gets the first schema version an event type has.</summary>
    public static int FirstVersion(string eventType) => SinceVersion2.Contains(eventType) ? 2 : 1;

    private static DateTimeOffset At(int step) => Start.AddMinutes(5 * step);

    private static Dictionary<string, IncidentEvent> Build()
    {
        IncidentEvent[] events =
        [
            new IncidentReported(
                SampleIncident, Rep, At(0), IncidentKind.PetitionAndPublicOpinion, IntakeChannel.Hotline, RiskCategory.DataPrivacy,
                "客户称其订单记录出现在他人账户中。A customer says her order history appeared in another account 😟 — \"urgent\" <b>&</b>\n第二行.",
                new PetitionerDetails("王芳", "+86 138 0000 0000"),
                new ComplainedParty(new PersonId("zhang.wei"), Departments.TechnicalSupport)),
            new IncidentAssessed(SampleIncident, Rep, At(1), SeverityLevel.II, ImpactScope.Group, PotentialRisk.High, "涉及多名客户的个人信息。Several customers' personal data.", SeverityLevel.III),
            new IncidentEscalated(SampleIncident, Rep, At(1), SeverityLevel.III, SeverityLevel.II),
            new DirectiveIssued(SampleIncident, Manager, At(2), new DirectiveId(1), DirectiveKind.InformationCollection, WellKnownGroups.PetitionHandlingGroup, "收集客户账户记录。Collect the account history.", new DateTimeOffset(2026, 3, 3, 17, 30, 0, TimeSpan.FromHours(8))),
            new DirectiveAcknowledged(SampleIncident, Rep, At(3), new DirectiveId(1)),
            new DirectiveCompleted(SampleIncident, Rep, At(4), new DirectiveId(1), "已收集。Collected."),
            new DirectiveCancelled(SampleIncident, Manager, At(5), new DirectiveId(2), "重复指令。A duplicate directive."),
            new ResponseStarted(SampleIncident, Manager, At(6)),
            new CustomerCommunicationRecorded(SampleIncident, Rep, At(7), IntakeChannel.OnlineService, "致电客户并道歉。Called and apologised.", "客户接受。Accepted 👍."),
            new StatementDrafted(SampleIncident, new PersonId("head-pr"), At(8), new StatementId(1), "关于数据问题的说明", "我们已修复缓存问题。We fixed the caching issue."),
            new StatementLegallyReviewed(SampleIncident, Legal, At(9), new StatementId(1), "无法律风险。No legal risk."),
            new StatementApproved(SampleIncident, GeneralManager, At(10), new StatementId(1)),
            new StatementPublished(SampleIncident, new PersonId("head-pr"), At(11), new StatementId(1), "官方微博 Weibo"),
            new SupportRequested(SampleIncident, Manager, At(12), new SupportRequestId(1), SupportKind.LegalConsultation, "需要法律意见。Legal advice needed."),
            new SupportFulfilled(SampleIncident, new PersonId("legal-consultant"), At(13), new SupportRequestId(1), "已提供。Provided."),
            new IncidentResolved(SampleIncident, Manager, At(14), "缓存已修复，客户接受道歉。Cache fixed."),
            new ClosureReportSubmitted(SampleIncident, GeneralManager, At(15), new ClosureReport(
                "客户数据被展示给他人；已联系、修复并道歉。",
                ["账户页面的缓存缺陷。A caching bug."],
                [new Improvement("为缓存变更增加评审。Review cache changes.", GeneralManager, new DateOnly(2026, 6, 30)), new Improvement("Add tests.", Chinese, new DateOnly(2026, 7, 1))],
                ["测试缓存失效。Test cache invalidation."])),
            new ClosureReportAccepted(SampleIncident, GeneralManager, At(16)),
            new IncidentReopened(SampleIncident, GeneralManager, At(17), "客户再次投诉。The customer complained again."),
            new ReviewRequested(SampleIncident, Rep, At(18), "客户对结果有异议。The customer disputes the outcome."),
            new IncidentDismissed(OtherSampleIncident, Rep, At(19), "与公司无关。Not about the company."),
            new IncidentMergedAsDuplicate(OtherSampleIncident, Manager, At(20), SampleIncident, "同一客户的同一投诉。Same complaint."),
            new DuplicateLinked(SampleIncident, Manager, At(20), OtherSampleIncident),
            new DeadlinesPaused(SampleIncident, Rep, At(21), "等待客户提供收据。Waiting for the customer's receipts."),
            new DeadlinesResumed(SampleIncident, Rep, At(22)),
            new HandlingTimeExtended(SampleIncident, Manager, At(23), 30, "需要银行记录。The bank's records are needed."),
            new ReviewDecided(SampleIncident, GeneralManager, At(24), false, "复查支持客户；重新处理。The review finds for the customer."),
            new DeadlineAlertRaised(SampleIncident, new PersonId("system:deadline-scanner"), At(25), DeadlineKey.Parse("directive-1"), DeadlineAlertKind.Breach, 100, new DateTimeOffset(2026, 3, 3, 17, 30, 0, TimeSpan.FromHours(8))),
            new OpinionAlertRecorded(
                SampleIncident, new PersonId("system:opinion-monitor"), At(26), "快递数据泄露 courier leak", Monitoring.OpinionAlertKind.VolumeSurge,
                new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero),
                660, 2164, 3.27, 2164, 1310, 48_000_000, "2164 mentions in the 60 minutes to 2026-03-02 09:00 UTC against a usual 660: ×3.3."),

            // Without a petitioner: the sample then reads whatever shape the petitioner's details take later.
            new IncidentNatureAdded(SampleIncident, Manager, At(27), IncidentKind.PublicOpinion, "主流媒体报道，传播量 1500 万。Mainstream media coverage, 15,000,000 views.", null),
        ];
        return events.ToDictionary(e => e.GetType().Name, StringComparer.Ordinal);
    }
}
