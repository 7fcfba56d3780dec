using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PetitionOpinion.Diagnostics;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Storage;

namespace PetitionOpinion.Monitoring;

/// <summary>
/// The public-opinion monitor (<c>docs/monitoring.md</c>): it feeds signals to an <see cref="OpinionDetector"/> and turns its alerts
/// into incidents — one open PublicOpinion incident per topic, reported through the lifecycle by the monitor's own
/// account (<see cref="OpinionMonitorOptions.ReporterId"/>, a person of the organisation) with the alert's facts
/// attached (<see cref="OpinionAlertRecorded"/>); later alerts on the topic attach to that incident while it is open or
/// within <see cref="OpinionMonitorOptions.IncidentCooldown"/> of its report.
/// </summary>
/// <remarks>
/// Thread-safe: calls are serialised. The topic → incident map is kept in memory: after a restart the first alert on a
/// topic opens a new incident (its idempotency key, topic and alert time, prevents a second one for the same alert).
/// Topics' names are not logged: alerts are logged by kind and incident id only. The repository's
/// <see cref="PetitionOpinionTelemetry"/> reads the signal counts (<see cref="Counts"/>) and counts the alerts by kind;
/// topics are never a tag.
/// </remarks>
public sealed partial class OpinionMonitor : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IncidentRepository _repository;
    private readonly OpinionMonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PersonId _reporter;
    private readonly PetitionOpinionTelemetry _telemetry;
    private readonly Dictionary<string, RiskCategory> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IncidentId Id, DateTimeOffset OpenedAt)> _incidents = new(StringComparer.Ordinal);
    private readonly SignalCounters _counts;

    /// <summary>Initializes a new instance of the <see cref="OpinionMonitor"/> class.</summary>
    /// <param name="repository">Where incidents are reported and stored.</param>
    /// <param name="options">The monitoring options.</param>
    /// <param name="time">The clock.</param>
    /// <param name="category">The risk category of incidents on topics without one of their own (<see cref="SetCategory"/>).</param>
    /// <param name="logger">The logger, if any.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public OpinionMonitor(IncidentRepository repository, OpinionMonitorOptions options, TimeProvider time, RiskCategory category, ILogger<OpinionMonitor>? logger = null)
    {
        _repository = Guard.Against.Null(repository);
        _telemetry = repository.Telemetry;
        _counts = _telemetry.CountSignals();
        _options = Guard.Against.Null(options);
        _time = Guard.Against.Null(time);
        Detector = new OpinionDetector(options, time);
        DefaultCategory = Guard.Against.Default(category);
        _reporter = new PersonId(options.ReporterId);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the detector (for its state size and topic count; feed signals through the monitor).</summary>
    public OpinionDetector Detector { get; }

    /// <summary>Gets the risk category of incidents on topics without one of their own.</summary>
    public RiskCategory DefaultCategory { get; }

    /// <summary>Gets how many signals were accepted and dropped, by outcome.</summary>
    public MonitorCounts Counts => new(_counts.Read(0), _counts.Read(1), _counts.Read(2), _counts.Read(3), _counts.Read(4));

    /// <summary>Sets the risk category of a topic's incidents.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="category">The category.</param>
    public void SetCategory(string topic, RiskCategory category)
    {
        Guard.Against.NullOrWhiteSpace(topic);
        Guard.Against.Default(category);
        _gate.Wait();
        try
        {
            _categories[topic] = category;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Observes a signal and handles the alerts it raises.</summary>
    /// <param name="signal">The signal.</param>
    /// <param name="cancellationToken">Cancels the incident handling (the signal itself is counted).</param>
    /// <returns>What was done with the signal, and the alerts it raised with their incidents.</returns>
    public async ValueTask<(SignalOutcome Outcome, IReadOnlyList<MonitorAlert> Alerts)> ObserveAsync(MentionSignal signal, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var outcome = Count(Detector.Observe(signal));
            return (outcome, await HandleAlertsAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Observes a count of mentions of a topic at an instant (a row of a <c>timestamp,value</c> series) and handles the alerts it raises.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="at">When.</param>
    /// <param name="count">How many mentions.</param>
    /// <param name="cancellationToken">Cancels the incident handling.</param>
    /// <returns>What was done with the count, and the alerts it raised with their incidents.</returns>
    public async ValueTask<(SignalOutcome Outcome, IReadOnlyList<MonitorAlert> Alerts)> ObserveCountAsync(string topic, DateTimeOffset at, long count, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(topic))
        {
            return (Count(SignalOutcome.Invalid), []);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var outcome = Count(Detector.ObserveCount(Detector.Register(topic), at, count));
            return (outcome, await HandleAlertsAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Adds the reach of a post folded into an earlier mention of a topic (a repost or a copy) and handles the high-reach
    /// alert it may raise (<see cref="OpinionDetector.ObserveReach"/>). Not a signal: the monitor's counts do not change.
    /// </summary>
    /// <param name="topic">The topic.</param>
    /// <param name="at">When the copy was posted.</param>
    /// <param name="addedReach">The copy's own reach.</param>
    /// <param name="mentionReach">The mention's total reach with the copy.</param>
    /// <param name="mentionId">The id of the mention's original post, if known.</param>
    /// <param name="cancellationToken">Cancels the incident handling.</param>
    /// <returns>What was done with the reach, and the alerts it raised with their incidents.</returns>
    public async ValueTask<(SignalOutcome Outcome, IReadOnlyList<MonitorAlert> Alerts)> ObserveReachAsync(string topic, DateTimeOffset at, long addedReach, long mentionReach, string? mentionId = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(topic))
        {
            return (SignalOutcome.Invalid, []);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var outcome = Detector.ObserveReach(Detector.Register(topic), at, addedReach, mentionReach, mentionId);
            return (outcome, await HandleAlertsAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Observes every signal of a stream, yielding the alerts as they are handled.</summary>
    /// <param name="signals">The signals.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The alerts with their incidents.</returns>
    public async IAsyncEnumerable<MonitorAlert> RunAsync(IAsyncEnumerable<MentionSignal> signals, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(signals);
        await foreach (var signal in signals.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var (_, alerts) = await ObserveAsync(signal, cancellationToken).ConfigureAwait(false);
            foreach (var alert in alerts)
            {
                yield return alert;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    /// <summary>Saves a topic's detector state and the incident its alerts attach to (for <see cref="PartitionedOpinionMonitor"/>, which serialises its calls).</summary>
    internal (ReadOnlyMemory<byte> Detector, (IncidentId Id, DateTimeOffset OpenedAt)? Incident) SaveTopic(string topic)
        => (Detector.SaveState(Detector.Register(topic)), _incidents.TryGetValue(topic, out var incident) ? incident : null);

    /// <summary>Restores what <see cref="SaveTopic"/> saved; on an error nothing changed.</summary>
    internal DomainError? RestoreTopic(string topic, ReadOnlySpan<byte> detector, (IncidentId Id, DateTimeOffset OpenedAt)? incident)
    {
        if (Detector.RestoreState(topic, detector).TryPickT1(out var error, out _))
        {
            return error;
        }

        if (incident is { } known)
        {
            _incidents[topic] = known;
        }
        else
        {
            _incidents.Remove(topic);
        }

        return null;
    }

    /// <summary>Forgets a topic's detector state and incident.</summary>
    internal void ResetTopic(string topic)
    {
        Detector.Reset(Detector.Register(topic));
        _incidents.Remove(topic);
    }

    // The counts are also telemetry's petition_opinion.monitor.signals: one interlocked addition per signal serves both.
    private SignalOutcome Count(SignalOutcome outcome)
    {
        _counts.Add(outcome);
        return outcome;
    }

    private async ValueTask<IReadOnlyList<MonitorAlert>> HandleAlertsAsync(CancellationToken cancellationToken)
    {
        if (Detector.PendingAlerts == 0)
        {
            return [];
        }

        var handled = new List<MonitorAlert>();
        foreach (var alert in Detector.TakeAlerts())
        {
            var result = _options.OpenIncidents ? await ToIncidentAsync(alert, cancellationToken).ConfigureAwait(false) : new MonitorAlert(alert, null, false, null);
            LogAlert(_logger, alert.Kind, result.Incident, result.Opened, result.Error?.Code);
            _telemetry.OpinionAlertHandled(result);
            handled.Add(result);
        }

        return handled;
    }

    private async ValueTask<MonitorAlert> ToIncidentAsync(OpinionAlert alert, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_incidents.TryGetValue(alert.Topic, out var last))
        {
            var incident = await _repository.FindAsync(last.Id, cancellationToken).ConfigureAwait(false);
            var open = incident is { State: not (IncidentState.Resolved or IncidentState.Closed or IncidentState.Dismissed) };
            if (incident is not null && (open || now - last.OpenedAt < _options.IncidentCooldown))
            {
                var attached = await AttachAsync(last.Id, alert, cancellationToken).ConfigureAwait(false);
                return new MonitorAlert(alert, last.Id, false, attached);
            }
        }

        var category = _categories.GetValueOrDefault(alert.Topic, DefaultCategory);
        // The topic comes from outside feeds: characters a description may not hold are replaced rather than refused.
        var description = InputValidation.Clean($"Opinion monitoring: {alert.Kind} on topic \"{alert.Topic}\". {alert.Explanation}", TextKind.MultiLine);
        var report = new ReportIncident(_reporter, IncidentKind.PublicOpinion, IntakeChannel.OpinionMonitoring, category,
            description.Length <= TextLimits.Long ? description : description[..TextLimits.Long]);
        var reported = await _repository.ReportOnceAsync(report, new IntakeKey(IntakeSource, IdempotencyKey(alert)), cancellationToken).ConfigureAwait(false);
        if (reported.TryPickT1(out var refused, out var intake))
        {
            return new MonitorAlert(alert, null, false, refused);
        }

        var opened = intake.Incident;

        _incidents[alert.Topic] = (opened.Id, now);
        var error = await AttachAsync(opened.Id, alert, cancellationToken).ConfigureAwait(false);
        return new MonitorAlert(alert, opened.Id, !intake.Replayed, error);
    }

    // The hours of volume an alert records for its chart: two days, the last one's daily rhythm and the day before it.
    private const int ChartHours = 48;

    // The monitor's keys are a source of their own, so that no application key can replay or block an alert's incident.
    private const string IntakeSource = "petition-opinion:opinion-monitor";

    // The topic and the alert's time; a topic too long for a key (200 characters) is replaced by its SHA-256.
    private static string IdempotencyKey(OpinionAlert alert)
    {
        var key = $"opinion:{alert.Topic}:{alert.At.UtcTicks}";
        return key.Length <= 200
            ? key
            : $"opinion:sha256:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(alert.Topic)))}:{alert.At.UtcTicks}";
    }

    private async ValueTask<DomainError?> AttachAsync(IncidentId id, OpinionAlert alert, CancellationToken cancellationToken)
    {
        // The topic's recent volume as the detector holds it now (the monitor's gate keeps it where the alert left it):
        // the closure report draws its chart from what was recorded.
        var volume = Detector.RecentVolume(Detector.Register(alert.Topic), Math.Min(ChartHours, 24 * _options.BaselineDays));
        var outcome = await _repository.DecideAsync(id, "an opinion alert", TelemetryTags.ActionOpinionAlert, incident =>
        {
            // An alert raised again (an instance resuming from a checkpoint replays the signals after it) is recorded once.
            if (incident.OpinionAlerts.Any(a => a.Topic == alert.Topic && a.Kind == alert.Kind && a.WindowEnd == alert.WindowEnd))
            {
                return null;
            }

            incident.Apply(
                new OpinionAlertRecorded(id, _reporter, _time.GetUtcNow(), alert.Topic, alert.Kind, alert.WindowStart, alert.WindowEnd, alert.Baseline, alert.Observed, alert.Factor, alert.Mentions, alert.NegativeMentions, alert.Reach, alert.Explanation)
                {
                    Volume = volume,
                },
                pending: true);
            return null;
        }, cancellationToken).ConfigureAwait(false);
        return outcome.TryPickT1(out var error, out _) ? error : null;
    }

    [LoggerMessage(1, LogLevel.Information, "Opinion alert {Kind}: incident {Incident} (opened: {Opened}; error: {Error}).")]
    private static partial void LogAlert(ILogger logger, OpinionAlertKind kind, IncidentId? incident, bool opened, string? error);
}
