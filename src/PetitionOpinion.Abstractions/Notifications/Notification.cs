using PetitionOpinion.Incidents;

namespace PetitionOpinion.Notifications;

/// <summary>What a notification is about.</summary>
public enum NotificationTopic
{
    /// <summary>An incident was assessed at level I or II, or re-assessed up to it: the leading group must know.</summary>
    IncidentEscalated = 1,

    /// <summary>A directive was issued to a group: its leader must know.</summary>
    DirectiveIssued = 2,

    /// <summary>A deadline passed a warning point (50% or 75% of its time by default) without being met.</summary>
    DeadlineWarning = 3,

    /// <summary>A deadline was breached: the people one step up must know.</summary>
    DeadlineBreached = 4,

    /// <summary>A breached deadline is still not met after the escalation interval: the leading group must know.</summary>
    DeadlineEscalated = 5,
}

/// <summary>
/// One notification to one person, recorded in the outbox with the change that caused it and delivered afterwards by
/// every <see cref="INotificationChannel"/> (DOMAIN.md §5). The text is already fitted to the recipient: a recipient
/// outside the petition handling and leading groups never gets the petitioner's name or contact details.
/// </summary>
/// <param name="DeduplicationKey">The same for the same notification however often it is recorded or delivered; channels may use it to drop repeats.</param>
/// <param name="IncidentId">The incident it is about.</param>
/// <param name="Topic">What it is about.</param>
/// <param name="Level">The incident's severity level when it was recorded, if assessed.</param>
/// <param name="Recipient">Who must receive it.</param>
/// <param name="RecipientName">The recipient's name, as the organisation knows it.</param>
/// <param name="Subject">A one-line subject.</param>
/// <param name="Body">The text.</param>
/// <param name="CreatedAt">When the change that caused it was recorded.</param>
public sealed record Notification(
    string DeduplicationKey,
    IncidentId IncidentId,
    NotificationTopic Topic,
    SeverityLevel? Level,
    PersonId Recipient,
    string RecipientName,
    string Subject,
    string Body,
    DateTimeOffset CreatedAt)
{
    /// <summary>Returns the routing facts without the subject and body, so that a notification written to a log by accident never carries its content.</summary>
    /// <returns>The key, incident, topic, level and recipient.</returns>
    public override string ToString() => $"Notification {{ {DeduplicationKey}, {Topic}, incident {IncidentId}, level {Level?.ToString() ?? "-"}, to {Recipient} }}";
}

/// <summary>
/// Delivers notifications: e-mail, SMS, WeCom/DingTalk/Feishu, a webhook… Register as many as needed; every
/// notification goes to every channel. A channel reports failure by throwing; it is then retried with back-off until
/// it succeeds, so it must tolerate being given the same notification again (compare <see cref="Notification.DeduplicationKey"/>).
/// </summary>
public interface INotificationChannel
{
    /// <summary>Gets the channel's name, unique among the registered channels (it appears in logs and in the dispatcher's report).</summary>
    string Name { get; }

    /// <summary>Delivers one notification.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancelled when the dispatcher gives up on this attempt (its time-out) or shuts down.</param>
    /// <returns>A task that completes when the channel has accepted the notification.</returns>
    ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken);
}

/// <summary>The kinds of <see cref="Storage.OutboxMessage"/> the library records.</summary>
public static class OutboxMessageKinds
{
    /// <summary>A <see cref="Notification"/> as UTF-8 JSON.</summary>
    public const string Notification = "notification";
}
