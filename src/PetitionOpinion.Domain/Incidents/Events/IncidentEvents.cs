using PetitionOpinion.Assessment;
using PetitionOpinion.Deadlines;

namespace PetitionOpinion.Incidents.Events;

/// <summary>
/// A recorded incident event: who did what, when and why. An incident's events are its audit trail and rebuild it
/// exactly (see <see cref="Incident.FromHistory"/>).
/// </summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Reason">The reason the actor gave, if any.</param>
public abstract record IncidentEvent(IncidentId IncidentId, PersonId Actor, DateTimeOffset OccurredAt, string? Reason) : IIncidentEvent;

/// <summary>An incident was reported (识别与报告).</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Kind">What the incident is.</param>
/// <param name="Channel">How it reached the company.</param>
/// <param name="Category">The risk category.</param>
/// <param name="Description">What happened.</param>
/// <param name="Petitioner">The petitioner's confidential details, if any.</param>
/// <param name="ComplainedAbout">The person or department complained about, if any.</param>
/// <param name="EarlierPetitions">
/// The same petitioner's earlier incidents reported within the 90 days before this one (found by the repository through
/// the petitioner's pseudonyms: the same phone number or e-mail address; never by name), oldest first; empty when there
/// is none, <see langword="null"/> when none was looked up (a report not made through the repository, or stored before
/// the look-up existed: such a payload has no such field).
/// </param>
public sealed record IncidentReported(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    IncidentKind Kind,
    IntakeChannel Channel,
    RiskCategory Category,
    string Description,
    PetitionerDetails? Petitioner,
    ComplainedParty? ComplainedAbout,
    IReadOnlyList<IncidentId>? EarlierPetitions = null)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null)
{
    /// <summary>Compares every field; <see cref="EarlierPetitions"/> by its items, in order.</summary>
    /// <param name="other">The other event.</param>
    /// <returns><see langword="true"/> when they are the same.</returns>
    public bool Equals(IncidentReported? other)
        => other is not null
        && base.Equals(other)
        && Kind == other.Kind
        && Channel == other.Channel
        && Category == other.Category
        && string.Equals(Description, other.Description, StringComparison.Ordinal)
        && Equals(Petitioner, other.Petitioner)
        && Equals(ComplainedAbout, other.ComplainedAbout)
        && (EarlierPetitions is null ? other.EarlierPetitions is null : other.EarlierPetitions is not null && EarlierPetitions.SequenceEqual(other.EarlierPetitions));

    /// <summary>Returns a hash of the fields.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
        => HashCode.Combine(base.GetHashCode(), Kind, Channel, Category, Description, Petitioner, ComplainedAbout, EarlierPetitions?.Count ?? -1);
}

/// <summary>The incident was assessed or re-assessed.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Level">The severity level.</param>
/// <param name="Scope">The scope of impact.</param>
/// <param name="PotentialRisk">The potential risk.</param>
/// <param name="Rationale">Why.</param>
/// <param name="PreviousLevel">The level before, for a re-assessment.</param>
public sealed record IncidentAssessed(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    SeverityLevel Level,
    ImpactScope Scope,
    PotentialRisk PotentialRisk,
    string Rationale,
    SeverityLevel? PreviousLevel)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null)
{
    /// <summary>
    /// Gets the facts the assessment was made from, when the assessor gave them (an optional member: absent from the
    /// payload when <see langword="null"/>, so payloads recorded before it existed read as assessments without facts).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public RiskFacts? Facts { get; init; }
}

/// <summary>
/// The incident was escalated to the leading group, which must be told: its first assessment set level I or II, or a
/// re-assessment raised it into I or II. Recorded right after that <see cref="IncidentAssessed"/>; the lifecycle alone
/// decides it, and notifications, telemetry and reports read this event. (Before issue 18 a first assessment at I or
/// II recorded no such event: older histories have it only for re-assessments.)
/// </summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="FromLevel">The level before; <see langword="null"/> when the first assessment escalated it.</param>
/// <param name="ToLevel">The level now.</param>
public sealed record IncidentEscalated(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    SeverityLevel? FromLevel,
    SeverityLevel ToLevel)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>A directive was issued to a group.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Directive">The directive's number.</param>
/// <param name="Kind">What it asks for.</param>
/// <param name="Assignee">The group that must carry it out.</param>
/// <param name="Instructions">What to do.</param>
/// <param name="DueAt">When it is due.</param>
public sealed record DirectiveIssued(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    DirectiveId Directive,
    DirectiveKind Kind,
    GroupId Assignee,
    string Instructions,
    DateTimeOffset DueAt)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>The assignee group acknowledged a directive.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Directive">The directive.</param>
public sealed record DirectiveAcknowledged(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    DirectiveId Directive)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>The assignee group completed a directive.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Directive">The directive.</param>
/// <param name="Outcome">What was done.</param>
public sealed record DirectiveCompleted(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    DirectiveId Directive,
    string Outcome)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>An open directive was cancelled; the reason says why.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Directive">The directive.</param>
/// <param name="Reason">Why.</param>
public sealed record DirectiveCancelled(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    DirectiveId Directive,
    string Reason)
    : IncidentEvent(IncidentId, Actor, OccurredAt, Reason);

/// <summary>The emergency response started (应急响应).</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
public sealed record ResponseStarted(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>A communication with the customer was recorded.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Channel">The channel used.</param>
/// <param name="Summary">What was said.</param>
/// <param name="Outcome">What came of it.</param>
public sealed record CustomerCommunicationRecorded(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    IntakeChannel Channel,
    string Summary,
    string Outcome)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>A public statement was drafted.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Statement">The statement's number.</param>
/// <param name="Title">The title.</param>
/// <param name="Body">The text.</param>
public sealed record StatementDrafted(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    StatementId Statement,
    string Title,
    string Body)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>A legal person reviewed a drafted statement.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Statement">The statement.</param>
/// <param name="Reason">Why.</param>
public sealed record StatementLegallyReviewed(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    StatementId Statement,
    string Reason)
    : IncidentEvent(IncidentId, Actor, OccurredAt, Reason);

/// <summary>A reviewed statement was approved.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Statement">The statement.</param>
public sealed record StatementApproved(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    StatementId Statement)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>An approved statement was published.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Statement">The statement.</param>
/// <param name="Channel">Where it was published.</param>
public sealed record StatementPublished(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    StatementId Statement,
    string Channel)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>Logistics support was requested.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Request">The request's number.</param>
/// <param name="Kind">What is asked for.</param>
/// <param name="Details">The request.</param>
public sealed record SupportRequested(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    SupportRequestId Request,
    SupportKind Kind,
    string Details)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>The logistics support group fulfilled a request.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Request">The request.</param>
/// <param name="Resolution">What was provided.</param>
public sealed record SupportFulfilled(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    SupportRequestId Request,
    string Resolution)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>The incident was resolved (处置完毕).</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Summary">How it was resolved.</param>
public sealed record IncidentResolved(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    string Summary)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>A closure report was submitted to the leading group.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Report">The report.</param>
public sealed record ClosureReportSubmitted(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    ClosureReport Report)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>The leading group accepted the submitted closure report; the incident is closed.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
public sealed record ClosureReportAccepted(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>A resolved or closed incident was reopened; the reason says why.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Reason">Why.</param>
public sealed record IncidentReopened(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    string Reason)
    : IncidentEvent(IncidentId, Actor, OccurredAt, Reason);

/// <summary>The petitioner asked for a review (复查) of the outcome.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Grounds">Why the petitioner disputes the outcome.</param>
public sealed record ReviewRequested(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    string Grounds)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>The incident was dismissed as out of scope; the reason says why.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Reason">Why.</param>
public sealed record IncidentDismissed(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    string Reason)
    : IncidentEvent(IncidentId, Actor, OccurredAt, Reason);

/// <summary>The incident was dismissed as a duplicate of another; the reason says why.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Original">The incident it duplicates.</param>
/// <param name="Reason">Why.</param>
public sealed record IncidentMergedAsDuplicate(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    IncidentId Original,
    string Reason)
    : IncidentEvent(IncidentId, Actor, OccurredAt, Reason);

/// <summary>Another incident was merged into this one as its duplicate.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Duplicate">The duplicate incident.</param>
public sealed record DuplicateLinked(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    IncidentId Duplicate)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>The incident's deadlines were paused, e.g. while waiting for the petitioner; the reason says why.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Reason">Why.</param>
public sealed record DeadlinesPaused(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    string Reason)
    : IncidentEvent(IncidentId, Actor, OccurredAt, Reason);

/// <summary>The incident's paused deadlines run again; every one that was running is due later by the time paused.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
public sealed record DeadlinesResumed(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>The petition's handling time was extended, once, by at most the policy's maximum; the reason says why.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Days">How many days the handling-opinion deadline moves, in that deadline's unit (calendar or working days).</param>
/// <param name="Reason">Why.</param>
public sealed record HandlingTimeExtended(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    int Days,
    string Reason)
    : IncidentEvent(IncidentId, Actor, OccurredAt, Reason);

/// <summary>A petitioner's review request (复查) was decided.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Upheld">Whether the original outcome stands (<see langword="false"/>: the review found for the petitioner; reopen the incident to act on it).</param>
/// <param name="Decision">The decision, as told to the petitioner.</param>
public sealed record ReviewDecided(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    bool Upheld,
    string Decision)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null);

/// <summary>
/// The deadline scanner found a deadline past a warning point, breached, or still breached at the escalation point, and
/// recorded it so that the same alert is raised once (the actor is the scanner's system account).
/// </summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">The scanner's system account.</param>
/// <param name="OccurredAt">When the scanner recorded it.</param>
/// <param name="Deadline">Which deadline of the incident, stored in its text form, e.g. <c>resolution</c> or <c>directive-2</c>.</param>
/// <param name="Alert">What was raised.</param>
/// <param name="Percent">The point of the deadline's time it was raised at: a warning's 50 or 75, a breach's 100, the escalation's 125 by default.</param>
/// <param name="DueAt">When the deadline was due, as computed then.</param>
/// <remarks>
/// A scan that comes late (after an outage, or a host stopped overnight) records every point it passed, each as its own
/// event, in the order they were reached, each marked <see cref="Late"/> with the instant its point was reached
/// (<see cref="ReachedAt"/>). Both members were added after the event's schema version 2: they are written only when set,
/// and an event stored before them loads with <see cref="ReachedAt"/> <see langword="null"/> and <see cref="Late"/> <see langword="false"/>.
/// </remarks>
public sealed record DeadlineAlertRaised(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    DeadlineKey Deadline,
    DeadlineAlertKind Alert,
    int Percent,
    DateTimeOffset DueAt)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null)
{
    /// <summary>
    /// Gets when the deadline reached the alert's point — when the alert became due (for a breach, <see cref="DueAt"/>), as
    /// computed when it was recorded; <see langword="null"/> for an alert recorded before this was kept.
    /// </summary>
    public DateTimeOffset? ReachedAt { get; init; }

    /// <summary>
    /// Gets a value indicating whether the alert was recorded late: its point was reached longer before
    /// <see cref="IncidentEvent.OccurredAt"/> than the deadline policy's <see cref="DeadlinePolicy.LateAlertAfter"/>, or
    /// the deadline had already passed its next point too (a scan that came late). <see langword="false"/> for an alert
    /// recorded before this was kept.
    /// </summary>
    public bool Late { get; init; }
}

/// <summary>
/// An opinion-monitoring alert attached to the incident: the one that opened it, or a later one on the same topic (the
/// actor is the monitor's account). It carries the facts the assessor needs and the alert's explanation.
/// </summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">The monitor's account.</param>
/// <param name="OccurredAt">When it was attached.</param>
/// <param name="Topic">The topic.</param>
/// <param name="Kind">What the alert is about.</param>
/// <param name="WindowStart">The start of the window the detector looked at.</param>
/// <param name="WindowEnd">Its end (the time of the signal that raised the alert).</param>
/// <param name="Baseline">The usual value.</param>
/// <param name="Observed">The value observed.</param>
/// <param name="Factor">Observed over baseline.</param>
/// <param name="Mentions">The mentions in the window.</param>
/// <param name="NegativeMentions">The negative mentions in the window.</param>
/// <param name="Reach">The total reach of the window's mentions.</param>
/// <param name="Explanation">Why, in one sentence.</param>
public sealed record OpinionAlertRecorded(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    string Topic,
    Monitoring.OpinionAlertKind Kind,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    double Baseline,
    double Observed,
    double Factor,
    long Mentions,
    long NegativeMentions,
    long Reach,
    string Explanation)
    : IncidentEvent(IncidentId, Actor, OccurredAt, null)
{
    /// <summary>
    /// Gets the topic's mentions per hour over the hours before the alert, with the detector's baselines, as the detector
    /// held them when it raised the alert: what the closure report's chart draws. Added after the event's schema version 2:
    /// written only when set, and an alert stored before it loads with <see langword="null"/> (its report shows no chart).
    /// </summary>
    public Monitoring.OpinionVolume? Volume { get; init; }
}

/// <summary>
/// The incident took on its second nature and is now both a petition and a public-opinion event
/// (<see cref="IncidentKind.PetitionAndPublicOpinion"/>): a petition went public (<paramref name="Nature"/>
/// <see cref="IncidentKind.PublicOpinion"/>), recorded by a command or right after an assessment whose facts show public
/// exposure; or a petitioner came forward on a public-opinion event (<paramref name="Nature"/> <see cref="IncidentKind.Petition"/>).
/// The deadlines of the added nature run from this event; those of the first keep running.
/// </summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Actor">Who performed the action.</param>
/// <param name="OccurredAt">When the action was accepted.</param>
/// <param name="Nature">The nature added: <see cref="IncidentKind.PublicOpinion"/> or <see cref="IncidentKind.Petition"/>.</param>
/// <param name="Reason">Why.</param>
/// <param name="Petitioner">The petitioner's confidential details, when a petitioner came forward and the incident had none.</param>
public sealed record IncidentNatureAdded(
    IncidentId IncidentId,
    PersonId Actor,
    DateTimeOffset OccurredAt,
    IncidentKind Nature,
    string Reason,
    PetitionerDetails? Petitioner)
    : IncidentEvent(IncidentId, Actor, OccurredAt, Reason);
