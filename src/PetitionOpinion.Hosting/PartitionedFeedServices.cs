using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Hosting;

/// <summary>
/// Feeds the partitioned opinion monitor from the registered <see cref="ISequencedMentionFeed"/>: each alert is logged
/// (kind, incident, whether it opened it — never the topic). A feed that throws is read again after the back-off; one that
/// ends is read again after <see cref="PetitionOpinionHostingOptions.InitialRetryDelay"/>.
/// </summary>
internal sealed partial class PartitionedFeedService(PartitionedOpinionMonitor monitor, ISequencedMentionFeed feed, HostingState state, IOptions<PetitionOpinionHostingOptions> options, TimeProvider time, ILogger<PartitionedFeedService> logger)
    : HostedLoop("partitioned opinion feed", state.PartitionedFeed, state, options.Value, time, logger)
{
    protected override TimeSpan Interval => Options.InitialRetryDelay;

    protected override async Task PassAsync(CancellationToken cancellationToken)
    {
        await foreach (var mention in feed.ReadAsync(cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var observation = await monitor.ObserveAsync(mention.Sequence, mention.Signal, cancellationToken).ConfigureAwait(false);
            foreach (var alert in observation.Alerts)
            {
                LogAlert(Logger, alert.Alert.Kind, alert.Incident?.ToString() ?? "none", alert.Opened, alert.Error?.Code ?? "none");
            }
        }
    }

    [LoggerMessage(4, LogLevel.Information, "Opinion alert {Kind} on incident {Incident}; opened it: {Opened}; error: {ErrorCode}.")]
    private static partial void LogAlert(ILogger logger, OpinionAlertKind kind, string incident, bool opened, string errorCode);
}

/// <summary>
/// Keeps the partitioned opinion monitor's leases while its feed is quiet (<see cref="PartitionedOpinionMonitor.MaintainAsync"/>
/// every third of <see cref="OpinionMonitorOptions.PartitionLeaseDuration"/>: renewals, takeovers with the kept signals
/// replayed, saves that are due), and on stop saves every changed topic and gives the partitions up at once
/// (<see cref="PartitionedOpinionMonitor.StopAsync"/>).
/// </summary>
internal sealed partial class OpinionPartitionsService(PartitionedOpinionMonitor monitor, IOptions<PetitionOpinionOptions> petitionOpinion, HostingState state, IOptions<PetitionOpinionHostingOptions> options, TimeProvider time, ILogger<OpinionPartitionsService> logger)
    : HostedLoop("opinion partitions", state.Partitions, state, options.Value, time, logger)
{
    protected override TimeSpan Interval => petitionOpinion.Value.Monitoring.PartitionLeaseDuration / 3;

    protected override async Task PassAsync(CancellationToken cancellationToken)
    {
        foreach (var alert in await monitor.MaintainAsync(cancellationToken).ConfigureAwait(false))
        {
            LogAlert(Logger, alert.Alert.Kind, alert.Incident?.ToString() ?? "none", alert.Opened, alert.Error?.Code ?? "none");
        }
    }

    protected override async Task ReleaseAsync(CancellationToken cancellationToken) => await monitor.StopAsync(cancellationToken).ConfigureAwait(false);

    [LoggerMessage(4, LogLevel.Information, "Opinion alert {Kind} on incident {Incident} (a replayed signal); opened it: {Opened}; error: {ErrorCode}.")]
    private static partial void LogAlert(ILogger logger, OpinionAlertKind kind, string incident, bool opened, string errorCode);
}
