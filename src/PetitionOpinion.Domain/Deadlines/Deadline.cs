using PetitionOpinion.Incidents;

namespace PetitionOpinion.Deadlines;

/// <summary>What a deadline is for.</summary>
public enum DeadlineKind
{
    /// <summary>The first action on the incident after its report.</summary>
    Acknowledge = 1,

    /// <summary>The first assessment.</summary>
    AssessmentDone = 2,

    /// <summary>The first published statement (public opinion).</summary>
    FirstPublicStatement = 3,

    /// <summary>The resolution (again after each reopening).</summary>
    Resolution = 4,

    /// <summary>The next recorded action while the incident is being handled (the status-update cadence).</summary>
    StatusUpdate = 5,

    /// <summary>A directive's completion by its due time.</summary>
    Directive = 6,

    /// <summary>The petition's acceptance notice (the first assessment, or the dismissal).</summary>
    AcceptanceNotice = 7,

    /// <summary>The petition's handling opinion (the resolution), from acceptance, plus its one extension.</summary>
    HandlingOpinion = 8,

    /// <summary>The decision on a review request.</summary>
    ReviewDecision = 9,
}

/// <summary>Where a deadline stands.</summary>
public enum DeadlineState
{
    /// <summary>Running, before its first warning point.</summary>
    Pending = 1,

    /// <summary>Running, past a warning point.</summary>
    Warned = 2,

    /// <summary>Past its due time and not met.</summary>
    Breached = 3,

    /// <summary>Met (on time or late: compare <see cref="Deadline.MetAt"/> with <see cref="Deadline.DueAt"/>).</summary>
    Met = 4,

    /// <summary>Not met, not breached, and standing still because the incident's deadlines are paused.</summary>
    Paused = 5,
}

/// <summary>
/// One deadline of an incident, as it stands at the time it was computed. The due time and the warning and escalation
/// points are moved by every pause since the deadline started; while paused they are projected as if resumed now.
/// </summary>
/// <param name="Key">Which deadline of the incident it is (its text form, e.g. <c>resolution</c>, <c>directive-2</c>, <c>status-update-14</c>, is what a recorded alert stores).</param>
/// <param name="Kind">What it is for (the key's <see cref="DeadlineKey.Kind"/>).</param>
/// <param name="Owner">The group responsible: warnings go to its members, a breach to its leader, then the leading group.</param>
/// <param name="Directive">The directive, for <see cref="DeadlineKind.Directive"/>.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Limit">The limit it counts, or <see langword="null"/> for a directive (its due time is its own).</param>
/// <param name="DueAt">When it is (or was) due.</param>
/// <param name="WarningsAt">When each warning point is (or was) reached, in the policy's order.</param>
/// <param name="EscalationAt">When the escalation point is (or was) reached.</param>
/// <param name="PausedFor">How long it stood still.</param>
/// <param name="State">Where it stands.</param>
/// <param name="MetAt">When it was met, if it was.</param>
/// <param name="PercentElapsed">How much of its time has run (or had run when met), in percent, rounded down.</param>
public sealed record Deadline(
    DeadlineKey Key,
    DeadlineKind Kind,
    GroupId Owner,
    DirectiveId? Directive,
    DateTimeOffset StartedAt,
    DeadlineLimit? Limit,
    DateTimeOffset DueAt,
    IReadOnlyList<DateTimeOffset> WarningsAt,
    DateTimeOffset EscalationAt,
    TimeSpan PausedFor,
    DeadlineState State,
    DateTimeOffset? MetAt,
    int PercentElapsed)
{
    /// <summary>Gets a value indicating whether the deadline was met by its due time.</summary>
    public bool MetOnTime => MetAt is { } met && met <= DueAt;

    /// <summary>
    /// Gets the years without a holiday schedule (<see cref="IWorkingDayCalendar.HasSchedule"/>) that the deadline's
    /// working days were counted through, in order: there its due time counts weekends only and may be too early.
    /// Empty (the default) when the limit does not count working days or every year had a schedule.
    /// </summary>
    public IReadOnlyList<int> YearsWithoutSchedule { get; init; } = [];

    /// <summary>Gets a value indicating whether the deadline was computed without a holiday schedule for some of its working days (see <see cref="YearsWithoutSchedule"/>).</summary>
    public bool ComputedWithoutHolidaySchedule => YearsWithoutSchedule.Count > 0;
}

/// <summary>Every deadline of one incident at one instant (not only the nearest).</summary>
/// <param name="Incident">The incident.</param>
/// <param name="At">The instant they were computed for.</param>
/// <param name="Level">The level whose targets apply (the assessed level, or the policy's level for unassessed incidents).</param>
/// <param name="Deadlines">Every deadline that applies, in the order: incident targets, petition profile, directives.</param>
public sealed record IncidentDeadlines(IncidentId Incident, DateTimeOffset At, SeverityLevel Level, IReadOnlyList<Deadline> Deadlines)
{
    /// <summary>Gets the tightest deadline that is not met: the one due first, or <see langword="null"/> when all are met.</summary>
    public Deadline? Next => Deadlines.Where(d => d.State != DeadlineState.Met).MinBy(d => d.DueAt);

    /// <summary>Gets the deadlines breached and not met.</summary>
    public IEnumerable<Deadline> Breached => Deadlines.Where(d => d.State == DeadlineState.Breached);
}

/// <summary>An alert that is due: a deadline past a point the scanner has not recorded yet.</summary>
/// <param name="Deadline">The deadline.</param>
/// <param name="Kind">Warning, breach or escalation.</param>
/// <param name="Percent">The point of the deadline's time it is for.</param>
/// <param name="NotifyGroup">The group to tell: the owner group (warning), the owner group (its leaders: breach), the leading group (escalation).</param>
/// <param name="LeadersOnly">Whether only the group's leaders are told (a breach goes one step up: to the leader).</param>
public sealed record DeadlineAlert(Deadline Deadline, DeadlineAlertKind Kind, int Percent, GroupId NotifyGroup, bool LeadersOnly)
{
    /// <summary>Gets when the deadline reached the alert's point: when the alert became due.</summary>
    public DateTimeOffset ReachedAt { get; init; }

    /// <summary>
    /// Gets a value indicating whether the scan that found the alert came late for it: the point was reached more than
    /// <see cref="DeadlinePolicy.LateAlertAfter"/> before the scan, or the deadline had already passed its next point too.
    /// </summary>
    public bool Late { get; init; }
}
