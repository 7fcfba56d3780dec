using System.Text.Json.Serialization;
using PetitionOpinion.Incidents.Events;

namespace PetitionOpinion.Storage;

/// <summary>The source-generated serialization of every incident event: no reflection at run time.</summary>
/// <remarks>
/// Use <see cref="JsonSerializerContext"/>'s <c>Default</c> instance: a context made with <c>new()</c> ignores these options.
/// Every constructor parameter is written (nulls too) and required on reading, and a non-nullable one must not be
/// null, so that a payload with a missing or null field is malformed rather than silently loaded with defaults.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UseStringEnumConverter = true,
    Converters =
    [
        typeof(PersonIdConverter),
        typeof(GroupIdConverter),
        typeof(IncidentIdConverter),
        typeof(RiskCategoryConverter),
        typeof(DirectiveKindConverter),
        typeof(DirectiveIdConverter),
        typeof(StatementIdConverter),
        typeof(SupportRequestIdConverter),
        typeof(DeadlineKeyConverter),
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
internal sealed partial class IncidentEventJsonContext : JsonSerializerContext;
