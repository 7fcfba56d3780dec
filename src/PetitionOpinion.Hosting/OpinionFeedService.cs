using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PetitionOpinion.Monitoring;

namespace PetitionOpinion.Hosting;

/// <summary>
/// Feeds the opinion monitor from the registered <see cref="IMentionFeed"/> (<see cref="OpinionMonitor.RunAsync"/>): each
/// alert is logged (kind, incident, whether it opened it — never the topic, which may name a person). A feed that throws is read again after the back-off; one
/// that ends is read again after <see cref="PetitionOpinionHostingOptions.InitialRetryDelay"/>.
/// </summary>
internal sealed partial class OpinionFeedService(OpinionMonitor monitor, IMentionFeed feed, HostingState state, IOptions<PetitionOpinionHostingOptions> options, TimeProvider time, ILogger<OpinionFeedService> logger)
    : HostedLoop("opinion feed", state.Feed, state, options.Value, time, logger)
{
    protected override TimeSpan Interval => Options.InitialRetryDelay;

    protected override async Task PassAsync(CancellationToken cancellationToken)
    {
        await foreach (var alert in monitor.RunAsync(feed.ReadAsync(cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            LogAlert(Logger, alert.Alert.Kind, alert.Incident?.ToString() ?? "none", alert.Opened, alert.Error?.Code ?? "none");
        }
    }

    [LoggerMessage(4, LogLevel.Information, "Opinion alert {Kind} on incident {Incident}; opened it: {Opened}; error: {ErrorCode}.")]
    private static partial void LogAlert(ILogger logger, OpinionAlertKind kind, string incident, bool opened, string errorCode);
}
