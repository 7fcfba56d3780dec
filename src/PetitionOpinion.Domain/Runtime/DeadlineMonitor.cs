using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PetitionOpinion.Incidents;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Deadlines;

/// <summary>What one deadline scan over the store found and recorded.</summary>
/// <param name="IncidentsScanned">How many incidents were looked at.</param>
/// <param name="Alerts">The alerts recorded (with their notifications in the outbox), in the order they were recorded.</param>
/// <param name="Failures">Incidents whose alerts could not be stored (e.g. they kept changing underneath), with why; the next scan tries again.</param>
public sealed record DeadlineScanReport(int IncidentsScanned, IReadOnlyList<RaisedAlert> Alerts, IReadOnlyList<DeadlineScanFailure> Failures);

/// <summary>An alert recorded on an incident.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="Alert">The alert.</param>
public sealed record RaisedAlert(IncidentId Incident, DeadlineAlert Alert);

/// <summary>An incident a scan could not record its alerts on.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="Error">Why.</param>
public sealed record DeadlineScanFailure(IncidentId Incident, DomainError Error);

/// <summary>
/// Scans the stored incidents for deadline alerts that are due (<see cref="DeadlineScanner"/>) and records each on its
/// incident together with its notifications in the outbox, in one append. Because the alerts are recorded, scanning
/// again — or two instances scanning at once (the second append conflicts, reloads and finds nothing new) — raises
/// each alert once. Run <see cref="ScanAsync"/> on a timer.
/// </summary>
/// <remarks>
/// <para>
/// Several instances: given an <see cref="ILeaseStore"/> (a store several application instances share), <see cref="RunAsync"/>
/// scans only on the instance that holds the scanner's lease (<see cref="ScanIfLeadingAsync"/>); the others stand by and
/// take over when it stops renewing. The lease only saves work: two instances scanning at once still raise each alert once.
/// </para>
/// <para>Thread-safe. Logs incident ids and counts only, never an incident's content.</para>
/// </remarks>
public sealed partial class DeadlineMonitor
{
    private static readonly IncidentState[] Watched =
        [IncidentState.Reported, IncidentState.Assessed, IncidentState.Directed, IncidentState.Responding, IncidentState.Resolved, IncidentState.Closed];

    /// <summary>The code of a <see cref="DeadlineScanFailure"/> whose scan threw.</summary>
    public const string ScanFailed = "deadlines.scan_failed";

    /// <summary>The name of the lease the instance that runs the scanner holds: <c>petition-opinion/deadline-scanner</c>.</summary>
    public const string ScannerLeaseName = "petition-opinion/deadline-scanner";

    private readonly IncidentRepository _repository;
    private readonly DeadlineScanner _scanner;
    private readonly ILogger _logger;
    private readonly ILeaseStore? _leases;
    private readonly TimeSpan _leaseDuration;
    private int _leading = -1; // unknown, 0 standing by, 1 leading: for logging the changes only

    /// <summary>Initializes a new instance of the <see cref="DeadlineMonitor"/> class.</summary>
    /// <param name="repository">The repository (its notification router writes the alerts' notifications).</param>
    /// <param name="scanner">The scanner.</param>
    /// <param name="logger">The logger, if any.</param>
    /// <param name="leases">
    /// The leases of the store several application instances share, so that <see cref="RunAsync"/> scans on one instance
    /// at a time; <see langword="null"/> (the default) scans on every instance that runs it.
    /// </param>
    /// <param name="coordination">The instance's name and the lease's duration; the defaults when <see langword="null"/>. Read once, here.</param>
    /// <exception cref="ArgumentException"><paramref name="coordination"/> is not valid (see <see cref="InstanceCoordinationOptions.Validate"/>).</exception>
    public DeadlineMonitor(IncidentRepository repository, DeadlineScanner scanner, ILogger<DeadlineMonitor>? logger = null, ILeaseStore? leases = null, InstanceCoordinationOptions? coordination = null)
    {
        _repository = Guard.Against.Null(repository);
        _scanner = Guard.Against.Null(scanner);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _leases = leases;
        coordination ??= new InstanceCoordinationOptions();
        var problems = coordination.Validate("Coordination");
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The coordination options are not valid: {string.Join(" ", problems.Select(p => p.ToValidationFailure()))}", nameof(coordination));
        }

        InstanceName = coordination.ResolveInstanceName();
        _leaseDuration = coordination.ScannerLeaseDuration;
    }

    /// <summary>Gets the name this monitor holds the scanner's lease under, when it has an <see cref="ILeaseStore"/>.</summary>
    public string InstanceName { get; }

    /// <summary>Scans every incident that can still have a running deadline (all but the dismissed).</summary>
    /// <param name="cancellationToken">Cancels the scan; alerts already recorded stay recorded.</param>
    /// <returns>What was found and recorded.</returns>
    public async ValueTask<DeadlineScanReport> ScanAsync(CancellationToken cancellationToken = default)
    {
        using var activity = _repository.Telemetry.StartScan(); // telemetry: one activity per scan
        var alerts = new List<RaisedAlert>();
        var failures = new List<DeadlineScanFailure>();
        var ids = new List<IncidentId>();
        for (var skip = 0; ; skip += IncidentQuery.MaxPageSize)
        {
            var page = await _repository.QueryAsync(new IncidentQuery { States = Watched, Skip = skip, Take = IncidentQuery.MaxPageSize }, cancellationToken).ConfigureAwait(false);
            ids.AddRange(page.Items.Select(i => i.Id));
            if (page.Items.Count < IncidentQuery.MaxPageSize)
            {
                break;
            }
        }

        foreach (var id in ids)
        {
            OneOf.OneOf<IReadOnlyList<DeadlineAlert>, DomainError> outcome;
            try
            {
                outcome = await ScanIncidentAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One incident that cannot be loaded or stored (a corrupt history, a store error) must not stop the others.
                outcome = new DomainError(ScanFailed, $"Scanning incident {id} threw {e.GetType().Name}; the next scan tries again.");
            }

            if (outcome.TryPickT1(out var error, out var raised))
            {
                failures.Add(new DeadlineScanFailure(id, error));
                LogFailed(_logger, id, error.Code);
                continue;
            }

            alerts.AddRange(raised.Select(a => new RaisedAlert(id, a)));
        }

        LogScanned(_logger, ids.Count, alerts.Count, failures.Count);
        Diagnostics.PetitionOpinionTelemetry.Scanned(activity, ids.Count, alerts.Count, failures.Count);
        return new DeadlineScanReport(ids.Count, alerts, failures);
    }

    /// <summary>Scans one incident and records the alerts that are due.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The alerts recorded (empty when nothing new was due), or why they could not be stored.</returns>
    public async ValueTask<OneOf.OneOf<IReadOnlyList<DeadlineAlert>, DomainError>> ScanIncidentAsync(IncidentId incident, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DeadlineAlert> due = [];
        var outcome = await _repository.DecideAsync(incident, "deadline alerts", loaded =>
        {
            due = _scanner.Scan(loaded);
            if (due.Count > 0)
            {
                _scanner.Record(loaded, due);
            }

            return null;
        }, cancellationToken).ConfigureAwait(false);
        return outcome.TryPickT1(out var error, out _) ? error : OneOf.OneOf<IReadOnlyList<DeadlineAlert>, DomainError>.FromT0(due);
    }

    /// <summary>
    /// Scans when this instance runs the scanner: takes or renews the scanner's lease (<see cref="ScannerLeaseName"/>)
    /// until <c>now + interval + ScannerLeaseDuration</c> and scans if it holds it. Without an <see cref="ILeaseStore"/>
    /// it always scans.
    /// </summary>
    /// <param name="interval">The time until this instance's next call (what the lease must outlast), at least one second.</param>
    /// <param name="cancellationToken">Cancels the lease request or the scan.</param>
    /// <returns>What the scan found, or <see langword="null"/> when another instance holds the lease.</returns>
    /// <remarks>What the lease store or the scan throws is thrown.</remarks>
    public async ValueTask<DeadlineScanReport?> ScanIfLeadingAsync(TimeSpan interval, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(interval, nameof(interval), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        if (_leases is not null)
        {
            var now = _scanner.Time.GetUtcNow();
            var leading = await _leases.TryAcquireLeaseAsync(new LeaseRequest(ScannerLeaseName, InstanceName, now, now + interval + _leaseDuration), cancellationToken).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _leading, leading ? 1 : 0) != (leading ? 1 : 0))
            {
                LogLeadership(_logger, InstanceName, leading);
            }

            if (!leading)
            {
                return null;
            }
        }

        return await ScanAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Scans every <paramref name="interval"/> on the scanner's clock until cancelled — with an <see cref="ILeaseStore"/>, on
    /// one instance at a time (<see cref="ScanIfLeadingAsync"/>); a scan that throws (the store cannot be queried) is
    /// logged (the exception's type only) and the next one runs. When the loop stops, this instance gives up the lease,
    /// so that another takes over at its next scan.
    /// </summary>
    /// <param name="interval">The time between scans, at least one second.</param>
    /// <param name="cancellationToken">Stops the loop; the task then completes normally.</param>
    /// <returns>A task that completes when the loop stops.</returns>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(interval, nameof(interval), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await ScanIfLeadingAsync(interval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    LogScanThrew(_logger, e.GetType().Name);
                }

                try
                {
                    await Task.Delay(interval, _scanner.Time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        finally
        {
            await ReleaseOnStopAsync().ConfigureAwait(false);
        }
    }

    private async Task ReleaseOnStopAsync()
    {
        if (_leases is null || Volatile.Read(ref _leading) != 1)
        {
            return;
        }

        // Best effort, bounded: if it fails, the lease simply runs out and another instance takes over then.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30), _scanner.Time);
        try
        {
            await _leases.ReleaseLeaseAsync(ScannerLeaseName, InstanceName, limit.Token).ConfigureAwait(false);
            Volatile.Write(ref _leading, 0);
            LogLeadership(_logger, InstanceName, false);
        }
        catch (Exception e)
        {
            LogReleaseFailed(_logger, e.GetType().Name);
        }
    }

    private static void LogLeadership(ILogger logger, string instance, bool leading)
    {
        if (leading)
        {
            LogLeading(logger, instance);
        }
        else
        {
            LogStandingBy(logger, instance);
        }
    }

    [LoggerMessage(4, LogLevel.Information, "Instance {Instance} now runs the deadline scanner (it holds the scanner's lease).")]
    private static partial void LogLeading(ILogger logger, string instance);

    [LoggerMessage(6, LogLevel.Information, "Instance {Instance} does not run the deadline scanner (another instance holds the scanner's lease, or this one gave it up).")]
    private static partial void LogStandingBy(ILogger logger, string instance);

    [LoggerMessage(5, LogLevel.Warning, "The deadline scanner's lease could not be released on stop ({ExceptionType}); another instance takes over when it runs out.")]
    private static partial void LogReleaseFailed(ILogger logger, string exceptionType);

    [LoggerMessage(3, LogLevel.Error, "A deadline scan failed with {ExceptionType}; the next one runs after the interval.")]
    private static partial void LogScanThrew(ILogger logger, string exceptionType);

    [LoggerMessage(1, LogLevel.Warning, "Deadline alerts of incident {Incident} could not be stored ({Code}); the next scan tries again.")]
    private static partial void LogFailed(ILogger logger, IncidentId incident, string code);

    [LoggerMessage(2, LogLevel.Information, "Deadline scan: {Incidents} incident(s), {Alerts} alert(s) recorded, {Failures} failure(s).")]
    private static partial void LogScanned(ILogger logger, int incidents, int alerts, int failures);
}
