using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Hosting;

/// <summary>
/// Runs <see cref="DeadlineMonitor.ScanIfLeadingAsync"/> every <see cref="PetitionOpinionHostingOptions.ScanInterval"/>:
/// on a store several instances share (an <see cref="ILeaseStore"/>) one instance at a time scans, and a stopping
/// instance gives the scanner's lease up so that another takes over at its next scan. A scan in which the store threw
/// for some incident (<see cref="DeadlineMonitor.ScanFailed"/>: e.g. a SQLite file another process holds the write lock
/// of, where reads work and the alerts' appends do not) is a failed pass — logged, backed off, not counted as completed
/// by the scan check — although the monitor went on with the other incidents; a conflict or a tampered history is not.
/// </summary>
internal sealed class DeadlineMonitorService(DeadlineMonitor monitor, IIncidentStore store, HostingState state, IOptions<PetitionOpinionHostingOptions> options, TimeProvider time, ILogger<DeadlineMonitorService> logger)
    : HostedLoop("deadline monitor", state.Deadlines, state, options.Value, time, logger)
{
    protected override TimeSpan Interval => Options.ScanInterval;

    protected override async Task PassAsync(CancellationToken cancellationToken)
    {
        var report = await monitor.ScanIfLeadingAsync(Options.ScanInterval, cancellationToken).ConfigureAwait(false);
        State.Leading = report is not null;
        var threw = report?.Failures.Count(f => f.Error.Code == DeadlineMonitor.ScanFailed) ?? 0;
        if (threw > 0)
        {
            throw new DeadlineScanIncompleteException(threw);
        }
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

/// <summary>A deadline scan ran, but the store threw while the alerts of some incidents were being loaded or recorded (the next scan records them).</summary>
/// <param name="incidents">How many incidents.</param>
internal sealed class DeadlineScanIncompleteException(int incidents) : Exception($"The store threw while the deadline alerts of {incidents} incident(s) were being scanned.");
