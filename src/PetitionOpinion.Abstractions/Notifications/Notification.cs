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

    /// <summary>
    /// The incident took on its second nature (a petition went public, or a petitioner came forward on a public-opinion
    /// event): the group that handles the new nature must know.
    /// </summary>
    IncidentNatureAdded = 6,
}

/// <summary>
/// One notification to one person, recorded in the outbox with the change that caused it and delivered afterwards by
/// every <see cref="INotificationChannel"/> (<c>docs/deadlines.md</c>, Notifications). The text is already fitted to the
/// recipient: a recipient outside the petition handling and leading groups never gets the petitioner's name or contact details.
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
/// <remarks>
/// A channel that posts where several people read — a group chat, a shared queue — must not post <see cref="Subject"/>
/// and <see cref="Body"/>, which are fitted to one recipient: it posts <see cref="SharedSubject"/> and
/// <see cref="SharedBody"/>, the text as a recipient who may not see the petitioner reads it, and never posts where
/// <see cref="ComplainedAbout"/> reads.
/// </remarks>
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
    /// <summary>
    /// Gets the subject as anyone in the organisation may read it: the petitioner's name and contact details redacted
    /// (equal to <see cref="Subject"/> for a recipient outside the petition handling and leading groups). Default:
    /// <see langword="null"/>, in notifications recorded before this property existed or made without it; a channel
    /// that needs it must then post none of the notification's text.
    /// </summary>
    public string? SharedSubject { get; init; }

    /// <summary>
    /// Gets the text as anyone in the organisation may read it: the petitioner's name and contact details redacted
    /// (equal to <see cref="Body"/> for a recipient outside the petition handling and leading groups). Default:
    /// <see langword="null"/> (see <see cref="SharedSubject"/>); set together with it.
    /// </summary>
    public string? SharedBody { get; init; }

    /// <summary>
    /// Gets the person of the organisation the incident complains about, if any: material about a complaint must never
    /// reach them (<c>docs/security.md</c>), so a channel that posts where several people read must not post it where they read.
    /// Default: <see langword="null"/>: nobody — or not known, when <see cref="SharedBody"/> is <see langword="null"/> too
    /// (a notification recorded before these properties existed).
    /// </summary>
    public PersonId? ComplainedAbout { get; init; }

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
    ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken = default);
}

/// <summary>The kinds of <see cref="Storage.OutboxMessage"/> the library records.</summary>
public static class OutboxMessageKinds
{
    /// <summary>A <see cref="Notification"/> as UTF-8 JSON.</summary>
    public const string Notification = "notification";
}
