using System.Collections.ObjectModel;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;

namespace PetitionOpinion.Storage;

/// <summary>Reads a payload of the current schema into its event; the stored event supplies the incident, actor and instant.</summary>
/// <param name="payload">The payload's UTF-8 JSON.</param>
/// <param name="metadata">The stored event (its metadata; its payload is not read again).</param>
/// <returns>The event.</returns>
internal delegate IncidentEvent PayloadRead(ReadOnlySpan<byte> payload, StoredEvent metadata);

/// <summary>
/// The readers of schema version 2 payloads, one per event type: the event's own fields, in the camel-case names the
/// serializer writes, each required (nulls are written). Schema version 2 leaves out what the stored event's metadata
/// already carries (incident, actor, instant) — and the reason of the events that take none — so there is nothing for
/// the two to disagree on.
/// </summary>
internal static class EventPayloads
{
    private static readonly PayloadShape Reported = new("kind", "channel", "category", "description", "petitioner", "complainedAbout");
    private static readonly PayloadShape Petitioner = new("name", "contact");
    private static readonly PayloadShape Complained = new("person", "department");
    private static readonly PayloadShape Assessed = new("level", "scope", "potentialRisk", "rationale", "previousLevel");
    private static readonly PayloadShape Escalated = new("fromLevel", "toLevel");
    private static readonly PayloadShape Issued = new("directive", "kind", "assignee", "instructions", "dueAt");
    private static readonly PayloadShape DirectiveOnly = new("directive");
    private static readonly PayloadShape DirectiveOutcome = new("directive", "outcome");
    private static readonly PayloadShape DirectiveReason = new("directive", "reason");
    private static readonly PayloadShape Empty = new();
    private static readonly PayloadShape Communication = new("channel", "summary", "outcome");
    private static readonly PayloadShape Drafted = new("statement", "title", "body");
    private static readonly PayloadShape StatementReason = new("statement", "reason");
    private static readonly PayloadShape StatementOnly = new("statement");
    private static readonly PayloadShape Published = new("statement", "channel");
    private static readonly PayloadShape Requested = new("request", "kind", "details");
    private static readonly PayloadShape Fulfilled = new("request", "resolution");
    private static readonly PayloadShape SummaryOnly = new("summary");
    private static readonly PayloadShape ReportOnly = new("report");
    private static readonly PayloadShape Report = new("summary", "causes", "improvements", "lessons");
    private static readonly PayloadShape ImprovementShape = new("description", "owner", "dueOn");
    private static readonly PayloadShape ReasonOnly = new("reason");
    private static readonly PayloadShape GroundsOnly = new("grounds");
    private static readonly PayloadShape Merged = new("original", "reason");
    private static readonly PayloadShape Linked = new("duplicate");
    private static readonly PayloadShape Extended = new("days", "reason");
    private static readonly PayloadShape Decided = new("upheld", "decision");
    private static readonly PayloadShape Alert = new("deadline", "alert", "percent", "dueAt");
    private static readonly PayloadShape Opinion = new("topic", "kind", "windowStart", "windowEnd", "baseline", "observed", "factor", "mentions", "negativeMentions", "reach", "explanation");

    /// <summary>Gets the event types added in schema version 2: they have no version 1 shape.</summary>
    public static IReadOnlySet<Type> SinceVersion2 { get; } = new HashSet<Type>
    {
        typeof(DeadlinesPaused), typeof(DeadlinesResumed), typeof(HandlingTimeExtended), typeof(ReviewDecided), typeof(DeadlineAlertRaised), typeof(OpinionAlertRecorded),
    };

    /// <summary>Gets the reader of each event type.</summary>
    public static IReadOnlyDictionary<Type, PayloadRead> Readers { get; } = new Dictionary<Type, PayloadRead>
    {
        [typeof(IncidentReported)] = ReadIncidentReported,
        [typeof(IncidentAssessed)] = ReadIncidentAssessed,
        [typeof(IncidentEscalated)] = ReadIncidentEscalated,
        [typeof(DirectiveIssued)] = ReadDirectiveIssued,
        [typeof(DirectiveAcknowledged)] = ReadDirectiveAcknowledged,
        [typeof(DirectiveCompleted)] = ReadDirectiveCompleted,
        [typeof(DirectiveCancelled)] = ReadDirectiveCancelled,
        [typeof(ResponseStarted)] = (payload, m) => ReadEmpty(payload, new ResponseStarted(m.IncidentId, m.Actor, m.OccurredAt)),
        [typeof(CustomerCommunicationRecorded)] = ReadCustomerCommunicationRecorded,
        [typeof(StatementDrafted)] = ReadStatementDrafted,
        [typeof(StatementLegallyReviewed)] = ReadStatementLegallyReviewed,
        [typeof(StatementApproved)] = ReadStatementApproved,
        [typeof(StatementPublished)] = ReadStatementPublished,
        [typeof(SupportRequested)] = ReadSupportRequested,
        [typeof(SupportFulfilled)] = ReadSupportFulfilled,
        [typeof(IncidentResolved)] = ReadIncidentResolved,
        [typeof(ClosureReportSubmitted)] = ReadClosureReportSubmitted,
        [typeof(ClosureReportAccepted)] = (payload, m) => ReadEmpty(payload, new ClosureReportAccepted(m.IncidentId, m.Actor, m.OccurredAt)),
        [typeof(IncidentReopened)] = (payload, m) => new IncidentReopened(m.IncidentId, m.Actor, m.OccurredAt, ReadSingleString(payload, ReasonOnly)),
        [typeof(ReviewRequested)] = (payload, m) => new ReviewRequested(m.IncidentId, m.Actor, m.OccurredAt, ReadSingleString(payload, GroundsOnly)),
        [typeof(IncidentDismissed)] = (payload, m) => new IncidentDismissed(m.IncidentId, m.Actor, m.OccurredAt, ReadSingleString(payload, ReasonOnly)),
        [typeof(IncidentMergedAsDuplicate)] = ReadIncidentMergedAsDuplicate,
        [typeof(DuplicateLinked)] = ReadDuplicateLinked,
        [typeof(DeadlinesPaused)] = (payload, m) => new DeadlinesPaused(m.IncidentId, m.Actor, m.OccurredAt, ReadSingleString(payload, ReasonOnly)),
        [typeof(DeadlinesResumed)] = (payload, m) => ReadEmpty(payload, new DeadlinesResumed(m.IncidentId, m.Actor, m.OccurredAt)),
        [typeof(HandlingTimeExtended)] = ReadHandlingTimeExtended,
        [typeof(ReviewDecided)] = ReadReviewDecided,
        [typeof(DeadlineAlertRaised)] = ReadDeadlineAlertRaised,
        [typeof(OpinionAlertRecorded)] = ReadOpinionAlertRecorded,
    };

    private static OpinionAlertRecorded ReadOpinionAlertRecorded(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Opinion);
        string? topic = null, explanation = null;
        Monitoring.OpinionAlertKind kind = default;
        DateTimeOffset start = default, end = default;
        double baseline = 0, observed = 0, factor = 0;
        long mentions = 0, negative = 0, reach = 0;
        while (p.Next(out var field))
        {
            switch (field)
            {
                case 0: topic = p.ReadString(); break;
                case 1: kind = p.ReadEnum<Monitoring.OpinionAlertKind>(); break;
                case 2: start = p.ReadInstant(); break;
                case 3: end = p.ReadInstant(); break;
                case 4: baseline = p.ReadDouble(); break;
                case 5: observed = p.ReadDouble(); break;
                case 6: factor = p.ReadDouble(); break;
                case 7: mentions = p.ReadInt64(); break;
                case 8: negative = p.ReadInt64(); break;
                case 9: reach = p.ReadInt64(); break;
                default: explanation = p.ReadString(); break;
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, topic!, kind, start, end, baseline, observed, factor, mentions, negative, reach, explanation!);
    }

    private static HandlingTimeExtended ReadHandlingTimeExtended(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Extended);
        var days = 0;
        string? reason = null;
        while (p.Next(out var field))
        {
            if (field == 0)
            {
                days = p.ReadInt32();
            }
            else
            {
                reason = p.ReadString();
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, days, reason!);
    }

    private static ReviewDecided ReadReviewDecided(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Decided);
        var upheld = false;
        string? decision = null;
        while (p.Next(out var field))
        {
            if (field == 0)
            {
                upheld = p.ReadBoolean();
            }
            else
            {
                decision = p.ReadString();
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, upheld, decision!);
    }

    private static DeadlineAlertRaised ReadDeadlineAlertRaised(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Alert);
        DeadlineKey deadline = default;
        DeadlineAlertKind alert = default;
        var percent = 0;
        DateTimeOffset dueAt = default;
        while (p.Next(out var field))
        {
            switch (field)
            {
                case 0: deadline = p.ReadDeadlineKey(); break;
                case 1: alert = p.ReadEnum<DeadlineAlertKind>(); break;
                case 2: percent = p.ReadInt32(); break;
                default: dueAt = p.ReadInstant(); break;
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, deadline, alert, percent, dueAt);
    }

    private static IncidentReported ReadIncidentReported(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Reported);
        IncidentKind kind = default;
        IntakeChannel channel = default;
        RiskCategory category = default;
        string? description = null;
        PetitionerDetails? petitioner = null;
        ComplainedParty? complainedAbout = null;
        while (p.Next(out var field))
        {
            switch (field)
            {
                case 0: kind = p.ReadEnum<IncidentKind>(); break;
                case 1: channel = p.ReadEnum<IntakeChannel>(); break;
                case 2: category = p.ReadIdentifier(static v => new RiskCategory(v)); break;
                case 3: description = p.ReadString(); break;
                case 4: petitioner = p.IsNull ? null : ReadPetitioner(ref p); break;
                default: complainedAbout = p.IsNull ? null : ReadComplainedParty(ref p); break;
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, kind, channel, category, description!, petitioner, complainedAbout);
    }

    private static PetitionerDetails ReadPetitioner(ref PayloadReader p)
    {
        var outer = p.Enter(Petitioner);
        string? name = null, contact = null;
        while (p.Next(out var field))
        {
            if (field == 0)
            {
                name = p.ReadString();
            }
            else
            {
                contact = p.ReadNullableString();
            }
        }

        p.Leave(outer);
        return new(name!, contact);
    }

    private static ComplainedParty ReadComplainedParty(ref PayloadReader p)
    {
        var outer = p.Enter(Complained);
        PersonId? person = null;
        string? department = null;
        while (p.Next(out var field))
        {
            if (field == 0)
            {
                person = p.IsNull ? null : p.ReadIdentifier(static v => new PersonId(v));
            }
            else
            {
                department = p.ReadNullableString();
            }
        }

        p.Leave(outer);
        return new(person, department);
    }

    private static IncidentAssessed ReadIncidentAssessed(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Assessed);
        SeverityLevel level = default;
        ImpactScope scope = default;
        PotentialRisk risk = default;
        string? rationale = null;
        SeverityLevel? previous = null;
        while (p.Next(out var field))
        {
            switch (field)
            {
                case 0: level = p.ReadEnum<SeverityLevel>(); break;
                case 1: scope = p.ReadEnum<ImpactScope>(); break;
                case 2: risk = p.ReadEnum<PotentialRisk>(); break;
                case 3: rationale = p.ReadString(); break;
                default: previous = p.ReadNullableEnum<SeverityLevel>(); break;
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, level, scope, risk, rationale!, previous);
    }

    private static IncidentEscalated ReadIncidentEscalated(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Escalated);
        SeverityLevel? from = null;
        SeverityLevel to = default;
        while (p.Next(out var field))
        {
            if (field == 0)
            {
                from = p.ReadNullableEnum<SeverityLevel>();
            }
            else
            {
                to = p.ReadEnum<SeverityLevel>();
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, from, to);
    }

    private static DirectiveIssued ReadDirectiveIssued(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Issued);
        var directive = 0;
        DirectiveKind kind = default;
        GroupId assignee = default;
        string? instructions = null;
        DateTimeOffset dueAt = default;
        while (p.Next(out var field))
        {
            switch (field)
            {
                case 0: directive = p.ReadInt32(); break;
                case 1: kind = p.ReadIdentifier(static v => new DirectiveKind(v)); break;
                case 2: assignee = p.ReadIdentifier(static v => new GroupId(v)); break;
                case 3: instructions = p.ReadString(); break;
                default: dueAt = p.ReadInstant(); break;
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, new DirectiveId(directive), kind, assignee, instructions!, dueAt);
    }

    private static DirectiveAcknowledged ReadDirectiveAcknowledged(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, DirectiveOnly);
        var directive = 0;
        while (p.Next(out _))
        {
            directive = p.ReadInt32();
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, new DirectiveId(directive));
    }

    private static DirectiveCompleted ReadDirectiveCompleted(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var (directive, outcome) = ReadNumberAndString(payload, DirectiveOutcome);
        return new(m.IncidentId, m.Actor, m.OccurredAt, new DirectiveId(directive), outcome);
    }

    private static DirectiveCancelled ReadDirectiveCancelled(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var (directive, reason) = ReadNumberAndString(payload, DirectiveReason);
        return new(m.IncidentId, m.Actor, m.OccurredAt, new DirectiveId(directive), reason);
    }

    private static CustomerCommunicationRecorded ReadCustomerCommunicationRecorded(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Communication);
        IntakeChannel channel = default;
        string? summary = null, outcome = null;
        while (p.Next(out var field))
        {
            switch (field)
            {
                case 0: channel = p.ReadEnum<IntakeChannel>(); break;
                case 1: summary = p.ReadString(); break;
                default: outcome = p.ReadString(); break;
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, channel, summary!, outcome!);
    }

    private static StatementDrafted ReadStatementDrafted(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Drafted);
        var statement = 0;
        string? title = null, body = null;
        while (p.Next(out var field))
        {
            switch (field)
            {
                case 0: statement = p.ReadInt32(); break;
                case 1: title = p.ReadString(); break;
                default: body = p.ReadString(); break;
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, new StatementId(statement), title!, body!);
    }

    private static StatementLegallyReviewed ReadStatementLegallyReviewed(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var (statement, reason) = ReadNumberAndString(payload, StatementReason);
        return new(m.IncidentId, m.Actor, m.OccurredAt, new StatementId(statement), reason);
    }

    private static StatementApproved ReadStatementApproved(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, StatementOnly);
        var statement = 0;
        while (p.Next(out _))
        {
            statement = p.ReadInt32();
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, new StatementId(statement));
    }

    private static StatementPublished ReadStatementPublished(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var (statement, channel) = ReadNumberAndString(payload, Published);
        return new(m.IncidentId, m.Actor, m.OccurredAt, new StatementId(statement), channel);
    }

    private static SupportRequested ReadSupportRequested(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Requested);
        var request = 0;
        SupportKind kind = default;
        string? details = null;
        while (p.Next(out var field))
        {
            switch (field)
            {
                case 0: request = p.ReadInt32(); break;
                case 1: kind = p.ReadEnum<SupportKind>(); break;
                default: details = p.ReadString(); break;
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, new SupportRequestId(request), kind, details!);
    }

    private static SupportFulfilled ReadSupportFulfilled(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var (request, resolution) = ReadNumberAndString(payload, Fulfilled);
        return new(m.IncidentId, m.Actor, m.OccurredAt, new SupportRequestId(request), resolution);
    }

    private static IncidentResolved ReadIncidentResolved(ReadOnlySpan<byte> payload, StoredEvent m)
        => new(m.IncidentId, m.Actor, m.OccurredAt, ReadSingleString(payload, SummaryOnly));

    private static ClosureReportSubmitted ReadClosureReportSubmitted(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, ReportOnly);
        ClosureReport? report = null;
        while (p.Next(out _))
        {
            report = ReadClosureReport(ref p);
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, report!);
    }

    private static ClosureReport ReadClosureReport(ref PayloadReader p)
    {
        var outer = p.Enter(Report);
        string? summary = null;
        IReadOnlyList<string>? causes = null, lessons = null;
        IReadOnlyList<Improvement>? improvements = null;
        while (p.Next(out var field))
        {
            switch (field)
            {
                case 0: summary = p.ReadString(); break;
                case 1: causes = p.ReadStringList(); break;
                case 2: improvements = ReadImprovements(ref p); break;
                default: lessons = p.ReadStringList(); break;
            }
        }

        p.Leave(outer);
        return new(summary!, causes!, improvements!, lessons!);
    }

    private static ReadOnlyCollection<Improvement> ReadImprovements(ref PayloadReader p)
    {
        p.EnterArray();
        var items = new List<Improvement>();
        while (p.NextItem())
        {
            var outer = p.Enter(ImprovementShape);
            string? description = null;
            PersonId owner = default;
            DateOnly dueOn = default;
            while (p.Next(out var field))
            {
                switch (field)
                {
                    case 0: description = p.ReadString(); break;
                    case 1: owner = p.ReadIdentifier(static v => new PersonId(v)); break;
                    default: dueOn = p.ReadDate(); break;
                }
            }

            p.Leave(outer);
            items.Add(new Improvement(description!, owner, dueOn));
        }

        return items.AsReadOnly();
    }

    private static IncidentMergedAsDuplicate ReadIncidentMergedAsDuplicate(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Merged);
        Guid original = default;
        string? reason = null;
        while (p.Next(out var field))
        {
            if (field == 0)
            {
                original = p.ReadGuid();
            }
            else
            {
                reason = p.ReadString();
            }
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, new IncidentId(original), reason!);
    }

    private static DuplicateLinked ReadDuplicateLinked(ReadOnlySpan<byte> payload, StoredEvent m)
    {
        var p = new PayloadReader(payload, Linked);
        Guid duplicate = default;
        while (p.Next(out _))
        {
            duplicate = p.ReadGuid();
        }

        p.End();
        return new(m.IncidentId, m.Actor, m.OccurredAt, new IncidentId(duplicate));
    }

    private static T ReadEmpty<T>(ReadOnlySpan<byte> payload, T result)
    {
        var p = new PayloadReader(payload, Empty);
        while (p.Next(out _))
        {
            // An empty shape: Next throws on any field.
        }

        p.End();
        return result;
    }

    private static string ReadSingleString(ReadOnlySpan<byte> payload, PayloadShape shape)
    {
        var p = new PayloadReader(payload, shape);
        string? value = null;
        while (p.Next(out _))
        {
            value = p.ReadString();
        }

        p.End();
        return value!;
    }

    private static (int Number, string Text) ReadNumberAndString(ReadOnlySpan<byte> payload, PayloadShape shape)
    {
        var p = new PayloadReader(payload, shape);
        var number = 0;
        string? text = null;
        while (p.Next(out var field))
        {
            if (field == 0)
            {
                number = p.ReadInt32();
            }
            else
            {
                text = p.ReadString();
            }
        }

        p.End();
        return (number, text!);
    }
}
