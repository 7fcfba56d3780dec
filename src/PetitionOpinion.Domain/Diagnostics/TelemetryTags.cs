using System.Collections.Frozen;
using System.Text;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Notifications;

namespace PetitionOpinion.Diagnostics;

/// <summary>The names of the library's instruments and activities (docs/telemetry.md lists them; a test checks it does).</summary>
internal static class TelemetryNames
{
    public const string IncidentsReported = "petition_opinion.incidents.reported";
    public const string IncidentsAssessed = "petition_opinion.incidents.assessed";
    public const string LevelEscalations = "petition_opinion.incident.level_escalations";
    public const string TimeToAcknowledge = "petition_opinion.incident.time_to_acknowledge";
    public const string TimeToResolve = "petition_opinion.incident.time_to_resolve";
    public const string DeadlineAlerts = "petition_opinion.deadline.alerts";
    public const string NotificationsDelivered = "petition_opinion.notifications.delivered";
    public const string NotificationsRetried = "petition_opinion.notifications.retried";
    public const string NotificationsFailed = "petition_opinion.notifications.failed";
    public const string OutboxUnreadable = "petition_opinion.outbox.unreadable";
    public const string OutboxPending = "petition_opinion.outbox.pending";
    public const string MonitorSignals = "petition_opinion.monitor.signals";
    public const string MonitorAlerts = "petition_opinion.monitor.alerts";

    public const string CommandActivity = "petition_opinion.incident.command";
    public const string ScanActivity = "petition_opinion.deadline.scan";
    public const string DispatchActivity = "petition_opinion.notification.dispatch";
    public const string DeliveryActivity = "petition_opinion.notification.deliver";
}

/// <summary>
/// The tag and attribute names, and their values: enumerations in snake case (levels as their Roman numerals), so that a
/// value is one of a known, small set and never a text someone typed.
/// </summary>
internal static class TelemetryTags
{
    public const string Kind = "petition_opinion.incident.kind";
    public const string Channel = "petition_opinion.incident.channel";
    public const string Category = "petition_opinion.incident.category";
    public const string Level = "petition_opinion.incident.level";
    public const string PreviousLevel = "petition_opinion.incident.previous_level";
    public const string State = "petition_opinion.incident.state";
    public const string IncidentId = "petition_opinion.incident.id";
    public const string Action = "petition_opinion.incident.action";
    public const string Outcome = "petition_opinion.incident.outcome";
    public const string EventsAppended = "petition_opinion.incident.events_appended";
    public const string ConflictRetries = "petition_opinion.incident.conflict_retries";
    public const string DeadlineAlert = "petition_opinion.deadline.alert";
    public const string DeadlineTarget = "petition_opinion.deadline.target";
    public const string IncidentsScanned = "petition_opinion.deadline.incidents_scanned";
    public const string AlertsRecorded = "petition_opinion.deadline.alerts_recorded";
    public const string ScanFailures = "petition_opinion.deadline.failures";
    public const string NotificationChannel = "petition_opinion.notification.channel";
    public const string NotificationTopic = "petition_opinion.notification.topic";
    public const string NotificationOutcome = "petition_opinion.notification.outcome";
    public const string Attempt = "petition_opinion.notification.attempt";
    public const string MessageId = "petition_opinion.outbox.message_id";
    public const string Delivered = "petition_opinion.notification.delivered";
    public const string Acknowledged = "petition_opinion.notification.acknowledged";
    public const string FailedAttempts = "petition_opinion.notification.failed";
    public const string Waiting = "petition_opinion.notification.waiting";
    public const string Undeliverable = "petition_opinion.notification.undeliverable";
    public const string Pending = "petition_opinion.outbox.pending";
    public const string SignalOutcome = "petition_opinion.monitor.signal.outcome";
    public const string OpinionAlertKind = "petition_opinion.monitor.alert.kind";
    public const string OpinionAlertIncident = "petition_opinion.monitor.alert.incident";
    public const string ErrorType = "error.type";

    public const string OtherCategory = "other";
    public const string Other = "other";

    public const string OutcomeStored = "stored";
    public const string OutcomeUnchanged = "unchanged";
    public const string OutcomeReplayed = "replayed";
    public const string OutcomeRefused = "refused";
    public const string OutcomeNotFound = "not_found";
    public const string OutcomeConflict = "conflict";

    public const string OutcomeDelivered = "delivered";
    public const string OutcomeFailed = "failed";
    public const string OutcomeTimedOut = "timed_out";
    public const string OutcomeCancelled = "cancelled";

    public const string AlertOpened = "opened";
    public const string AlertAttached = "attached";
    public const string AlertNoIncident = "none";
    public const string AlertFailed = "failed";

    public const string ActionReport = "report";
    public const string ActionMerge = "merge_as_duplicate";
    public const string ActionDeadlineAlerts = "record_deadline_alerts";
    public const string ActionOpinionAlert = "record_opinion_alert";
    public const string ActionDecide = "decide";

    /// <summary>The values of <see cref="SignalOutcome"/> in the order of <see cref="Monitoring.SignalOutcome"/> (from 1).</summary>
    public static readonly string[] SignalOutcomes = [.. Enum.GetValues<SignalOutcome>().Order().Select(v => Snake(v.ToString()))];

    private static readonly string[] Actions = Names<IncidentAction>();
    private static readonly string[] Kinds = Names<IncidentKind>();
    private static readonly string[] Channels = Names<IntakeChannel>();
    private static readonly string[] States = Names<IncidentState>();
    private static readonly string[] Topics = Names<NotificationTopic>();
    private static readonly string[] DeadlineKinds = Names<DeadlineKind>();
    private static readonly string[] AlertKinds = Names<DeadlineAlertKind>();
    private static readonly string[] OpinionAlertKinds = Names<OpinionAlertKind>();
    private static readonly FrozenDictionary<string, string> DisplayNames = Actions.Where(a => a.Length > 0)
        .Concat([ActionMerge, ActionDeadlineAlerts, ActionOpinionAlert, ActionDecide])
        .Distinct(StringComparer.Ordinal)
        .ToFrozenDictionary(a => a, a => "incident " + a, StringComparer.Ordinal);

    public static string Of(IncidentAction value) => Lookup(Actions, (int)value);

    public static string Of(IncidentKind value) => Lookup(Kinds, (int)value);

    public static string Of(IntakeChannel value) => Lookup(Channels, (int)value);

    public static string Of(IncidentState value) => Lookup(States, (int)value);

    public static string Of(NotificationTopic value) => Lookup(Topics, (int)value);

    public static string Of(DeadlineKind value) => Lookup(DeadlineKinds, (int)value);

    public static string Of(DeadlineAlertKind value) => Lookup(AlertKinds, (int)value);

    public static string Of(OpinionAlertKind value) => Lookup(OpinionAlertKinds, (int)value);

    public static string Of(SeverityLevel value) => value switch
    {
        SeverityLevel.I => "I",
        SeverityLevel.II => "II",
        SeverityLevel.III => "III",
        SeverityLevel.IV => "IV",
        _ => Other,
    };

    /// <summary>The activity's display name for an action, e.g. <c>incident assess</c>.</summary>
    public static string CommandDisplayName(string action) => DisplayNames.TryGetValue(action, out var name) ? name : "incident " + action;

    /// <summary><c>PetitionAndPublicOpinion</c> → <c>petition_and_public_opinion</c>.</summary>
    public static string Snake(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    private static string Lookup(string[] names, int value) => (uint)value < (uint)names.Length && names[value].Length > 0 ? names[value] : Other;

    // Indexed by the enumeration's value; the values here are small and not negative.
    private static string[] Names<TEnum>()
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var names = new string[values.Max(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)) + 1];
        Array.Fill(names, string.Empty);
        foreach (var value in values)
        {
            names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = Snake(value.ToString());
        }

        return names;
    }
}
