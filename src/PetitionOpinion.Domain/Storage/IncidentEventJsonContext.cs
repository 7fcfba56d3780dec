using System.Text.Json.Serialization;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Storage;

/// <summary>The source-generated serialization of every incident event: no reflection at run time.</summary>
/// <remarks>
/// <para>
/// Use <see cref="JsonSerializerContext"/>'s <c>Default</c> instance: a context made with <c>new()</c> ignores these options.
/// </para>
/// <para>
/// Reading is strict, so that a malformed payload is refused rather than silently loaded with defaults: every
/// constructor parameter is written (nulls too) and required on reading, a non-nullable one must not be null, an
/// unknown or repeated member is refused, enums are read by their exact names only, numbers must fit and be finite,
/// identifiers must keep their rules, and lists are read-only without null items.
/// </para>
/// <para>
/// The <see cref="JsonSerializableAttribute"/> of an event type is its one registration: <see cref="IncidentEventSerializer"/>
/// takes every concrete <see cref="IncidentEvent"/> of the library and its contract from here.
/// </para>
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    Converters =
    [
        // One strict converter per enum and per list type the events hold, made ahead of time (no MakeGenericType at run
        // time, which native AOT cannot compile ahead); the two factories after them refuse a type left out, loudly.
        typeof(StrictEnumConverter<IncidentKind>),
        typeof(StrictEnumConverter<IntakeChannel>),
        typeof(StrictEnumConverter<SeverityLevel>),
        typeof(StrictEnumConverter<ImpactScope>),
        typeof(StrictEnumConverter<PotentialRisk>),
        typeof(StrictEnumConverter<SupportKind>),
        typeof(StrictEnumConverter<DeadlineAlertKind>),
        typeof(StrictEnumConverter<DeadlineKind>),
        typeof(StrictEnumConverter<OpinionAlertKind>),
        typeof(ReadOnlyListConverter<string>),
        typeof(ReadOnlyListConverter<IncidentId>),
        typeof(ReadOnlyListConverter<Improvement>),
        typeof(ReadOnlyListConverter<long>),
        typeof(ReadOnlyListConverter<double>),
        typeof(StrictEnumConverterFactory),
        typeof(ReadOnlyListConverterFactory),
        typeof(FiniteDoubleConverter),
        typeof(PersonIdConverter),
        typeof(GroupIdConverter),
        typeof(IncidentIdConverter),
        typeof(RiskCategoryConverter),
        typeof(DirectiveKindConverter),
        typeof(DirectiveIdConverter),
        typeof(StatementIdConverter),
        typeof(SupportRequestIdConverter),
        typeof(DeadlineKeyConverter),
        typeof(RiskFactsConverter),
        typeof(PetitionerDetailsConverter),
    ])]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(IncidentReported))]
[JsonSerializable(typeof(IncidentAssessed))]
[JsonSerializable(typeof(IncidentEscalated))]
[JsonSerializable(typeof(DirectiveIssued))]
[JsonSerializable(typeof(DirectiveAcknowledged))]
[JsonSerializable(typeof(DirectiveCompleted))]
[JsonSerializable(typeof(DirectiveCancelled))]
[JsonSerializable(typeof(ResponseStarted))]
[JsonSerializable(typeof(CustomerCommunicationRecorded))]
[JsonSerializable(typeof(StatementDrafted))]
[JsonSerializable(typeof(StatementLegallyReviewed))]
[JsonSerializable(typeof(StatementApproved))]
[JsonSerializable(typeof(StatementPublished))]
[JsonSerializable(typeof(SupportRequested))]
[JsonSerializable(typeof(SupportFulfilled))]
[JsonSerializable(typeof(IncidentResolved))]
[JsonSerializable(typeof(ClosureReportSubmitted))]
[JsonSerializable(typeof(ClosureReportAccepted))]
[JsonSerializable(typeof(IncidentReopened))]
[JsonSerializable(typeof(ReviewRequested))]
[JsonSerializable(typeof(IncidentDismissed))]
[JsonSerializable(typeof(IncidentMergedAsDuplicate))]
[JsonSerializable(typeof(DuplicateLinked))]
[JsonSerializable(typeof(DeadlinesPaused))]
[JsonSerializable(typeof(DeadlinesResumed))]
[JsonSerializable(typeof(HandlingTimeExtended))]
[JsonSerializable(typeof(ReviewDecided))]
[JsonSerializable(typeof(DeadlineAlertRaised))]
[JsonSerializable(typeof(OpinionAlertRecorded))]
[JsonSerializable(typeof(IncidentNatureAdded))]
[JsonSerializable(typeof(RiskFactsPayload))]
internal sealed partial class IncidentEventJsonContext : JsonSerializerContext;
