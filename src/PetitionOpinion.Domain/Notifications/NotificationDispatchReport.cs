using System.Globalization;

namespace PetitionOpinion.Notifications;

/// <summary>What one pass of <see cref="NotificationDispatcher.DispatchPendingAsync"/> did.</summary>
/// <remarks>
/// The exceptions of the channels and the store are here, for the caller, and nowhere in the dispatcher's log: their
/// messages may quote a notification's text. <see cref="ToString"/> names only their types.
/// </remarks>
/// <param name="Delivered">Deliveries a channel accepted in this pass (one message to two channels counts two).</param>
/// <param name="Acknowledged">Messages acknowledged in this pass: every channel has delivered them.</param>
/// <param name="Failed">Delivery attempts that failed in this pass (a channel threw or took longer than <see cref="NotificationOptions.DeliveryTimeout"/>).</param>
/// <param name="Waiting">Notification messages left pending with no attempt due in this pass (backing off after a failure).</param>
/// <param name="Undeliverable">Notification messages whose payload cannot be read: left pending, looked at again only as the back-off allows.</param>
/// <param name="Skipped">Outbox messages of other kinds, left alone (never acknowledged).</param>
/// <param name="Failures">Every failed attempt of this pass, in the order they were made.</param>
/// <param name="AcknowledgementFailure">
/// What <see cref="Storage.IIncidentStore.AcknowledgeOutboxAsync"/> threw, if it failed: the messages delivered in this
/// pass stay pending, and the next pass acknowledges them without delivering them again.
/// </param>
public sealed record NotificationDispatchReport(
    int Delivered,
    int Acknowledged,
    int Failed,
    int Waiting,
    int Undeliverable,
    int Skipped,
    IReadOnlyList<NotificationDeliveryFailure> Failures,
    Exception? AcknowledgementFailure)
{
    /// <summary>Gets a value indicating whether nothing went wrong in this pass: no failed attempt, no unreadable payload, no failed acknowledgement.</summary>
    public bool IsClean => Failed == 0 && Undeliverable == 0 && AcknowledgementFailure is null;

    /// <summary>Returns the counts and the type of the acknowledgement failure, never an exception's message.</summary>
    /// <returns>A one-line summary.</returns>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"NotificationDispatchReport {{ Delivered = {Delivered}, Acknowledged = {Acknowledged}, Failed = {Failed}, Waiting = {Waiting}, Undeliverable = {Undeliverable}, Skipped = {Skipped}, AcknowledgementFailure = {AcknowledgementFailure?.GetType().Name ?? "none"} }}");
}

/// <summary>One failed attempt: a channel that threw or timed out, or a payload that cannot be read.</summary>
/// <param name="MessageId">The outbox message.</param>
/// <param name="DeduplicationKey">Its de-duplication key.</param>
/// <param name="Channel">The channel's <see cref="INotificationChannel.Name"/>; <see langword="null"/> when the payload cannot be read (no channel was tried).</param>
/// <param name="Attempt">Which attempt failed, from 1.</param>
/// <param name="NextAttemptAt">When the next attempt is due.</param>
/// <param name="Exception">
/// What went wrong: the channel's exception, a <see cref="TimeoutException"/> when it took too long, or an
/// <see cref="InvalidDataException"/> for an unreadable payload. Its message may quote the notification: do not log it
/// where the notification's recipients could not read it.
/// </param>
public sealed record NotificationDeliveryFailure(Guid MessageId, string DeduplicationKey, string? Channel, int Attempt, DateTimeOffset NextAttemptAt, Exception Exception)
{
    /// <summary>Returns the routing facts and the exception's type, never its message.</summary>
    /// <returns>A one-line summary.</returns>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"NotificationDeliveryFailure {{ {MessageId}, {DeduplicationKey}, channel {Channel ?? "-"}, attempt {Attempt}, next {NextAttemptAt:O}, {Exception.GetType().Name} }}");
}
