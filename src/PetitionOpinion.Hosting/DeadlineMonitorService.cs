using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Hosting;

/// <summary>
/// Runs <see cref="DeadlineMonitor.ScanIfLeadingAsync"/> every <see cref="PetitionOpinionHostingOptions.ScanInterval"/>:
/// on a store several instances share (an <see cref="ILeaseStore"/>) one instance at a time scans, and a stopping
/// instance gives the scanner's lease up so that another takes over at its next scan.
/// </summary>
internal sealed class DeadlineMonitorService(DeadlineMonitor monitor, IIncidentStore store, HostingState state, IOptions<PetitionOpinionHostingOptions> options, TimeProvider time, ILogger<DeadlineMonitorService> logger)
    : HostedLoop("deadline monitor", state.Deadlines, state, options.Value, time, logger)
{
    protected override TimeSpan Interval => Options.ScanInterval;

    protected override async Task PassAsync(CancellationToken cancellationToken)
    {
        var report = await monitor.ScanIfLeadingAsync(Options.ScanInterval, cancellationToken).ConfigureAwait(false);
        State.Leading = report is not null;
    }

    protected override async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (store is ILeaseStore leases && State.Leading == true)
        {
            await leases.ReleaseLeaseAsync(DeadlineMonitor.ScannerLeaseName, monitor.InstanceName, cancellationToken).ConfigureAwait(false);
            State.Leading = false;
        }
    }
}
