using System.Text.Json.Serialization;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Notifications;

/// <summary>The source-generated serialization of <see cref="Notification"/>: no reflection at run time.</summary>
/// <remarks>Written only: a payload is read back strictly by <see cref="NotificationSerializer.Deserialize"/>.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true,
    Converters = [typeof(PersonIdConverter), typeof(IncidentIdConverter)])]
[JsonSerializable(typeof(Notification))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;
