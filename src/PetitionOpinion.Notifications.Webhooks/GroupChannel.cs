using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>
/// What every channel that posts to a group does around its platform's format: the <see cref="GroupAudience"/> rule,
/// the request, remembering what was posted, and a log that names keys and ids only.
/// </summary>
internal sealed partial class GroupChannel(string name, GroupAudience audience, WebhookSender sender, ILogger? logger)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public async ValueTask DeliverAsync(Notification notification, Func<SharedMessage, WebhookRequest> build, CancellationToken cancellationToken = default)
    {
        switch (audience.Judge(notification, out var message))
        {
            case Verdict.NotAddressed:
                LogNotAddressed(_logger, name, notification.DeduplicationKey);
                return;
            case Verdict.ComplainedAboutReader:
                LogComplainedAboutReader(_logger, name, notification.DeduplicationKey, notification.IncidentId);
                return;
            case Verdict.AlreadyPosted:
                LogAlreadyPosted(_logger, name, message.Id, notification.DeduplicationKey);
                return;
        }

        await sender.SendAsync(build(message), cancellationToken).ConfigureAwait(false);
        audience.Posted(message.Id);
        LogPosted(_logger, name, notification.DeduplicationKey, notification.IncidentId, notification.Topic, message.Id);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Channel {Channel} posted notification {DeduplicationKey} (incident {IncidentId}, {Topic}) as message {MessageId}.")]
    internal static partial void LogPosted(ILogger logger, string channel, string deduplicationKey, IncidentId incidentId, NotificationTopic topic, string messageId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Channel {Channel} leaves notification {DeduplicationKey} alone: it is addressed to somebody outside the channel's recipients.")]
    private static partial void LogNotAddressed(ILogger logger, string channel, string deduplicationKey);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Channel {Channel} posted message {MessageId} already: notification {DeduplicationKey} is not posted again.")]
    private static partial void LogAlreadyPosted(ILogger logger, string channel, string messageId, string deduplicationKey);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Channel {Channel} does not post notification {DeduplicationKey}: incident {IncidentId} complains about one of the channel's recipients, who must not read it.")]
    private static partial void LogComplainedAboutReader(ILogger logger, string channel, string deduplicationKey, IncidentId incidentId);
}
