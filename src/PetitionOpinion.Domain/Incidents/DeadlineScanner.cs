using System.Collections.Concurrent;
using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PetitionOpinion.Incidents;
using PetitionOpinion.Incidents.Events;
using PetitionOpinion.Organization;

namespace PetitionOpinion.Deadlines;

/// <summary>
/// Computes an incident's deadlines under a <see cref="DeadlinePolicy"/> and finds the alerts that are due: warnings at
/// the policy's points, the breach (to the owner group's leader: one step up), then the escalation (to the leading
/// group). A scan that comes late finds every point it passed, each once, marked late. Recording the alerts on the
/// incident (<see cref="Record"/>) is what makes a second scan raise nothing new.
/// </summary>
/// <remarks>Thread-safe; pure apart from reading the clock.</remarks>
public sealed partial class DeadlineScanner
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, bool> _yearsLogged = new();

    /// <summary>Initializes a new instance of the <see cref="DeadlineScanner"/> class.</summary>
    /// <param name="policy">The deadline policy.</param>
    /// <param name="time">Where the time comes from.</param>
    /// <param name="logger">Where to log, once per year, that a deadline was counted through a year without a holiday schedule; <see langword="null"/> for nowhere.</param>
    public DeadlineScanner(DeadlinePolicy policy, TimeProvider time, ILogger<DeadlineScanner>? logger = null)
    {
        Policy = Guard.Against.Null(policy);
        _time = Guard.Against.Null(time);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the clock.</summary>
    internal TimeProvider Time => _time;

    /// <summary>Gets the policy.</summary>
    public DeadlinePolicy Policy { get; }

    /// <summary>Computes every deadline of an incident now.</summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The deadlines.</returns>
    public IncidentDeadlines DeadlinesOf(Incident incident) => DeadlinesOf(incident, _time.GetUtcNow());

    /// <summary>Computes every deadline of an incident at an instant.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="at">The instant.</param>
    /// <returns>The deadlines.</returns>
    public IncidentDeadlines DeadlinesOf(Incident incident, DateTimeOffset at)
    {
        var deadlines = DeadlineCalculator.Compute(Policy, Guard.Against.Null(incident), at);
        foreach (var deadline in deadlines.Deadlines)
        {
            foreach (var year in deadline.YearsWithoutSchedule)
            {
                // Once per year and scanner: the scanner runs every minute, and the gap is the configuration's, not the incident's.
                if (_yearsLogged.TryAdd(year, true))
                {
                    LogYearWithoutSchedule(_logger, year, incident.Id, deadline.Key.ToString());
                }
            }
        }

        return deadlines;
    }

    /// <summary>
    /// Finds the alerts due now that the incident has not recorded yet: every point passed since the last recorded one,
    /// in the order they became due (see <see cref="Scan(Incident, DateTimeOffset)"/>).
    /// </summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The alerts; empty when nothing new is due.</returns>
    public IReadOnlyList<DeadlineAlert> Scan(Incident incident) => Scan(incident, _time.GetUtcNow());

    /// <summary>
    /// Finds the alerts due at an instant that the incident has not recorded yet. A scan that comes late (after an
    /// outage, or a host stopped overnight) returns every point it passed — each warning, the breach, the escalation —
    /// once, each with its own recipients, in the order the points were reached (<see cref="DeadlineAlert.ReachedAt"/>),
    /// and marks late (<see cref="DeadlineAlert.Late"/>) those reached more than the policy's
    /// <see cref="DeadlinePolicy.LateAlertAfter"/> before <paramref name="at"/> or passed by a later point of the same deadline.
    /// </summary>
    /// <param name="incident">The incident.</param>
    /// <param name="at">The instant.</param>
    /// <returns>The alerts; empty when nothing new is due.</returns>
    public IReadOnlyList<DeadlineAlert> Scan(Incident incident, DateTimeOffset at)
    {
        Guard.Against.Null(incident);
        var alerts = new List<DeadlineAlert>();
        foreach (var deadline in DeadlinesOf(incident, at).Deadlines)
        {
            if (deadline.State == DeadlineState.Met)
            {
                continue;
            }

            var points = PointsOf(deadline);
            for (var i = 0; i < points.Length; i++)
            {
                var point = points[i];
                if (point.ReachedAt <= at && !incident.HasDeadlineAlert(deadline.Key, point.Kind, point.Percent))
                {
                    alerts.Add(new DeadlineAlert(deadline, point.Kind, point.Percent, point.Group, point.LeadersOnly)
                    {
                        ReachedAt = point.ReachedAt,
                        Late = IsLate(points, i, at),
                    });
                }
            }
        }

        // In the order the points became due across the deadlines; stable, so one deadline's points keep their order.
        return [.. alerts.OrderBy(a => a.ReachedAt)];
    }

    /// <summary>
    /// Records alerts on the incident (one <see cref="DeadlineAlertRaised"/> each, under the policy's scanner account,
    /// with the instant its point was reached and whether it is recorded late), so that they are not raised again; store
    /// the incident's pending events afterwards.
    /// </summary>
    /// <param name="incident">The incident.</param>
    /// <param name="alerts">The alerts, from <see cref="Scan(Incident)"/>.</param>
    /// <returns>The events recorded (already applied and pending); empty when there were no alerts.</returns>
    /// <exception cref="ArgumentException">An alert is for another incident's deadline set or was already recorded.</exception>
    public IReadOnlyList<IncidentEvent> Record(Incident incident, IReadOnlyList<DeadlineAlert> alerts)
    {
        Guard.Against.Null(incident);
        Guard.Against.Null(alerts);
        var now = _time.GetUtcNow();
        var events = new List<IncidentEvent>(alerts.Count);
        foreach (var alert in alerts)
        {
            Guard.Against.Null(alert, nameof(alerts));
            if (incident.HasDeadlineAlert(alert.Deadline.Key, alert.Kind, alert.Percent) || events.OfType<DeadlineAlertRaised>().Any(e => e.Deadline == alert.Deadline.Key && e.Alert == alert.Kind && e.Percent == alert.Percent))
            {
                throw new ArgumentException($"The {alert.Kind} alert at {alert.Percent}% of deadline {alert.Deadline.Key} was already recorded on incident {incident.Id}.", nameof(alerts));
            }

            // The point's instant comes from the deadline as computed by the scan; lateness is judged now, when it is recorded.
            var points = PointsOf(alert.Deadline);
            var index = Array.FindIndex(points, p => p.Kind == alert.Kind && p.Percent == alert.Percent);
            events.Add(new DeadlineAlertRaised(incident.Id, Policy.ScannerActor, now, alert.Deadline.Key, alert.Kind, alert.Percent, alert.Deadline.DueAt)
            {
                ReachedAt = index < 0 ? null : points[index].ReachedAt,
                Late = index >= 0 && IsLate(points, index, now),
            });
        }

        foreach (var e in events)
        {
            incident.Apply(e, pending: true);
        }

        return events.AsReadOnly();
    }

    // A deadline's points in order: the warnings, the breach (to the owner group's leaders), the escalation (to the leading group).
    private Point[] PointsOf(Deadline deadline)
    {
        var points = new Point[Policy.WarningPercents.Count + 2];
        for (var i = 0; i < Policy.WarningPercents.Count; i++)
        {
            points[i] = new Point(DeadlineAlertKind.Warning, Policy.WarningPercents[i], i < deadline.WarningsAt.Count ? deadline.WarningsAt[i] : deadline.DueAt, deadline.Owner, false);
        }

        points[^2] = new Point(DeadlineAlertKind.Breach, 100, deadline.DueAt, deadline.Owner, true);
        points[^1] = new Point(DeadlineAlertKind.Escalation, Policy.EscalationPercent, deadline.EscalationAt, WellKnownGroups.LeadingGroup, false);
        return points;
    }

    // Late: reached longer ago than the policy allows a scan to take, or already passed by the deadline's next point (a
    // scan that comes late passes several at once).
    private bool IsLate(Point[] points, int index, DateTimeOffset at)
        => at - points[index].ReachedAt > Policy.LateAlertAfter || (index + 1 < points.Length && points[index + 1].ReachedAt <= at);

    private readonly record struct Point(DeadlineAlertKind Kind, int Percent, DateTimeOffset ReachedAt, GroupId Group, bool LeadersOnly);

    [LoggerMessage(1, LogLevel.Warning, "No holiday schedule for {Year}: deadlines counted in working days through that year count weekends only (first seen on incident {Incident}, deadline {Deadline}). Add the year's schedule (Deadlines:CalendarFiles).")]
    private static partial void LogYearWithoutSchedule(ILogger logger, int year, IncidentId incident, string deadline);
}

/// <summary>The one definition of which deadlines an incident has and where each stands.</summary>
internal static class DeadlineCalculator
{
    public static IncidentDeadlines Compute(DeadlinePolicy policy, Incident incident, DateTimeOffset at)
    {
        var level = incident.Level ?? policy.UnassessedLevel;
        // The same view a CRM reads from an assessment: which targets apply to the kind is decided there, once.
        var targets = policy.TargetsFor(level, incident.Kind);
        var dismissed = incident.State == IncidentState.Dismissed;
        var settled = incident.State is IncidentState.Resolved or IncidentState.Closed || dismissed;
        var builder = new Builder(policy, incident, at);

        // Met by the first handling action, by the first assessment, by the first published statement — facts the incident
        // keeps as its events apply, so that this does not walk its history (thousands of events on an opinion incident).
        // A nature the incident took on later (a petition that went public, a petitioner who came forward) has its deadlines
        // run from then: the first statement from when it went public, the acceptance notice from when the petitioner came.
        var petitionSince = incident.PetitionSince ?? incident.ReportedAt;
        var publicSince = incident.PublicOpinionSince ?? incident.ReportedAt;
        var assessments = incident.Assessments;
        DateTimeOffset? firstAssessment = assessments.Count > 0 ? assessments[0].AssessedAt : null, accepted = null;
        foreach (var assessment in assessments)
        {
            if (assessment.AssessedAt >= petitionSince)
            {
                accepted = assessment.AssessedAt;
                break;
            }
        }

        var petitionGroup = WellKnownGroups.PetitionHandlingGroup;
        builder.Add(DeadlineKey.Acknowledge, petitionGroup, null, incident.ReportedAt, targets.Acknowledge, incident.FirstActionAt, dropUnmet: settled);
        builder.Add(DeadlineKey.AssessmentDone, petitionGroup, null, incident.ReportedAt, targets.AssessmentDone, firstAssessment, dropUnmet: settled);
        if (targets.FirstPublicStatement is { } statement)
        {
            builder.Add(DeadlineKey.FirstPublicStatement, WellKnownGroups.OpinionMonitoringGroup, null, publicSince, statement, incident.FirstStatementPublishedAt, dropUnmet: settled);
        }

        // One resolution deadline per open period: from the report, then from each reopening.
        var period = 1;
        var periodStart = incident.ReportedAt;
        foreach (var e in incident.ResolutionPeriods)
        {
            switch (e)
            {
                case IncidentResolved r:
                    builder.Add(DeadlineKey.Resolution(period), petitionGroup, null, periodStart, targets.Resolution, r.OccurredAt, dropUnmet: false);
                    break;
                case IncidentReopened o:
                    period++;
                    periodStart = o.OccurredAt;
                    break;
            }
        }

        if (!settled)
        {
            builder.Add(DeadlineKey.Resolution(period), petitionGroup, null, periodStart, targets.Resolution, null, dropUnmet: false);
            if (targets.StatusUpdateEvery is { } cadence && incident.State != IncidentState.Reported && incident.LastActionAt is { } last)
            {
                builder.Add(DeadlineKey.StatusUpdate(incident.LastActionVersion), petitionGroup, null, last, cadence, null, dropUnmet: false);
            }
        }

        if (targets.Petition is { } profile)
        {
            // Accepted by the first (re-)assessment since the incident became a petition.
            builder.Add(DeadlineKey.AcceptanceNotice, petitionGroup, null, petitionSince, profile.AcceptanceNotice, accepted ?? incident.DismissedAt, dropUnmet: settled);
            if (accepted is { } acceptedAt && !dismissed)
            {
                var firstResolution = incident.ResolutionPeriods.OfType<IncidentResolved>().FirstOrDefault(r => r.OccurredAt >= acceptedAt)?.OccurredAt;
                builder.Add(DeadlineKey.HandlingOpinion, petitionGroup, null, acceptedAt, profile.HandlingOpinion, firstResolution, dropUnmet: false, extraDays: incident.HandlingExtension?.Days ?? 0);
            }

            for (var i = 0; i < incident.ReviewRequests.Count; i++)
            {
                var review = incident.ReviewRequests[i];
                builder.Add(DeadlineKey.ReviewDecision(i + 1), petitionGroup, null, review.At, profile.ReviewDecision, review.Decision?.At, dropUnmet: false);
            }
        }

        foreach (var directive in incident.Directives)
        {
            if (directive.Status == DirectiveStatus.Cancelled || (dismissed && directive.Status != DirectiveStatus.Completed))
            {
                continue;
            }

            var completedAt = directive.Status == DirectiveStatus.Completed ? incident.CompletedAt(directive.Id) : null;
            builder.AddFixed(DeadlineKey.Directive(directive.Id), directive.Assignee, directive.Id, directive.IssuedAt, directive.DueAt, completedAt);
        }

        return new IncidentDeadlines(incident.Id, at, level, builder.Deadlines);
    }

    /// <summary>Whether an event is a person's action on the incident (what acknowledges it and keeps its status current).</summary>
    public static bool IsHandlingAction(IncidentEvent e) => e is not (IncidentReported or DeadlineAlertRaised or OpinionAlertRecorded or DuplicateLinked or IncidentEscalated);

    private sealed class Builder(DeadlinePolicy policy, Incident incident, DateTimeOffset at)
    {
        // A day before the end of DateTimeOffset: converting it to any offset from -14:00 to +14:00 stays in range.
        private static readonly DateTimeOffset Latest = new(DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay, TimeSpan.Zero);

        public List<Deadline> Deadlines { get; } = [];

        public void Add(DeadlineKey key, GroupId owner, DirectiveId? directive, DateTimeOffset start, DeadlineLimit limit, DateTimeOffset? metAt, bool dropUnmet, int extraDays = 0)
        {
            if (metAt is null && dropUnmet)
            {
                return;
            }

            var due = limit.DueFrom(start, policy.Calendar, policy.UtcOffset, extraDays);
            AddCore(key, owner, directive, start, limit, due, metAt);
            if (limit.Unit == DeadlineUnit.WorkingDays)
            {
                // The days counted run from the start day to the due day, in the calendar's offset.
                var first = start.ToOffset(policy.UtcOffset).Year;
                var last = due.ToOffset(policy.UtcOffset).Year;
                var unscheduled = Enumerable.Range(first, last - first + 1).Where(y => !policy.Calendar.HasSchedule(y)).ToArray();
                if (unscheduled.Length > 0)
                {
                    Deadlines[^1] = Deadlines[^1] with { YearsWithoutSchedule = unscheduled };
                }
            }
        }

        public void AddFixed(DeadlineKey key, GroupId owner, DirectiveId directive, DateTimeOffset start, DateTimeOffset due, DateTimeOffset? metAt)
            => AddCore(key, owner, directive, start, null, due, metAt);

        private void AddCore(DeadlineKey key, GroupId owner, DirectiveId? directive, DateTimeOffset start, DeadlineLimit? limit, DateTimeOffset baseDue, DateTimeOffset? metAt)
        {
            // Time counts only while not paused: a point p of the deadline is reached when the running time since the
            // start reaches p × its length. Pauses after the deadline was met do not move it.
            var length = baseDue - start;
            if (length <= TimeSpan.Zero)
            {
                length = TimeSpan.FromTicks(1);
            }

            var until = metAt ?? at;
            var pauses = incident.DeadlinePauses;
            var dueAt = Reached(start, length, pauses, until);
            var warnings = policy.WarningPercents.Select(p => Reached(start, Scale(length, p / 100.0), pauses, until)).ToArray();
            var escalationAt = Reached(start, Scale(length, policy.EscalationPercent / 100.0), pauses, until);
            var paused = PausedWithin(start, until, pauses);
            var running = (until - start) - paused;
            var percent = (int)Math.Clamp(Math.Floor(running / length * 100), 0, int.MaxValue);
            DeadlineState state;
            if (metAt is not null)
            {
                state = DeadlineState.Met;
            }
            else if (dueAt <= at)
            {
                state = DeadlineState.Breached;
            }
            else if (incident.DeadlinesPaused)
            {
                state = DeadlineState.Paused;
            }
            else
            {
                state = warnings.Length > 0 && warnings[0] <= at ? DeadlineState.Warned : DeadlineState.Pending;
            }

            Deadlines.Add(new Deadline(key, key.Kind, owner, directive, start, limit, dueAt, warnings, escalationAt, paused, state, metAt, percent));
        }

        // The instant the running time since start reaches target, walking the pauses; an open pause (or one beyond
        // `until`) is taken to end at `until`, so a point not reached yet is projected as if the clock ran on from there.
        private static DateTimeOffset Reached(DateTimeOffset start, TimeSpan target, IReadOnlyList<DeadlinePause> pauses, DateTimeOffset until)
        {
            var cursor = start;
            var remaining = target;
            foreach (var pause in pauses)
            {
                var from = pause.From < start ? start : pause.From;
                var to = pause.Until is { } u && u < until ? u : until;
                if (to <= cursor || from >= until)
                {
                    continue;
                }

                if (from > cursor)
                {
                    if (remaining <= from - cursor)
                    {
                        return AddSaturating(cursor, remaining);
                    }

                    remaining -= from - cursor;
                }

                cursor = to > cursor ? to : cursor;
            }

            return AddSaturating(cursor, remaining);
        }

        // A due time far in the future (a directive due in the year 9000, loaded from an old history or allowed by a long
        // configured horizon) must not make the arithmetic overflow: such points are "never", the latest instant that
        // still converts to any offset.
        private static DateTimeOffset AddSaturating(DateTimeOffset at, TimeSpan span)
            => span > Latest - at ? Latest : at + span;

        private static TimeSpan Scale(TimeSpan length, double factor)
            => length.Ticks * factor >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : length * factor;

        private static TimeSpan PausedWithin(DateTimeOffset start, DateTimeOffset until, IReadOnlyList<DeadlinePause> pauses)
        {
            var total = TimeSpan.Zero;
            foreach (var pause in pauses)
            {
                var from = pause.From < start ? start : pause.From;
                var to = pause.Until is { } u && u < until ? u : until;
                if (to > from)
                {
                    total += to - from;
                }
            }

            return total;
        }
    }
}
