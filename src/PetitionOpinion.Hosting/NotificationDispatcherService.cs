using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PetitionOpinion.Notifications;

namespace PetitionOpinion.Hosting;

/// <summary>
/// Runs <see cref="NotificationDispatcher.DispatchPendingAsync"/> every <c>Notifications:PollInterval</c>, keeps each
/// channel's failure streak for the channel check, and on stop releases the outbox claims this instance holds (the
/// running pass is cancelled: its deliveries are abandoned and their messages stay pending, delivered again later).
/// </summary>
internal sealed class NotificationDispatcherService(
    NotificationDispatcher dispatcher,
    IEnumerable<INotificationChannel> channels,
    HostingState state,
    IOptions<PetitionOpinionHostingOptions> options,
    IOptions<PetitionOpinionOptions> library,
    TimeProvider time,
    ILogger<NotificationDispatcherService> logger)
    : HostedLoop("notification dispatcher", state.Dispatcher, state, options.Value, time, logger)
{
    private readonly string[] _channels = [.. channels.Select(c => c.Name)];

    protected override TimeSpan Interval { get; } = library.Value.Notifications.PollInterval;

    protected override async Task PassAsync(CancellationToken cancellationToken)
    {
        var report = await dispatcher.DispatchPendingAsync(cancellationToken).ConfigureAwait(false);
        var failed = report.Failures.Where(f => f.Channel is not null).Select(f => f.Channel!).ToHashSet(StringComparer.Ordinal);
        foreach (var channel in _channels)
        {
            if (failed.Contains(channel))
            {
                State.ChannelStreaks.AddOrUpdate(channel, 1, (_, streak) => streak + 1);
            }
            else if (report.Waiting == 0)
            {
                // Nothing held back: the channel had every chance and did not fail. (With messages backing off, a channel
                // that made no attempt keeps its streak.)
                State.ChannelStreaks[channel] = 0;
            }
        }

        if (report.AcknowledgementFailure is { } failure)
        {
            // The store took the reads but not the acknowledgement: back off as for any store failure.
            throw new OutboxAcknowledgementException(failure.GetType().Name);
        }
    }

    protected override async Task ReleaseAsync(CancellationToken cancellationToken)
        => await dispatcher.ReleaseClaimsAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>The store failed to acknowledge delivered messages (they are acknowledged by a later pass without being delivered again).</summary>
/// <param name="inner">The type name of what the store threw.</param>
internal sealed class OutboxAcknowledgementException(string inner) : Exception($"The outbox acknowledgement failed ({inner}).");
