using FsCheck;
using FsCheck.Fluent;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;

namespace PetitionOpinion.Tests.Storage;

/// <summary>
/// Generates incident events of every type with arbitrary field values: text mixing ASCII, JSON- and HTML-sensitive
/// characters, control characters, Chinese, emoji (with modifiers and joiners) and long strings up to tens of
/// thousands of characters; identifiers with Chinese letters; instants with sub-millisecond ticks and offsets from
/// -14:00 to +14:00. The serializer does not validate, so values the lifecycle would refuse are generated too.
/// </summary>
public static class EventArbitraries
{
    private static readonly string[] Fragments =
    [
        "a", "Z", "0", " ", "  ", "\n", "\r\n", "\t", "\0", "\u001f", "\u007f", "\"", "\\", "/", "<", ">", "&", "'", "+", "`",
        "{", "}", "[", "]", ":", ",", "null", "true", "1e308", "\\u0000",
        "客", "户", "投诉", "信访", "舆情", "數據隱私", "。", "，", "“引号”", "\u3000",
        "😀", "🚨", "👍🏽", "👨‍👩‍👧", "🇨🇳", "\U0001F9E7", "é", "e\u0301", "ß", "ﬁ", "\u200b", "\u200d", "\u2028", "\u2029", "\ufeff", "\u00a0", "\uffff",
        "مرحبا", "שלום", "Привет", "Ωμέγα",
    ];

    private static readonly char[] IdentifierChars = [.. "abcxyzABCXYZ0189-_.@:张王李信访", 'é'];

    private static readonly int[] CommonOffsets = [0, 0, 8 * 60, -5 * 60, 5 * 60 + 45, -3 * 60 - 30, 14 * 60, -14 * 60];

    /// <summary>Gets text: mostly short mixes of <see cref="Fragments"/>, sometimes any BMP characters, sometimes very long.</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (12, from count in Gen.Choose(0, 12) from parts in Gen.ArrayOf(Gen.Elements(Fragments), count) select string.Concat(parts)),
        (3, from count in Gen.Choose(1, 40) from chars in Gen.ArrayOf(Gen.Choose(0x20, 0xD7FF).Select(c => (char)c), count) select new string(chars)),
        (1, from unit in Gen.ArrayOf(Gen.Elements(Fragments), 4) from times in Gen.Choose(500, 6_000) select string.Concat(Enumerable.Repeat(string.Concat(unit), times))));

    /// <summary>Gets valid identifiers of 1 to 64 characters, Chinese letters included.</summary>
    public static Gen<string> Identifiers { get; } =
        from length in Gen.Frequency((6, Gen.Choose(1, 12)), (1, Gen.Constant(IdentifierRules.MaxLength)))
        from chars in Gen.ArrayOf(Gen.Elements(IdentifierChars), length)
        select new string(chars);

    /// <summary>Gets instants from 2000 to 2100 with arbitrary ticks and offsets (whole minutes, -14:00 to +14:00).</summary>
    public static Gen<DateTimeOffset> Instants { get; } =
        from day in Gen.Choose(0, 36_500)
        from second in Gen.Choose(0, 86_399)
        from tick in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 9_999_999)))
        from offset in Gen.Frequency((3, Gen.Elements(CommonOffsets)), (1, Gen.Choose(-14 * 60, 14 * 60)))
        select new DateTimeOffset(new DateTime(2000, 1, 1).AddDays(day).AddSeconds(second).AddTicks(tick), TimeSpan.FromMinutes(offset));

    public static Gen<IncidentId> IncidentIds { get; } = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 16).Select(b => new IncidentId(new Guid(b))).Where(id => !id.IsEmpty);

    public static Gen<PersonId> PersonIds { get; } = Identifiers.Select(v => new PersonId(v));

    private static Gen<string?> OptionalText { get; } = OrNull(Text);

    private static Gen<PersonId?> OptionalPersonId { get; } = Gen.Frequency((3, PersonIds.Select(p => (PersonId?)p)), (1, Gen.Constant<PersonId?>(null)));

    private static Gen<int> Numbers { get; } = Gen.Frequency((8, Gen.Choose(1, 50)), (1, Gen.Elements(0, -1, int.MaxValue, int.MinValue)));

    private static Gen<DateOnly> Dates { get; } = Gen.Choose(0, 36_500).Select(d => new DateOnly(2000, 1, 1).AddDays(d));

    private static Gen<RiskCategory> Categories { get; } = Gen.Frequency(
        (1, Gen.Elements(RiskCategory.ProductQuality, RiskCategory.ServiceAttitude, RiskCategory.DataPrivacy, RiskCategory.SocialResponsibility)),
        (1, Identifiers.Select(v => new RiskCategory(v))));

    private static Gen<DirectiveKind> DirectiveKinds { get; } = Gen.Frequency(
        (1, Gen.Elements(DirectiveKind.InformationCollection, DirectiveKind.CustomerCommunication, DirectiveKind.OpinionMonitoring, DirectiveKind.PublicStatement, DirectiveKind.TechnicalSupport, DirectiveKind.LegalConsultation)),
        (1, Identifiers.Select(v => new DirectiveKind(v))));

    // Declared after the generators they use: static initializers run in textual order.
    /// <summary>Gets the generator of each event type, by type name.</summary>
    public static IReadOnlyDictionary<string, Gen<IncidentEvent>> ByType { get; } = new Dictionary<string, Gen<IncidentEvent>>(StringComparer.Ordinal)
    {
        [nameof(IncidentReported)] = Make((id, actor, at) =>
            from kind in EnumValue<IncidentKind>()
            from channel in EnumValue<IntakeChannel>()
            from category in Categories
            from description in Text
            from petitioner in OrNull(from name in Text from contact in OptionalText select new PetitionerDetails(name, contact))
            from party in OrNull(from person in OptionalPersonId from department in OptionalText select new ComplainedParty(person, department))
            select new IncidentReported(id, actor, at, kind, channel, category, description, petitioner, party)),
        [nameof(IncidentAssessed)] = Make((id, actor, at) =>
            from level in EnumValue<SeverityLevel>()
            from scope in EnumValue<ImpactScope>()
            from risk in EnumValue<PotentialRisk>()
            from rationale in Text
            from previous in OptionalEnumValue<SeverityLevel>()
            from facts in OrNull(
                from category in Categories
                from channel in EnumValue<IntakeChannel>()
                from kind in EnumValue<IncidentKind>()
                from reach in Gen.Choose(0, int.MaxValue)
                from negative in Gen.Choose(0, 1000)
                from media in Gen.Elements(true, false)
                from number in Gen.Choose(-1000, 1000)
                from flag in Identifiers
                select new PetitionOpinion.Assessment.RiskFacts
                {
                    Category = category, Channel = channel, Kind = kind, Reach = reach * 7L, NegativeShare = negative / 1000.0, MainstreamMediaCoverage = media,
                    Numbers = new Dictionary<string, double> { ["custom-number"] = number / 8.0 }, Flags = new HashSet<string> { flag },
                })
            select new IncidentAssessed(id, actor, at, level, scope, risk, rationale, previous) { Facts = facts }),
        [nameof(IncidentEscalated)] = Make((id, actor, at) =>
            from previous in OptionalEnumValue<SeverityLevel>()
            from level in EnumValue<SeverityLevel>()
            select new IncidentEscalated(id, actor, at, previous, level)),
        [nameof(DirectiveIssued)] = Make((id, actor, at) =>
            from number in Numbers
            from kind in DirectiveKinds
            from assignee in Identifiers
            from instructions in Text
            from due in Instants
            select new DirectiveIssued(id, actor, at, new DirectiveId(number), kind, new GroupId(assignee), instructions, due)),
        [nameof(DirectiveAcknowledged)] = Make((id, actor, at) => Numbers.Select(n => new DirectiveAcknowledged(id, actor, at, new DirectiveId(n)))),
        [nameof(DirectiveCompleted)] = Make((id, actor, at) =>
            from n in Numbers
            from outcome in Text
            select new DirectiveCompleted(id, actor, at, new DirectiveId(n), outcome)),
        [nameof(DirectiveCancelled)] = Make((id, actor, at) =>
            from n in Numbers
            from reason in Text
            select new DirectiveCancelled(id, actor, at, new DirectiveId(n), reason)),
        [nameof(ResponseStarted)] = Make((id, actor, at) => Gen.Constant(new ResponseStarted(id, actor, at))),
        [nameof(CustomerCommunicationRecorded)] = Make((id, actor, at) =>
            from channel in EnumValue<IntakeChannel>()
            from summary in Text
            from outcome in Text
            select new CustomerCommunicationRecorded(id, actor, at, channel, summary, outcome)),
        [nameof(StatementDrafted)] = Make((id, actor, at) =>
            from n in Numbers
            from title in Text
            from body in Text
            select new StatementDrafted(id, actor, at, new StatementId(n), title, body)),
        [nameof(StatementLegallyReviewed)] = Make((id, actor, at) =>
            from n in Numbers
            from notes in Text
            select new StatementLegallyReviewed(id, actor, at, new StatementId(n), notes)),
        [nameof(StatementApproved)] = Make((id, actor, at) => Numbers.Select(n => new StatementApproved(id, actor, at, new StatementId(n)))),
        [nameof(StatementPublished)] = Make((id, actor, at) =>
            from n in Numbers
            from channel in Text
            select new StatementPublished(id, actor, at, new StatementId(n), channel)),
        [nameof(SupportRequested)] = Make((id, actor, at) =>
            from n in Numbers
            from kind in EnumValue<SupportKind>()
            from details in Text
            select new SupportRequested(id, actor, at, new SupportRequestId(n), kind, details)),
        [nameof(SupportFulfilled)] = Make((id, actor, at) =>
            from n in Numbers
            from resolution in Text
            select new SupportFulfilled(id, actor, at, new SupportRequestId(n), resolution)),
        [nameof(IncidentResolved)] = Make((id, actor, at) => Text.Select(summary => new IncidentResolved(id, actor, at, summary))),
        [nameof(ClosureReportSubmitted)] = Make((id, actor, at) =>
            from summary in Text
            from causes in ListOf(Text, 4)
            from improvements in ListOf(from description in Text from owner in PersonIds from due in Dates select new Improvement(description, owner, due), 3)
            from lessons in ListOf(Text, 4)
            select new ClosureReportSubmitted(id, actor, at, new ClosureReport(summary, causes, improvements, lessons))),
        [nameof(ClosureReportAccepted)] = Make((id, actor, at) => Gen.Constant(new ClosureReportAccepted(id, actor, at))),
        [nameof(IncidentReopened)] = Make((id, actor, at) => Text.Select(reason => new IncidentReopened(id, actor, at, reason))),
        [nameof(ReviewRequested)] = Make((id, actor, at) => Text.Select(grounds => new ReviewRequested(id, actor, at, grounds))),
        [nameof(IncidentDismissed)] = Make((id, actor, at) => Text.Select(reason => new IncidentDismissed(id, actor, at, reason))),
        [nameof(IncidentMergedAsDuplicate)] = Make((id, actor, at) =>
            from original in IncidentIds
            from reason in Text
            select new IncidentMergedAsDuplicate(id, actor, at, original, reason)),
        [nameof(DuplicateLinked)] = Make((id, actor, at) => IncidentIds.Select(duplicate => new DuplicateLinked(id, actor, at, duplicate))),
        [nameof(DeadlinesPaused)] = Make((id, actor, at) => Text.Select(reason => new DeadlinesPaused(id, actor, at, reason))),
        [nameof(DeadlinesResumed)] = Make((id, actor, at) => Gen.Constant(new DeadlinesResumed(id, actor, at))),
        [nameof(HandlingTimeExtended)] = Make((id, actor, at) =>
            from days in Gen.Choose(int.MinValue, int.MaxValue)
            from reason in Text
            select new HandlingTimeExtended(id, actor, at, days, reason)),
        [nameof(ReviewDecided)] = Make((id, actor, at) =>
            from upheld in Gen.Elements(true, false)
            from decision in Text
            select new ReviewDecided(id, actor, at, upheld, decision)),
        [nameof(DeadlineAlertRaised)] = Make((id, actor, at) =>
            from number in Gen.Choose(1, int.MaxValue)
            from which in Gen.Choose(0, 8)
            let deadline = which switch
            {
                0 => DeadlineKey.Acknowledge,
                1 => DeadlineKey.AssessmentDone,
                2 => DeadlineKey.FirstPublicStatement,
                3 => DeadlineKey.AcceptanceNotice,
                4 => DeadlineKey.HandlingOpinion,
                5 => DeadlineKey.Resolution(number),
                6 => DeadlineKey.StatusUpdate(number),
                7 => DeadlineKey.ReviewDecision(number),
                _ => DeadlineKey.Directive(new DirectiveId(number)),
            }
            from alert in EnumValue<DeadlineAlertKind>()
            from percent in Gen.Choose(int.MinValue, int.MaxValue)
            from due in Gen.Choose(-100_000, 100_000)
            from reached in Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(-100_000, 0).Select(m => (int?)m)))
            from late in Gen.Elements(true, false)
            select new DeadlineAlertRaised(id, actor, at, deadline, alert, percent, at.AddMinutes(due)) { ReachedAt = reached is { } r ? at.AddMinutes(r) : null, Late = late }),
        [nameof(OpinionAlertRecorded)] = Make((id, actor, at) =>
            from topic in Text
            from kind in EnumValue<Monitoring.OpinionAlertKind>()
            from minutes in Gen.Choose(0, 100_000)
            from baseline in Gen.Choose(0, 1_000_000)
            from observed in Gen.Choose(0, 1_000_000)
            from factor in Gen.Choose(0, 100_000)
            from mentions in Gen.Choose(0, int.MaxValue)
            from negative in Gen.Choose(0, int.MaxValue)
            from reach in Gen.Choose(0, int.MaxValue)
            from explanation in Text
            select new OpinionAlertRecorded(id, actor, at, topic, kind, at.AddMinutes(-minutes), at, baseline / 7.0, observed * 1.5, factor / 1000.0, mentions, negative, reach * 3L, explanation)),
        [nameof(IncidentNatureAdded)] = Make((id, actor, at) =>
            from nature in EnumValue<IncidentKind>()
            from reason in Text
            from petitioner in OrNull(from name in Text from contact in OptionalText select new PetitionerDetails(name, contact))
            select new IncidentNatureAdded(id, actor, at, nature, reason, petitioner)),
    };

    /// <summary>Gets a generator of events of any type, each type equally likely.</summary>
    public static Gen<IncidentEvent> AnyEvent { get; } = Gen.OneOf(ByType.Values);

    public static Arbitrary<IncidentEvent> Events() => Arb.From(AnyEvent);

    private static Gen<IncidentEvent> Make<T>(Func<IncidentId, PersonId, DateTimeOffset, Gen<T>> rest)
        where T : IncidentEvent
        => from id in IncidentIds
           from actor in PersonIds
           from at in Instants
           from e in rest(id, actor, at)
           select (IncidentEvent)e;

    private static Gen<T> EnumValue<T>()
        where T : struct, Enum
        => Gen.Elements(Enum.GetValues<T>());

    private static Gen<T?> OptionalEnumValue<T>()
        where T : struct, Enum
        => Gen.Frequency((3, EnumValue<T>().Select(v => (T?)v)), (1, Gen.Constant<T?>(null)));

    private static Gen<T?> OrNull<T>(Gen<T> gen)
        where T : class
        => Gen.Frequency((3, gen.Select(v => (T?)v)), (1, Gen.Constant<T?>(null)));

    private static Gen<IReadOnlyList<T>> ListOf<T>(Gen<T> gen, int max)
        => from count in Gen.Choose(0, max) from items in Gen.ArrayOf(gen, count) select (IReadOnlyList<T>)items;
}
