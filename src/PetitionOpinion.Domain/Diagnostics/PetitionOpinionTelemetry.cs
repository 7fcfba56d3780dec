using System.Diagnostics;
using System.Diagnostics.Metrics;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Notifications;
using PetitionOpinion.Storage;
using OneOf;

namespace PetitionOpinion.Diagnostics;

/// <summary>
/// The library's metrics and traces: one <see cref="System.Diagnostics.Metrics.Meter"/> named <see cref="MeterName"/>
/// and one <see cref="System.Diagnostics.ActivitySource"/> named <see cref="ActivitySourceName"/>. A host exports them
/// by name (OpenTelemetry: <c>AddMeter(PetitionOpinionTelemetry.MeterName)</c>, <c>AddSource(PetitionOpinionTelemetry.ActivitySourceName)</c>);
/// <c>docs/telemetry.md</c> lists every instrument, activity and attribute.
/// </summary>
/// <remarks>
/// <para>
/// <c>AddPetitionOpinion</c> registers one instance, whose meter comes from the host's <see cref="IMeterFactory"/> when
/// there is one. Services built without dependency injection (an <see cref="IncidentRepository"/> constructed in code)
/// share one process-wide instance with the same names.
/// </para>
/// <para>
/// Confidentiality: no tag or attribute carries a petitioner's name or contact, a person's id, a description, an
/// instruction, a notification's text, a topic's name or an exception's message — only enumerated values (kinds,
/// channels, levels, states, outcomes), the risk categories the rule set knows (any other as <c>other</c>), the
/// notification channels' names, error codes and exception type names; traces also carry incident ids and outbox
/// message ids. Exceptions are never recorded as activity events (their messages may quote a notification).
/// </para>
/// <para>
/// Cost: nothing is measured or built while nobody listens (each instrument's <see cref="Instrument.Enabled"/> and
/// <see cref="ActivitySource.HasListeners"/> are checked first). The opinion monitor's per-signal count is an
/// observable counter over the counts each monitor keeps anyway (<see cref="MonitorCounts"/>): a signal costs telemetry
/// nothing, and a listener reads the totals when it collects.
/// </para>
/// </remarks>
public sealed class PetitionOpinionTelemetry : IDisposable
{
    /// <summary>The name of the library's meter: <c>PetitionOpinion</c>.</summary>
    public const string MeterName = "PetitionOpinion";

    /// <summary>The name of the library's activity source: <c>PetitionOpinion</c>.</summary>
    public const string ActivitySourceName = "PetitionOpinion";

    // Durations from minutes to months: a level I acknowledgement is due in 15 minutes, a petition's handling opinion in 60 days.
    private static readonly double[] DurationBuckets = [60, 300, 900, 1_800, 3_600, 7_200, 14_400, 28_800, 86_400, 172_800, 259_200, 604_800, 1_209_600, 2_592_000, 5_184_000];
    private static readonly string? Version = typeof(PetitionOpinionTelemetry).Assembly.GetName().Version?.ToString();

    private readonly bool _ownsMeter;
    private readonly HashSet<string> _categories;
    private readonly Counter<long> _reported;
    private readonly Counter<long> _assessed;
    private readonly Counter<long> _escalations;
    private readonly Counter<long> _deadlineAlerts;
    private readonly Histogram<double> _timeToAcknowledge;
    private readonly Histogram<double> _timeToResolve;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _unreadable;
    private readonly Gauge<long> _outboxPending;
    private readonly Counter<long> _opinionAlerts;
    private readonly List<SignalCounters> _monitors = [];
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="PetitionOpinionTelemetry"/> class.</summary>
    /// <param name="meterFactory">
    /// The host's meter factory, which then owns the meter; <see langword="null"/> (the default) for a meter this
    /// instance owns and disposes.
    /// </param>
    /// <param name="categories">
    /// The risk categories a metric may be tagged with (the rule set's, <see cref="Assessment.RiskRuleSet.Categories"/>);
    /// any other is tagged <c>other</c>, so that a category typed at intake can neither leak a text nor multiply the
    /// series. <see langword="null"/> (the default): the four categories of the plan.
    /// </param>
    public PetitionOpinionTelemetry(IMeterFactory? meterFactory = null, IEnumerable<RiskCategory>? categories = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(new MeterOptions(MeterName) { Version = Version }) ?? new Meter(MeterName, Version);
        Source = new ActivitySource(ActivitySourceName, Version);
        _categories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var category in categories ?? [RiskCategory.ProductQuality, RiskCategory.ServiceAttitude, RiskCategory.DataPrivacy, RiskCategory.SocialResponsibility])
        {
            if (!category.IsEmpty)
            {
                _categories.Add(category.Value);
            }
        }

        var durations = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };
        _reported = Meter.CreateCounter<long>(TelemetryNames.IncidentsReported, "{incident}", "Incidents reported and stored, by kind, intake channel and risk category.");
        _assessed = Meter.CreateCounter<long>(TelemetryNames.IncidentsAssessed, "{incident}", "Incidents assessed for the first time, by kind, intake channel, risk category and level.");
        _escalations = Meter.CreateCounter<long>(TelemetryNames.LevelEscalations, "{escalation}", "Escalations to the leading group the lifecycle recorded (an incident assessed at, or raised to, level I or II), by kind, risk category, new and previous level.");
        _deadlineAlerts = Meter.CreateCounter<long>(TelemetryNames.DeadlineAlerts, "{alert}", "Deadline alerts recorded (warnings, breaches, escalations), by alert, kind of target and level.");
        _timeToAcknowledge = Meter.CreateHistogram<double>(TelemetryNames.TimeToAcknowledge, "s", "Time from an incident's report to its first handling action.", tags: null, advice: durations);
        _timeToResolve = Meter.CreateHistogram<double>(TelemetryNames.TimeToResolve, "s", "Time from an incident's report to its first resolution.", tags: null, advice: durations);
        _delivered = Meter.CreateCounter<long>(TelemetryNames.NotificationsDelivered, "{notification}", "Notifications a channel delivered, by channel and topic.");
        _retried = Meter.CreateCounter<long>(TelemetryNames.NotificationsRetried, "{attempt}", "Delivery attempts after a failed one (whatever their outcome), by channel and topic.");
        _failed = Meter.CreateCounter<long>(TelemetryNames.NotificationsFailed, "{attempt}", "Delivery attempts that failed (the channel threw or timed out; retried after a back-off), by channel, topic and error type.");
        _unreadable = Meter.CreateCounter<long>(TelemetryNames.OutboxUnreadable, "{attempt}", "Attempts to read an outbox notification whose payload cannot be read, by error type.");
        _outboxPending = Meter.CreateGauge<long>(TelemetryNames.OutboxPending, "{message}", "Outbox messages the notification dispatcher left pending after its last pass (at most what one pass reads).");
        Meter.CreateObservableCounter<long>(TelemetryNames.MonitorSignals, ObserveSignals, "{signal}", "Mention signals the opinion monitor took in, by outcome.");
        _opinionAlerts = Meter.CreateCounter<long>(TelemetryNames.MonitorAlerts, "{alert}", "Opinion alerts the monitor raised, by kind and what became of them.");
    }

    /// <summary>Gets the instance services built without dependency injection share.</summary>
    internal static PetitionOpinionTelemetry Shared { get; } = new();

    /// <summary>Gets the meter.</summary>
    internal Meter Meter { get; }

    /// <summary>Gets the activity source.</summary>
    internal ActivitySource Source { get; }

    /// <summary>Disposes the activity source, and the meter unless a meter factory made it (the factory disposes it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Source.Dispose();
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    /// <summary>Starts the activity of one command on an incident, or returns <see langword="null"/> when nobody listens.</summary>
    internal Activity? StartCommand(string action, IncidentId? incident)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(TelemetryNames.CommandActivity);
        if (activity is null)
        {
            return null;
        }

        activity.DisplayName = TelemetryTags.CommandDisplayName(action);
        activity.SetTag(TelemetryTags.Action, action);
        if (incident is { } id)
        {
            activity.SetTag(TelemetryTags.IncidentId, id.ToString());
        }

        return activity;
    }

    /// <summary>Tags a command's activity with what it stored.</summary>
    internal static void Stored(Activity? activity, Incident incident, string outcome, int events, int conflicts)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(TelemetryTags.IncidentId, incident.Id.ToString());
        activity.SetTag(TelemetryTags.Outcome, outcome);
        activity.SetTag(TelemetryTags.State, TelemetryTags.Of(incident.State));
        activity.SetTag(TelemetryTags.EventsAppended, events);
        activity.SetTag(TelemetryTags.ConflictRetries, conflicts);
    }

    /// <summary>Tags a report's activity as answered with the incident an idempotency key reported before.</summary>
    internal static void Replayed(Activity? activity, IncidentId incident)
    {
        activity?.SetTag(TelemetryTags.IncidentId, incident.ToString());
        activity?.SetTag(TelemetryTags.Outcome, TelemetryTags.OutcomeReplayed);
    }

    /// <summary>Tags a command's activity with its result: a refusal is an expected outcome, a conflict given up an error.</summary>
    internal static OneOf<T, DomainError> Completed<T>(Activity? activity, OneOf<T, DomainError> result)
    {
        if (activity is not null && result.TryPickT1(out var error, out _))
        {
            var outcome = error.Code switch
            {
                StorageErrors.NotFound => TelemetryTags.OutcomeNotFound,
                StorageErrors.Conflict => TelemetryTags.OutcomeConflict,
                _ => TelemetryTags.OutcomeRefused,
            };
            activity.SetTag(TelemetryTags.Outcome, outcome);
            activity.SetTag(TelemetryTags.ErrorType, error.Code);
            if (outcome == TelemetryTags.OutcomeConflict)
            {
                activity.SetStatus(ActivityStatusCode.Error, error.Code);
            }
        }

        return result;
    }

    /// <summary>Marks an activity failed with the exception's type (never its message); returns <see langword="false"/>, for an exception filter.</summary>
    internal static bool Failed(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            var type = exception.GetType().FullName;
            activity.SetTag(TelemetryTags.ErrorType, type);
            activity.SetStatus(ActivityStatusCode.Error, type);
        }

        return false;
    }

    /// <summary>Counts what the events an incident has just stored (its pending events) say: reports, first assessments, escalations (<see cref="IncidentEscalated"/>), deadline alerts, the first acknowledgement and resolution.</summary>
    internal void Appended(Incident incident)
    {
        if (!(_reported.Enabled || _assessed.Enabled || _escalations.Enabled || _deadlineAlerts.Enabled || _timeToAcknowledge.Enabled || _timeToResolve.Enabled))
        {
            return;
        }

        var pending = incident.PendingEvents;
        if (pending.Count == 0)
        {
            return;
        }

        var kind = TelemetryTags.Of(incident.Kind);
        var channel = TelemetryTags.Of(incident.Channel);
        var category = _categories.Contains(incident.Category.Value) ? incident.Category.Value : TelemetryTags.OtherCategory;
        var history = incident.History;
        var firstPending = history.Count - pending.Count;
        for (var i = 0; i < pending.Count; i++)
        {
            switch (pending[i])
            {
                case IncidentReported when _reported.Enabled:
                    _reported.Add(1, new TagList
                    {
                        { TelemetryTags.Kind, kind },
                        { TelemetryTags.Channel, channel },
                        { TelemetryTags.Category, category },
                    });
                    break;
                case IncidentAssessed { PreviousLevel: null } assessed when _assessed.Enabled:
                    _assessed.Add(1, new TagList
                    {
                        { TelemetryTags.Kind, kind },
                        { TelemetryTags.Channel, channel },
                        { TelemetryTags.Category, category },
                        { TelemetryTags.Level, TelemetryTags.Of(assessed.Level) },
                    });
                    break;
                case IncidentEscalated escalated when _escalations.Enabled:
                    // Counted from the lifecycle's event, never worked out again here.
                    var escalation = new TagList
                    {
                        { TelemetryTags.Kind, kind },
                        { TelemetryTags.Category, category },
                        { TelemetryTags.Level, TelemetryTags.Of(escalated.ToLevel) },
                    };
                    if (escalated.FromLevel is { } previous)
                    {
                        escalation.Add(TelemetryTags.PreviousLevel, TelemetryTags.Of(previous));
                    }

                    _escalations.Add(1, escalation);
                    break;
                case DeadlineAlertRaised alert when _deadlineAlerts.Enabled:
                    var tags = new TagList
                    {
                        { TelemetryTags.DeadlineAlert, TelemetryTags.Of(alert.Alert) },
                        { TelemetryTags.DeadlineTarget, TelemetryTags.Of(alert.Deadline.Kind) },
                    };
                    if (incident.Level is { } alertLevel)
                    {
                        tags.Add(TelemetryTags.Level, TelemetryTags.Of(alertLevel));
                    }

                    _deadlineAlerts.Add(1, tags);
                    break;
                case IncidentResolved resolved when _timeToResolve.Enabled && !ResolvedBefore(history, firstPending + i):
                    _timeToResolve.Record((resolved.OccurredAt - incident.ReportedAt).TotalSeconds, Durations(kind, channel, category, incident.Level));
                    break;
            }
        }

        // Acknowledged by the first handling action (as the acknowledgement deadline and the statistics count it): record it
        // when that action is among the events just stored.
        if (_timeToAcknowledge.Enabled)
        {
            for (var i = 1; i < history.Count; i++)
            {
                if (DeadlineCalculator.IsHandlingAction(history[i]))
                {
                    if (i >= firstPending)
                    {
                        _timeToAcknowledge.Record((history[i].OccurredAt - incident.ReportedAt).TotalSeconds, Durations(kind, channel, category, incident.Level));
                    }

                    break;
                }
            }
        }

        static bool ResolvedBefore(IReadOnlyList<IncidentEvent> history, int index)
        {
            for (var i = 0; i < index; i++)
            {
                if (history[i] is IncidentResolved)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Starts the activity of one deadline scan, or returns <see langword="null"/> when nobody listens.</summary>
    internal Activity? StartScan() => Source.HasListeners() ? Source.StartActivity(TelemetryNames.ScanActivity) : null;

    /// <summary>Tags a scan's activity with what it found.</summary>
    internal static void Scanned(Activity? activity, int incidents, int alerts, int failures)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(TelemetryTags.IncidentsScanned, incidents);
        activity.SetTag(TelemetryTags.AlertsRecorded, alerts);
        activity.SetTag(TelemetryTags.ScanFailures, failures);
        if (failures > 0)
        {
            activity.SetStatus(ActivityStatusCode.Error, DeadlineMonitor.ScanFailed);
        }
    }

    /// <summary>Starts the activity of one notification dispatch pass, or returns <see langword="null"/> when nobody listens.</summary>
    internal Activity? StartDispatch() => Source.HasListeners() ? Source.StartActivity(TelemetryNames.DispatchActivity) : null;

    /// <summary>Tags a dispatch pass's activity with its counts, and records the outbox messages it left pending.</summary>
    internal void Dispatched(Activity? activity, NotificationDispatchReport report, int pending)
    {
        _outboxPending.Record(pending);
        if (activity is null)
        {
            return;
        }

        activity.SetTag(TelemetryTags.Delivered, report.Delivered);
        activity.SetTag(TelemetryTags.Acknowledged, report.Acknowledged);
        activity.SetTag(TelemetryTags.FailedAttempts, report.Failed);
        activity.SetTag(TelemetryTags.Waiting, report.Waiting);
        activity.SetTag(TelemetryTags.Undeliverable, report.Undeliverable);
        activity.SetTag(TelemetryTags.Pending, pending);
        if (report.AcknowledgementFailure is { } failure)
        {
            activity.SetTag(TelemetryTags.ErrorType, failure.GetType().FullName);
        }
    }

    /// <summary>Starts the activity of one delivery attempt, or returns <see langword="null"/> when nobody listens.</summary>
    internal Activity? StartDelivery(string channel, Notification notification, Guid messageId, int attempt)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(TelemetryNames.DeliveryActivity);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(TelemetryTags.NotificationChannel, channel);
        activity.SetTag(TelemetryTags.NotificationTopic, TelemetryTags.Of(notification.Topic));
        activity.SetTag(TelemetryTags.Attempt, attempt);
        activity.SetTag(TelemetryTags.MessageId, messageId.ToString());
        activity.SetTag(TelemetryTags.IncidentId, notification.IncidentId.ToString());
        return activity;
    }

    /// <summary>Counts one delivery attempt and tags its activity: delivered, failed (with the exception's type), or cancelled (not counted).</summary>
    internal void Attempted(Activity? activity, string channel, NotificationTopic topic, int attempt, Exception? exception, bool timedOut, bool cancelled)
    {
        var outcome = cancelled ? TelemetryTags.OutcomeCancelled : exception is null ? TelemetryTags.OutcomeDelivered : timedOut ? TelemetryTags.OutcomeTimedOut : TelemetryTags.OutcomeFailed;
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.NotificationOutcome, outcome);
            if (exception is not null)
            {
                activity.SetTag(TelemetryTags.ErrorType, exception.GetType().FullName);
                activity.SetStatus(ActivityStatusCode.Error, exception.GetType().FullName);
            }
        }

        if (cancelled)
        {
            return;
        }

        var topicName = TelemetryTags.Of(topic);
        if (attempt > 1 && _retried.Enabled)
        {
            _retried.Add(1, new KeyValuePair<string, object?>(TelemetryTags.NotificationChannel, channel), new KeyValuePair<string, object?>(TelemetryTags.NotificationTopic, topicName));
        }

        if (exception is null)
        {
            if (_delivered.Enabled)
            {
                _delivered.Add(1, new KeyValuePair<string, object?>(TelemetryTags.NotificationChannel, channel), new KeyValuePair<string, object?>(TelemetryTags.NotificationTopic, topicName));
            }
        }
        else if (_failed.Enabled)
        {
            _failed.Add(1, new KeyValuePair<string, object?>(TelemetryTags.NotificationChannel, channel), new KeyValuePair<string, object?>(TelemetryTags.NotificationTopic, topicName), new KeyValuePair<string, object?>(TelemetryTags.ErrorType, exception.GetType().FullName));
        }
    }

    /// <summary>Counts an outbox notification whose payload cannot be read.</summary>
    internal void Unreadable(Exception exception)
    {
        if (_unreadable.Enabled)
        {
            _unreadable.Add(1, new KeyValuePair<string, object?>(TelemetryTags.ErrorType, exception.GetType().FullName));
        }
    }

    /// <summary>Gives an opinion monitor the counters it keeps its signal counts in, which <c>petition_opinion.monitor.signals</c> reads.</summary>
    /// <remarks>The counters stay registered (40 bytes each) so that the counter never goes down; a host has one monitor.</remarks>
    internal SignalCounters CountSignals()
    {
        var counters = new SignalCounters();
        lock (_monitors)
        {
            _monitors.Add(counters);
        }

        return counters;
    }

    /// <summary>Counts an opinion alert and what became of it.</summary>
    internal void OpinionAlertHandled(MonitorAlert alert)
    {
        if (!_opinionAlerts.Enabled)
        {
            return;
        }

        var handling = alert.Error is not null ? TelemetryTags.AlertFailed : alert.Incident is null ? TelemetryTags.AlertNoIncident : alert.Opened ? TelemetryTags.AlertOpened : TelemetryTags.AlertAttached;
        _opinionAlerts.Add(1, new KeyValuePair<string, object?>(TelemetryTags.OpinionAlertKind, TelemetryTags.Of(alert.Alert.Kind)), new KeyValuePair<string, object?>(TelemetryTags.OpinionAlertIncident, handling));
    }

    private static TagList Durations(string kind, string channel, string category, SeverityLevel? level)
    {
        var tags = new TagList
        {
            { TelemetryTags.Kind, kind },
            { TelemetryTags.Channel, channel },
            { TelemetryTags.Category, category },
        };
        if (level is { } value)
        {
            tags.Add(TelemetryTags.Level, TelemetryTags.Of(value));
        }

        return tags;
    }

    private Measurement<long>[] ObserveSignals()
    {
        var outcomes = TelemetryTags.SignalOutcomes;
        var totals = new long[outcomes.Length];
        lock (_monitors)
        {
            foreach (var counters in _monitors)
            {
                for (var i = 0; i < totals.Length; i++)
                {
                    totals[i] += counters.Read(i);
                }
            }
        }

        var measurements = new Measurement<long>[outcomes.Length];
        for (var i = 0; i < outcomes.Length; i++)
        {
            measurements[i] = new Measurement<long>(totals[i], new KeyValuePair<string, object?>(TelemetryTags.SignalOutcome, outcomes[i]));
        }

        return measurements;
    }
}

/// <summary>
/// One opinion monitor's signal counts by outcome (<see cref="SignalOutcome"/> order): the monitor's
/// <see cref="OpinionMonitor.Counts"/> and the telemetry's <c>petition_opinion.monitor.signals</c> read the same numbers,
/// so counting a signal for telemetry costs nothing more.
/// </summary>
internal sealed class SignalCounters
{
    private readonly long[] _counts = new long[5];

    /// <summary>Counts one signal; an outcome this version does not know counts as too far ahead (the last).</summary>
    public void Add(SignalOutcome outcome)
    {
        var index = (int)outcome - 1;
        Interlocked.Increment(ref _counts[(uint)index < (uint)_counts.Length ? index : _counts.Length - 1]);
    }

    /// <summary>Reads the count of the outcome at <paramref name="index"/> (0: accepted ... 4: too far ahead).</summary>
    public long Read(int index) => Interlocked.Read(ref _counts[index]);
}
