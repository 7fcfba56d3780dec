using PetitionOpinion.Notifications;

namespace PetitionOpinion.Samples.WebApi.Hosting;

/// <summary>
/// The sample's default notification channel: one log line per notification with its topic, incident, recipient and
/// de-duplication key — never its subject or body, which may name the petitioner. Configure a real channel
/// (Notifications:WeCom) to reach people.
/// </summary>
internal sealed partial class LogChannel(ILogger<LogChannel> logger) : INotificationChannel
{
    public string Name => "log";

    public ValueTask DeliverAsync(Notification notification, CancellationToken cancellationToken)
    {
        Delivered(logger, notification.Topic, notification.IncidentId.ToString(), notification.Recipient.ToString(), notification.DeduplicationKey);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Notification {Topic} on incident {Incident} for {Recipient} ({Key}).")]
    private static partial void Delivered(ILogger logger, NotificationTopic topic, string incident, string recipient, string key);
}
