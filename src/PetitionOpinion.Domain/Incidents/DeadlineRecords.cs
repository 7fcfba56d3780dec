using PetitionOpinion.Deadlines;

namespace PetitionOpinion.Incidents;

/// <summary>A time during which the incident's deadlines stood still.</summary>
/// <param name="PausedBy">Who paused them.</param>
/// <param name="From">When.</param>
/// <param name="Reason">Why, e.g. waiting for the petitioner's documents.</param>
/// <param name="Until">When they ran again (resumed, or the incident was resolved or dismissed); <see langword="null"/> while paused.</param>
public sealed record DeadlinePause(PersonId PausedBy, DateTimeOffset From, string Reason, DateTimeOffset? Until);

/// <summary>The one extension of a petition's handling time.</summary>
/// <param name="ExtendedBy">Who extended it.</param>
/// <param name="At">When.</param>
/// <param name="Days">By how many days, in the handling-opinion deadline's unit.</param>
/// <param name="Reason">Why.</param>
public sealed record HandlingExtension(PersonId ExtendedBy, DateTimeOffset At, int Days, string Reason);

/// <summary>An alert the deadline scanner recorded on the incident.</summary>
/// <param name="Deadline">Which deadline, e.g. <c>resolution</c>.</param>
/// <param name="Alert">What was raised.</param>
/// <param name="Percent">At which point of the deadline's time.</param>
/// <param name="DueAt">When the deadline was due, as computed then.</param>
/// <param name="RaisedAt">When it was recorded.</param>
public sealed record RecordedDeadlineAlert(DeadlineKey Deadline, DeadlineAlertKind Alert, int Percent, DateTimeOffset DueAt, DateTimeOffset RaisedAt)
{
    /// <summary>Gets when the deadline reached the alert's point (when the alert became due); <see langword="null"/> for an alert recorded before this was kept.</summary>
    public DateTimeOffset? ReachedAt { get; init; }

    /// <summary>Gets a value indicating whether the alert was recorded late (see <see cref="Events.DeadlineAlertRaised.Late"/>).</summary>
    public bool Late { get; init; }
}
